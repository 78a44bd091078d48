//! The waiting list (轮候): approved applicants ranked by the policy's rule with the reason
//! for each place, and the allocation form that lets a unit to the chosen applicant with the
//! monthly rent shown before it is signed.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::HousingRows;
use crate::domain::dates::{fmt_date, parse_date};
use crate::domain::housing::{LaterRent, last_allowed_day, monthly_rent};
use crate::domain::{Fen, Message, Problem, TierCode};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{NewLease, UnitState, WaitingEntry};
use crate::ui::command::Command;
use crate::ui::{View, theme, widgets};

/// The list's selection and the allocation form.
#[derive(Default)]
pub struct WaitingState {
    chosen: Option<i64>,
    unit: Option<i64>,
    start: String,
    end: String,
    deposit: String,
    /// The store's refusal of the last allocation.
    pub error: Option<Message>,
}

/// Why an applicant is where they are: tier, shortage field, application day.
pub fn rank_reason(lang: Lang, w: &WaitingEntry) -> String {
    let shortage = tr(lang, if w.shortage { "housing.shortage_yes" } else { "housing.shortage_no" });
    tr_args(
        lang,
        "housing.rank_reason",
        &[("tier", w.tier.clone()), ("shortage", shortage.into_owned()), ("date", fmt_date(w.applied_on))],
    )
}

impl WaitingState {
    /// Empties the form after a lease was signed.
    pub fn clear_form(&mut self) {
        *self = WaitingState::default();
    }

    /// Draws the list and, for the chosen applicant, the allocation form.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &HousingRows) {
        let lang = view.lang;
        ui.label(widgets::muted(ui, &tr(lang, "housing.rank_rule")));
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if rows.waiting.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "housing.waiting_empty")));
                return;
            }
            TableBuilder::new(ui)
                .id_salt("waiting")
                .striped(true)
                .vscroll(false)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(56.0))
                .column(Column::initial(120.0))
                .column(Column::initial(110.0))
                .column(Column::remainder().clip(true))
                .column(Column::exact(90.0))
                .header(theme::ROW_HEIGHT, |mut h| {
                    for key in ["housing.rank", "housing.applicant", "talent.field", "housing.reason", ""] {
                        h.col(|ui| {
                            ui.strong(if key.is_empty() { String::new() } else { tr(lang, key).into_owned() });
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, rows.waiting.len(), |mut row| {
                        let i = row.index();
                        let w = &rows.waiting[i];
                        row.col(|ui| {
                            ui.strong(format!("{}", i + 1));
                        });
                        row.col(|ui| {
                            ui.label(&w.application.talent_name);
                        });
                        row.col(|ui| {
                            ui.label(&w.field);
                        });
                        row.col(|ui| {
                            ui.label(rank_reason(lang, w));
                        });
                        row.col(|ui| {
                            let chosen = self.chosen == Some(w.application.id);
                            let label = tr_args(lang, "housing.choose", &[("name", w.application.talent_name.clone())]);
                            if ui.selectable_label(chosen, tr(lang, "housing.allocate")).on_hover_text(label).clicked()
                            {
                                self.chosen = Some(w.application.id);
                                self.error = None;
                            }
                        });
                    });
                });
        });
        let chosen = self.chosen.and_then(|id| rows.waiting.iter().find(|w| w.application.id == id)).cloned();
        if let Some(w) = chosen {
            ui.add_space(theme::SECTION_GAP / 2.0);
            self.form_ui(ui, view, rows, &w);
        }
    }

    fn form_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &HousingRows, w: &WaitingEntry) {
        let lang = view.lang;
        let today = crate::ui::clock::today();
        if self.start.is_empty() {
            self.start = fmt_date(today);
        }
        // The share and cap are those of the policy in force today, the signing day, as the
        // store will apply them, whatever the start day typed.
        let policy = crate::domain::policy::in_force(&view.cache.policy_versions, today).or(view.cache.policy.as_ref());
        let cap = policy.map_or(6, |p| p.policy.lease_term_cap_years);
        let rule = policy.zip(TierCode::parse(&w.tier).ok()).and_then(|(p, t)| p.policy.tier(&t).cloned());
        let share = rule.as_ref().map(|r| r.rent);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(760.0));
            widgets::section_heading_ui(
                ui,
                &tr_args(lang, "housing.allocate_to", &[("name", w.application.talent_name.clone())]),
            );
            ui.horizontal(|ui| {
                let label = widgets::form_label_ui(ui, &tr(lang, "housing.unit_choice"));
                let shown = self
                    .unit
                    .and_then(|id| rows.units.iter().find(|u| u.id == id))
                    .map_or_else(|| "—".to_string(), |u| format!("{} {}", u.project_name, u.label()));
                egui::ComboBox::from_id_salt("allocate_unit")
                    .selected_text(shown)
                    .width(280.0)
                    .show_ui(ui, |ui| {
                        for u in rows.units.iter().filter(|u| u.state != UnitState::Repair) {
                            let text = format!("{} {} · {}", u.project_name, u.label(), tr(lang, u.state.label_key()));
                            ui.selectable_value(&mut self.unit, Some(u.id), text);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            let start = parse_date(&self.start);
            widgets::field_row_ui(
                ui,
                &tr(lang, "housing.start"),
                start.as_ref().err().map(|e| e.text(lang)).as_deref(),
                |ui| ui.add(widgets::text_field(&mut self.start)),
            );
            if self.end.is_empty()
                && let Ok(s) = start
            {
                self.end = fmt_date(last_allowed_day(s, cap.min(3)));
            }
            let end = parse_date(&self.end);
            widgets::field_row_ui(
                ui,
                &tr(lang, "housing.end"),
                end.as_ref().err().map(|e| e.text(lang)).as_deref(),
                |ui| ui.add(widgets::text_field(&mut self.end)),
            );
            let unit = self.unit.and_then(|id| rows.units.iter().find(|u| u.id == id));
            let rent = unit.and_then(|u| u.market_rent).zip(share).map(|(m, s)| (m, s, monthly_rent(m, s)));
            if self.deposit.is_empty()
                && let Some((_, _, monthly)) = rent
            {
                self.deposit = Fen(monthly.fen() * 2).plain();
            }
            let deposit = Fen::parse_non_negative(&self.deposit);
            let error = deposit.as_ref().err().filter(|_| !self.deposit.is_empty()).map(|e| e.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "housing.deposit"), error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.deposit))
            });
            if let Some((market, share, monthly)) = rent {
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    ui.label(
                        RichText::new(tr_args(
                            lang,
                            "housing.rent_preview",
                            &[
                                ("market", market.to_string()),
                                ("share", share.to_string()),
                                ("rent", monthly.to_string()),
                            ],
                        ))
                        .strong()
                        .color(theme::ACCENT),
                    );
                });
                let later = LaterRent::of(market, rule.as_ref().and_then(|r| r.rent_after));
                if let (Some(later), Ok(start)) = (later, parse_date(&self.start)) {
                    ui.horizontal(|ui| {
                        widgets::label_indent_ui(ui);
                        let text = tr_args(
                            lang,
                            "lease.later_preview",
                            &[
                                ("next", (later.years + 1).to_string()),
                                ("date", fmt_date(later.from_day(start))),
                                ("market", market.to_string()),
                                ("share", later.share.to_string()),
                                ("rent", later.monthly.to_string()),
                            ],
                        );
                        ui.label(RichText::new(text).strong().color(theme::ACCENT));
                    });
                    ui.horizontal(|ui| {
                        widgets::label_indent_ui(ui);
                        let words = crate::ui::policy_view::shares_text(lang, share, Some(later.into()));
                        ui.label(widgets::muted(ui, &tr_args(lang, "lease.shares_frozen", &[("shares", words)])));
                    });
                }
            }
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                let ready = unit.is_some() && start.is_ok() && end.is_ok() && deposit.is_ok();
                if ui.add_enabled(ready, theme::primary_button(tr(lang, "housing.sign"))).clicked()
                    && let (Some(u), Ok(start_on), Ok(end_on), Ok(deposit)) = (unit, start, end, deposit)
                {
                    self.error = None;
                    view.commands.push(Command::AllocateUnit(NewLease {
                        application_id: Some(w.application.id),
                        talent_id: w.application.talent_id,
                        unit_id: u.id,
                        start_on,
                        end_on,
                        deposit,
                    }));
                }
            });
            if let Some(m) = &self.error {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
        });
    }
}
