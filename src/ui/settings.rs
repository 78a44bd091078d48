//! 设置: language and theme, one's own password, the idle lock, user accounts and the audit
//! log (administrators), the service catalogue, the policy in force, and facts about the
//! open database.

use egui::{RichText, Ui};

use super::command::Command;
use super::services::ServicesPanel;
use super::theme::{self, ThemeChoice};
use super::users::UsersPanel;
use super::{View, widgets};
use crate::domain::Problem;
use crate::domain::access::IdleMinutes;
use crate::domain::account::check_new_password;
use crate::i18n::{Lang, tr, tr_args};

/// The tabs of the settings page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SettingsTab {
    /// Language, theme, own password.
    #[default]
    General,
    /// User accounts (administrators only).
    Users,
    /// The audit log (administrators only).
    Audit,
    /// The service catalogue.
    Services,
    /// The policy in force.
    Policy,
    /// The database and the program.
    About,
}

impl SettingsTab {
    fn label_key(self) -> &'static str {
        match self {
            SettingsTab::General => "settings.tab_general",
            SettingsTab::Users => "settings.tab_users",
            SettingsTab::Audit => "audit.tab",
            SettingsTab::Services => "settings.tab_services",
            SettingsTab::Policy => "settings.tab_policy",
            SettingsTab::About => "settings.tab_about",
        }
    }
}

/// The settings page's state.
#[derive(Default)]
pub struct SettingsScreen {
    tab: SettingsTab,
    current_password: String,
    new_password: String,
    confirm_password: String,
    /// The user management panel.
    pub users: UsersPanel,
    /// The service catalogue panel.
    pub services: ServicesPanel,
    /// The audit log.
    pub audit: super::audit_log::AuditLogScreen,
    /// The idle minutes as typed by an administrator (`None`: not touched yet).
    idle_text: Option<String>,
    /// The policy: in force, versions, the editor, warning thresholds.
    pub policy: super::policy_panel::PolicyPanel,
    /// The database tab: facts, backups, restore.
    pub database: super::database::DatabasePanel,
}

impl SettingsScreen {
    /// Forgets typed passwords (after they were used, or on log-out).
    pub fn clear_passwords(&mut self) {
        self.current_password.clear();
        self.new_password.clear();
        self.confirm_password.clear();
        self.users.clear_passwords();
    }

    /// Draws the page.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &crate::store::Store) {
        let lang = view.lang;
        widgets::page_heading_ui(ui, &tr(lang, "nav.settings"), &tr(lang, "settings.subtitle"));
        ui.horizontal(|ui| {
            for tab in [
                SettingsTab::General,
                SettingsTab::Users,
                SettingsTab::Audit,
                SettingsTab::Services,
                SettingsTab::Policy,
                SettingsTab::About,
            ] {
                if matches!(tab, SettingsTab::Users | SettingsTab::Audit) && !view.actor.role.is_admin() {
                    continue;
                }
                if ui.selectable_label(self.tab == tab, tr(lang, tab.label_key())).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        ui.add_space(6.0);
        // The audit log's table scrolls by itself (and pages); the other tabs scroll whole.
        if self.tab == SettingsTab::Audit {
            if view.actor.role.is_admin() {
                self.audit.ui(ui, view, store);
            }
            return;
        }
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match self.tab {
            SettingsTab::General => self.general_ui(ui, view),
            SettingsTab::Users if view.actor.role.is_admin() => self.users.ui(ui, view),
            SettingsTab::Users | SettingsTab::Audit => {}
            SettingsTab::Services => self.services.ui(ui, view),
            SettingsTab::Policy => self.policy.ui(ui, view),
            SettingsTab::About => self.database.ui(ui, view),
        });
    }

    /// The idle lock: everyone sees the minutes, an administrator changes them.
    fn idle_lock_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        let minutes = view.cache.idle_minutes.get().to_string();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            widgets::section_heading_ui(ui, &tr(lang, "lock.settings_heading"));
            if !view.actor.role.is_admin() {
                ui.label(tr_args(lang, "lock.minutes_in_force", &[("minutes", minutes)]));
                return;
            }
            let text = self.idle_text.get_or_insert(minutes);
            let parsed = IdleMinutes::parse(text);
            let error = parsed.err().map(|e| e.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "lock.minutes"), error.as_deref(), |ui| {
                let field = ui.add(widgets::text_field(text).desired_width(60.0));
                ui.label(tr(lang, "lock.minutes_unit"));
                field
            });
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                let changed = parsed.is_ok_and(|m| m != view.cache.idle_minutes);
                if ui.add_enabled(changed, theme::primary_button(tr(lang, "common.save"))).clicked()
                    && let Ok(m) = parsed
                {
                    view.commands.push(Command::SetIdleMinutes(m));
                }
            });
            ui.label(widgets::muted(ui, &tr(lang, "lock.minutes_hint")));
        });
    }

    fn general_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            widgets::section_heading_ui(ui, &tr(lang, "settings.appearance"));
            ui.horizontal(|ui| {
                widgets::form_label_ui(ui, &tr(lang, "settings.language"));
                for option in Lang::ALL {
                    if ui.radio(lang == option, option.native_name()).clicked() && lang != option {
                        view.commands.push(Command::SetLanguage(option));
                    }
                }
            });
            ui.horizontal(|ui| {
                widgets::form_label_ui(ui, &tr(lang, "settings.theme"));
                for option in ThemeChoice::ALL {
                    if ui.radio(view.theme == option, tr(lang, option.label_key())).clicked() && view.theme != option {
                        view.commands.push(Command::SetTheme(option));
                    }
                }
            });
            ui.label(widgets::muted(ui, &tr(lang, "settings.remembered")));
        });
        ui.add_space(theme::SECTION_GAP);
        self.idle_lock_ui(ui, view);
        ui.add_space(theme::SECTION_GAP);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            widgets::section_heading_ui(ui, &tr(lang, "settings.my_account"));
            ui.horizontal(|ui| {
                widgets::form_label_ui(ui, &tr(lang, "login.username"));
                ui.label(RichText::new(&view.actor.username).strong());
                ui.label(widgets::muted(
                    ui,
                    &format!("· {} · {}", view.actor.display_name, tr(lang, view.actor.role.label_key())),
                ));
            });
            widgets::field_row_ui(ui, &tr(lang, "user.current_password"), None, |ui| {
                ui.add(widgets::text_field(&mut self.current_password).password(true))
            });
            widgets::field_row_ui(ui, &tr(lang, "user.new_password"), None, |ui| {
                ui.add(widgets::text_field(&mut self.new_password).password(true))
            });
            let error = (!self.new_password.is_empty() && !self.confirm_password.is_empty())
                .then(|| check_new_password(&self.new_password, &self.confirm_password).err())
                .flatten()
                .map(|e| e.text(lang));
            widgets::field_row_ui(ui, &tr(lang, "user.confirm_password"), error.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.confirm_password).password(true))
            });
            let valid = !self.current_password.is_empty()
                && check_new_password(&self.new_password, &self.confirm_password).is_ok();
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add_enabled(valid, theme::primary_button(tr(lang, "user.change_password"))).clicked() {
                    view.commands.push(Command::ChangeOwnPassword {
                        current: self.current_password.clone(),
                        new: self.new_password.clone(),
                    });
                }
            });
        });
    }
}
