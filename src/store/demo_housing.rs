//! Demo talent apartments: two projects per zone, units of realistic size and rent, leases
//! for card holders of the zone at the policy's share, a year of payments with some tenants
//! behind, a few units under repair, and approved applicants waiting for a unit.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, Store};
use crate::domain::housing::{RentTerms, charges, last_allowed_day, monthly_rent};
use crate::domain::{Actor, Bp, Fen, TierCode};

const LAYOUTS: [(&str, i64); 4] = [("一室一厅", 4_550), ("两室一厅", 7_820), ("两室两厅", 8_960), ("三室两厅", 11_540)];

fn insert(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<usize> {
    let versions = super::policy::versions(conn)?;
    let Some(policy) = crate::domain::policy::in_force(&versions, today).cloned() else { return Ok(0) };
    let share = |tier: &str| {
        TierCode::parse(tier).ok().and_then(|t| policy.policy.tier(&t).map(|r| r.rent)).unwrap_or(Bp(7_000))
    };
    let zones: Vec<(i64, String)> = {
        let mut stmt = conn.prepare("SELECT id, name FROM zones ORDER BY id")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    let now = now_text();
    let opened = today - chrono::Days::new(800);
    let mut leases = 0;
    for (z, (zone_id, zone_name)) in zones.iter().enumerate() {
        // Valid card holders of the zone, the first ones by card number.
        let holders: Vec<(i64, String)> = {
            let mut stmt = conn.prepare_cached(
                "SELECT t.id, t.tier FROM cards c JOIN talents t ON t.id = c.talent_id
                 WHERE t.zone_id = :z AND c.status = 'active' AND c.expires_on >= :today AND c.issued_on <= :opened
                 ORDER BY c.id LIMIT 80",
            )?;
            stmt.query_map(named_params! { ":z": zone_id, ":today": today, ":opened": opened }, |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        let mut holders = holders.into_iter();
        for phase in ["一期", "二期"] {
            conn.execute(
                "INSERT INTO apt_projects (name, zone_id, address, created_at, updated_at) VALUES (:n, :z, :a, :now, :now)",
                named_params! {
                    ":n": format!("{zone_name}人才公寓{phase}"), ":z": zone_id,
                    ":a": format!("{zone_name}人才路 {} 号", 10 + z * 2 + usize::from(phase == "二期")), ":now": now,
                },
            )?;
            let project = conn.last_insert_rowid();
            for building in 1..=3 {
                for floor in 1..=4i64 {
                    for door in 1..=3i64 {
                        let (layout, area) = LAYOUTS[((building + floor + door) % 4) as usize];
                        let area = area + (door * 37 + floor * 11) % 300;
                        // About ¥42 a square metre, in tens of yuan.
                        let market = Fen(area * 42 / 1_000 * 1_000);
                        let repair = (project + building * 7 + floor * 3 + door) % 19 == 0;
                        conn.execute(
                            "INSERT INTO apt_units (project_id, building, unit, floor, area, layout, under_repair, created_at, updated_at)
                             VALUES (:p, :b, :u, :f, :a, :l, :r, :now, :now)",
                            named_params! {
                                ":p": project, ":b": building.to_string(), ":u": format!("{floor}0{door}"), ":f": floor,
                                ":a": area, ":l": layout, ":r": repair, ":now": now,
                            },
                        )?;
                        let unit = conn.last_insert_rowid();
                        conn.execute(
                            "INSERT INTO apt_market_rents (unit_id, effective_from, monthly, created_at) VALUES (:u, :d, :m, :now)",
                            named_params! { ":u": unit, ":d": opened, ":m": market.fen(), ":now": now },
                        )?;
                        // Three units in four are let; the rest stay vacant.
                        if repair || (project + floor * 5 + door * 3 + building) % 4 == 0 {
                            continue;
                        }
                        let Some((talent, tier)) = holders.next() else { continue };
                        let start = opened + chrono::Days::new(((unit * 53) % 700) as u64);
                        let end = last_allowed_day(start, 3);
                        let share = share(&tier);
                        let monthly = monthly_rent(market, share);
                        conn.execute(
                            "INSERT INTO leases (unit_id, talent_id, start_on, end_on, rent_share, market_rent, monthly_rent,
                                                 deposit, policy_version, signed_on, status, created_at, updated_at)
                             VALUES (:u, :t, :s, :e, :share, :m, :rent, :dep, :pv, min(:s, :today), 'active', :now, :now)",
                            named_params! {
                                ":u": unit, ":t": talent, ":s": start, ":e": end, ":share": share.0, ":m": market.fen(),
                                ":rent": monthly.fen(), ":dep": monthly.fen() * 2, ":pv": policy.id, ":now": now,
                                ":today": today,
                            },
                        )?;
                        let lease = conn.last_insert_rowid();
                        leases += 1;
                        // Paid up, but every seventh tenant is two or three months behind.
                        let owed: i64 =
                            charges(start, end, RentTerms::flat(monthly), today).iter().map(|c| c.amount.fen()).sum();
                        let behind = if lease % 7 == 0 { monthly.fen() * (2 + lease % 2) } else { 0 };
                        let paid = (owed - behind).max(0);
                        if paid > 0 {
                            conn.execute(
                                "INSERT INTO rent_payments (lease_id, paid_on, amount, note, user_id, at)
                                 VALUES (:l, :d, :a, '银行代扣', :user, :now)",
                                named_params! { ":l": lease, ":d": today.min(end), ":a": paid, ":user": actor.user_id, ":now": now },
                            )?;
                        }
                    }
                }
            }
        }
        // The next holders of the zone have applied and wait for a unit.
        for (talent, _) in holders.take(3) {
            super::applications::insert_demo_reviewed(
                conn,
                actor,
                super::ApplicationKind::Apartment,
                talent,
                "申请入住人才公寓",
                4,
                &now,
            )?;
        }
    }
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "demo.generate",
            entity: "lease",
            entity_id: None,
            old: None,
            new: Some(serde_json::json!({ "leases": leases })),
        },
    )?;
    Ok(leases)
}

impl Store {
    /// Writes the demo apartments, leases, payments and waiting applicants (after the demo
    /// cards) in one transaction; returns how many leases were signed.
    pub fn insert_demo_housing(&mut self, actor: &Actor, today: NaiveDate) -> Result<usize> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_every_zone()?;
        let n = insert(&tx, &rights.actor, today)?;
        tx.commit()?;
        Ok(n)
    }
}
