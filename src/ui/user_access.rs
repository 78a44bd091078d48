//! The access dialog of 用户管理: an administrator limits a user to some development zones
//! (or none: every zone) and grants the right to see personal data in full.

use egui::{RichText, Ui};

use super::command::Command;
use super::{View, theme, widgets};
use crate::i18n::{Lang, tr};
use crate::store::{User, Zone};

/// The dialog's state while open: the user and the choices so far.
#[derive(Clone, Debug, Default)]
pub struct AccessDialog {
    user_id: i64,
    limited: bool,
    zones: Vec<i64>,
    can_unmask: bool,
}

impl AccessDialog {
    /// Opens the dialog on what `user` has now.
    pub fn open(user: &User) -> AccessDialog {
        AccessDialog {
            user_id: user.id,
            limited: !user.zones.is_empty(),
            zones: user.zones.clone(),
            can_unmask: user.can_unmask,
        }
    }

    /// Draws the dialog; returns false once it is closed (saved or cancelled).
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>) -> bool {
        let lang = view.lang;
        let Some(user) = view.cache.users.iter().find(|u| u.id == self.user_id) else { return false };
        let mut open = true;
        let modal = egui::Modal::new(egui::Id::unique("user_access")).show(ui.ctx(), |ui| {
            ui.set_width(460.0);
            widgets::section_heading_ui(ui, &format!("{} · {}", tr(lang, "access.dialog_title"), user.username));
            ui.label(RichText::new(tr(lang, "access.zones")).strong());
            if user.role.is_admin() {
                ui.label(widgets::muted(ui, &tr(lang, "access.admin_unscoped")));
            } else {
                ui.radio_value(&mut self.limited, false, tr(lang, "access.all_zones"));
                ui.radio_value(&mut self.limited, true, tr(lang, "access.only_zones"));
                if self.limited {
                    zone_choices_ui(ui, &view.cache.zones, &mut self.zones);
                }
            }
            ui.add_space(8.0);
            ui.checkbox(&mut self.can_unmask, tr(lang, "access.can_unmask"));
            ui.label(widgets::muted(ui, &tr(lang, "access.can_unmask_hint")));
            ui.add_space(10.0);
            let valid = !self.limited || !self.zones.is_empty();
            if !valid {
                ui.label(RichText::new(tr(lang, "access.choose_a_zone")).color(theme::ERROR));
            }
            ui.horizontal(|ui| {
                if ui.add_enabled(valid, theme::primary_button(tr(lang, "common.save"))).clicked() {
                    let zones = if self.limited && !user.role.is_admin() { self.zones.clone() } else { Vec::new() };
                    view.commands.push(Command::SetUserAccess {
                        user_id: self.user_id,
                        zones,
                        can_unmask: self.can_unmask,
                    });
                    open = false;
                }
                if ui.button(tr(lang, "common.cancel")).clicked() {
                    open = false;
                }
            });
        });
        open && !modal.should_close()
    }
}

/// One checkbox per zone, in the zones' order.
fn zone_choices_ui(ui: &mut Ui, zones: &[Zone], chosen: &mut Vec<i64>) {
    ui.indent("access_zones", |ui| {
        for zone in zones {
            let mut on = chosen.contains(&zone.id);
            if ui.checkbox(&mut on, &zone.name).changed() {
                if on {
                    chosen.push(zone.id);
                    chosen.sort_unstable();
                } else {
                    chosen.retain(|z| *z != zone.id);
                }
            }
        }
    });
}

/// What a user's access looks like in the list: `全部开发区`, or the zones' names.
pub fn scope_text(lang: Lang, user: &User, zones: &[Zone]) -> String {
    if user.zones.is_empty() {
        return tr(lang, "access.all_zones").into_owned();
    }
    let names: Vec<&str> =
        user.zones.iter().filter_map(|id| zones.iter().find(|z| z.id == *id)).map(|z| z.name.as_str()).collect();
    names.join("、")
}
