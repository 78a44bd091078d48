//! User management for administrators: the list of accounts, adding a user, enabling and
//! disabling, resetting a password, and each user's zones and right to see personal data.

use egui::Ui;
use egui_extras::{Column, TableBuilder};

use super::command::Command;
use super::{View, theme, widgets};
use crate::domain::Problem;
use crate::domain::account::{Role, Username, check_new_password};
use crate::i18n::tr;
use crate::store::NewUser;

/// The add-user form and the reset-password dialog.
#[derive(Default)]
pub struct UsersPanel {
    username: String,
    display_name: String,
    role: Option<Role>,
    password: String,
    confirm: String,
    /// The user whose password is being reset, with the typed new password.
    reset: Option<(i64, String, String)>,
    /// Why the last reset was refused (the dialog stays open with it).
    reset_error: Option<crate::domain::Message>,
    /// The open access dialog.
    access: Option<super::user_access::AccessDialog>,
}

impl UsersPanel {
    /// Forgets every typed password.
    pub fn clear_passwords(&mut self) {
        self.password.clear();
        self.confirm.clear();
        self.reset = None;
        self.reset_error = None;
    }

    /// Keeps the reset dialog open with the store's refusal.
    pub fn reset_failed(&mut self, message: crate::domain::Message) {
        self.reset_error = Some(message);
    }

    /// Empties the add-user form after a user was added.
    pub fn clear_form(&mut self) {
        *self = UsersPanel::default();
    }

    /// Draws the list and the form.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            widgets::section_heading_ui(ui, &tr(lang, "users.list"));
            TableBuilder::new(ui)
                .id_salt("users")
                .striped(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::exact(110.0))
                .column(Column::auto().at_least(120.0))
                .column(Column::exact(100.0))
                .column(Column::exact(60.0))
                .column(Column::initial(160.0).clip(true))
                .column(Column::exact(90.0))
                .column(Column::exact(140.0))
                .column(Column::remainder().at_least(220.0))
                .header(theme::ROW_HEIGHT, |mut h| {
                    for key in [
                        "login.username",
                        "user.display_name",
                        "user.role",
                        "user.status",
                        "access.zones",
                        "access.full_data",
                        "user.created_at",
                        "common.actions",
                    ] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|mut body| {
                    for user in &view.cache.users {
                        body.row(theme::ROW_HEIGHT + 4.0, |mut row| {
                            row.col(|ui| {
                                ui.label(&user.username);
                            });
                            row.col(|ui| {
                                ui.label(&user.display_name);
                            });
                            row.col(|ui| {
                                ui.label(tr(lang, user.role.label_key()));
                            });
                            row.col(|ui| {
                                if user.active {
                                    widgets::badge_ui(ui, &tr(lang, "user.active"), theme::OK);
                                } else {
                                    widgets::badge_ui(ui, &tr(lang, "user.disabled"), theme::ERROR);
                                }
                            });
                            row.col(|ui| {
                                ui.label(super::user_access::scope_text(lang, user, &view.cache.zones));
                            });
                            row.col(|ui| {
                                if user.can_unmask {
                                    widgets::badge_ui(ui, &tr(lang, "access.granted"), theme::ACCENT);
                                } else {
                                    ui.label(widgets::muted(ui, "—"));
                                }
                            });
                            row.col(|ui| {
                                ui.label(&user.created_at);
                            });
                            row.col(|ui| {
                                let toggle = if user.active { "user.disable" } else { "user.enable" };
                                let is_self = user.id == view.actor.user_id;
                                let button = egui::Button::new(tr(lang, toggle)).small();
                                let label = format!("{} {}", tr(lang, toggle), user.username);
                                if ui.add_enabled(!is_self || !user.active, button).on_hover_text(&label).clicked() {
                                    view.commands
                                        .push(Command::SetUserActive { user_id: user.id, active: !user.active });
                                }
                                if ui.small_button(tr(lang, "user.reset_password")).clicked() {
                                    self.reset = Some((user.id, String::new(), String::new()));
                                }
                                let access = egui::Button::new(tr(lang, "access.edit")).small();
                                let label = format!("{} {}", tr(lang, "access.edit"), user.username);
                                if ui.add(access).on_hover_text(&label).accessible_name(&label).clicked() {
                                    self.access = Some(super::user_access::AccessDialog::open(user));
                                }
                            });
                        });
                    }
                });
        });
        ui.add_space(theme::SECTION_GAP);
        self.add_form_ui(ui, view);
        self.reset_dialog_ui(ui, view);
        if let Some(dialog) = &mut self.access
            && !dialog.ui(ui, view)
        {
            self.access = None;
        }
    }

    fn add_form_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            widgets::section_heading_ui(ui, &tr(lang, "users.add"));
            let name_error = (!self.username.is_empty())
                .then(|| Username::parse(&self.username).err())
                .flatten()
                .map(|e| e.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "login.username"), name_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.username))
            });
            widgets::field_row_ui(ui, &tr(lang, "user.display_name"), None, |ui| {
                ui.add(widgets::text_field(&mut self.display_name))
            });
            widgets::field_row_ui(ui, &tr(lang, "user.role"), None, |ui| {
                let selected = self.role.map_or_else(|| tr(lang, "common.choose"), |r| tr(lang, r.label_key()));
                egui::ComboBox::from_id_salt("new_user_role")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for role in Role::ALL {
                            ui.selectable_value(&mut self.role, Some(role), tr(lang, role.label_key()));
                        }
                    })
                    .response
            });
            widgets::field_row_ui(ui, &tr(lang, "user.initial_password"), None, |ui| {
                ui.add(widgets::text_field(&mut self.password).password(true))
            });
            let pw_error = (!self.password.is_empty())
                .then(|| check_new_password(&self.password, &self.confirm).err())
                .flatten()
                .filter(|_| !self.confirm.is_empty() || self.password.chars().count() < 8)
                .map(|e| e.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "user.confirm_password"), pw_error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.confirm).password(true))
            });
            let valid = Username::parse(&self.username).is_ok()
                && self.role.is_some()
                && check_new_password(&self.password, &self.confirm).is_ok();
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add_enabled(valid, theme::primary_button(tr(lang, "users.add_submit"))).clicked()
                    && let Some(role) = self.role
                {
                    view.commands.push(Command::CreateUser(NewUser {
                        username: self.username.clone(),
                        display_name: self.display_name.clone(),
                        role,
                        password: self.password.clone(),
                    }));
                }
            });
        });
    }

    fn reset_dialog_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        let reset_error = self.reset_error.clone();
        let Some((user_id, password, confirm)) = &mut self.reset else {
            return;
        };
        let username = view.cache.users.iter().find(|u| u.id == *user_id).map_or("", |u| u.username.as_str());
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("reset_password")).show(ui.ctx(), |ui| {
            ui.set_width(420.0);
            widgets::section_heading_ui(ui, &format!("{} · {username}", tr(lang, "user.reset_password")));
            widgets::field_row_ui(ui, &tr(lang, "user.new_password"), None, |ui| {
                ui.add(widgets::text_field(password).password(true))
            });
            let error = (!confirm.is_empty())
                .then(|| check_new_password(password, confirm).err())
                .flatten()
                .map(|e| e.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "user.confirm_new_password"), error.as_deref(), |ui| {
                ui.add(widgets::text_field(confirm).password(true))
            });
            if let Some(error) = &reset_error {
                ui.label(egui::RichText::new(error.text(lang)).color(theme::ERROR));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let valid = check_new_password(password, confirm).is_ok();
                if ui.add_enabled(valid, theme::primary_button(tr(lang, "common.save"))).clicked() {
                    // The dialog closes when the store has accepted the password.
                    view.commands.push(Command::SetPassword { user_id: *user_id, password: password.clone() });
                }
                if ui.button(tr(lang, "common.cancel")).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.reset = None;
            self.reset_error = None;
        }
    }
}
