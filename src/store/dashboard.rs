//! The figures of the 统计 dashboard: talents by zone and tier, cards by state, cards issued
//! and renewed per month, apartment occupancy by project, grant budgets, and each zone's
//! year-to-date figures against its targets. The large counts (talents, cards, card events)
//! are read from counter tables that triggers keep in the writing transaction (schema version
//! 13), so opening the page reads a few hundred rows, not a million; the small tables
//! (teams, leases, grants, units) are counted as they are.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, named_params};

use super::grants::Programme;
use super::{Result, Store, Zone, ZoneTarget};
use crate::domain::Fen;
use crate::domain::dates::add_months;

/// How many cards are in each state on the day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardStates {
    /// Active and not past expiry.
    pub valid: i64,
    /// Active but past expiry (expired is derived, never stored).
    pub expired: i64,
    /// Suspended.
    pub suspended: i64,
    /// Revoked.
    pub revoked: i64,
    /// Voided after a loss.
    pub voided: i64,
}

/// Cards issued and renewed in one month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthCards {
    /// The month's first day.
    pub month: NaiveDate,
    /// First issues.
    pub issued: i64,
    /// Renewals.
    pub renewed: i64,
}

/// One housing project's units on the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occupancy {
    /// Project name.
    pub project: String,
    /// Its zone.
    pub zone_name: String,
    /// Units.
    pub units: i64,
    /// Let on the day.
    pub let_units: i64,
    /// Under repair (and not let).
    pub repair: i64,
}

/// What a zone reached in the year so far, by target kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actuals {
    /// Talents who arrived in the year.
    pub talents: i64,
    /// Teams introduced in the year.
    pub teams: i64,
    /// Leases starting in the year in the zone's projects.
    pub apartments: i64,
    /// Awards fixed in the year for the zone's talents.
    pub grants: Fen,
}

/// One zone on the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneFigures {
    /// The zone.
    pub zone: Zone,
    /// Talents by tier code (sorted by code), merged records left out.
    pub by_tier: Vec<(String, i64)>,
    /// The year's targets, if set.
    pub target: Option<ZoneTarget>,
    /// The year's figures so far.
    pub actual: Actuals,
}

impl ZoneFigures {
    /// All talents of the zone.
    pub fn talents(&self) -> i64 {
        self.by_tier.iter().map(|(_, n)| n).sum()
    }
}

/// Everything the dashboard shows, as of a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// The day.
    pub today: NaiveDate,
    /// The year of the targets (the day's year).
    pub year: i32,
    /// Every zone, by code.
    pub zones: Vec<ZoneFigures>,
    /// Cards by state.
    pub cards: CardStates,
    /// The last twelve months, oldest first.
    pub months: Vec<MonthCards>,
    /// Projects by name.
    pub occupancy: Vec<Occupancy>,
    /// The year's grant programmes.
    pub programmes: Vec<Programme>,
}

/// The year's awards by the zone of their talent. CROSS JOIN keeps the few grants the outer
/// loop: left to itself the planner walks a million talents in zone order to save sorting
/// the groups (60 ms instead of 1 ms at a million talents).
const GRANTS_BY_ZONE: &str = "SELECT t.zone_id, sum(g.award) FROM grants g CROSS JOIN talents t ON t.id = g.talent_id
     WHERE g.award IS NOT NULL AND g.awarded_on >= :from AND g.awarded_on <= :to GROUP BY t.zone_id";

fn by_zone(conn: &Connection, sql: &str, params: &[(&str, &dyn rusqlite::ToSql)]) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn card_states(conn: &Connection, today: NaiveDate) -> Result<CardStates> {
    // Valid and expired split the active cards at the day: a range of the counter's days.
    Ok(conn.query_row(
        "SELECT coalesce(sum(CASE WHEN status = 'active' AND expires_on >= :d THEN n END), 0),
                coalesce(sum(CASE WHEN status = 'active' AND expires_on < :d THEN n END), 0),
                coalesce(sum(CASE WHEN status = 'suspended' THEN n END), 0),
                coalesce(sum(CASE WHEN status = 'revoked' THEN n END), 0),
                coalesce(sum(CASE WHEN status = 'voided' THEN n END), 0)
         FROM card_counts",
        named_params! { ":d": today },
        |r| {
            Ok(CardStates {
                valid: r.get(0)?,
                expired: r.get(1)?,
                suspended: r.get(2)?,
                revoked: r.get(3)?,
                voided: r.get(4)?,
            })
        },
    )?)
}

fn months(conn: &Connection, today: NaiveDate) -> Result<Vec<MonthCards>> {
    let this_month = today.with_day(1).unwrap_or(today);
    let first = this_month.checked_sub_months(chrono::Months::new(11)).unwrap_or(this_month);
    let mut out: Vec<MonthCards> =
        (0..12).map(|i| MonthCards { month: add_months(first, i), issued: 0, renewed: 0 }).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT month, coalesce(sum(CASE WHEN event = 'issued' THEN n END), 0),
                coalesce(sum(CASE WHEN event = 'renewed' THEN n END), 0)
         FROM card_event_counts WHERE month >= :from AND month <= :to GROUP BY month",
    )?;
    let (from, to) = (first.format("%Y-%m").to_string(), today.format("%Y-%m").to_string());
    let rows = stmt.query_map(named_params! { ":from": from, ":to": to }, |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    })?;
    for row in rows {
        let (month, issued, renewed) = row?;
        if let Some(m) = out.iter_mut().find(|m| m.month.format("%Y-%m").to_string() == month) {
            (m.issued, m.renewed) = (issued, renewed);
        }
    }
    Ok(out)
}

fn occupancy(conn: &Connection, today: NaiveDate) -> Result<Vec<Occupancy>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT project_name, zone_name, count(*), sum(let_now), sum(NOT let_now AND under_repair)
         FROM ({}) GROUP BY project_id ORDER BY project_name",
        super::housing::UNIT_SELECT
    ))?;
    let rows = stmt.query_map(named_params! { ":day": today }, |r| {
        Ok(Occupancy {
            project: r.get(0)?,
            zone_name: r.get(1)?,
            units: r.get(2)?,
            let_units: r.get(3)?,
            repair: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads the dashboard as of `today`.
pub(crate) fn read(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    let year = today.year();
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let zones = super::registry::zones(conn)?;
    let targets = super::registry::zone_targets(conn, i64::from(year))?;
    let mut tiers: Vec<(i64, String, i64)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT zone_id, tier, sum(n) AS total FROM talent_counts GROUP BY zone_id, tier HAVING total > 0",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?
    };
    tiers.sort();
    let period = named_params! { ":from": from, ":to": to };
    let talents = by_zone(
        conn,
        "SELECT zone_id, sum(n) FROM talent_counts WHERE arrival_year = :year GROUP BY zone_id",
        named_params! { ":year": year },
    )?;
    let teams = by_zone(
        conn,
        "SELECT zone_id, count(*) FROM teams WHERE introduced_on >= :from AND introduced_on <= :to GROUP BY zone_id",
        period,
    )?;
    let apartments = by_zone(
        conn,
        "SELECT p.zone_id, count(*) FROM leases l JOIN apt_units u ON u.id = l.unit_id JOIN apt_projects p ON p.id = u.project_id
         WHERE l.start_on >= :from AND l.start_on <= :to GROUP BY p.zone_id",
        period,
    )?;
    let grants = by_zone(conn, GRANTS_BY_ZONE, period)?;
    let of = |rows: &[(i64, i64)], zone: i64| rows.iter().find(|(z, _)| *z == zone).map_or(0, |(_, n)| *n);
    let zones = zones
        .into_iter()
        .map(|zone| ZoneFigures {
            by_tier: tiers.iter().filter(|(z, _, _)| *z == zone.id).map(|(_, t, n)| (t.clone(), *n)).collect(),
            target: targets.iter().find(|t| t.zone_id == zone.id).cloned(),
            actual: Actuals {
                talents: of(&talents, zone.id),
                teams: of(&teams, zone.id),
                apartments: of(&apartments, zone.id),
                grants: Fen(of(&grants, zone.id)),
            },
            zone,
        })
        .collect();
    Ok(Dashboard {
        today,
        year,
        zones,
        cards: card_states(conn, today)?,
        months: months(conn, today)?,
        occupancy: occupancy(conn, today)?,
        programmes: super::grants::programmes(conn, Some(i64::from(year)))?,
    })
}

impl Store {
    /// The dashboard's figures as of `today`.
    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard> {
        read(&self.conn, today)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rusqlite::params;

    use super::*;

    /// The rows of `sql` (three key columns and a count), sorted.
    fn rows(conn: &Connection, sql: &str) -> Vec<(String, String, String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut out: Vec<_> = stmt
            .query_map([], |r| {
                let text = |i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"));
                Ok((text(0)?, text(1)?, text(2)?, r.get(3)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        out.sort();
        out
    }

    fn counters_agree(conn: &Connection) {
        let talents = "SELECT zone_id, tier, coalesce(CAST(substr(arrival_date, 1, 4) AS INTEGER), 0), count(*)
                       FROM talents WHERE merged_into IS NULL GROUP BY 1, 2, 3";
        let counted = "SELECT zone_id, tier, arrival_year, n FROM talent_counts WHERE n <> 0";
        assert_eq!(rows(conn, counted), rows(conn, talents));
        let cards = "SELECT status, expires_on, '', count(*) FROM cards GROUP BY 1, 2";
        assert_eq!(rows(conn, "SELECT status, expires_on, '', n FROM card_counts WHERE n <> 0"), rows(conn, cards));
        let events = "SELECT substr(on_date, 1, 7), event, '', count(*) FROM card_events GROUP BY 1, 2";
        let counted = "SELECT month, event, '', n FROM card_event_counts WHERE n <> 0";
        assert_eq!(rows(conn, counted), rows(conn, events));
    }

    #[test]
    fn the_awards_by_zone_are_read_from_the_grants_not_from_every_talent() {
        let store = Store::open_in_memory().unwrap();
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {GRANTS_BY_ZONE}")).unwrap();
        let mut rows = stmt.raw_query();
        let mut plan = Vec::new();
        while let Ok(Some(r)) = rows.next() {
            plan.push(r.get::<_, String>(3).unwrap());
        }
        assert!(plan[0].starts_with("SCAN g"), "{plan:?}");
        assert!(plan.iter().any(|p| p.starts_with("SEARCH t USING INTEGER PRIMARY KEY")), "{plan:?}");
    }

    #[test]
    fn the_counters_follow_every_insert_update_merge_and_delete() {
        let store = Store::open_in_memory().unwrap();
        let conn = &store.conn;
        conn.execute_batch(
            "INSERT INTO zones (code, name, created_at, updated_at) VALUES ('GX', '高新区', '', ''), ('JK', '经开区', '', '')",
        )
        .unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        let tiers = ["A", "B", "C", "D", "E"];
        let day = |rng: &mut rand_chacha::ChaCha8Rng| {
            format!("{}-{:02}-{:02}", rng.random_range(2020..2030), rng.random_range(1..=12), rng.random_range(1..=28))
        };
        for i in 0..400 {
            let arrival = if i % 5 == 0 { None } else { Some(day(&mut rng)) };
            conn.execute(
                "INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, zone_id, tier,
                                      arrival_date, created_at, updated_at)
                 VALUES ('张伟', 'M', '1990-01-01', '中国', 'passport', ?1, ?2, ?3, ?4, '', '')",
                params![format!("E{i:08}"), rng.random_range(1..=2), tiers[i % 5], arrival],
            )
            .unwrap();
        }
        counters_agree(conn);
        for _ in 0..600 {
            let id = rng.random_range(1..=400);
            let sql = match rng.random_range(0..5) {
                0 => "UPDATE talents SET tier = ?2 WHERE id = ?1",
                1 => "UPDATE talents SET zone_id = 3 - zone_id WHERE id = ?1 AND ?2 IS NOT NULL",
                2 => {
                    "UPDATE talents SET arrival_date = CASE WHEN ?2 = 'A' THEN NULL ELSE '2026-06-01' END WHERE id = ?1"
                }
                3 => {
                    "UPDATE talents SET merged_into = CASE WHEN merged_into IS NULL AND ?2 <> 'E' THEN 1 END WHERE id = ?1 AND id > 1"
                }
                _ => "DELETE FROM talents WHERE id = ?1 AND id > 300 AND ?2 IS NOT NULL",
            };
            conn.execute(sql, params![id, tiers[rng.random_range(0..5)]]).unwrap();
        }
        counters_agree(conn);
        let states = ["active", "suspended", "revoked", "voided"];
        for i in 1..=200i64 {
            let issued = day(&mut rng);
            conn.execute(
                "INSERT INTO cards (number, talent_id, tier, issued_on, expires_on, status, policy_version, created_at, updated_at)
                 VALUES (?1, ?2, 'C', ?3, date(?3, '+5 years'), ?4, 1, '', '')",
                params![format!("GC{i:011}"), i, issued, states[rng.random_range(0..2)]],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO card_events (card_id, event, on_date, at) VALUES (?1, 'issued', ?2, '')",
                params![i, issued],
            )
            .unwrap();
        }
        for _ in 0..400 {
            let id = rng.random_range(1..=200);
            match rng.random_range(0..4) {
                0 => conn
                    .execute("UPDATE cards SET status = ?2 WHERE id = ?1", params![id, states[rng.random_range(0..4)]]),
                1 => conn
                    .execute("UPDATE cards SET expires_on = date(expires_on, '+5 years') WHERE id = ?1", params![id]),
                2 => conn.execute(
                    "INSERT INTO card_events (card_id, event, on_date, at) VALUES (?1, 'renewed', ?2, '')",
                    params![id, day(&mut rng)],
                ),
                _ => conn.execute("UPDATE card_events SET on_date = ?2 WHERE card_id = ?1", params![id, day(&mut rng)]),
            }
            .unwrap();
        }
        conn.execute("DELETE FROM card_events WHERE card_id > 190", []).unwrap();
        conn.execute("DELETE FROM cards WHERE id > 190", []).unwrap();
        counters_agree(conn);
        // The dashboard reads them: every talent not merged away, in its zone and tier.
        let d = read(conn, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
        let left: i64 =
            conn.query_row("SELECT count(*) FROM talents WHERE merged_into IS NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(d.zones.iter().map(ZoneFigures::talents).sum::<i64>(), left);
    }
}
