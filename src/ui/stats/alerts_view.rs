//! The early warnings: every alert standing today, filtered by kind, each with its figures
//! and 确认知悉 (who and when are kept); below, the latest acknowledgements and whether
//! their cause is still there or the alert resolved itself.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::alerts::AlertKind;
use crate::domain::dates::fmt_date;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{AckRecord, AckStatus, Alert, Detail};
use crate::ui::command::Command;
use crate::ui::{View, theme, widgets};

/// The list's filter.
#[derive(Default)]
pub struct AlertListState {
    /// Only this kind (None: all).
    pub kind: Option<AlertKind>,
    /// Hide the acknowledged ones.
    open_only: bool,
}

/// What an alert says, in words.
pub fn detail_text(lang: Lang, a: &Alert) -> String {
    match &a.detail {
        Detail::Expiring { days: 0, .. } => tr(lang, "alerts.detail.expiring_today").into_owned(),
        Detail::Expiring { band, days } => {
            tr_args(lang, "alerts.detail.expiring", &[("band", band.to_string()), ("days", days.to_string())])
        }
        Detail::Overdue { days } => tr_args(lang, "alerts.detail.overdue", &[("days", days.to_string())]),
        Detail::Overstay { days } => tr_args(lang, "alerts.detail.overstay", &[("days", days.to_string())]),
        Detail::Arrears { owed, months } => {
            tr_args(lang, "alerts.detail.arrears", &[("owed", owed.to_string()), ("months", months.to_string())])
        }
        Detail::Waiting { step, days } => tr_args(
            lang,
            "alerts.detail.waiting",
            &[("step", tr(lang, step.label_key()).into_owned()), ("days", days.to_string())],
        ),
    }
}

/// What an acknowledged alert was about, in words, from its stored cause: an expiry and
/// its band (`2027-01-15/30`), a day (`2026-11-19`), or the time an application reached
/// its step (`2026-11-01 09:30:00`).
pub fn cause_text(lang: Lang, kind: AlertKind, cause: &str) -> String {
    let day = cause.get(..10).unwrap_or(cause).to_string();
    match kind {
        AlertKind::CardExpiring | AlertKind::LeaseExpiring => {
            let band = cause.split_once('/').map_or("", |(_, b)| b).to_string();
            tr_args(lang, "alerts.cause.expiring", &[("date", day), ("band", band)])
        }
        AlertKind::LeaseOverstay => tr_args(lang, "alerts.cause.overstay", &[("date", day)]),
        AlertKind::LeaseMustLeave => tr_args(lang, "alerts.cause.must_leave", &[("date", day)]),
        AlertKind::RentArrears => tr_args(lang, "alerts.cause.arrears", &[("date", day)]),
        AlertKind::ReviewWaiting => tr_args(lang, "alerts.cause.waiting", &[("date", day)]),
    }
}

fn kind_color(kind: AlertKind) -> egui::Color32 {
    match kind {
        AlertKind::LeaseOverstay | AlertKind::LeaseMustLeave | AlertKind::RentArrears => theme::ERROR,
        AlertKind::ReviewWaiting => theme::INFO,
        AlertKind::CardExpiring | AlertKind::LeaseExpiring => theme::WARN,
    }
}

impl AlertListState {
    /// Draws the alerts and the acknowledgements.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, alerts: &[Alert], history: &[AckRecord]) {
        let lang = view.lang;
        ui.horizontal_wrapped(|ui| {
            let all = tr_args(lang, "alerts.all", &[("n", alerts.len().to_string())]);
            if ui.selectable_label(self.kind.is_none(), all).clicked() {
                self.kind = None;
            }
            for kind in AlertKind::ALL {
                let n = alerts.iter().filter(|a| a.kind == kind).count();
                let label = format!("{}（{n}）", tr(lang, kind.label_key()));
                if ui.selectable_label(self.kind == Some(kind), label).clicked() {
                    self.kind = Some(kind);
                }
            }
            ui.separator();
            ui.checkbox(&mut self.open_only, tr(lang, "alerts.open_only"));
        });
        ui.label(widgets::muted(
            ui,
            &tr_args(
                lang,
                "alerts.rule",
                &[
                    ("months", view.cache.warnings.arrears_months.to_string()),
                    ("days", view.cache.warnings.review_days.to_string()),
                ],
            ),
        ));
        let shown: Vec<&Alert> = alerts
            .iter()
            .filter(|a| self.kind.is_none_or(|k| a.kind == k) && (!self.open_only || a.ack.is_none()))
            .collect();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if shown.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "alerts.none")));
                return;
            }
            // As much of the window as the list may take, the acknowledgements below it.
            let list_height = (ui.clip_rect().height() - 240.0).max(300.0);
            TableBuilder::new(ui)
                .id_salt("alerts")
                .striped(true)
                .vscroll(true)
                .max_scroll_height(list_height)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(118.0))
                .column(Column::initial(270.0).clip(true))
                .column(Column::initial(90.0).clip(true))
                .column(Column::initial(130.0).clip(true))
                .column(Column::exact(92.0))
                .column(Column::remainder().at_least(170.0).clip(true))
                .column(Column::exact(190.0))
                .header(theme::ROW_HEIGHT, |mut h| {
                    for key in [
                        "alerts.col_kind",
                        "alerts.subject",
                        "alerts.talent",
                        "talent.zone",
                        "alerts.day",
                        "alerts.col_detail",
                        "alerts.handling",
                    ] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, shown.len(), |mut row| {
                        let a = shown[row.index()];
                        row.col(|ui| widgets::badge_ui(ui, &tr(lang, a.kind.label_key()), kind_color(a.kind)));
                        row.col(|ui| {
                            ui.label(&a.subject).on_hover_text(&a.subject);
                        });
                        row.col(|ui| {
                            if ui.link(&a.talent_name).clicked() {
                                view.commands.push(Command::OpenTalent { id: a.talent_id });
                            }
                        });
                        row.col(|ui| {
                            ui.label(&a.zone_name);
                        });
                        row.col(|ui| {
                            ui.label(fmt_date(a.day));
                        });
                        row.col(|ui| {
                            let detail = detail_text(lang, a);
                            ui.label(&detail).on_hover_text(&detail);
                        });
                        row.col(|ui| match &a.ack {
                            Some(ack) => {
                                let text = tr_args(
                                    lang,
                                    "alerts.acked_by",
                                    &[("by", ack.by.clone()), ("at", ack.at.get(..16).unwrap_or(&ack.at).to_string())],
                                );
                                ui.label(RichText::new(text).color(theme::OK).small());
                            }
                            None => {
                                let r = ui.button(tr(lang, "alerts.acknowledge"));
                                let name = tr_args(lang, "alerts.acknowledge_for", &[("subject", a.subject.clone())]);
                                widgets::accessible_name(ui, &r, &name);
                                if r.clicked() {
                                    view.commands.push(Command::AcknowledgeAlert {
                                        kind: a.kind,
                                        subject_id: a.subject_id,
                                        cause: a.cause.clone(),
                                    });
                                }
                            }
                        });
                    });
                });
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "alerts.history"));
            if history.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "alerts.history_empty")));
            }
            egui::Grid::new("alert_history").striped(true).spacing([18.0, 4.0]).show(ui, |ui| {
                for h in history.iter().take(100) {
                    ui.label(tr(lang, h.kind.label_key()));
                    ui.label(widgets::muted(ui, &cause_text(lang, h.kind, &h.cause)));
                    ui.label(tr_args(lang, "alerts.acked_by", &[("by", h.ack.by.clone()), ("at", h.ack.at.clone())]));
                    let (text, color) = match h.status {
                        AckStatus::Standing => (tr(lang, "alerts.still_open").into_owned(), theme::WARN),
                        AckStatus::Escalated { band } => {
                            (tr_args(lang, "alerts.escalated", &[("band", band.to_string())]), theme::ERROR)
                        }
                        AckStatus::Resolved => (tr(lang, "alerts.resolved").into_owned(), theme::OK),
                    };
                    widgets::badge_ui(ui, &text, color);
                    ui.end_row();
                }
            });
        });
    }
}
