//! 设置 → 服务目录: the services a green card can bundle. Everyone sees the catalogue and
//! which tiers the policy in force gives each service; administrators add services, rename
//! them and retire them (a retired service keeps its history but is no longer offered).

use egui::{RichText, Ui};

use super::command::Command;
use super::{View, theme, widgets};
use crate::domain::Problem;
use crate::domain::family::{ServiceNames, parse_service_names};
use crate::i18n::tr;

/// The panel's state: the form for a new service or the one being edited.
#[derive(Default)]
pub struct ServicesPanel {
    /// The code of the service being edited (None: a new one).
    editing: Option<String>,
    /// Names as typed.
    names: ServiceNames,
    /// Whether the edited service is offered.
    active: bool,
    /// The form has been submitted once.
    tried: bool,
}

impl ServicesPanel {
    /// Empties the form after a save.
    pub fn clear_form(&mut self) {
        *self = ServicesPanel::default();
    }

    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        let admin = view.actor.role.is_admin();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(900.0));
            widgets::section_heading_ui(ui, &tr(lang, "services.title"));
            ui.label(widgets::muted(ui, &tr(lang, "services.hint")));
            ui.add_space(6.0);
            egui::Grid::new("service_catalogue").num_columns(5).striped(true).spacing([20.0, 6.0]).show(ui, |ui| {
                for key in ["services.name_zh", "services.name_en", "services.tiers", "services.state", ""] {
                    ui.strong(if key.is_empty() { String::new() } else { tr(lang, key).into_owned() });
                }
                ui.end_row();
                for s in &view.cache.services {
                    let tiers: Vec<String> = view
                        .cache
                        .policy
                        .iter()
                        .flat_map(|p| p.policy.tiers.iter())
                        .filter(|t| t.services.contains(&s.code))
                        .map(|t| t.code.to_string())
                        .collect();
                    ui.label(RichText::new(&s.name_zh).strong());
                    ui.label(&s.name_en);
                    ui.label(if tiers.is_empty() { "—".to_string() } else { tiers.join(" ") });
                    let (key, color) =
                        if s.active { ("services.active", theme::OK) } else { ("services.retired", theme::WARN) };
                    widgets::badge_ui(ui, &tr(lang, key), color);
                    if admin && ui.small_button(format!("{} {}", tr(lang, "services.edit"), s.name(lang))).clicked() {
                        self.editing = Some(s.code.clone());
                        self.names = ServiceNames { name_zh: s.name_zh.clone(), name_en: s.name_en.clone() };
                        self.active = s.active;
                        self.tried = false;
                    }
                    ui.end_row();
                }
            });
        });
        if !admin {
            return;
        }
        ui.add_space(theme::SECTION_GAP);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            let heading = if self.editing.is_some() { "services.edit_title" } else { "services.add_title" };
            widgets::section_heading_ui(ui, &tr(lang, heading));
            let parsed = parse_service_names(&self.names);
            let error = if self.tried { parsed.as_ref().err().map(|m| m.text(lang)) } else { None };
            widgets::field_row_ui(ui, &tr(lang, "services.name_zh"), None, |ui| {
                ui.add(widgets::text_field(&mut self.names.name_zh))
            });
            widgets::field_row_ui(ui, &tr(lang, "services.name_en"), error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.names.name_en))
            });
            if self.editing.is_some() {
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    ui.checkbox(&mut self.active, tr(lang, "services.offered"));
                });
            }
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                let label = if self.editing.is_some() { "services.save" } else { "services.add" };
                if ui.add(theme::primary_button(tr(lang, label))).clicked() {
                    self.tried = true;
                    if let Ok(names) = parsed {
                        view.commands.push(match &self.editing {
                            None => Command::AddService(names),
                            Some(code) => Command::UpdateService { code: code.clone(), names, active: self.active },
                        });
                    }
                }
                if self.editing.is_some() && ui.button(tr(lang, "services.cancel_edit")).clicked() {
                    self.clear_form();
                }
            });
        });
    }
}
