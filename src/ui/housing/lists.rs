//! The housing lists: the allocation list (配租名单) with its filters, everyone in arrears,
//! and tenants who must leave under the exit rule. A lease opens from any of them.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::dates::{fmt_date, parse_date};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Lease, LeaseRow};
use crate::ui::command::Command;
use crate::ui::export::{ExportButtons, ExportSource, Personal, Rows};
use crate::ui::{View, theme, widgets};

/// The allocation list's filters.
#[derive(Default)]
pub struct ListState {
    day: String,
    project: Option<i64>,
    zone: Option<i64>,
    export: ExportButtons,
    arrears_export: ExportButtons,
}

impl ListState {
    /// The day, project and zone the list is for.
    pub fn filter(&self) -> (NaiveDate, Option<i64>, Option<i64>) {
        let day = parse_date(&self.day).unwrap_or_else(|_| chrono::Local::now().date_naive());
        (day, self.project, self.zone)
    }

    /// The arrears list's export buttons.
    pub fn arrears_export(&mut self) -> &mut ExportButtons {
        &mut self.arrears_export
    }

    /// The filters and the list; true when a filter changed (the rows must be read).
    pub fn allocations_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &super::HousingRows) -> bool {
        let lang = view.lang;
        let mut changed = false;
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "housing.as_of"));
            if self.day.is_empty() {
                self.day = fmt_date(chrono::Local::now().date_naive());
            }
            let field = ui.add(egui::TextEdit::singleline(&mut self.day).desired_width(100.0)).labelled_by(label.id);
            if field.changed() && parse_date(&self.day).is_ok() {
                changed = true;
            }
            let label = ui.label(tr(lang, "housing.project"));
            let all = tr(lang, "housing.all").into_owned();
            let shown = self
                .project
                .and_then(|id| rows.projects.iter().find(|p| p.id == id))
                .map_or(all.clone(), |p| p.name.clone());
            egui::ComboBox::from_id_salt("alloc_project")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(&mut self.project, None, all.clone()).changed();
                    for p in &rows.projects {
                        changed |= ui.selectable_value(&mut self.project, Some(p.id), &p.name).changed();
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(tr(lang, "talent.zone"));
            let zones = &view.cache.zones;
            let shown =
                self.zone.and_then(|id| zones.iter().find(|z| z.id == id)).map_or(all.clone(), |z| z.name.clone());
            egui::ComboBox::from_id_salt("alloc_zone")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(&mut self.zone, None, all.clone()).changed();
                    for z in zones {
                        changed |= ui.selectable_value(&mut self.zone, Some(z.id), &z.name).changed();
                    }
                })
                .response
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr_args(lang, "housing.allocation_count", &[("n", rows.allocations.len().to_string())]))
                    .strong(),
            );
            ui.add_space(16.0);
            let (day, _, _) = self.filter();
            let all = tr(lang, "housing.all").into_owned();
            let project = self
                .project
                .and_then(|id| rows.projects.iter().find(|p| p.id == id))
                .map_or(all.clone(), |p| p.name.clone());
            let zone =
                self.zone.and_then(|id| view.cache.zones.iter().find(|z| z.id == id)).map_or(all, |z| z.name.clone());
            let filter = tr_args(
                lang,
                "export.allocations_filter",
                &[("date", fmt_date(day)), ("project", project), ("zone", zone)],
            );
            self.export.ui(ui, view, Personal::Documents, |unmasked| {
                let (meta, rows) = crate::exchange::allocation_table(
                    &rows.allocations,
                    crate::exchange::LeaseList::Allocations,
                    filter,
                    chrono::Local::now().date_naive(),
                    unmasked,
                    lang,
                );
                ExportSource { meta, rows: Rows::Ready(rows) }
            });
        });
        lease_rows_ui(ui, lang, "allocations", &rows.allocations, view.commands);
        changed
    }
}

/// The allocation list's columns: unit, tenant, terms and arrears.
fn lease_rows_ui(ui: &mut Ui, lang: Lang, id: &str, rows: &[LeaseRow], commands: &mut Vec<Command>) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if rows.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "housing.none")));
            return;
        }
        TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .vscroll(false)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(150.0).clip(true))
            .column(Column::exact(72.0))
            .column(Column::exact(84.0))
            .column(Column::initial(72.0).clip(true))
            .column(Column::exact(146.0))
            .column(Column::exact(40.0))
            .column(Column::exact(178.0))
            .column(Column::exact(86.0))
            .column(Column::exact(58.0))
            .column(Column::exact(86.0))
            .column(Column::remainder())
            .header(theme::ROW_HEIGHT, |mut h| {
                for key in [
                    "housing.project",
                    "housing.unit",
                    "housing.area",
                    "housing.tenant",
                    "talent.doc_number",
                    "housing.tier_short",
                    "housing.term",
                    "housing.market_rent",
                    "housing.share",
                    "housing.monthly_rent",
                    "housing.arrears",
                ] {
                    h.col(|ui| {
                        ui.strong(tr(lang, key));
                    });
                }
            })
            .body(|body| {
                body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    let l = &r.lease;
                    row.col(|ui| {
                        ui.label(&l.project_name).on_hover_text(&l.project_name);
                    });
                    row.col(|ui| {
                        let link = ui.link(format!("{}栋 {}", l.building, l.unit));
                        let name = format!("{} {}栋 {}", l.project_name, l.building, l.unit);
                        if link.on_hover_text(&name).clicked() {
                            commands.push(Command::OpenLease { id: l.id });
                        }
                    });
                    row.col(|ui| {
                        ui.label(l.area.to_string());
                    });
                    row.col(|ui| {
                        ui.label(&l.talent_name).on_hover_text(&l.employer_name);
                    });
                    row.col(|ui| {
                        ui.monospace(&r.document_masked);
                    });
                    row.col(|ui| {
                        ui.label(&l.tier);
                    });
                    row.col(|ui| {
                        ui.label(format!("{} – {}", fmt_date(l.start_on), fmt_date(l.last_day())));
                    });
                    row.col(|ui| {
                        ui.label(l.market_rent.to_string());
                    });
                    row.col(|ui| {
                        let share = ui.label(r.share.to_string());
                        if let Some(later) = l.later {
                            share.on_hover_text(crate::ui::policy_view::shares_text(
                                lang,
                                l.rent_share,
                                Some(later.into()),
                            ));
                        }
                    });
                    row.col(|ui| {
                        ui.strong(r.monthly.to_string());
                    });
                    row.col(|ui| {
                        let color = if r.arrears.fen() > 0 { theme::ERROR } else { ui.visuals().weak_text_color() };
                        ui.label(RichText::new(r.arrears.to_string()).color(color));
                    });
                });
            });
    });
}

/// Everyone owing rent today.
pub fn arrears_ui(ui: &mut Ui, view: &mut View<'_>, rows: &[LeaseRow], export: &mut ExportButtons) {
    let lang = view.lang;
    ui.horizontal(|ui| {
        ui.label(widgets::muted(ui, &tr(lang, "housing.arrears_hint")));
        ui.add_space(16.0);
        export.ui(ui, view, Personal::Documents, |unmasked| {
            let today = chrono::Local::now().date_naive();
            let filter = tr_args(lang, "export.arrears_filter", &[("date", fmt_date(today))]);
            let list = crate::exchange::LeaseList::Arrears;
            let (meta, rows) = crate::exchange::allocation_table(rows, list, filter, today, unmasked, lang);
            ExportSource { meta, rows: Rows::Ready(rows) }
        });
    });
    // Per project: how many tenants owe, and how much in all (sorted by name).
    let mut by_project: std::collections::BTreeMap<&str, (usize, i64)> = std::collections::BTreeMap::new();
    for r in rows {
        let entry = by_project.entry(r.lease.project_name.as_str()).or_default();
        entry.0 += 1;
        entry.1 += r.arrears.fen();
    }
    if !by_project.is_empty() {
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "housing.arrears_by_project"));
            egui::Grid::new("arrears_by_project").num_columns(3).striped(true).spacing([24.0, 4.0]).show(ui, |ui| {
                for (project, (n, fen)) in &by_project {
                    ui.label(*project);
                    ui.label(tr_args(lang, "housing.arrears_tenants", &[("n", n.to_string())]));
                    ui.label(RichText::new(crate::domain::Fen(*fen).to_string()).color(theme::ERROR));
                    ui.end_row();
                }
            });
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
    }
    lease_rows_ui(ui, lang, "arrears", rows, view.commands);
}

/// Tenants who must leave, soonest deadline first.
pub fn must_leave_ui(ui: &mut Ui, view: &mut View<'_>, leases: &[Lease]) {
    let lang = view.lang;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if leases.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "housing.none_leaving")));
        }
        let today = chrono::Local::now().date_naive();
        for l in leases {
            ui.horizontal(|ui| {
                let by = l.must_leave_by.unwrap_or(today);
                let color = if by < today { theme::ERROR } else { theme::WARN };
                widgets::badge_ui(ui, &tr_args(lang, "housing.leave_by", &[("date", fmt_date(by))]), color);
                if ui.link(format!("{} {}栋 {}", l.project_name, l.building, l.unit)).clicked() {
                    view.commands.push(Command::OpenLease { id: l.id });
                }
                ui.label(RichText::new(&l.talent_name).strong());
                ui.label(widgets::muted(ui, &l.must_leave_why));
            });
        }
    });
}
