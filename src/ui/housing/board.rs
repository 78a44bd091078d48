//! The vacancy board (房源): each project's units as tiles coloured by their state today,
//! the chosen unit's facts with a new market rent or repair, and the forms that add
//! projects and units.

use egui::{RichText, Ui};

use super::HousingRows;
use crate::domain::dates::{fmt_date, parse_date};
use crate::domain::housing::Area;
use crate::domain::{Fen, Problem};
use crate::i18n::{tr, tr_args};
use crate::store::{AptUnit, NewUnit, UnitState};
use crate::ui::command::Command;
use crate::ui::{View, theme, widgets};

/// The board's forms and selection.
#[derive(Default)]
pub struct BoardState {
    unit: Option<i64>,
    project_name: String,
    project_zone: Option<i64>,
    project_address: String,
    new_project: Option<i64>,
    building: String,
    number: String,
    floor: String,
    area: String,
    layout: String,
    rent: String,
    rent_from: String,
    new_rent: String,
    tried: bool,
}

/// A unit state's tile colour.
pub fn state_color(state: UnitState) -> egui::Color32 {
    match state {
        UnitState::Vacant => theme::OK,
        UnitState::Let => theme::INFO,
        UnitState::Repair => theme::WARN,
    }
}

impl BoardState {
    /// Empties the forms after a save.
    pub fn clear_forms(&mut self) {
        let keep = (self.unit, self.new_project);
        *self = BoardState { unit: keep.0, new_project: keep.1, ..BoardState::default() };
    }

    /// Draws the board.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &HousingRows) {
        let lang = view.lang;
        if rows.projects.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "housing.no_projects")));
        } else {
            ui.horizontal(|ui| {
                for state in [UnitState::Vacant, UnitState::Let, UnitState::Repair] {
                    widgets::badge_ui(ui, &tr(lang, state.label_key()), state_color(state));
                }
                ui.label(widgets::muted(ui, &tr(lang, "housing.board_hint")));
            });
            ui.add_space(4.0);
        }
        for p in &rows.projects {
            let units: Vec<&AptUnit> = rows.units.iter().filter(|u| u.project_id == p.id).collect();
            let n = |s: UnitState| units.iter().filter(|u| u.state == s).count().to_string();
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&p.name).size(16.0).strong());
                    ui.label(widgets::muted(ui, &format!("{} · {}", p.zone_name, p.address)));
                });
                ui.label(tr_args(
                    lang,
                    "housing.project_summary",
                    &[
                        ("total", units.len().to_string()),
                        ("vacant", n(UnitState::Vacant)),
                        ("let", n(UnitState::Let)),
                        ("repair", n(UnitState::Repair)),
                    ],
                ));
                ui.horizontal_wrapped(|ui| {
                    for u in &units {
                        let color = state_color(u.state);
                        let selected = self.unit == Some(u.id);
                        let text = RichText::new(u.label()).color(if selected { egui::Color32::WHITE } else { color });
                        let button = egui::Button::new(text)
                            .fill(if selected { color } else { color.gamma_multiply(0.12) })
                            .stroke(egui::Stroke::new(1.0, color))
                            .min_size(egui::vec2(78.0, 30.0));
                        if ui.add(button).on_hover_text(tr(lang, u.state.label_key())).clicked() {
                            self.unit = Some(u.id);
                            self.new_rent.clear();
                        }
                    }
                });
            });
            ui.add_space(theme::SECTION_GAP / 2.0);
        }
        if let Some(u) = self.unit.and_then(|id| rows.units.iter().find(|u| u.id == id)) {
            self.unit_ui(ui, view, u);
        }
        self.forms_ui(ui, view, rows);
    }

    fn unit_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, u: &AptUnit) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{} {}", u.project_name, u.label())).size(16.0).strong());
                widgets::badge_ui(ui, &tr(lang, u.state.label_key()), state_color(u.state));
            });
            let rent = u.market_rent.map_or_else(|| "—".to_string(), |r| r.to_string());
            ui.label(tr_args(
                lang,
                "housing.unit_facts",
                &[
                    ("floor", u.floor.to_string()),
                    ("area", u.area.to_string()),
                    ("layout", u.layout.clone()),
                    ("rent", rent),
                ],
            ));
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, "housing.new_rent"));
                ui.add(egui::TextEdit::singleline(&mut self.new_rent).desired_width(110.0).hint_text("3500"))
                    .labelled_by(label.id);
                let label = ui.label(tr(lang, "housing.rent_from"));
                if self.rent_from.is_empty() {
                    self.rent_from = fmt_date(chrono::Local::now().date_naive());
                }
                ui.add(egui::TextEdit::singleline(&mut self.rent_from).desired_width(110.0)).labelled_by(label.id);
                let parsed = (Fen::parse_non_negative(&self.new_rent), parse_date(&self.rent_from));
                if ui
                    .add_enabled(matches!(parsed, (Ok(_), Ok(_))), egui::Button::new(tr(lang, "housing.set_rent")))
                    .clicked()
                    && let (Ok(monthly), Ok(from)) = parsed
                {
                    view.commands.push(Command::SetMarketRent { unit_id: u.id, from, monthly });
                }
                let (key, repair) = if u.state == UnitState::Repair {
                    ("housing.repaired", false)
                } else {
                    ("housing.to_repair", true)
                };
                if u.state != UnitState::Let && ui.button(tr(lang, key)).clicked() {
                    view.commands.push(Command::SetUnitRepair { unit_id: u.id, repair });
                }
            });
            ui.label(widgets::muted(ui, &tr(lang, "housing.rent_note")));
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
    }

    fn forms_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &HousingRows) {
        let lang = view.lang;
        ui.columns(2, |cols| {
            theme::card(cols[0].visuals()).show(&mut cols[0], |ui| {
                ui.set_width(ui.available_width());
                widgets::section_heading_ui(ui, &tr(lang, "housing.add_project"));
                widgets::field_row_ui(ui, &tr(lang, "housing.project_name"), None, |ui| {
                    ui.add(widgets::text_field(&mut self.project_name))
                });
                ui.horizontal(|ui| {
                    let label = widgets::form_label_ui(ui, &tr(lang, "talent.zone"));
                    let zones = &view.cache.zones;
                    let shown =
                        self.project_zone.and_then(|id| zones.iter().find(|z| z.id == id)).map_or("—", |z| &z.name);
                    egui::ComboBox::from_id_salt("project_zone")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            for z in zones {
                                ui.selectable_value(&mut self.project_zone, Some(z.id), &z.name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                });
                widgets::field_row_ui(ui, &tr(lang, "housing.address"), None, |ui| {
                    ui.add(widgets::text_field(&mut self.project_address))
                });
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    let ready = !self.project_name.trim().is_empty() && self.project_zone.is_some();
                    if ui.add_enabled(ready, theme::primary_button(tr(lang, "housing.add_project_button"))).clicked()
                        && let Some(zone_id) = self.project_zone
                    {
                        view.commands.push(Command::AddAptProject {
                            name: self.project_name.clone(),
                            zone_id,
                            address: self.project_address.clone(),
                        });
                    }
                });
            });
            self.unit_form_ui(&mut cols[1], view, rows);
        });
    }

    fn unit_form_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &HousingRows) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "housing.add_unit"));
            ui.horizontal(|ui| {
                let label = widgets::form_label_ui(ui, &tr(lang, "housing.project"));
                let shown = self
                    .new_project
                    .and_then(|id| rows.projects.iter().find(|p| p.id == id))
                    .map_or("—", |p| p.name.as_str());
                egui::ComboBox::from_id_salt("unit_project")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for p in &rows.projects {
                            ui.selectable_value(&mut self.new_project, Some(p.id), &p.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            let area = Area::parse(&self.area);
            let rent = Fen::parse_non_negative(&self.rent);
            let floor = self.floor.trim().parse::<i64>();
            let show = |ok: bool, key: &str| (self.tried && !ok).then(|| tr(lang, key).into_owned());
            widgets::field_row_ui(ui, &tr(lang, "housing.building"), None, |ui| {
                ui.add(widgets::text_field(&mut self.building))
            });
            widgets::field_row_ui(ui, &tr(lang, "housing.unit"), None, |ui| {
                ui.add(widgets::text_field(&mut self.number))
            });
            let e = show(floor.is_ok(), "housing.err.floor");
            widgets::field_row_ui(ui, &tr(lang, "housing.floor"), e.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.floor))
            });
            let e = area.as_ref().err().filter(|_| self.tried).map(|m| m.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "housing.area"), e.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.area).hint_text("85.50"))
            });
            widgets::field_row_ui(ui, &tr(lang, "housing.layout"), None, |ui| {
                ui.add(widgets::text_field(&mut self.layout).hint_text(tr(lang, "housing.layout_hint")))
            });
            let e = rent.as_ref().err().filter(|_| self.tried).map(|m| m.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "housing.market_rent"), e.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.rent).hint_text("3500"))
            });
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add(theme::primary_button(tr(lang, "housing.add_unit_button"))).clicked() {
                    self.tried = true;
                    if let (Some(project_id), Ok(area), Ok(market_rent), Ok(floor)) =
                        (self.new_project, area, rent, floor)
                    {
                        view.commands.push(Command::AddAptUnit(NewUnit {
                            project_id,
                            building: self.building.clone(),
                            unit: self.number.clone(),
                            floor,
                            area,
                            layout: self.layout.clone(),
                            market_rent,
                            rent_from: chrono::Local::now().date_naive(),
                        }));
                    }
                }
            });
        });
    }
}
