//! 团队: talent teams with their leader, members and roles; a new team is created with a
//! leader picked by document number, and members are added the same way.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::command::Command;
use super::export::{ExportButtons, ExportSource, Personal, Rows};
use super::{View, theme, widgets};
use crate::domain::Problem;
use crate::domain::dates::{fmt_date, parse_date};
use crate::i18n::{tr, tr_args};
use crate::store::{Grant, NewTeam, Store, Team, TeamMember};

/// The teams screen's state.
#[derive(Default)]
pub struct TeamsScreen {
    selected: Option<(Team, Vec<TeamMember>, Vec<Grant>)>,
    name: String,
    leader: String,
    field: String,
    zone_id: Option<i64>,
    summary: String,
    introduced_on: String,
    member: String,
    role: String,
    export: ExportButtons,
}

/// Finds a live talent by the number typed (a document number or a record number).
fn find_talent(store: &Store, typed: &str) -> Option<(i64, String)> {
    let t = crate::domain::text::compact(typed).to_uppercase();
    if t.is_empty() {
        return None;
    }
    if let Ok(id) = t.parse::<i64>()
        && let Ok(talent) = store.talent(id)
        && talent.merged_into.is_none()
    {
        return Some((talent.id, talent.name));
    }
    crate::domain::DocumentType::ALL.iter().find_map(|kind| store.document_holder(*kind, &t).ok().flatten())
}

impl TeamsScreen {
    /// Re-reads the selected team after a change.
    pub fn reload(&mut self, store: &Store) {
        if let Some((team, _, _)) = &self.selected {
            let id = team.id;
            self.selected = read_team(store, id);
        }
    }

    /// Empties the forms after a team was created.
    pub fn clear_forms(&mut self) {
        let selected = self.selected.take();
        *self = TeamsScreen { selected, ..TeamsScreen::default() };
    }

    /// Draws the list, the selected team and the forms.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store, teams: &[Team]) {
        let lang = view.lang;
        widgets::page_heading_ui(ui, &tr(lang, "nav.teams"), &tr(lang, "section.teams.subtitle"));
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    widgets::section_heading_ui(
                        ui,
                        &tr_args(lang, "teams.list", &[("n", super::placeholder::count(view.cache.counts.teams))]),
                    );
                    ui.add_space(16.0);
                    self.export.ui(ui, view, Personal::None, |_| {
                        let filter = tr(lang, "housing.all").into_owned();
                        let (meta, rows) =
                            crate::exchange::team_table(teams, filter, chrono::Local::now().date_naive(), lang);
                        ExportSource { meta, rows: Rows::Ready(rows) }
                    });
                });
                let mut clicked = None;
                TableBuilder::new(ui)
                    .id_salt("teams")
                    .striped(true)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .max_scroll_height(300.0)
                    .column(Column::initial(300.0).clip(true))
                    .column(Column::initial(100.0))
                    .column(Column::initial(110.0))
                    .column(Column::initial(170.0).clip(true))
                    .column(Column::initial(60.0))
                    .column(Column::remainder())
                    .header(theme::ROW_HEIGHT, |mut h| {
                        for key in [
                            "teams.name",
                            "teams.leader",
                            "talent.field",
                            "talent.zone",
                            "teams.members",
                            "teams.introduced",
                        ] {
                            h.col(|ui| {
                                ui.strong(tr(lang, key));
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(theme::ROW_HEIGHT, teams.len(), |mut row| {
                            let t = &teams[row.index()];
                            let selected = self.selected.as_ref().is_some_and(|(s, _, _)| s.id == t.id);
                            row.set_selected(selected);
                            row.col(|ui| {
                                if ui.selectable_label(selected, &t.name).clicked() {
                                    clicked = Some(t.id);
                                }
                            });
                            row.col(|ui| {
                                ui.label(&t.leader_name);
                            });
                            row.col(|ui| {
                                ui.label(&t.field);
                            });
                            row.col(|ui| {
                                ui.label(&t.zone_name);
                            });
                            row.col(|ui| {
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                    ui.label(t.members.to_string())
                                });
                            });
                            row.col(|ui| {
                                ui.label(fmt_date(t.introduced_on));
                            });
                            if row.response().clicked() {
                                clicked = Some(t.id);
                            }
                        });
                    });
                if let Some(id) = clicked {
                    self.selected = read_team(store, id);
                }
            });
            ui.add_space(theme::SECTION_GAP);
            ui.columns(2, |cols| {
                self.selected_ui(&mut cols[0], view, store);
                self.new_team_ui(&mut cols[1], view, store);
            });
        });
    }

    fn selected_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let Some((team, members, grants)) = &self.selected else {
                ui.label(widgets::muted(ui, &tr(lang, "teams.pick")));
                return;
            };
            widgets::section_heading_ui(ui, &team.name);
            ui.label(widgets::muted(ui, &team.summary));
            for m in members {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&m.name).strong());
                    ui.label(widgets::muted(ui, &m.role));
                });
            }
            ui.separator();
            widgets::section_heading_ui(ui, &tr(lang, "ledger.grants"));
            if grants.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "ledger.none")));
            }
            for g in grants {
                let text = match (g.award, g.cap) {
                    (Some(award), Some(cap)) => tr_args(
                        lang,
                        "ledger.grant_line",
                        &[
                            ("project", g.project.clone()),
                            ("award", award.to_string()),
                            ("cap", cap.to_string()),
                            ("paid", g.paid.to_string()),
                        ],
                    ),
                    _ => format!("{} · {}", g.project, tr(lang, "grant.status.in_review")),
                };
                if ui.link(text).clicked() {
                    view.commands.push(Command::OpenGrant { id: g.id });
                }
            }
            ui.separator();
            widgets::section_heading_ui(ui, &tr(lang, "teams.add_member"));
            let found = find_talent(store, &self.member);
            let error = (!self.member.trim().is_empty() && found.is_none())
                .then(|| tr(lang, "teams.no_such_talent").into_owned());
            widgets::field_row_ui(ui, &tr(lang, "teams.talent_no"), error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.member).hint_text(tr(lang, "teams.talent_hint")))
            });
            if let Some((_, name)) = &found {
                ui.label(RichText::new(name).color(theme::ACCENT));
            }
            widgets::field_row_ui(ui, &tr(lang, "teams.role"), None, |ui| {
                ui.add(widgets::text_field(&mut self.role).hint_text("技术骨干"))
            });
            let team_id = team.id;
            if ui.add_enabled(found.is_some(), theme::primary_button(tr(lang, "teams.add_member_submit"))).clicked()
                && let Some((talent_id, _)) = found
            {
                view.commands.push(Command::SetTeamMember { team_id, talent_id, role: self.role.clone() });
                self.member.clear();
                self.role.clear();
            }
        });
    }

    fn new_team_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "teams.new"));
            widgets::field_row_ui(ui, &tr(lang, "teams.name"), None, |ui| ui.add(widgets::text_field(&mut self.name)));
            let leader = find_talent(store, &self.leader);
            let leader_error = (!self.leader.trim().is_empty() && leader.is_none())
                .then(|| tr(lang, "teams.no_such_talent").into_owned());
            widgets::field_row_ui(ui, &tr(lang, "teams.leader"), leader_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.leader).hint_text(tr(lang, "teams.talent_hint")))
            });
            if let Some((_, name)) = &leader {
                ui.label(RichText::new(name).color(theme::ACCENT));
            }
            widgets::field_row_ui(ui, &tr(lang, "talent.field"), None, |ui| {
                ui.add(widgets::text_field(&mut self.field))
            });
            widgets::field_row_ui(ui, &tr(lang, "talent.zone"), None, |ui| {
                let selected = view
                    .cache
                    .zones
                    .iter()
                    .find(|z| Some(z.id) == self.zone_id)
                    .map_or_else(|| tr(lang, "common.choose").into_owned(), |z| z.name.clone());
                egui::ComboBox::from_id_salt("team_zone")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for z in &view.cache.zones {
                            ui.selectable_value(&mut self.zone_id, Some(z.id), &z.name);
                        }
                    })
                    .response
            });
            let date = parse_date(&self.introduced_on);
            let date_error =
                (!self.introduced_on.trim().is_empty()).then(|| date.as_ref().err().map(|e| e.text(lang))).flatten();
            widgets::field_row_ui(ui, &tr(lang, "teams.introduced"), date_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.introduced_on).hint_text("YYYY-MM-DD"))
            });
            widgets::field_row_ui(ui, &tr(lang, "teams.summary"), None, |ui| {
                ui.add(egui::TextEdit::multiline(&mut self.summary).desired_rows(2).desired_width(theme::FIELD_WIDTH))
            });
            let ready = leader.zip(self.zone_id).zip(date.ok()).filter(|_| !self.name.trim().is_empty());
            if ui.add_enabled(ready.is_some(), theme::primary_button(tr(lang, "teams.create"))).clicked()
                && let Some((((leader_id, _), zone_id), introduced_on)) = ready
            {
                view.commands.push(Command::CreateTeam(NewTeam {
                    name: self.name.clone(),
                    leader_id,
                    field: self.field.clone(),
                    zone_id,
                    summary: self.summary.clone(),
                    introduced_on,
                }));
            }
        });
    }
}

/// A team with its members and the grants it applied for.
fn read_team(store: &Store, id: i64) -> Option<(Team, Vec<TeamMember>, Vec<Grant>)> {
    Some((store.team(id).ok()?, store.team_members(id).ok()?, store.grants_of_team(id).ok()?))
}
