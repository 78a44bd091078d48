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
use crate::domain::access::Scope;
use crate::domain::card::CardState;
use crate::domain::dates::{add_months, fmt_date};

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

impl CardStates {
    /// How many cards are in `state`.
    pub fn of(&self, state: CardState) -> i64 {
        match state {
            CardState::Valid => self.valid,
            CardState::Expired => self.expired,
            CardState::Suspended => self.suspended,
            CardState::Revoked => self.revoked,
            CardState::Voided => self.voided,
        }
    }
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
    /// Talents who arrived in the year, up to the day.
    pub talents: i64,
    /// Teams introduced in the year, up to the day.
    pub teams: i64,
    /// Leases starting in the year, up to the day, in the zone's projects.
    pub apartments: i64,
    /// Awards fixed in the year, up to the day, for the zone's talents.
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

/// Talents who arrived in the year up to today, by zone: the year's counter less the few
/// arrivals dated after today (read from the arrival index), so a million talents are never
/// counted one by one.
const ARRIVED_BY_ZONE: &str = "SELECT zone_id, sum(n) FROM (
         SELECT zone_id, n FROM talent_counts WHERE arrival_year = :year
         UNION ALL
         SELECT zone_id, -count(*) FROM talents
         WHERE merged_into IS NULL AND arrival_date > :today AND arrival_date <= :end GROUP BY zone_id)
     GROUP BY zone_id";

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
pub(crate) fn read(conn: &Connection, scope: &Scope, today: NaiveDate) -> Result<Dashboard> {
    let year = today.year();
    // The year so far: what is dated after today (an arrival or a lease agreed ahead) has
    // not happened yet and does not count toward the year's targets.
    let (from, to) = (format!("{year}-01-01"), fmt_date(today));
    // A user limited to some zones sees their zones' figures; the office totals stay whole.
    let zones = super::registry::zones(conn, scope)?;
    let targets = super::registry::zone_targets(conn, i64::from(year))?;
    let mut tiers: Vec<(i64, String, i64)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT zone_id, tier, sum(n) AS total FROM talent_counts GROUP BY zone_id, tier HAVING total > 0",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?
    };
    tiers.sort();
    let period = named_params! { ":from": from, ":to": to };
    let end = format!("{year}-12-31");
    let talents = by_zone(conn, ARRIVED_BY_ZONE, named_params! { ":year": year, ":today": today, ":end": end })?;
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
    /// The dashboard's figures as of `today` (the zones of the scope).
    pub fn dashboard(&self, today: NaiveDate) -> Result<Dashboard> {
        read(&self.conn, &self.scope, today)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_year_so_far_leaves_out_what_is_dated_after_today() {
        let store = Store::open_in_memory().unwrap();
        let conn = &store.conn;
        conn.execute_batch(
            "INSERT INTO zones (code, name, created_at, updated_at) VALUES ('GX', '高新区', '', '');
             INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, zone_id, tier,
                                  arrival_date, created_at, updated_at)
             VALUES ('张伟', 'M', '1990-01-01', '中国', 'passport', 'E00000001', 1, 'B', '2026-03-01', '', ''),
                    ('李娜', 'F', '1990-01-01', '中国', 'passport', 'E00000002', 1, 'B', '2026-06-15', '', ''),
                    ('王芳', 'F', '1990-01-01', '中国', 'passport', 'E00000003', 1, 'C', '2026-09-01', '', ''),
                    ('赵磊', 'M', '1990-01-01', '中国', 'passport', 'E00000004', 1, 'C', '2027-01-05', '', '');
             INSERT INTO teams (name, leader_id, zone_id, introduced_on, created_at, updated_at)
             VALUES ('光电团队', 1, 1, '2026-02-01', '', ''), ('储能团队', 2, 1, '2026-10-01', '', '');",
        )
        .unwrap();
        let d = read(conn, &Scope::All, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).unwrap();
        let zone = &d.zones[0];
        // Arrived by today (the day itself counted); the September arrival and team are ahead.
        assert_eq!((zone.actual.talents, zone.actual.teams), (2, 1));
        assert_eq!(zone.talents(), 4, "the registry holds all four");
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
}
