//! The login screen: nobody gets past it without a user name and password. The password is
//! checked on a worker (the button shows a spinner meanwhile) and after a refusal the
//! button waits a little longer each time.

use std::time::Instant;

use egui::{RichText, Ui};

use super::command::Command;
use super::sign_in::{Throttle, submit_button_ui};
use super::{theme, widgets};
use crate::domain::{Message, Problem};
use crate::i18n::{Lang, tr};

/// What the clerk typed, and the last refusal.
#[derive(Default)]
pub struct LoginScreen {
    username: String,
    password: String,
    /// The last refusal, in the user's language.
    pub error: Option<Message>,
    focused: bool,
    focus_password: bool,
    /// The wait after failed logins.
    pub throttle: Throttle,
    /// A password check is running.
    pub busy: bool,
}

impl LoginScreen {
    /// Forgets the password (after a login or a refusal) and keeps the user name.
    pub fn clear_password(&mut self) {
        self.password.clear();
        // Back to the password field, so a retyped password goes where it belongs.
        self.focus_password = true;
    }

    /// Draws the login card in the middle of the window.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, now: Instant, commands: &mut Vec<Command>) {
        centered_card_ui(ui, 400.0, 330.0, |ui| {
            brand_ui(ui, lang);
            ui.add_space(12.0);
            self.form_ui(ui, lang, now, commands);
            ui.add_space(14.0);
            language_switch_ui(ui, lang, commands);
        });
    }

    /// The user name, the password, the last refusal and the button (also on the lock
    /// screen, to log in as another user).
    pub fn form_ui(&mut self, ui: &mut Ui, lang: Lang, now: Instant, commands: &mut Vec<Command>) {
        let user = widgets::field_row_ui(ui, &tr(lang, "login.username"), None, |ui| {
            ui.add(widgets::text_field(&mut self.username).desired_width(240.0))
        });
        if !self.focused {
            user.request_focus();
            self.focused = true;
        }
        let pass = widgets::field_row_ui(ui, &tr(lang, "login.password"), None, |ui| {
            ui.add(widgets::text_field(&mut self.password).password(true).desired_width(240.0))
        });
        if self.focus_password {
            pass.request_focus();
            self.focus_password = false;
        }
        let enter = pass.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if user.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            pass.request_focus();
        }
        if let Some(error) = &self.error {
            ui.add_space(4.0);
            ui.label(RichText::new(error.text(lang)).color(theme::ERROR));
        }
        ui.add_space(10.0);
        let can = !self.username.trim().is_empty() && !self.password.is_empty();
        let wait = self.throttle.seconds_left(now);
        if submit_button_ui(ui, lang, "login.submit", can, self.busy, wait, enter) {
            commands
                .push(Command::LogIn { username: self.username.clone(), password: std::mem::take(&mut self.password) });
        }
    }
}

/// The emblem and the name of the app, as on the login and set-up cards.
pub fn brand_ui(ui: &mut Ui, lang: Lang) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(44.0, 44.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, egui::CornerRadius::same(8), theme::ACCENT);
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "卡",
            egui::FontId::proportional(24.0),
            egui::Color32::WHITE,
        );
        ui.vertical(|ui| {
            ui.label(RichText::new(tr(lang, "app.name")).size(20.0).strong());
            ui.label(widgets::muted(ui, &tr(lang, "app.office")));
        });
    });
}

/// The two language links under a card.
pub fn language_switch_ui(ui: &mut Ui, lang: Lang, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(widgets::muted(ui, &tr(lang, "settings.language")));
        for option in Lang::ALL {
            if ui.selectable_label(option == lang, option.native_name()).clicked() && option != lang {
                commands.push(Command::SetLanguage(option));
            }
        }
    });
}

/// Draws `content` in a card of the given size, centred in the available space.
pub fn centered_card_ui(ui: &mut Ui, width: f32, height: f32, content: impl FnOnce(&mut Ui)) {
    let available = ui.available_size();
    ui.add_space(((available.y - height) / 2.0).max(16.0));
    ui.horizontal(|ui| {
        ui.add_space(((available.x - width) / 2.0).max(16.0));
        theme::card(ui.visuals()).inner_margin(egui::Margin::same(24)).show(ui, |ui| {
            ui.set_width(width - 48.0);
            ui.vertical(content);
        });
    });
}
