//! First start: the set-up screen that creates the administrator. Shown only while the
//! database has no user at all.

use egui::{RichText, Ui};

use super::command::Command;
use super::login::{brand_ui, centered_card_ui, language_switch_ui};
use super::{theme, widgets};
use crate::domain::Problem;
use crate::domain::account::{AccountError, Role, Username, check_new_password};
use crate::i18n::{Lang, tr};
use crate::store::NewUser;

/// The administrator's details as typed.
#[derive(Default)]
pub struct SetupScreen {
    username: String,
    display_name: String,
    password: String,
    confirm: String,
    /// A refusal from the store, if any.
    pub error: Option<crate::domain::Message>,
}

impl SetupScreen {
    fn username_error(&self, lang: Lang) -> Option<String> {
        (!self.username.is_empty()).then(|| Username::parse(&self.username).err()).flatten().map(|e| e.text(lang))
    }

    fn password_error(&self, lang: Lang) -> Option<String> {
        if self.password.is_empty() {
            return None;
        }
        match check_new_password(&self.password, &self.confirm) {
            Err(AccountError::PasswordsDiffer) if self.confirm.is_empty() => None,
            Err(e) => Some(e.text(lang)),
            Ok(()) => None,
        }
    }

    fn valid(&self) -> bool {
        Username::parse(&self.username).is_ok() && check_new_password(&self.password, &self.confirm).is_ok()
    }

    /// Draws the set-up card.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, commands: &mut Vec<Command>) {
        centered_card_ui(ui, 460.0, 430.0, |ui| {
            brand_ui(ui, lang);
            ui.add_space(10.0);
            ui.label(RichText::new(tr(lang, "setup.title")).size(16.0).strong());
            ui.label(widgets::muted(ui, &tr(lang, "setup.explain")));
            ui.add_space(8.0);
            let username_error = self.username_error(lang);
            widgets::field_row_ui(ui, &tr(lang, "login.username"), username_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.username).hint_text("admin"))
            });
            widgets::field_row_ui(ui, &tr(lang, "user.display_name"), None, |ui| {
                ui.add(widgets::text_field(&mut self.display_name))
            });
            widgets::field_row_ui(ui, &tr(lang, "login.password"), None, |ui| {
                ui.add(widgets::text_field(&mut self.password).password(true))
            });
            let password_error = self.password_error(lang);
            let confirm =
                widgets::field_row_ui(ui, &tr(lang, "user.confirm_password"), password_error.as_deref(), |ui| {
                    ui.add(widgets::text_field(&mut self.confirm).password(true))
                });
            if let Some(error) = &self.error {
                ui.label(RichText::new(error.text(lang)).color(theme::ERROR));
            }
            ui.add_space(8.0);
            let valid = self.valid();
            let enter = confirm.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                let clicked = ui.add_enabled(valid, theme::primary_button(tr(lang, "setup.submit"))).clicked();
                if valid && (clicked || enter) {
                    commands.push(Command::SetUpAdmin(NewUser {
                        username: self.username.clone(),
                        display_name: self.display_name.clone(),
                        role: Role::Admin,
                        password: self.password.clone(),
                    }));
                }
            });
            ui.add_space(12.0);
            language_switch_ui(ui, lang, commands);
        });
    }

    /// Forgets the typed passwords once the administrator exists.
    pub fn clear(&mut self) {
        *self = SetupScreen::default();
    }
}
