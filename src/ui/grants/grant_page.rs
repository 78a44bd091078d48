//! One grant: applicant, project, the award and which limit fixed it, the policy version,
//! the tranches (a reviewer marks a condition met, a clerk pays), stop and clawback.

use egui::{RichText, Ui};

use crate::domain::dates::fmt_date;
use crate::domain::{Fen, Message, Problem, Role};
use crate::i18n::{tr, tr_args};
use crate::store::{Grant, Store, Tranche};
use crate::ui::command::Command;
use crate::ui::{View, theme, widgets};

/// The grant page's data and forms.
pub struct GrantPage {
    /// The grant.
    pub grant: Grant,
    /// Its tranches.
    pub tranches: Vec<Tranche>,
    reason: String,
    amount: String,
}

impl GrantPage {
    /// Reads a grant's page.
    pub fn load(store: &Store, id: i64) -> Result<GrantPage, Message> {
        Ok(GrantPage {
            grant: store.grant(id).map_err(|e| Message::of(&e))?,
            tranches: store.grant_tranches(id).map_err(|e| Message::of(&e))?,
            reason: String::new(),
            amount: String::new(),
        })
    }
}

/// The i18n key of a grant's state.
pub fn status_key(g: &Grant) -> &'static str {
    if g.stopped_on.is_some() {
        "grant.status.stopped"
    } else if g.award.is_some() {
        "grant.status.awarded"
    } else if g.stage == "rejected" {
        "grant.status.rejected"
    } else {
        "grant.status.in_review"
    }
}

fn fact(ui: &mut Ui, label: &str, value: String) {
    ui.label(widgets::muted(ui, label));
    ui.label(value);
    ui.end_row();
}

/// Draws the page; true when the clerk goes back.
pub fn grant_page_ui(ui: &mut Ui, view: &mut View<'_>, page: &mut GrantPage) -> bool {
    let lang = view.lang;
    let g = page.grant.clone();
    let mut back = false;
    ui.horizontal(|ui| {
        back = ui.button(tr(lang, "card.back")).clicked();
        ui.add_space(8.0);
        ui.label(RichText::new(&g.project).size(20.0).strong());
        widgets::badge_ui(
            ui,
            &tr(lang, status_key(&g)),
            if g.stopped_on.is_some() { theme::WARN } else { theme::ACCENT },
        );
        if ui.button(tr_args(lang, "lease.tenant_button", &[("name", g.talent_name.clone())])).clicked() {
            view.commands.push(Command::OpenTalent { id: g.talent_id });
        }
    });
    ui.add_space(8.0);
    ui.columns(2, |cols| {
        theme::card(cols[0].visuals()).show(&mut cols[0], |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "grant.facts"));
            egui::Grid::new("grant_facts").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
                fact(ui, &tr(lang, "grant.programme"), format!("{} · {}", g.programme_name, g.year));
                fact(ui, &tr(lang, "grant.kind"), tr(lang, g.kind.label_key()).into_owned());
                fact(ui, &tr(lang, "grant.applicant"), format!("{} · {}", g.talent_name, g.tier));
                fact(ui, &tr(lang, "grant.technology"), g.technology.clone());
                if let Some(income) = g.income {
                    fact(ui, &tr(lang, "grant.income"), format!("{income} · {}", g.evidence));
                }
                fact(ui, &tr(lang, "grant.requested"), g.requested.to_string());
                fact(ui, &tr(lang, "grant.own_investment"), g.own_investment.to_string());
                if let (Some(award), Some(limit), Some(cap)) = (g.award, g.limit, g.cap) {
                    let why = tr_args(lang, limit.label_key(), &[("cap", cap.to_string()), ("tier", g.tier.clone())]);
                    ui.label(widgets::muted(ui, &tr(lang, "grant.award")));
                    ui.label(RichText::new(format!("{award}（{why}）")).strong().color(theme::ACCENT));
                    ui.end_row();
                    if let Some(v) = g.policy_version {
                        fact(
                            ui,
                            &tr(lang, "card.policy_version"),
                            tr_args(lang, "card.policy_version_n", &[("n", v.to_string())]),
                        );
                    }
                }
                fact(ui, &tr(lang, "grant.paid"), g.paid.to_string());
                if let Some(stopped) = g.stopped_on {
                    fact(ui, &tr(lang, "grant.status.stopped"), format!("{} · {}", fmt_date(stopped), g.stop_reason));
                }
            });
        });
        let ui = &mut cols[1];
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "grant.tranches"));
            if page.tranches.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "grant.no_tranches")));
            }
            let reviewer = matches!(
                view.actor.role,
                Role::FirstReviewer | Role::ThirdPartyReviewer | Role::Committee | Role::Admin
            );
            let clerk = matches!(view.actor.role, Role::Clerk | Role::Admin);
            for t in &page.tranches {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("{}. {}", t.seq, t.label)).strong());
                    ui.label(t.planned.to_string());
                    match (t.met_on, t.paid_on) {
                        (_, Some(paid)) => {
                            widgets::badge_ui(
                                ui,
                                &tr_args(lang, "grant.paid_on", &[("date", fmt_date(paid))]),
                                theme::OK,
                            );
                        }
                        (Some(met), None) => {
                            widgets::badge_ui(
                                ui,
                                &tr_args(lang, "grant.met_on", &[("date", fmt_date(met))]),
                                theme::INFO,
                            );
                            if clerk
                                && g.stopped_on.is_none()
                                && ui.button(tr_args(lang, "grant.pay", &[("label", t.label.clone())])).clicked()
                            {
                                view.commands.push(Command::PayTranche { grant_id: g.id, tranche_id: t.id });
                            }
                        }
                        (None, None) => {
                            ui.label(widgets::muted(ui, &tr(lang, "grant.waiting_condition")));
                            if reviewer
                                && g.stopped_on.is_none()
                                && ui.button(tr_args(lang, "grant.mark_met", &[("label", t.label.clone())])).clicked()
                            {
                                view.commands.push(Command::MarkTrancheMet { grant_id: g.id, tranche_id: t.id });
                            }
                        }
                    }
                });
            }
            if clerk && g.award.is_some() {
                ui.separator();
                ui.horizontal(|ui| {
                    let label = ui.label(tr(lang, "cards.reason"));
                    ui.add(egui::TextEdit::singleline(&mut page.reason).desired_width(180.0)).labelled_by(label.id);
                    let label = ui.label(tr(lang, "grant.clawback_amount"));
                    ui.add(egui::TextEdit::singleline(&mut page.amount).desired_width(100.0)).labelled_by(label.id);
                });
                let reason = page.reason.clone();
                ui.horizontal(|ui| {
                    if g.stopped_on.is_none() && ui.button(tr(lang, "grant.stop")).clicked() {
                        view.commands.push(Command::StopGrant { id: g.id, reason: reason.clone() });
                    }
                    let amount = Fen::parse_non_negative(&page.amount);
                    if ui.add_enabled(amount.is_ok(), egui::Button::new(tr(lang, "grant.claw_back"))).clicked()
                        && let Ok(amount) = amount
                    {
                        view.commands.push(Command::ClawBackGrant { id: g.id, amount, reason });
                    }
                    if let Err(e) = Fen::parse_non_negative(&page.amount)
                        && !page.amount.is_empty()
                    {
                        ui.label(RichText::new(e.text(lang)).color(theme::ERROR).small());
                    }
                });
            }
        });
    });
    back
}
