//! One ledger per talent: everything the office gives them in one place — card services
//! used, the apartment and its rent discount, grants and rewards against their caps — and
//! any combination the policy forbids.

use chrono::NaiveDate;
use rusqlite::named_params;

use super::{Grant, Result, Store};
use crate::domain::{Fen, Message};

/// A talent's entitlement ledger on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entitlements {
    /// Uses of each card service: (service code, count), most used first.
    pub service_uses: Vec<(String, i64)>,
    /// Rent charged to date over all leases.
    pub rent_charged: Fen,
    /// What the same months would have cost at market rent, minus what was charged.
    pub rent_discount: Fen,
    /// Grants and rewards, newest first.
    pub grants: Vec<Grant>,
    /// Cash rent subsidies: (from, to, monthly).
    pub subsidies: Vec<(NaiveDate, NaiveDate, Fen)>,
    /// Combinations the policy forbids, explained.
    pub conflicts: Vec<Message>,
}

impl Store {
    /// The entitlement ledger of a talent on `day`.
    pub fn entitlements(&self, talent_id: i64, day: NaiveDate) -> Result<Entitlements> {
        self.visible(super::access::Record::Talent(talent_id))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.service, count(*) FROM service_uses u JOIN cards c ON c.id = u.card_id
             WHERE c.talent_id = :t GROUP BY u.service ORDER BY count(*) DESC, u.service",
        )?;
        let service_uses = stmt
            .query_map(named_params! { ":t": talent_id }, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
        let leases = self.leases_of(talent_id)?;
        let (mut charged, mut at_market) = (0i64, 0i64);
        for l in &leases {
            charged += l.charges(day).iter().map(|c| c.amount.fen()).sum::<i64>();
            let flat = crate::domain::housing::RentTerms::flat(l.market_rent);
            let market = crate::domain::housing::charges(l.start_on, l.last_day(), flat, day);
            at_market += market.iter().map(|c| c.amount.fen()).sum::<i64>();
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_on, to_on, monthly FROM rent_subsidies WHERE talent_id = :t ORDER BY from_on",
        )?;
        let subsidies = stmt
            .query_map(named_params! { ":t": talent_id }, |r| Ok((r.get(0)?, r.get(1)?, Fen(r.get(2)?))))?
            .collect::<rusqlite::Result<Vec<(NaiveDate, NaiveDate, Fen)>>>()?;
        let mut conflicts = Vec::new();
        for (from, to, _) in &subsidies {
            for l in leases.iter().filter(|l| l.start_on <= *to && l.last_day() >= *from) {
                conflicts.push(Message {
                    key: "ledger.conflict_subsidy",
                    args: vec![
                        ("from", crate::domain::dates::fmt_date(*from.max(&l.start_on))),
                        ("to", crate::domain::dates::fmt_date(*to.min(&l.last_day()))),
                    ],
                });
            }
        }
        Ok(Entitlements {
            service_uses,
            rent_charged: Fen(charged),
            rent_discount: Fen(at_market - charged),
            grants: self.grants_of(talent_id)?,
            subsidies,
            conflicts,
        })
    }
}
