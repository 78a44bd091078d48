//! The lock screen. After the idle minutes (an administrator's setting) the window is
//! covered: nothing of the session shows until the same user types their password again,
//! or another user logs in (which ends the first user's session). What was typed in the
//! forms stays as it was across a lock.

use std::time::Instant;

use egui::{RichText, Ui};

use super::command::Command;
use super::login::{LoginScreen, brand_ui, centered_card_ui};
use super::sign_in::{Throttle, submit_button_ui};
use super::{theme, widgets};
use crate::domain::{Actor, Message, Problem};
use crate::i18n::{Lang, tr, tr_args};

/// The lock screen's state.
#[derive(Default)]
pub struct LockScreen {
    password: String,
    /// The last refusal.
    pub error: Option<Message>,
    /// The wait after failed unlocks.
    pub throttle: Throttle,
    /// A password check is running.
    pub busy: bool,
    /// Logging in as another user instead of unlocking.
    switching: bool,
    focused: bool,
}

impl LockScreen {
    /// Forgets the typed password (after a try).
    pub fn clear_password(&mut self) {
        self.password.clear();
        self.focused = false;
    }

    /// Draws the card: who is locked out and the password field, or the login form for
    /// another user.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        locked: &Actor,
        now: Instant,
        login: &mut LoginScreen,
        commands: &mut Vec<Command>,
    ) {
        centered_card_ui(ui, 420.0, 340.0, |ui| {
            brand_ui(ui, lang);
            ui.add_space(12.0);
            ui.label(RichText::new(tr(lang, "lock.title")).size(17.0).strong());
            if self.switching {
                ui.label(widgets::muted(
                    ui,
                    &tr_args(lang, "lock.switch_note", &[("name", locked.display_name.clone())]),
                ));
                ui.add_space(8.0);
                login.form_ui(ui, lang, now, commands);
                ui.add_space(8.0);
                if ui.link(tr(lang, "lock.back")).clicked() {
                    self.switching = false;
                }
                return;
            }
            let who = format!("{}（{}）", locked.display_name, tr(lang, locked.role.label_key()));
            ui.label(widgets::muted(ui, &tr_args(lang, "lock.who", &[("who", who)])));
            ui.add_space(8.0);
            let pass = widgets::field_row_ui(ui, &tr(lang, "login.password"), None, |ui| {
                ui.add(widgets::text_field(&mut self.password).password(true).desired_width(240.0))
            });
            if !self.focused {
                pass.request_focus();
                self.focused = true;
            }
            let enter = pass.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if let Some(error) = &self.error {
                ui.add_space(4.0);
                ui.label(RichText::new(error.text(lang)).color(theme::ERROR));
            }
            ui.add_space(10.0);
            let wait = self.throttle.seconds_left(now);
            if submit_button_ui(ui, lang, "lock.unlock", !self.password.is_empty(), self.busy, wait, enter) {
                commands.push(Command::Unlock { password: std::mem::take(&mut self.password) });
            }
            ui.add_space(10.0);
            if ui.link(tr(lang, "lock.switch")).clicked() {
                self.switching = true;
            }
        });
    }
}
