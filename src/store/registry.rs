//! The registry of zones, employers, talents and teams (the forms and searches of the
//! registry issue grow here).

use rusqlite::Connection;

use super::Result;

/// How many records of each kind the registry holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegistryCounts {
    /// Development zones.
    pub zones: i64,
    /// Employers.
    pub employers: i64,
    /// Talents.
    pub talents: i64,
    /// Teams.
    pub teams: i64,
}

/// Counts every kind of record in one query.
pub(crate) fn counts(conn: &Connection) -> Result<RegistryCounts> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM zones), (SELECT count(*) FROM employers),
                (SELECT count(*) FROM talents), (SELECT count(*) FROM teams)",
        [],
        |r| Ok(RegistryCounts { zones: r.get(0)?, employers: r.get(1)?, talents: r.get(2)?, teams: r.get(3)? }),
    )?)
}

/// A development zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    /// Row id.
    pub id: i64,
    /// Short code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// An employer with its zone's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employer {
    /// Row id.
    pub id: i64,
    /// Company name.
    pub name: String,
    /// Unified social credit code.
    pub credit_code: String,
    /// Zone id.
    pub zone_id: i64,
    /// Zone name.
    pub zone_name: String,
}

/// One line of the shortage catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortageEntry {
    /// Row id.
    pub id: i64,
    /// Field (industry cluster).
    pub field: String,
    /// Occupation.
    pub occupation: String,
    /// Shortage level 1 (most urgent) – 3.
    pub level: i64,
    /// Catalogue year.
    pub year: i64,
}

/// Every zone by code.
pub(crate) fn zones(conn: &Connection) -> Result<Vec<Zone>> {
    let mut stmt = conn.prepare_cached("SELECT id, code, name FROM zones ORDER BY code")?;
    let rows = stmt.query_map([], |r| Ok(Zone { id: r.get("id")?, code: r.get("code")?, name: r.get("name")? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every employer by name.
pub(crate) fn employers(conn: &Connection) -> Result<Vec<Employer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.name, e.credit_code, e.zone_id, z.name AS zone_name
           FROM employers e JOIN zones z ON z.id = e.zone_id ORDER BY e.name, e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Employer {
            id: r.get("id")?,
            name: r.get("name")?,
            credit_code: r.get("credit_code")?,
            zone_id: r.get("zone_id")?,
            zone_name: r.get("zone_name")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The shortage catalogue, newest year first.
pub(crate) fn shortage_catalogue(conn: &Connection) -> Result<Vec<ShortageEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, field, occupation, level, year FROM shortage_catalogue ORDER BY year DESC, level, field, occupation",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ShortageEntry {
            id: r.get("id")?,
            field: r.get("field")?,
            occupation: r.get("occupation")?,
            level: r.get("level")?,
            year: r.get("year")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
