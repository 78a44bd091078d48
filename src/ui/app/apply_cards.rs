//! Applying the commands of the 绿卡 section and the card page: issue, renew, reissue,
//! suspend, revoke, attached cards, service uses, the print queue and the service catalogue.

use super::{GreencardApp, Notice, NoticeKind};
use crate::domain::Message;
use crate::ui::command::Command;

impl GreencardApp {
    /// Applies one card command (the others are not passed here).
    pub(super) fn apply_card(&mut self, command: Command) {
        let today = crate::ui::clock::today();
        match command {
            Command::OpenCard { card_id } => self.open_card(card_id),
            Command::OpenTalent { id } => self.open_talent(id),
            Command::IssueCard { application_id } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.issue_card(&actor, application_id, today) {
                    Ok(card) => self.success("cards.issued", &[("number", card.number), ("name", card.holder)]),
                    Err(e) => self.error(&e),
                }
            }
            Command::RenewCards { ids } => {
                let Some(actor) = self.session.clone() else { return };
                let mut done = Vec::new();
                let mut refused: Option<(i64, Message)> = None;
                for id in ids {
                    match self.store.renew_card(&actor, id, today) {
                        Ok(card) => done.push(card),
                        Err(e) => {
                            if refused.is_none() {
                                refused = Some((id, Message::of(&e)));
                            }
                        }
                    }
                }
                self.cards.after_renewal();
                match refused {
                    None if done.len() == 1 => self.success(
                        "cards.renewed_one",
                        &[
                            ("number", done[0].number.clone()),
                            ("date", crate::domain::dates::fmt_date(done[0].expires_on)),
                        ],
                    ),
                    None => self.success("cards.renewed", &[("n", done.len().to_string())]),
                    Some((_, m)) => self.notice = Some(Notice { kind: NoticeKind::Error, message: m }),
                }
                self.reopen_card(None);
                self.reopen_profile();
            }
            Command::ReportCardLost { card_id, reason } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.report_card_lost(&actor, card_id, today, &reason) {
                    Ok(card) => {
                        self.success("cards.reissued", &[("number", card.number.clone())]);
                        if self.cards.open_card_id() == Some(card_id) {
                            self.reopen_card(Some(card.id));
                        }
                    }
                    Err(e) => self.error(&e),
                }
                self.reopen_profile();
            }
            Command::SetCardStatus { card_id, to, reason } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.set_card_status(&actor, card_id, to, today, &reason) {
                    Ok(card) => self.success("cards.status_set", &[("number", card.number)]),
                    Err(e) => self.error(&e),
                }
                self.reopen_card(None);
                self.reopen_profile();
            }
            Command::RequestReprint { card_id, family_card_id, reason } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.request_reprint(&actor, card_id, family_card_id, today, &reason) {
                    Ok(job) => self.success("print.requested_ok", &[("number", job.number)]),
                    Err(e) => self.error(&e),
                }
                self.reopen_card(None);
            }
            Command::AdvancePrints { ids } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.advance_prints(&actor, &ids, today) {
                    Ok(jobs) => self.success("print.advanced", &[("n", jobs.len().to_string())]),
                    Err(e) => self.error(&e),
                }
                self.cards.after_prints();
            }
            Command::AttachFamilyCard { card_id, member } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.attach_family_card(&actor, card_id, &member, today) {
                    Ok(f) => {
                        self.cards.after_family_issued();
                        self.success("family.issued", &[("number", f.number), ("name", f.name)]);
                    }
                    Err(e) => self.error(&e),
                }
                self.reopen_card(None);
            }
            Command::CancelFamilyCard { id, reason } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.cancel_family_card(&actor, id, today, &reason) {
                    Ok(f) => self.success("family.cancelled", &[("number", f.number)]),
                    Err(e) => self.error(&e),
                }
                self.reopen_card(None);
            }
            Command::LogServiceUse { card_id, service_use } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.log_service_use(&actor, card_id, None, &service_use) {
                    Ok(_) => {
                        self.success("service.logged", &[]);
                        self.reopen_card(None);
                    }
                    Err(e) => {
                        self.reopen_card(None);
                        self.cards.service_refused(Message::of(&e));
                    }
                }
            }
            Command::AddService(names) => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.add_service(&actor, &names) {
                    Ok(s) => {
                        self.settings.services.clear_form();
                        self.success("service.added", &[("name", s.name(self.lang).to_string())]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::UpdateService { code, names, active } => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.update_service(&actor, &code, &names, active) {
                    Ok(s) => {
                        self.settings.services.clear_form();
                        self.success("service.updated", &[("name", s.name(self.lang).to_string())]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            _ => {}
        }
    }
}
