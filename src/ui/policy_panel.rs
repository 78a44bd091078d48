//! 设置 → 政策: the policy in force, the list of versions with what changed between any two,
//! the editor of a new version (administrators), and the warning thresholds.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::command::Command;
use super::policy_edit::PolicyEditor;
use super::{View, policy_view, theme, widgets};
use crate::domain::alerts::WarningSettings;
use crate::domain::dates::fmt_date;
use crate::domain::policy_diff::{Value, diff};
use crate::domain::{Message, Policy, Problem};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::Service;

/// The parts of the policy tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Part {
    #[default]
    InForce,
    Versions,
    Edit,
    Warnings,
}

/// The policy tab's state.
#[derive(Default)]
pub struct PolicyPanel {
    part: Part,
    /// The editor of a new version.
    pub editor: PolicyEditor,
    /// The two versions compared (ids), when chosen.
    compare: Option<(i64, i64)>,
    warning_text: Option<[String; 3]>,
}

/// A policy value in words: `55%`, `5 年`, `¥1,000,000.00`, `是`, service names.
pub fn value_text(lang: Lang, services: &[Service], v: &Value) -> String {
    match v {
        Value::Years(n) => tr_args(lang, "policy.years", &[("n", n.to_string())]),
        Value::Days(n) => tr_args(lang, "policy.days", &[("n", n.to_string())]),
        Value::Months(n) => tr_args(lang, "policy.months", &[("n", n.to_string())]),
        Value::Percent(bp) => bp.to_string(),
        Value::Money(f) => f.to_string(),
        Value::Flag(b) => tr(lang, if *b { "common.yes" } else { "common.no" }).into_owned(),
        Value::Text(t) => t.clone(),
        Value::Services(codes) => codes
            .iter()
            .map(|c| services.iter().find(|s| &s.code == c).map_or_else(|| c.clone(), |s| s.name(lang).to_string()))
            .collect::<Vec<_>>()
            .join("、"),
        Value::RentAfter(None) => tr(lang, "policy.rent_after_none").into_owned(),
        Value::RentAfter(Some(a)) => crate::exchange::audit_fields::later_share(lang, a.years, a.share),
        Value::Absent => tr(lang, "policy.diff.absent").into_owned(),
    }
}

/// The changes from `old` to `new` as a table (or a line saying there are none).
pub fn changes_ui(ui: &mut Ui, lang: Lang, services: &[Service], old: &Policy, new: &Policy) {
    let changes = diff(old, new);
    if changes.is_empty() {
        ui.label(widgets::muted(ui, &tr(lang, "policy.diff.none")));
        return;
    }
    egui::Grid::new(ui.next_auto_id()).striped(true).spacing([18.0, 6.0]).show(ui, |ui| {
        for key in ["policy.diff.what", "policy.diff.old", "policy.diff.new"] {
            ui.strong(tr(lang, key));
        }
        ui.end_row();
        for c in &changes {
            let field = tr(lang, c.field);
            let what = match &c.tier {
                Some(code) => {
                    tr_args(lang, "policy.diff.tier_field", &[("tier", code.clone()), ("field", field.into_owned())])
                }
                None => field.into_owned(),
            };
            ui.label(what);
            ui.label(widgets::muted(ui, &value_text(lang, services, &c.old)));
            ui.label(RichText::new(value_text(lang, services, &c.new)).strong().color(theme::ACCENT));
            ui.end_row();
        }
    });
}

impl PolicyPanel {
    /// Draws the tab.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        ui.horizontal(|ui| {
            for (part, key) in [
                (Part::InForce, "policy.part.in_force"),
                (Part::Versions, "policy.part.versions"),
                (Part::Edit, "policy.part.edit"),
                (Part::Warnings, "policy.part.warnings"),
            ] {
                if part == Part::Edit && !view.actor.role.is_admin() {
                    continue;
                }
                if ui.selectable_label(self.part == part, tr(lang, key)).clicked() {
                    self.part = part;
                }
            }
        });
        ui.add_space(6.0);
        match self.part {
            Part::InForce => policy_view::policy_ui(ui, view),
            Part::Versions => self.versions_ui(ui, view),
            Part::Edit if view.actor.role.is_admin() => match view.cache.policy_versions.last().cloned() {
                Some(latest) => self.editor.ui(ui, view, &latest),
                None => {
                    ui.label(widgets::muted(ui, &tr(lang, "policy.none")));
                }
            },
            Part::Edit => {}
            Part::Warnings => self.warnings_ui(ui, view),
        }
    }

    /// Shows the version list after a version was saved.
    pub fn saved(&mut self) {
        self.editor.clear();
        self.compare = None;
        self.part = Part::Versions;
    }

    fn versions_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        let versions = &view.cache.policy_versions;
        let today = crate::ui::clock::today();
        let in_force = crate::domain::policy::in_force(versions, today).map(|v| v.id);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.versions.title"));
            TableBuilder::new(ui)
                .id_salt("policy_versions")
                .striped(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(70.0))
                .column(Column::exact(110.0))
                .column(Column::exact(90.0))
                .column(Column::exact(110.0))
                .column(Column::exact(160.0))
                .column(Column::remainder().at_least(120.0).clip(true))
                .header(theme::ROW_HEIGHT, |mut h| {
                    for key in [
                        "policy.versions.no",
                        "policy.versions.from",
                        "policy.versions.state",
                        "policy.versions.by",
                        "policy.versions.at",
                        "policy.versions.note",
                    ] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|mut body| {
                    for v in versions.iter().rev() {
                        let note = view.cache.version_notes.iter().find(|n| n.id == v.id);
                        body.row(theme::ROW_HEIGHT, |mut row| {
                            row.col(|ui| {
                                ui.strong(tr_args(lang, "card.policy_version_n", &[("n", v.id.to_string())]));
                            });
                            row.col(|ui| {
                                ui.label(fmt_date(v.effective_from));
                            });
                            row.col(|ui| {
                                let (key, color) = if Some(v.id) == in_force {
                                    ("policy.versions.current", theme::OK)
                                } else if v.effective_from > today {
                                    ("policy.versions.pending", theme::INFO)
                                } else {
                                    ("policy.versions.past", ui.visuals().weak_text_color())
                                };
                                widgets::badge_ui(ui, &tr(lang, key), color);
                            });
                            row.col(|ui| {
                                let by = note.map_or("", |n| n.by.as_str());
                                ui.label(if by.is_empty() {
                                    tr(lang, "policy.versions.system").into_owned()
                                } else {
                                    by.to_string()
                                });
                            });
                            row.col(|ui| {
                                ui.label(widgets::muted(ui, note.map_or("", |n| n.created_at.as_str())));
                            });
                            row.col(|ui| {
                                let text = note.map_or("", |n| n.note.as_str());
                                let text = if text == "default" {
                                    tr(lang, "policy.versions.default").into_owned()
                                } else {
                                    text.to_string()
                                };
                                ui.label(text);
                            });
                        });
                    }
                });
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        let (Some(first), Some(last)) = (versions.first(), versions.last()) else { return };
        let before_last = versions.len().checked_sub(2).map_or(first.id, |i| versions[i].id);
        let (mut a, mut b) = self.compare.unwrap_or((before_last, last.id));
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.diff.title"));
            ui.horizontal(|ui| {
                for (salt, chosen) in [("diff_a", &mut a), ("diff_b", &mut b)] {
                    if salt == "diff_b" {
                        ui.label("→");
                    }
                    let label = |id: i64| tr_args(lang, "card.policy_version_n", &[("n", id.to_string())]);
                    let r = egui::ComboBox::from_id_salt(salt).selected_text(label(*chosen)).width(120.0).show_ui(
                        ui,
                        |ui| {
                            for v in versions {
                                let text = format!("{} · {}", label(v.id), fmt_date(v.effective_from));
                                ui.selectable_value(chosen, v.id, text);
                            }
                        },
                    );
                    let name = if salt == "diff_a" { "policy.diff.from" } else { "policy.diff.to" };
                    widgets::accessible_name(ui, &r.response, &tr(lang, name));
                }
            });
            let find = |id| versions.iter().find(|v| v.id == id);
            if let (Some(old), Some(new)) = (find(a), find(b)) {
                ui.add_space(4.0);
                changes_ui(ui, lang, &view.cache.services, &old.policy, &new.policy);
            }
        });
        self.compare = Some((a, b));
    }

    fn warnings_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        let current = view.cache.warnings;
        let text = self.warning_text.get_or_insert_with(|| {
            [current.arrears_months.to_string(), current.review_days.to_string(), current.far_behind.to_string()]
        });
        let admin = view.actor.role.is_admin();
        let parsed = WarningSettings::parse(&text[0], &text[1], &text[2]);
        let errors = parsed.as_ref().err().cloned().unwrap_or_default();
        let error = |i: usize| errors.iter().find(|(f, _)| *f == i).map(|(_, m): &(usize, Message)| m.text(lang));
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(720.0));
            widgets::section_heading_ui(ui, &tr(lang, "policy.part.warnings"));
            ui.label(widgets::muted(ui, &tr(lang, "warnings.hint")));
            ui.add_space(4.0);
            for (i, (key, unit)) in [
                ("warnings.arrears_months", "policy.unit_months"),
                ("warnings.review_days", "policy.unit_days"),
                // The share is shown and typed with its own "%" (as in the policy editor):
                // no unit after it.
                ("warnings.far_behind", ""),
            ]
            .into_iter()
            .enumerate()
            {
                ui.horizontal(|ui| {
                    widgets::key_label_ui(ui, &tr(lang, key));
                    let field = egui::TextEdit::singleline(&mut text[i]).desired_width(80.0).char_limit(8);
                    let r = ui.add_enabled(admin, field.align(egui::Align2::RIGHT_TOP));
                    widgets::accessible_name(ui, &r, &tr(lang, key));
                    if !unit.is_empty() {
                        ui.label(widgets::muted(ui, &tr(lang, unit)));
                    }
                    widgets::field_error_ui(ui, error(i).as_deref());
                });
            }
            if admin {
                let changed = parsed.as_ref().is_ok_and(|s| *s != current);
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    if ui.add_enabled(changed, theme::primary_button(tr(lang, "common.save"))).clicked()
                        && let Ok(s) = parsed
                    {
                        view.commands.push(Command::SetWarningSettings(s));
                    }
                });
            } else {
                ui.label(widgets::muted(ui, &tr(lang, "warnings.admin_only")));
            }
        });
    }
}

impl PolicyPanel {
    /// Forgets typed thresholds so the stored ones show again.
    pub fn warnings_saved(&mut self) {
        self.warning_text = None;
    }
}

/// The refusal of a policy save, shown at the editor.
pub fn refused(panel: &mut PolicyPanel, e: &dyn Problem) {
    panel.editor.error = Some(Message::of(e));
}
