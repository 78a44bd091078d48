//! Applying the commands of the 创业资助 section: programmes, applications, tranches, stops
//! and clawbacks; the open grant page is read again after each.

use super::{GreencardApp, Notice, NoticeKind, Section};
use crate::ui::command::Command;

impl GreencardApp {
    /// Reads the open grant page again after a change.
    fn reopen_grant(&mut self, id: i64) {
        if let Err(m) = self.grants.open_grant(&self.store, id) {
            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
        }
    }

    /// Applies one grant command (the others are not passed here).
    pub(super) fn apply_grant(&mut self, command: Command) {
        let Some(actor) = self.session.clone() else { return };
        let today = chrono::Local::now().date_naive();
        match command {
            Command::OpenGrant { id } => {
                self.section = Section::Grants;
                self.reopen_grant(id);
            }
            Command::AddGrantProgramme { name, year, budget, plan } => {
                match self.store.add_grant_programme(&actor, &name, year, budget, &plan) {
                    Ok(p) => {
                        self.grants.after_change();
                        self.success("grant.programme_added", &[("name", p.name)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::SubmitGrant(new) => match self.store.submit_grant(&actor, &new) {
                Ok(g) => {
                    self.grants.after_change();
                    self.success("grant.submitted", &[("id", g.application_id.to_string()), ("project", g.project)]);
                }
                Err(e) => self.error(&e),
            },
            Command::MarkTrancheMet { grant_id, tranche_id } => {
                match self.store.mark_tranche_met(&actor, tranche_id, today) {
                    Ok(()) => self.success("grant.met_ok", &[]),
                    Err(e) => self.error(&e),
                }
                self.reopen_grant(grant_id);
            }
            Command::PayTranche { grant_id, tranche_id } => {
                match self.store.pay_tranche(&actor, tranche_id, today) {
                    Ok(()) => self.success("grant.paid_ok", &[]),
                    Err(e) => self.error(&e),
                }
                self.reopen_grant(grant_id);
            }
            Command::StopGrant { id, reason } => {
                match self.store.stop_grant(&actor, id, today, &reason) {
                    Ok(()) => self.success("grant.stopped_ok", &[]),
                    Err(e) => self.error(&e),
                }
                self.reopen_grant(id);
            }
            Command::ClawBackGrant { id, amount, reason } => {
                match self.store.claw_back_grant(&actor, id, amount, today, &reason) {
                    Ok(()) => self.success("grant.clawed_ok", &[("amount", amount.to_string())]),
                    Err(e) => self.error(&e),
                }
                self.reopen_grant(id);
            }
            _ => {}
        }
    }
}
