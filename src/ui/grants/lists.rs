//! The award list (资助名单) and the payment list (拨付名单) of a year, each exportable.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::GrantRows;
use crate::domain::dates::fmt_date;
use crate::i18n::{tr, tr_args};
use crate::ui::command::Command;
use crate::ui::export::{ExportButtons, ExportSource, Personal, Rows};
use crate::ui::{View, theme, widgets};

/// The lists' year and export buttons.
#[derive(Default)]
pub struct ListState {
    year: Option<i64>,
    reload: bool,
    awards_export: ExportButtons,
    payments_export: ExportButtons,
}

impl ListState {
    /// The year shown (None: every year).
    pub fn year(&self) -> Option<i64> {
        self.year
    }

    /// Whether the rows must be read again.
    pub fn take_reload(&mut self) -> bool {
        std::mem::take(&mut self.reload)
    }

    fn year_ui(&mut self, ui: &mut Ui, view: &View<'_>, rows: &GrantRows) {
        let lang = view.lang;
        let mut years: Vec<i64> = rows.programmes.iter().map(|p| p.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let label = ui.label(tr(lang, "grant.year"));
        let all = tr(lang, "housing.all").into_owned();
        egui::ComboBox::from_id_salt("grant_year")
            .selected_text(self.year.map_or(all.clone(), |y| y.to_string()))
            .show_ui(ui, |ui| {
                self.reload |= ui.selectable_value(&mut self.year, None, all).changed();
                for y in years {
                    self.reload |= ui.selectable_value(&mut self.year, Some(y), y.to_string()).changed();
                }
            })
            .response
            .labelled_by(label.id);
    }

    fn filter_text(&self, view: &View<'_>) -> String {
        let lang = view.lang;
        let year = self.year.map_or_else(|| tr(lang, "housing.all").into_owned(), |y| y.to_string());
        tr_args(lang, "export.grants_filter", &[("year", year)])
    }

    /// The award list.
    pub fn awards_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &GrantRows) {
        let lang = view.lang;
        let filter = self.filter_text(view);
        ui.horizontal(|ui| {
            self.year_ui(ui, view, rows);
            ui.add_space(16.0);
            self.awards_export.ui(ui, view, Personal::None, |_| {
                let (meta, rows) =
                    crate::exchange::award_table(&rows.grants, filter, chrono::Local::now().date_naive(), lang);
                ExportSource { meta, rows: Rows::Ready(rows) }
            });
        });
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if rows.grants.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "grant.none")));
                return;
            }
            TableBuilder::new(ui)
                .id_salt("awards")
                .striped(true)
                .vscroll(false)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(170.0).clip(true))
                .column(Column::initial(90.0))
                .column(Column::exact(40.0))
                .column(Column::initial(230.0).clip(true))
                .column(Column::exact(110.0))
                .column(Column::exact(110.0))
                .column(Column::exact(110.0))
                .column(Column::remainder())
                .header(theme::ROW_HEIGHT, |mut h| {
                    for key in [
                        "grant.project",
                        "grant.applicant",
                        "housing.tier_short",
                        "grant.programme",
                        "grant.requested",
                        "grant.award",
                        "grant.paid",
                        "grant.status",
                    ] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, rows.grants.len(), |mut row| {
                        let g = &rows.grants[row.index()];
                        row.col(|ui| {
                            if ui.link(&g.project).clicked() {
                                view.commands.push(Command::OpenGrant { id: g.id });
                            }
                        });
                        row.col(|ui| {
                            ui.label(&g.talent_name);
                        });
                        row.col(|ui| {
                            ui.label(&g.tier);
                        });
                        row.col(|ui| {
                            ui.label(format!("{} · {}", g.programme_name, g.year));
                        });
                        row.col(|ui| {
                            ui.label(g.requested.to_string());
                        });
                        row.col(|ui| {
                            ui.strong(g.award.map_or_else(|| "—".to_string(), |a| a.to_string()));
                        });
                        row.col(|ui| {
                            ui.label(g.paid.to_string());
                        });
                        row.col(|ui| {
                            ui.label(tr(lang, super::grant_page::status_key(g)));
                        });
                    });
                });
        });
    }

    /// The payment list.
    pub fn payments_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &GrantRows) {
        let lang = view.lang;
        let filter = self.filter_text(view);
        ui.horizontal(|ui| {
            self.year_ui(ui, view, rows);
            ui.add_space(16.0);
            self.payments_export.ui(ui, view, Personal::None, |_| {
                let (meta, rows) =
                    crate::exchange::payment_table(&rows.payments, filter, chrono::Local::now().date_naive(), lang);
                ExportSource { meta, rows: Rows::Ready(rows) }
            });
        });
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if rows.payments.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "grant.no_payments")));
                return;
            }
            egui::Grid::new("payments").num_columns(6).striped(true).spacing([20.0, 6.0]).show(ui, |ui| {
                for key in [
                    "lease.paid_on",
                    "grant.programme",
                    "grant.applicant",
                    "grant.project",
                    "grant.tranche",
                    "lease.amount",
                ] {
                    ui.strong(tr(lang, key));
                }
                ui.end_row();
                for e in &rows.payments {
                    ui.label(fmt_date(e.on));
                    ui.label(&e.programme_name);
                    ui.label(&e.talent_name);
                    if ui.link(&e.project).clicked() {
                        view.commands.push(Command::OpenGrant { id: e.grant_id });
                    }
                    ui.label(if e.amount.fen() < 0 { e.reason.clone() } else { e.tranche.clone() });
                    let color = if e.amount.fen() < 0 { theme::ERROR } else { theme::OK };
                    ui.label(RichText::new(e.amount.to_string()).color(color));
                    ui.end_row();
                }
            });
        });
    }
}
