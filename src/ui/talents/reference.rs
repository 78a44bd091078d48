//! The registry's reference lists: development zones with their yearly targets, employers
//! with their credit codes, and the shortage catalogue — each with an add form.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::{CreditCode, Message, Problem};
use crate::i18n::{Lang, tr};
use crate::store::{Employer, ShortageEntry, Zone, ZoneTarget};
use crate::ui::command::Command;
use crate::ui::placeholder::count;
use crate::ui::{theme, widgets};

/// Typed text of the add forms.
#[derive(Default)]
pub struct ReferenceForms {
    zone_code: String,
    zone_name: String,
    target_zone: Option<i64>,
    target_talents: String,
    target_teams: String,
    target_apartments: String,
    target_grants: String,
    employer_name: String,
    employer_code: String,
    employer_zone: Option<i64>,
    employer_filter: String,
    field: String,
    occupation: String,
    level: i64,
    year: String,
}

fn header(ui: &mut Ui, lang: Lang, keys: &[&str]) -> Vec<String> {
    let _ = ui;
    keys.iter().map(|k| tr(lang, k).into_owned()).collect()
}

/// A striped table of text cells; the columns from `figures_from` on hold figures and are
/// right-aligned (heading too).
fn table_ui(ui: &mut Ui, id: &str, headers: &[String], widths: &[f32], rows: &[Vec<String>], figures_from: usize) {
    let cell = |ui: &mut Ui, i: usize, text: RichText| {
        if i >= figures_from {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.label(text));
        } else {
            ui.label(text);
        }
    };
    let mut table = TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .vscroll(true)
        .max_scroll_height(300.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for w in widths {
        table = table.column(Column::initial(*w).at_least(40.0).clip(true));
    }
    table
        .column(Column::remainder())
        .header(theme::ROW_HEIGHT, |mut h| {
            for (i, text) in headers.iter().enumerate() {
                h.col(|ui| cell(ui, i, RichText::new(text).strong()));
            }
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                let cells = &rows[row.index()];
                for (i, c) in cells.iter().enumerate() {
                    row.col(|ui| cell(ui, i, RichText::new(c)));
                }
                row.col(|_| {});
            });
        });
}

/// A target typed into the form; an empty field keeps `kept` (the zone's target already set,
/// or 0), so clearing a field never wipes a target by accident.
fn parse_count(text: &str, kept: i64) -> Option<i64> {
    let t = crate::domain::text::compact(text);
    if t.is_empty() {
        return Some(kept);
    }
    t.parse::<i64>().ok().filter(|n| (0..=1_000_000).contains(n))
}

impl ReferenceForms {
    /// Zones with this year's targets, the add-zone form and the target form.
    pub fn zones_ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        zones: &[Zone],
        targets: &[ZoneTarget],
        year: i64,
        commands: &mut Vec<Command>,
    ) {
        let rows: Vec<Vec<String>> = zones
            .iter()
            .map(|z| {
                let t = targets.iter().find(|t| t.zone_id == z.id);
                vec![
                    z.code.clone(),
                    z.name.clone(),
                    t.map_or("—".into(), |t| count(t.talents)),
                    t.map_or("—".into(), |t| count(t.teams)),
                    t.map_or("—".into(), |t| count(t.apartments)),
                    t.map_or("—".into(), |t| t.grants.to_string()),
                ]
            })
            .collect();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &crate::i18n::tr_args(lang, "zones.list", &[("year", year.to_string())]));
            let h = header(
                ui,
                lang,
                &[
                    "zones.code",
                    "zones.name",
                    "zones.target_talents",
                    "zones.target_teams",
                    "targets.apartments",
                    "targets.grants",
                ],
            );
            table_ui(ui, "zones", &h, &[80.0, 220.0, 110.0, 110.0, 110.0, 150.0], &rows, 2);
        });
        ui.add_space(theme::SECTION_GAP);
        ui.columns(2, |cols| {
            theme::card(cols[0].visuals()).show(&mut cols[0], |ui| {
                widgets::section_heading_ui(ui, &tr(lang, "zones.add"));
                widgets::field_row_ui(ui, &tr(lang, "zones.code"), None, |ui| {
                    ui.add(widgets::text_field(&mut self.zone_code))
                });
                widgets::field_row_ui(ui, &tr(lang, "zones.name"), None, |ui| {
                    ui.add(widgets::text_field(&mut self.zone_name))
                });
                let ok = !self.zone_code.trim().is_empty() && !self.zone_name.trim().is_empty();
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    if ui.add_enabled(ok, theme::primary_button(tr(lang, "zones.add_submit"))).clicked() {
                        commands
                            .push(Command::CreateZone { code: self.zone_code.clone(), name: self.zone_name.clone() });
                    }
                });
            });
            theme::card(cols[1].visuals()).show(&mut cols[1], |ui| {
                widgets::section_heading_ui(
                    ui,
                    &crate::i18n::tr_args(lang, "zones.set_target", &[("year", year.to_string())]),
                );
                let mut chosen = None;
                widgets::field_row_ui(ui, &tr(lang, "zones.name"), None, |ui| {
                    let selected = zones
                        .iter()
                        .find(|z| Some(z.id) == self.target_zone)
                        .map_or_else(|| tr(lang, "common.choose").into_owned(), |z| z.name.clone());
                    egui::ComboBox::from_id_salt("target_zone")
                        .width(theme::FIELD_WIDTH - 8.0)
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for z in zones {
                                if ui.selectable_value(&mut self.target_zone, Some(z.id), &z.name).changed() {
                                    chosen = Some(z.id);
                                }
                            }
                        })
                        .response
                });
                // A zone chosen shows the targets it already has, to be changed rather than retyped.
                if let Some(id) = chosen {
                    let t = targets.iter().find(|t| t.zone_id == id);
                    self.target_talents = t.map_or_else(String::new, |t| t.talents.to_string());
                    self.target_teams = t.map_or_else(String::new, |t| t.teams.to_string());
                    self.target_apartments = t.map_or_else(String::new, |t| t.apartments.to_string());
                    self.target_grants = t.map_or_else(String::new, |t| t.grants.plain());
                }
                // What an empty field keeps: the zone's target already set (shown as the hint).
                let kept = self.target_zone.and_then(|id| targets.iter().find(|t| t.zone_id == id));
                let bad = Message::new("zone.err.target").text(lang);
                let count_row = |ui: &mut Ui, label: &str, text: &mut String, kept: i64| {
                    let value = parse_count(text, kept);
                    widgets::field_row_ui(ui, &tr(lang, label), value.is_none().then_some(bad.as_str()), |ui| {
                        ui.add(widgets::text_field(text).hint_text(kept.to_string()))
                    });
                    value
                };
                let talents =
                    count_row(ui, "zones.target_talents", &mut self.target_talents, kept.map_or(0, |t| t.talents));
                let teams = count_row(ui, "zones.target_teams", &mut self.target_teams, kept.map_or(0, |t| t.teams));
                let apartments =
                    count_row(ui, "targets.apartments", &mut self.target_apartments, kept.map_or(0, |t| t.apartments));
                let kept_grants = kept.map_or(crate::domain::Fen(0), |t| t.grants);
                let grants = if self.target_grants.trim().is_empty() {
                    Ok(kept_grants)
                } else {
                    crate::domain::Fen::parse_non_negative(&self.target_grants)
                };
                let grants_error = grants.as_ref().err().map(|e| e.text(lang));
                widgets::field_row_ui(ui, &tr(lang, "targets.grants_yuan"), grants_error.as_deref(), |ui| {
                    ui.add(widgets::text_field(&mut self.target_grants).hint_text(kept_grants.plain()))
                });
                let ready = self.target_zone.zip(talents).zip(teams).zip(apartments).zip(grants.ok());
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    if ui.add_enabled(ready.is_some(), theme::primary_button(tr(lang, "common.save"))).clicked()
                        && let Some(((((zone_id, talents), teams), apartments), grants)) = ready
                    {
                        commands.push(Command::SetZoneTarget(ZoneTarget {
                            zone_id,
                            year,
                            talents,
                            teams,
                            apartments,
                            grants,
                        }));
                    }
                });
            });
        });
    }

    /// Employers and the add-employer form with a live credit-code check.
    pub fn employers_ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        zones: &[Zone],
        employers: &[Employer],
        commands: &mut Vec<Command>,
    ) {
        let needle = self.employer_filter.trim().to_string();
        let rows: Vec<Vec<String>> = employers
            .iter()
            .filter(|e| needle.is_empty() || e.name.contains(&needle) || e.credit_code.contains(&needle.to_uppercase()))
            .take(2000)
            .map(|e| vec![e.name.clone(), e.credit_code.clone(), e.zone_name.clone()])
            .collect();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                widgets::section_heading_ui(
                    ui,
                    &crate::i18n::tr_args(
                        lang,
                        "employers.list",
                        &[("n", crate::ui::placeholder::count(employers.len() as i64))],
                    ),
                );
                ui.add(
                    egui::TextEdit::singleline(&mut self.employer_filter)
                        .hint_text(tr(lang, "talents.filter_employers"))
                        .desired_width(220.0),
                );
            });
            let h = header(ui, lang, &["employers.name", "employers.code", "talent.zone"]);
            table_ui(ui, "employers", &h, &[320.0, 200.0, 180.0], &rows, usize::MAX);
        });
        ui.add_space(theme::SECTION_GAP);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            widgets::section_heading_ui(ui, &tr(lang, "employers.add"));
            widgets::field_row_ui(ui, &tr(lang, "employers.name"), None, |ui| {
                ui.add(widgets::text_field(&mut self.employer_name))
            });
            let code = CreditCode::parse(&self.employer_code);
            let code_error =
                (!self.employer_code.trim().is_empty()).then(|| code.as_ref().err().map(|e| e.text(lang))).flatten();
            widgets::field_row_ui(ui, &tr(lang, "employers.code"), code_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.employer_code).font(egui::TextStyle::Monospace))
            });
            widgets::field_row_ui(ui, &tr(lang, "talent.zone"), None, |ui| {
                let selected = zones
                    .iter()
                    .find(|z| Some(z.id) == self.employer_zone)
                    .map_or_else(|| tr(lang, "common.choose").into_owned(), |z| z.name.clone());
                egui::ComboBox::from_id_salt("employer_zone")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for z in zones {
                            ui.selectable_value(&mut self.employer_zone, Some(z.id), &z.name);
                        }
                    })
                    .response
            });
            let ready = code.ok().zip(self.employer_zone).filter(|_| !self.employer_name.trim().is_empty());
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add_enabled(ready.is_some(), theme::primary_button(tr(lang, "employers.add_submit"))).clicked()
                    && let Some((code, zone_id)) = ready
                {
                    commands.push(Command::CreateEmployer { name: self.employer_name.clone(), code, zone_id });
                }
            });
        });
    }

    /// The shortage catalogue and its add form.
    pub fn catalogue_ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        entries: &[ShortageEntry],
        year_now: i64,
        commands: &mut Vec<Command>,
    ) {
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                vec![
                    e.year.to_string(),
                    e.field.clone(),
                    e.occupation.clone(),
                    tr(lang, &format!("shortage.level{}", e.level)).into_owned(),
                ]
            })
            .collect();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "shortage.list"));
            if rows.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "shortage.empty")));
            } else {
                let h = header(ui, lang, &["shortage.year", "talent.field", "shortage.occupation", "shortage.level"]);
                table_ui(ui, "catalogue", &h, &[70.0, 160.0, 240.0, 100.0], &rows, usize::MAX);
            }
        });
        ui.add_space(theme::SECTION_GAP);
        if self.year.is_empty() {
            self.year = year_now.to_string();
            self.level = 1;
        }
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            widgets::section_heading_ui(ui, &tr(lang, "shortage.add"));
            widgets::field_row_ui(ui, &tr(lang, "talent.field"), None, |ui| {
                ui.add(widgets::text_field(&mut self.field))
            });
            widgets::field_row_ui(ui, &tr(lang, "shortage.occupation"), None, |ui| {
                ui.add(widgets::text_field(&mut self.occupation))
            });
            widgets::field_row_ui(ui, &tr(lang, "shortage.level"), None, |ui| {
                ui.horizontal(|ui| {
                    for level in 1..=3 {
                        ui.radio_value(&mut self.level, level, tr(lang, &format!("shortage.level{level}")));
                    }
                })
                .response
            });
            let year = self.year.trim().parse::<i64>().ok().filter(|y| (2000..=2100).contains(y));
            let year_error = year.is_none().then(|| Message::new("shortage.err.level_year").text(lang));
            widgets::field_row_ui(ui, &tr(lang, "shortage.year"), year_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.year))
            });
            let ready = year.filter(|_| !self.field.trim().is_empty() && !self.occupation.trim().is_empty());
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add_enabled(ready.is_some(), theme::primary_button(tr(lang, "shortage.add_submit"))).clicked()
                    && let Some(year) = ready
                {
                    commands.push(Command::AddShortage(ShortageEntry {
                        id: 0,
                        field: self.field.clone(),
                        occupation: self.occupation.clone(),
                        level: self.level,
                        year,
                    }));
                }
            });
            ui.label(RichText::new(tr(lang, "shortage.hint")).small().color(ui.visuals().weak_text_color()));
        });
    }

    /// Empties the forms after a successful add.
    pub fn clear(&mut self) {
        *self = ReferenceForms::default();
    }
}
