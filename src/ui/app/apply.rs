//! Applying the commands the screens pushed: each is one store operation (one transaction),
//! its success or refusal turned into a notice or an error at the form that asked.

use super::{GreencardApp, Notice, NoticeKind, Section};
use crate::domain::preferences::{LANGUAGE_SETTING, THEME_SETTING};
use crate::domain::{Message, Problem};
use crate::ui::command::Command;
use crate::ui::sign_in::Purpose;

impl GreencardApp {
    /// Tells the clerk what an import wrote.
    fn import_done(&mut self, c: crate::store::ImportCounts) {
        self.success(
            "import.applied",
            &[
                ("new", c.new.to_string()),
                ("updated", c.updated.to_string()),
                ("unchanged", c.unchanged.to_string()),
                ("rejected", c.rejected.to_string()),
            ],
        );
    }

    /// Applies one command.
    pub(super) fn apply(&mut self, command: Command) {
        match command {
            Command::SetUpAdmin(new) => match self.store.create_first_admin(&new) {
                Ok(actor) => {
                    self.setup.clear();
                    self.session = Some(actor);
                    self.section = Section::Settings;
                    self.success("setup.done", &[]);
                }
                Err(e) => self.setup.error = Some(Message::of(&e)),
            },
            Command::LogIn { username, password } => {
                self.login.clear_password();
                self.start_sign_in(&username, password, Purpose::LogIn);
            }
            Command::Unlock { password } => {
                self.lock_screen.clear_password();
                if let Some(actor) = self.session.clone() {
                    self.start_sign_in(&actor.username, password, Purpose::Unlock);
                }
            }
            Command::LogOut => self.log_out(),
            Command::SetIdleMinutes(minutes) => {
                let Some(actor) = self.session.clone() else { return };
                let value = minutes.get().to_string();
                match self.store.set_admin_setting(&actor, crate::domain::access::IDLE_LOCK_SETTING, &value) {
                    Ok(()) => self.success("lock.minutes_saved", &[("minutes", value)]),
                    Err(e) => self.error(&e),
                }
            }
            Command::SetLanguage(lang) => {
                self.lang = lang;
                if let Err(e) = self.store.set_setting(self.session.as_ref(), LANGUAGE_SETTING, lang.code()) {
                    self.error(&e);
                }
            }
            Command::SetTheme(theme) => {
                self.theme = theme;
                if let Err(e) = self.store.set_setting(self.session.as_ref(), THEME_SETTING, theme.code()) {
                    self.error(&e);
                }
            }
            c @ (Command::BackupNow | Command::RestoreBackup(_)) => self.apply_backup(c),
            Command::SaveTalent { id, talent } => {
                let Some(actor) = self.session.clone() else { return };
                let saved = match id {
                    None => self.store.create_talent(&actor, &talent),
                    Some(id) => self.store.update_talent(&actor, id, &talent),
                };
                match saved {
                    Ok(t) => {
                        self.success("talents.saved", &[("name", t.name.clone())]);
                        if let Err(m) = self.talents.open_profile(&self.store, t.id) {
                            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
                        }
                    }
                    Err(e) => self.talents.form_error(Message::of(&e)),
                }
            }
            Command::MarkDistinct { flag_id } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.mark_distinct(&actor, flag_id) {
                    Ok(()) => self.success("duplicates.marked", &[]),
                    Err(e) => self.error(&e),
                }
            }
            Command::MergeDuplicate { flag_id, keep } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.merge_duplicate(&actor, flag_id, keep) {
                    Ok(()) => self.success("duplicates.merged", &[("id", keep.to_string())]),
                    Err(e) => self.error(&e),
                }
            }
            Command::CreateZone { code, name } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.create_zone(&actor, &code, &name) {
                    Ok(z) => {
                        self.talents.reference.clear();
                        self.success("zones.added", &[("name", z.name)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::SetZoneTarget(target) => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.set_zone_target(&actor, &target) {
                    Ok(()) => self.success("zones.target_saved", &[]),
                    Err(e) => self.error(&e),
                }
            }
            Command::CreateEmployer { name, code, zone_id } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.create_employer(&actor, &name, &code, zone_id) {
                    Ok(e) => {
                        self.talents.reference.clear();
                        self.success("employers.added", &[("name", e.name)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::AddShortage(entry) => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.add_shortage(&actor, &entry) {
                    Ok(_) => {
                        self.talents.reference.clear();
                        self.success("shortage.added", &[]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::CreateTeam(team) => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.create_team(&actor, &team) {
                    Ok(t) => {
                        self.teams.clear_forms();
                        self.success("teams.created", &[("name", t.name)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::SetTeamMember { team_id, talent_id, role } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.set_team_member(&actor, team_id, talent_id, &role) {
                    Ok(()) => {
                        self.teams.reload(&self.store);
                        self.success("teams.member_set", &[]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::SubmitApplication { kind, talent_id, summary } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.submit_application(&actor, kind, talent_id, &summary) {
                    Ok(a) => {
                        self.success("review.submitted", &[("id", a.id.to_string())]);
                        if let Err(m) = self.talents.open_profile(&self.store, talent_id) {
                            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
                        }
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::DecideApplications { ids, decision, reason } => {
                let Some(actor) = self.session.clone() else { return };
                let mut done = 0;
                let mut refused: Option<(i64, Message)> = None;
                for id in &ids {
                    match self.store.decide_application(&actor, *id, decision, &reason) {
                        Ok(_) => done += 1,
                        Err(e) => {
                            if refused.is_none() {
                                refused = Some((*id, Message::of(&e)));
                            }
                        }
                    }
                }
                match refused {
                    None => self.success("review.decided", &[("n", done.to_string())]),
                    Some((id, m)) => {
                        let reason = m.text(self.lang);
                        self.notice = Some(Notice {
                            kind: NoticeKind::Error,
                            message: Message {
                                key: "review.partly",
                                args: vec![("n", done.to_string()), ("id", id.to_string()), ("reason", reason)],
                            },
                        });
                    }
                }
                self.review.after_decisions(&self.store);
            }
            c @ (Command::IssueCard { .. }
            | Command::RenewCards { .. }
            | Command::ReportCardLost { .. }
            | Command::SetCardStatus { .. }
            | Command::OpenCard { .. }
            | Command::OpenTalent { .. }
            | Command::RequestReprint { .. }
            | Command::AdvancePrints { .. }
            | Command::AttachFamilyCard { .. }
            | Command::CancelFamilyCard { .. }
            | Command::LogServiceUse { .. }
            | Command::AddService(_)
            | Command::UpdateService { .. }) => self.apply_card(c),
            c @ (Command::AddAptProject { .. }
            | Command::AddAptUnit(_)
            | Command::SetMarketRent { .. }
            | Command::SetUnitRepair { .. }
            | Command::AllocateUnit(_)
            | Command::RenewLease { .. }
            | Command::EndLease { .. }
            | Command::RecordRentPayment { .. }
            | Command::OpenLease { .. }
            | Command::AddRentSubsidy { .. }) => self.apply_housing(c),
            c @ (Command::AddGrantProgramme { .. }
            | Command::SubmitGrant(_)
            | Command::OpenGrant { .. }
            | Command::MarkTrancheMet { .. }
            | Command::PayTranche { .. }
            | Command::StopGrant { .. }
            | Command::ClawBackGrant { .. }) => self.apply_grant(c),
            Command::ApplyImport { plan, mapping } => {
                let Some(actor) = self.session.clone() else { return };
                let saved = self.store.apply_import(&actor, &plan).and_then(|c| {
                    mapping.save(&mut self.store, &actor)?;
                    Ok(c)
                });
                match saved {
                    Ok(c) => {
                        self.talents.import.after_apply();
                        self.import_done(c);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::ImportDone(c) => self.import_done(c),
            c @ (Command::AddPolicyVersion { .. }
            | Command::SetWarningSettings(_)
            | Command::AcknowledgeAlert { .. }) => self.apply_policy(c),
            Command::AuditUnmaskedExport { list, file, verdict } => {
                let Some(actor) = self.session.clone() else { return };
                let result = self.store.record_unmasked_export(&actor, &crate::store::ExportOrigin::App, &list, &file);
                if let Err(e) = &result {
                    self.error(e);
                }
                // The screen waits for this before it writes a single row.
                let _ = verdict.set(result.map_err(|e| Message::of(&e)));
            }
            Command::CreateUser(new) => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.create_user(&actor, &new) {
                    Ok(user) => {
                        self.settings.users.clear_form();
                        self.success("users.added", &[("username", user.username)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::SetUserActive { user_id, active } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.set_user_active(&actor, user_id, active) {
                    Ok(()) => self.success(if active { "users.enabled" } else { "users.disabled" }, &[]),
                    Err(e) => self.error(&e),
                }
            }
            Command::ChangeOwnPassword { current, new } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.change_own_password(&actor, &current, &new) {
                    Ok(()) => {
                        self.settings.clear_passwords();
                        self.success("users.password_set", &[]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::UnmaskTalent { id } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.unmask_talent(&actor, id) {
                    Ok(unmasked) => self.talents.show_unmasked(id, unmasked),
                    Err(e) => self.error(&e),
                }
            }
            Command::SetUserAccess { user_id, zones, can_unmask } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.set_user_access(&actor, user_id, &zones, can_unmask) {
                    Ok(()) => self.success("access.saved", &[]),
                    Err(e) => self.error(&e),
                }
            }
            Command::SetPassword { user_id, password } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.set_password(&actor, user_id, &password) {
                    Ok(()) => {
                        self.settings.clear_passwords();
                        self.success("users.password_set", &[]);
                    }
                    Err(e) => self.settings.users.reset_failed(Message::of(&e)),
                }
            }
        }
    }
}
