//! Demo targets and warnings: this year's targets for every zone (talents, teams,
//! apartments let, grants awarded) set around each zone's own pace so some are ahead, some
//! amber and some red; renewals of cards that reached their expiry lately; a few leases
//! ending soon or past their must-leave-by date; applications waiting long at a step.

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, Store, ZoneTarget};
use crate::domain::dates::{add_years, fmt_date};
use crate::domain::housing::monthly_rent;
use crate::domain::targets::days_elapsed;
use crate::domain::{Actor, Fen, TierCode};

/// How far each zone's target sits above (or below) its own pace, in per cent.
const AMBITION: [i64; 6] = [90, 100, 115, 135, 160, 105];

fn targets(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<usize> {
    let d = super::dashboard::read(conn, &crate::domain::access::Scope::All, today)?;
    let (elapsed, days) = days_elapsed(today.year(), today);
    let full_year = |n: i64, i: usize| (n * days * AMBITION[i % AMBITION.len()] / (elapsed.max(1) * 100)).max(1);
    for (i, z) in d.zones.iter().enumerate() {
        let a = &z.actual;
        let target = ZoneTarget {
            zone_id: z.zone.id,
            year: i64::from(today.year()),
            talents: full_year(a.talents, i),
            teams: full_year(a.teams, i),
            apartments: full_year(a.apartments, i),
            // Whole ten thousands of yuan, as targets are set.
            grants: Fen(full_year(a.grants.fen().max(100_000_000), i) / 1_000_000 * 1_000_000),
        };
        super::registry::set_zone_target(conn, actor, &target)?;
    }
    Ok(d.zones.len())
}

/// Every second active card that reached its expiry in the last 90 days was renewed a few
/// days before it (never beyond the recognition term).
fn renewals(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<usize> {
    let due: Vec<(i64, NaiveDate, Option<NaiveDate>, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT c.id, c.expires_on, t.recognised_until, c.policy_version FROM cards c JOIN talents t ON t.id = c.talent_id
             WHERE c.status = 'active' AND c.expires_on < :today AND c.expires_on >= :from AND c.id % 2 = 0",
        )?;
        stmt.query_map(named_params! { ":today": today, ":from": today - Days::new(90) }, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let now = now_text();
    let mut renewed = 0;
    for (id, old, recognised, policy) in due {
        let new = recognised.map_or(add_years(old, 5), |r| r.min(add_years(old, 5)));
        if new <= today {
            continue;
        }
        let on = old - Days::new(u64::try_from(id % 25).unwrap_or(0));
        conn.execute(
            "UPDATE cards SET expires_on = :e, updated_at = :now WHERE id = :id",
            named_params! { ":e": new, ":now": now, ":id": id },
        )?;
        conn.execute(
            "INSERT INTO card_events (card_id, event, on_date, reason, old_expiry, new_expiry, policy_version, user_id, at)
             VALUES (:c, 'renewed', :on, '', :old, :new, :p, :u, :now)",
            named_params! { ":c": id, ":on": on, ":old": old, ":new": new, ":p": policy, ":u": actor.user_id, ":now": now },
        )?;
        renewed += 1;
    }
    Ok(renewed)
}

/// Leases that end within 30, 60 and 90 days in vacant units, one that ended twelve days ago
/// but whose tenant stayed on, and two tenants past the must-leave-by date after leaving
/// their employer four months ago.
fn leases(conn: &Connection, today: NaiveDate) -> Result<()> {
    let versions = super::policy::versions(conn)?;
    let Some(policy) = crate::domain::policy::in_force(&versions, today).cloned() else { return Ok(()) };
    let units: Vec<(i64, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT u.id, (SELECT r.monthly FROM apt_market_rents r WHERE r.unit_id = u.id ORDER BY r.effective_from DESC LIMIT 1)
             FROM apt_units u WHERE u.under_repair = 0 AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.unit_id = u.id)
             ORDER BY u.id LIMIT 5",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    let holders: Vec<(i64, String)> = {
        let mut stmt = conn.prepare(
            "SELECT t.id, t.tier FROM cards c JOIN talents t ON t.id = c.talent_id
             WHERE c.status = 'active' AND c.expires_on > :end AND c.issued_on <= :start
               AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.talent_id = t.id)
               AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.talent_id = t.id AND a.kind = 'apartment')
             ORDER BY c.id DESC LIMIT 5",
        )?;
        let (start, end) = (today - Days::new(330), today + Days::new(90));
        stmt.query_map(named_params! { ":start": start, ":end": end }, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let now = now_text();
    for (i, ((unit, market), (talent, tier))) in units.into_iter().zip(holders).enumerate() {
        let share =
            TierCode::parse(&tier).ok().and_then(|t| policy.policy.tier(&t).map(|r| r.rent)).unwrap_or_default();
        let rent = monthly_rent(Fen(market), share);
        let end = match i {
            4 => today - Days::new(12),
            _ => today + Days::new([20, 45, 80, 300][i % 4]),
        };
        conn.execute(
            "INSERT INTO leases (unit_id, talent_id, start_on, end_on, rent_share, market_rent, monthly_rent, deposit,
                                 policy_version, signed_on, status, created_at, updated_at)
             VALUES (:u, :t, :s, :e, :share, :m, :rent, :dep, :pv, :s, 'active', :now, :now)",
            named_params! {
                ":u": unit, ":t": talent, ":s": today - Days::new(330), ":e": end, ":share": share.0, ":m": market,
                ":rent": rent.fen(), ":dep": rent.fen() * 2, ":pv": policy.id, ":now": now,
            },
        )?;
        if i == 3 {
            super::leases::mark_exit(conn, talent, today - Days::new(120), "已从用人单位离职")?;
        }
    }
    let tenant: Option<i64> = conn
        .query_row("SELECT talent_id FROM leases WHERE status = 'active' ORDER BY id LIMIT 1", [], |r| r.get(0))
        .ok();
    if let Some(t) = tenant {
        super::leases::mark_exit(conn, t, today - Days::new(100), "绿卡已注销")?;
    }
    Ok(())
}

/// Card applications that have waited 20 to 45 days at a review step.
fn waiting(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<()> {
    let talents: Vec<i64> = {
        let mut stmt = conn.prepare(
            "SELECT t.id FROM talents t WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.talent_id = t.id)
               AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.talent_id = t.id) ORDER BY t.id LIMIT 6",
        )?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    for (i, t) in talents.into_iter().enumerate() {
        let since = format!("{} 09:30:00", fmt_date(today - Days::new(20 + 5 * i as u64)));
        let kind = super::ApplicationKind::Card;
        super::applications::insert_demo_reviewed(conn, actor, kind, t, "申请办理人才绿卡", 1 + i % 3, &since)?;
    }
    Ok(())
}

impl Store {
    /// Writes the demo targets and the causes of warnings (after the other demo data) in
    /// one transaction; returns how many zones got targets.
    pub fn insert_demo_targets(&mut self, actor: &Actor, today: NaiveDate) -> Result<usize> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_every_zone()?;
        let renewed = renewals(&tx, &rights.actor, today)?;
        leases(&tx, today)?;
        waiting(&tx, &rights.actor, today)?;
        let zones = targets(&tx, &rights.actor, today)?;
        audit::record(
            &tx,
            Some(&rights.actor),
            Change {
                action: "demo.generate",
                entity: "zone_target",
                entity_id: None,
                old: None,
                new: Some(serde_json::json!({ "zones": zones, "renewals": renewed })),
            },
        )?;
        tx.commit()?;
        Ok(zones)
    }
}
