//! The figures of the 统计 dashboard, each an aggregate computed by SQL from an index (a
//! million talents are counted, never loaded): talents by zone and tier, cards by state,
//! cards issued and renewed per month, apartment occupancy by project, grant budgets, and
//! each zone's year-to-date figures against its targets.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, named_params};

use super::grants::Programme;
use super::{Result, Store, Zone, ZoneTarget};
use crate::domain::Fen;
use crate::domain::access::Scope;
use crate::domain::card::CardState;
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

fn by_zone(conn: &Connection, sql: &str, params: &[(&str, &dyn rusqlite::ToSql)]) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn card_states(conn: &Connection, today: NaiveDate) -> Result<CardStates> {
    // One index range count per state (cards_status_expiry), not a scan of the table.
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM cards WHERE status = 'active' AND expires_on >= :d),
                (SELECT count(*) FROM cards WHERE status = 'active' AND expires_on < :d),
                (SELECT count(*) FROM cards WHERE status = 'suspended'),
                (SELECT count(*) FROM cards WHERE status = 'revoked'),
                (SELECT count(*) FROM cards WHERE status = 'voided')",
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
        "SELECT substr(on_date, 1, 7) AS m, sum(event = 'issued'), sum(event = 'renewed') FROM card_events
         WHERE on_date >= :from AND on_date <= :to AND event IN ('issued', 'renewed') GROUP BY m",
    )?;
    let rows = stmt.query_map(named_params! { ":from": first, ":to": today }, |r| {
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
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    // A user limited to some zones sees their zones' figures; the office totals stay whole.
    let zones = super::registry::zones(conn, scope)?;
    let targets = super::registry::zone_targets(conn, i64::from(year))?;
    let mut tiers: Vec<(i64, String, i64)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT zone_id, tier, count(*) FROM talents WHERE merged_into IS NULL GROUP BY zone_id, tier",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?
    };
    tiers.sort();
    let period = named_params! { ":from": from, ":to": to };
    let talents = by_zone(
        conn,
        "SELECT zone_id, count(*) FROM talents WHERE merged_into IS NULL AND arrival_date >= :from AND arrival_date <= :to
         GROUP BY zone_id",
        period,
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
    let grants = by_zone(
        conn,
        "SELECT t.zone_id, sum(g.award) FROM grants g JOIN talents t ON t.id = g.talent_id
         WHERE g.award IS NOT NULL AND g.awarded_on >= :from AND g.awarded_on <= :to GROUP BY t.zone_id",
        period,
    )?;
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
