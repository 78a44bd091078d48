//! 审核: each reviewer's queue for their own step, oldest first; select rows for a batch
//! decision with one reason, or open one application to see its whole trail.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::command::Command;
use super::export::{ExportButtons, ExportSource, Personal, Rows};
use super::{View, theme, widgets};
use crate::domain::Role;
use crate::domain::review::{Decision, Step};
use crate::i18n::{tr, tr_args};
use crate::store::{Application, ReviewAction, Store};

/// The review screen's state.
#[derive(Default)]
pub struct ReviewScreen {
    selected: BTreeSet<i64>,
    open: Option<(Application, Vec<ReviewAction>)>,
    reason: String,
    export: ExportButtons,
}

/// The step a role acts on, if any.
pub fn step_of(role: Role) -> Option<Step> {
    Step::ALL.into_iter().find(|s| s.role() == role)
}

impl ReviewScreen {
    /// Forgets the selection and the typed reason after decisions were taken.
    pub fn after_decisions(&mut self, store: &Store) {
        self.selected.clear();
        self.reason.clear();
        if let Some((app, _)) = &self.open {
            let id = app.id;
            self.open = store.application(id).ok().zip(store.review_trail(id).ok());
        }
    }

    /// Draws the queue, the decision bar and the opened application.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store, queue: &[Application]) {
        let lang = view.lang;
        widgets::page_heading_ui(ui, &tr(lang, "nav.review"), &tr(lang, "section.review.subtitle"));
        let Some(step) = step_of(view.actor.role) else {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(tr(lang, "review.no_step"));
            });
            return;
        };
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr_args(
                    lang,
                    "review.queue_title",
                    &[("step", tr(lang, step.label_key()).into_owned()), ("n", queue.len().to_string())],
                ))
                .strong(),
            );
            ui.add_space(16.0);
            let filter = tr(lang, step.label_key()).into_owned();
            self.export.ui(ui, view, Personal::None, |_| {
                let (meta, rows) = crate::exchange::queue_table(queue, filter, chrono::Local::now().date_naive(), lang);
                ExportSource { meta, rows: Rows::Ready(rows) }
            });
        });
        ui.add_space(4.0);
        let mut open = None;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if queue.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "review.empty")));
                return;
            }
            TableBuilder::new(ui)
                .id_salt("review_queue")
                .striped(true)
                .max_scroll_height(320.0)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(36.0))
                .column(Column::exact(70.0))
                .column(Column::exact(100.0))
                .column(Column::initial(120.0))
                .column(Column::initial(320.0).clip(true))
                .column(Column::remainder())
                .header(theme::ROW_HEIGHT, |mut h| {
                    h.col(|ui| {
                        let all = queue.iter().all(|a| self.selected.contains(&a.id));
                        let mut checked = all;
                        if ui.checkbox(&mut checked, "").on_hover_text(tr(lang, "review.select_all")).changed() {
                            if checked {
                                self.selected.extend(queue.iter().map(|a| a.id));
                            } else {
                                self.selected.clear();
                            }
                        }
                    });
                    for key in ["review.no", "review.kind", "talent.name", "review.summary", "review.waiting_since"] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, queue.len(), |mut row| {
                        let a = &queue[row.index()];
                        row.col(|ui| {
                            let mut checked = self.selected.contains(&a.id);
                            if ui
                                .checkbox(&mut checked, "")
                                .on_hover_text(format!("{} {}", tr(lang, "review.select"), a.id))
                                .changed()
                            {
                                if checked {
                                    self.selected.insert(a.id);
                                } else {
                                    self.selected.remove(&a.id);
                                }
                            }
                        });
                        row.col(|ui| {
                            if ui.link(a.id.to_string()).clicked() {
                                open = Some(a.id);
                            }
                        });
                        row.col(|ui| {
                            ui.label(tr(lang, a.kind.label_key()));
                        });
                        row.col(|ui| {
                            ui.label(&a.talent_name);
                        });
                        row.col(|ui| {
                            ui.label(&a.summary);
                        });
                        row.col(|ui| {
                            ui.label(&a.waiting_since);
                        });
                    });
                });
        });
        if let Some(id) = open {
            self.open = store.application(id).ok().zip(store.review_trail(id).ok());
            self.selected = BTreeSet::from([id]);
        }
        ui.add_space(theme::SECTION_GAP / 2.0);
        self.decision_ui(ui, view, step);
        if let Some((app, trail)) = &self.open {
            ui.add_space(theme::SECTION_GAP / 2.0);
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                widgets::section_heading_ui(
                    ui,
                    &tr_args(
                        lang,
                        "review.trail_title",
                        &[("id", app.id.to_string()), ("name", app.talent_name.clone())],
                    ),
                );
                for action in trail {
                    ui.horizontal(|ui| {
                        ui.label(widgets::muted(ui, &action.at));
                        ui.label(RichText::new(tr(lang, action.step.label_key())).strong());
                        ui.label(tr(lang, &format!("review.decision.{}", action.decision)));
                        ui.label(widgets::muted(ui, &action.user));
                        ui.label(&action.reason);
                    });
                }
            });
        }
    }

    fn decision_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, step: Step) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(tr_args(lang, "review.selected", &[("n", self.selected.len().to_string())]));
                let label = ui.label(tr(lang, "review.reason"));
                ui.add(egui::TextEdit::singleline(&mut self.reason).desired_width(320.0)).labelled_by(label.id);
            });
            let ready = !self.selected.is_empty() && !self.reason.trim().is_empty();
            ui.horizontal(|ui| {
                let mut buttons = vec![(Decision::Approve, "review.approve")];
                if step != Step::Submission {
                    buttons.extend([
                        (Decision::Return, "review.return"),
                        (Decision::Reject, "review.reject"),
                        (Decision::Veto, "review.veto"),
                    ]);
                }
                for (decision, key) in buttons {
                    let button = if decision == Decision::Approve {
                        theme::primary_button(tr(lang, key))
                    } else {
                        egui::Button::new(tr(lang, key))
                    };
                    if ui.add_enabled(ready, button).clicked() {
                        view.commands.push(Command::DecideApplications {
                            ids: self.selected.iter().copied().collect(),
                            decision,
                            reason: self.reason.clone(),
                        });
                    }
                }
                if !ready {
                    ui.label(widgets::muted(ui, &tr(lang, "review.ready_hint")));
                }
            });
        });
    }
}
