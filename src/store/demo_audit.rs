//! A long demo audit log, for the audit screen's figures: talent changes, logins, card and
//! lease work spread over past days by the demo users, hash-chained like any other rows.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::named_params;

use super::audit::{Change, record_at};
use super::{Result, Store, users};
use crate::domain::Actor;

impl Store {
    /// Appends `rows` generated audit rows, oldest first, from `days` days before `today` up
    /// to it, in one transaction (about 60,000 rows a second). For benchmarks and looking.
    pub fn insert_demo_audit(&mut self, actor: &Actor, rows: usize, days: u32, today: NaiveDate) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_every_zone()?;
        let people: Vec<Actor> = users::list(&tx)?.iter().map(users::User::actor).collect();
        let talents: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM talents", named_params! {}, |r| r.get(0))?;
        let start = today.and_hms_opt(8, 0, 0).unwrap_or_default() - TimeDelta::days(i64::from(days));
        let step = TimeDelta::milliseconds(i64::from(days) * 86_400_000 / rows.max(1) as i64);
        for i in 0..rows {
            let who = &people[i % people.len().max(1)];
            let at = (start + step * i as i32).format("%Y-%m-%d %H:%M:%S").to_string();
            let talent = (i as i64 * 7919) % talents.max(1) + 1;
            let phone = |n: usize| format!("13{:09}", (n * 104_729) % 1_000_000_000);
            let change = match i % 5 {
                0 => Change {
                    action: "talent.update",
                    entity: "talent",
                    entity_id: Some(talent),
                    old: Some(serde_json::json!({ "phone": phone(i), "title": "副高级" })),
                    new: Some(serde_json::json!({ "phone": phone(i + 1), "title": "正高级" })),
                },
                1 => {
                    Change { action: "user.login", entity: "user", entity_id: Some(who.user_id), old: None, new: None }
                }
                2 => Change {
                    action: "card.renew",
                    entity: "card",
                    entity_id: Some(talent),
                    old: None,
                    new: Some(serde_json::json!({ "expires_on": "2031-12-31" })),
                },
                3 => Change {
                    action: "rent.payment",
                    entity: "lease",
                    entity_id: Some(talent % 300 + 1),
                    old: None,
                    new: Some(serde_json::json!({ "amount": 192_500, "note": "" })),
                },
                _ => Change {
                    action: "talent.unmask",
                    entity: "talent",
                    entity_id: Some(talent),
                    old: None,
                    new: Some(serde_json::json!({ "shown": ["doc_number", "phone"] })),
                },
            };
            record_at(&tx, Some(who), change, at)?;
        }
        tx.commit()?;
        Ok(())
    }
}
