//! Applying the commands of the 人才公寓 section: inventory, allocation, renewal, the end of
//! a lease and rent payments; the open lease page is read again after each.

use super::{GreencardApp, Notice, NoticeKind, Section};
use crate::domain::Message;
use crate::ui::command::Command;

impl GreencardApp {
    /// Reads the open lease page again after a change.
    fn reopen_lease(&mut self, id: Option<i64>) {
        if let Some(id) = id.or(self.housing.open_lease_id())
            && let Err(m) = self.housing.open_lease(&self.store, id)
        {
            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
        }
    }

    /// Applies one housing command (the others are not passed here).
    pub(super) fn apply_housing(&mut self, command: Command) {
        let Some(actor) = self.session.clone() else { return };
        match command {
            Command::OpenLease { id } => {
                self.section = Section::Housing;
                self.reopen_lease(Some(id));
            }
            Command::AddAptProject { name, zone_id, address } => {
                match self.store.add_apt_project(&actor, &name, zone_id, &address) {
                    Ok(p) => {
                        self.housing.after_change();
                        self.success("housing.project_added", &[("name", p.name)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::AddAptUnit(unit) => match self.store.add_apt_unit(&actor, &unit) {
                Ok(u) => {
                    self.housing.after_change();
                    self.success("housing.unit_added", &[("unit", format!("{} {}", u.project_name, u.label()))]);
                }
                Err(e) => self.error(&e),
            },
            Command::SetMarketRent { unit_id, from, monthly } => {
                match self.store.set_market_rent(&actor, unit_id, from, monthly) {
                    Ok(()) => {
                        self.housing.after_change();
                        self.success(
                            "housing.rent_set",
                            &[("rent", monthly.to_string()), ("date", crate::domain::dates::fmt_date(from))],
                        );
                    }
                    Err(e) => self.error(&e),
                }
            }
            Command::SetUnitRepair { unit_id, repair } => match self.store.set_unit_repair(&actor, unit_id, repair) {
                Ok(()) => self.success(if repair { "housing.repair_set" } else { "housing.repair_done" }, &[]),
                Err(e) => self.error(&e),
            },
            Command::AllocateUnit(new) => match self.store.allocate_unit(&actor, &new, crate::ui::clock::today()) {
                Ok(l) => {
                    self.housing.after_change();
                    self.success(
                        "housing.allocated",
                        &[
                            ("name", l.talent_name.clone()),
                            ("unit", format!("{} {}栋 {}", l.project_name, l.building, l.unit)),
                            ("rent", l.monthly_rent.to_string()),
                        ],
                    );
                }
                Err(e) => self.housing.allocation_refused(Message::of(&e)),
            },
            Command::RenewLease { id, new_end } => {
                match self.store.renew_lease(&actor, id, new_end, crate::ui::clock::today()) {
                    Ok(l) => self.success("lease.renewed", &[("date", crate::domain::dates::fmt_date(l.end_on))]),
                    Err(e) => self.error(&e),
                }
                self.reopen_lease(Some(id));
            }
            Command::EndLease { id, on, reason } => {
                match self.store.end_lease(&actor, id, on, &reason) {
                    Ok(_) => self.success("lease.ended_ok", &[]),
                    Err(e) => self.error(&e),
                }
                self.reopen_lease(Some(id));
            }
            Command::RecordRentPayment { lease_id, paid_on, amount, note } => {
                match self.store.record_rent_payment(&actor, lease_id, paid_on, amount, &note) {
                    Ok(()) => self.success("lease.payment_recorded", &[("amount", amount.to_string())]),
                    Err(e) => self.error(&e),
                }
                self.reopen_lease(Some(lease_id));
            }
            Command::AddRentSubsidy { talent_id, from, to, monthly } => {
                match self.store.add_rent_subsidy(&actor, talent_id, from, to, monthly) {
                    Ok(()) => self.success("subsidy.added", &[("amount", monthly.to_string())]),
                    Err(e) => self.error(&e),
                }
                self.reopen_profile();
            }
            _ => {}
        }
    }
}
