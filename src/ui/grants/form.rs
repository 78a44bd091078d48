//! The grant application form (申请资助): programme, kind, the applicant found by name or
//! document number, project and amounts. It enters the employer's submission; the shared
//! four-level review takes it from there.

use egui::{RichText, Ui};

use crate::domain::{Fen, Problem};
use crate::i18n::{tr, tr_args};
use crate::store::{GrantKind, NewGrant, Programme, Store, TalentQuery, TalentRow, Team};
use crate::ui::command::Command;
use crate::ui::{View, theme, widgets};

/// The form as typed.
#[derive(Default)]
pub struct GrantForm {
    programme: Option<i64>,
    kind: Option<GrantKind>,
    search: String,
    applicant: Option<(i64, String)>,
    /// The matches of the search text, read when the text changes (not every frame).
    found: Option<(String, Vec<TalentRow>)>,
    /// The applicant's teams, read when the applicant changes.
    teams: Option<(i64, Vec<(Team, String)>)>,
    team: Option<i64>,
    project: String,
    technology: String,
    requested: String,
    own: String,
    income: String,
    evidence: String,
    tried: bool,
}

impl GrantForm {
    /// Draws the form.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store, programmes: &[Programme]) {
        let lang = view.lang;
        let kind = *self.kind.get_or_insert(GrantKind::Startup);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(760.0));
            widgets::section_heading_ui(ui, &tr(lang, "grant.apply_title"));
            ui.horizontal(|ui| {
                let label = widgets::form_label_ui(ui, &tr(lang, "grant.programme"));
                let shown = self
                    .programme
                    .and_then(|id| programmes.iter().find(|p| p.id == id))
                    .map_or_else(|| "—".to_string(), |p| format!("{} · {}", p.name, p.year));
                egui::ComboBox::from_id_salt("grant_programme")
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for p in programmes {
                            let text = tr_args(
                                lang,
                                "grant.programme_option",
                                &[
                                    ("name", p.name.clone()),
                                    ("year", p.year.to_string()),
                                    ("remaining", p.remaining().to_string()),
                                ],
                            );
                            ui.selectable_value(&mut self.programme, Some(p.id), text);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                widgets::form_label_ui(ui, &tr(lang, "grant.kind"));
                for k in GrantKind::ALL {
                    if ui.radio(kind == k, tr(lang, k.label_key())).clicked() {
                        self.kind = Some(k);
                    }
                }
            });
            self.applicant_ui(ui, view, store);
            self.team_ui(ui, view, store);
            widgets::field_row_ui(ui, &tr(lang, "grant.project"), None, |ui| {
                ui.add(widgets::text_field(&mut self.project))
            });
            widgets::field_row_ui(ui, &tr(lang, "grant.technology"), None, |ui| {
                ui.add(widgets::text_field(&mut self.technology))
            });
            let money = |text: &str| if text.trim().is_empty() { Ok(Fen::ZERO) } else { Fen::parse_non_negative(text) };
            let requested = money(&self.requested);
            let own = money(&self.own);
            let income = money(&self.income);
            let error = |r: &Result<Fen, crate::domain::money::MoneyError>| r.as_ref().err().map(|e| e.text(lang));
            if kind == GrantKind::Reward {
                let e = error(&income);
                widgets::field_row_ui(ui, &tr(lang, "grant.income"), e.as_deref(), |ui| {
                    ui.add(widgets::text_field(&mut self.income))
                });
                if let (Ok(income), Some(p)) = (&income, view.cache.policy.as_ref()) {
                    let reward = crate::domain::grants::reward(*income, p.policy.reward_share);
                    ui.horizontal(|ui| {
                        widgets::label_indent_ui(ui);
                        let text = tr_args(
                            lang,
                            "grant.reward_preview",
                            &[("share", p.policy.reward_share.to_string()), ("reward", reward.to_string())],
                        );
                        ui.label(RichText::new(text).color(theme::ACCENT));
                    });
                }
                widgets::field_row_ui(ui, &tr(lang, "grant.evidence"), None, |ui| {
                    ui.add(widgets::text_field(&mut self.evidence))
                });
            } else {
                let e = error(&requested);
                widgets::field_row_ui(ui, &tr(lang, "grant.requested"), e.as_deref(), |ui| {
                    ui.add(widgets::text_field(&mut self.requested))
                });
                let e = error(&own);
                widgets::field_row_ui(ui, &tr(lang, "grant.own_investment"), e.as_deref(), |ui| {
                    ui.add(widgets::text_field(&mut self.own))
                });
                if kind == GrantKind::FollowOn {
                    widgets::field_row_ui(ui, &tr(lang, "grant.milestone"), None, |ui| {
                        ui.add(widgets::text_field(&mut self.evidence))
                    });
                }
            }
            let missing = if self.programme.is_none() {
                Some("grant.err.no_programme")
            } else if self.applicant.is_none() {
                Some("grant.err.no_applicant")
            } else if self.project.trim().is_empty() {
                Some("grant.err.project")
            } else {
                None
            };
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add(theme::primary_button(tr(lang, "review.submit"))).clicked() {
                    self.tried = true;
                    if let (None, Some(programme_id), Some((talent_id, _)), Ok(requested), Ok(own), Ok(income)) =
                        (missing, self.programme, &self.applicant, requested, own, income)
                    {
                        view.commands.push(Command::SubmitGrant(NewGrant {
                            programme_id,
                            talent_id: *talent_id,
                            team_id: self.team,
                            kind,
                            project: self.project.clone(),
                            technology: self.technology.clone(),
                            requested,
                            own_investment: own,
                            income: (kind == GrantKind::Reward).then_some(income),
                            evidence: self.evidence.clone(),
                        }));
                    }
                }
            });
            if self.tried
                && let Some(key) = missing
            {
                ui.label(RichText::new(tr(lang, key)).color(theme::ERROR));
            }
        });
    }

    fn applicant_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        widgets::field_row_ui(ui, &tr(lang, "grant.applicant"), None, |ui| {
            ui.add(widgets::text_field(&mut self.search).hint_text(tr(lang, "grant.applicant_hint")))
        });
        if let Some((_, name)) = &self.applicant {
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                widgets::badge_ui(
                    ui,
                    &tr_args(lang, "grant.applicant_chosen", &[("name", name.clone())]),
                    theme::ACCENT,
                );
            });
        }
        if self.search.trim().chars().count() < 2 {
            return;
        }
        if self.found.as_ref().is_none_or(|(text, _)| *text != self.search) {
            let query = TalentQuery { text: self.search.clone(), ..TalentQuery::default() };
            self.found = Some((self.search.clone(), store.search_talents(&query, 0, 6).unwrap_or_default()));
        }
        let found = self.found.as_ref().map(|(_, rows)| rows.clone()).unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            widgets::label_indent_ui(ui);
            for t in found {
                let text = format!("{} · {} · {}", t.name, t.tier, t.zone_name);
                if ui.button(text).clicked() {
                    self.applicant = Some((t.id, t.name.clone()));
                    self.team = None;
                    self.search.clear();
                }
            }
        });
    }

    /// For an applicant in teams: whether they apply alone or for one of their teams.
    fn team_ui(&mut self, ui: &mut Ui, view: &View<'_>, store: &Store) {
        let lang = view.lang;
        let Some((talent_id, _)) = &self.applicant else { return };
        let talent_id = *talent_id;
        if self.teams.as_ref().is_none_or(|(id, _)| *id != talent_id) {
            self.teams = Some((talent_id, store.teams_of(talent_id).unwrap_or_default()));
        }
        let teams = self.teams.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
        if teams.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let label = widgets::form_label_ui(ui, &tr(lang, "grant.team"));
            let alone = tr(lang, "grant.alone").into_owned();
            let shown = self
                .team
                .and_then(|id| teams.iter().find(|(t, _)| t.id == id))
                .map_or(alone.clone(), |(t, _)| t.name.clone());
            egui::ComboBox::from_id_salt("grant_team")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.team, None, alone);
                    for (t, role) in &teams {
                        ui.selectable_value(&mut self.team, Some(t.id), format!("{} · {role}", t.name));
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }
}
