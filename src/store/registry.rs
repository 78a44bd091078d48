//! The registry of zones, employers, talents and teams (the forms and searches of the
//! registry issue grow here).

use rusqlite::{Connection, OptionalExtension, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError, access};
use crate::domain::access::Scope;
use crate::domain::{Actor, CreditCode, Fen};

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

/// Counts every kind of record of `scope` in one query.
pub(crate) fn counts(conn: &Connection, scope: &Scope) -> Result<RegistryCounts> {
    let z = |column: &str| access::condition(scope, column);
    Ok(conn.query_row(
        &format!(
            "SELECT (SELECT count(*) FROM zones WHERE 1{}), (SELECT count(*) FROM employers WHERE 1{}),
                    (SELECT count(*) FROM talents WHERE 1{}), (SELECT count(*) FROM teams WHERE 1{})",
            z("id"),
            z("zone_id"),
            z("zone_id"),
            z("zone_id")
        ),
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

/// Every zone of `scope` by code.
pub(crate) fn zones(conn: &Connection, scope: &Scope) -> Result<Vec<Zone>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, code, name FROM zones WHERE 1{} ORDER BY code",
        access::condition(scope, "id")
    ))?;
    let rows = stmt.query_map([], |r| Ok(Zone { id: r.get("id")?, code: r.get("code")?, name: r.get("name")? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every employer of `scope` by name.
pub(crate) fn employers(conn: &Connection, scope: &Scope) -> Result<Vec<Employer>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.name, e.credit_code, e.zone_id, z.name AS zone_name
           FROM employers e JOIN zones z ON z.id = e.zone_id WHERE 1{} ORDER BY e.name, e.id",
        access::condition(scope, "e.zone_id")
    ))?;
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

/// A zone's target for one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneTarget {
    /// Zone id.
    pub zone_id: i64,
    /// Year.
    pub year: i64,
    /// Talents to bring in.
    pub talents: i64,
    /// High-level teams to bring in.
    pub teams: i64,
    /// Talent apartments to let (leases starting in the year).
    pub apartments: i64,
    /// Grants to award in the year, in fen.
    pub grants: Fen,
}

/// Creates a zone: code 1–16 letters/digits (upper-cased), name 1–60 characters, both unique.
pub(crate) fn create_zone(conn: &Connection, actor: &Actor, code: &str, name: &str) -> Result<Zone> {
    let code = crate::domain::text::clean(code).to_ascii_uppercase();
    let name = crate::domain::text::clean(name);
    if code.is_empty() || code.len() > 16 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(StoreError::rule("zone.err.code"));
    }
    if name.is_empty() || name.chars().count() > 60 {
        return Err(StoreError::rule("zone.err.name"));
    }
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM zones WHERE code = :c OR name = :n)",
        named_params! { ":c": code, ":n": name },
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::rule("zone.err.taken"));
    }
    let now = now_text();
    conn.execute(
        "INSERT INTO zones (code, name, created_at, updated_at) VALUES (:c, :n, :now, :now)",
        named_params! { ":c": code, ":n": name, ":now": now },
    )?;
    let zone = Zone { id: conn.last_insert_rowid(), code, name };
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "zone.create",
            entity: "zone",
            entity_id: Some(zone.id),
            old: None,
            new: Some(serde_json::json!({ "code": zone.code, "name": zone.name })),
        },
    )?;
    Ok(zone)
}

/// Sets a zone's targets for a year.
pub(crate) fn set_zone_target(conn: &Connection, actor: &Actor, target: &ZoneTarget) -> Result<()> {
    let counts = [target.talents, target.teams, target.apartments];
    if !(2000..=2100).contains(&target.year) || counts.iter().any(|n| *n < 0) || target.grants.fen() < 0 {
        return Err(StoreError::rule("zone.err.target"));
    }
    let json = |t: &ZoneTarget| {
        serde_json::json!({
            "year": t.year, "talents": t.talents, "teams": t.teams, "apartments": t.apartments, "grants": t.grants.fen(),
        })
    };
    let old = zone_targets(conn, target.year)?.into_iter().find(|t| t.zone_id == target.zone_id);
    conn.execute(
        "INSERT INTO zone_targets (zone_id, year, talents, teams, apartments, grants) VALUES (:z, :y, :t, :m, :a, :g)
         ON CONFLICT(zone_id, year) DO UPDATE SET talents = excluded.talents, teams = excluded.teams,
             apartments = excluded.apartments, grants = excluded.grants",
        named_params! {
            ":z": target.zone_id, ":y": target.year, ":t": target.talents, ":m": target.teams,
            ":a": target.apartments, ":g": target.grants.fen(),
        },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "zone.target",
            entity: "zone",
            entity_id: Some(target.zone_id),
            old: old.as_ref().map(json),
            new: Some(json(target)),
        },
    )
}

/// The targets of every zone for a year.
pub(crate) fn zone_targets(conn: &Connection, year: i64) -> Result<Vec<ZoneTarget>> {
    let mut stmt = conn.prepare_cached(
        "SELECT zone_id, year, talents, teams, apartments, grants FROM zone_targets WHERE year = :y ORDER BY zone_id",
    )?;
    let rows = stmt.query_map(named_params! { ":y": year }, |r| {
        Ok(ZoneTarget {
            zone_id: r.get("zone_id")?,
            year: r.get("year")?,
            talents: r.get("talents")?,
            teams: r.get("teams")?,
            apartments: r.get("apartments")?,
            grants: Fen(r.get("grants")?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Registers an employer; its credit code was parsed, so it is valid.
pub(crate) fn create_employer(
    conn: &Connection,
    actor: &Actor,
    name: &str,
    code: &CreditCode,
    zone_id: i64,
) -> Result<Employer> {
    let name = crate::domain::text::clean(name);
    if name.is_empty() || name.chars().count() > 100 {
        return Err(StoreError::rule("employer.err.name"));
    }
    let holder: Option<String> = conn
        .query_row("SELECT name FROM employers WHERE credit_code = :c", named_params! { ":c": code.as_str() }, |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(holder) = holder {
        return Err(StoreError::Invalid { key: "employer.err.code_taken", args: vec![("name", holder)] });
    }
    let zone: Option<String> = conn
        .query_row("SELECT name FROM zones WHERE id = :z", named_params! { ":z": zone_id }, |r| r.get(0))
        .optional()?;
    let Some(zone_name) = zone else { return Err(StoreError::NotFound { what: "zone" }) };
    let now = now_text();
    conn.execute(
        "INSERT INTO employers (name, credit_code, zone_id, created_at, updated_at) VALUES (:n, :c, :z, :now, :now)",
        named_params! { ":n": name, ":c": code.as_str(), ":z": zone_id, ":now": now },
    )?;
    let employer =
        Employer { id: conn.last_insert_rowid(), name, credit_code: code.as_str().to_string(), zone_id, zone_name };
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "employer.create",
            entity: "employer",
            entity_id: Some(employer.id),
            old: None,
            new: Some(
                serde_json::json!({ "name": employer.name, "credit_code": employer.credit_code, "zone_id": zone_id }),
            ),
        },
    )?;
    Ok(employer)
}

/// Adds a line to the shortage catalogue.
pub(crate) fn add_shortage(conn: &Connection, actor: &Actor, entry: &ShortageEntry) -> Result<ShortageEntry> {
    let field = crate::domain::text::clean(&entry.field);
    let occupation = crate::domain::text::clean(&entry.occupation);
    if field.is_empty() || field.chars().count() > 60 || occupation.is_empty() || occupation.chars().count() > 60 {
        return Err(StoreError::rule("shortage.err.text"));
    }
    if !(1..=3).contains(&entry.level) || !(2000..=2100).contains(&entry.year) {
        return Err(StoreError::rule("shortage.err.level_year"));
    }
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM shortage_catalogue WHERE field = :f AND occupation = :o AND year = :y)",
        named_params! { ":f": field, ":o": occupation, ":y": entry.year },
        |r| r.get(0),
    )?;
    if exists {
        return Err(StoreError::rule("shortage.err.exists"));
    }
    conn.execute(
        "INSERT INTO shortage_catalogue (field, occupation, level, year) VALUES (:f, :o, :l, :y)",
        named_params! { ":f": field, ":o": occupation, ":l": entry.level, ":y": entry.year },
    )?;
    let saved = ShortageEntry { id: conn.last_insert_rowid(), field, occupation, level: entry.level, year: entry.year };
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "shortage.add",
            entity: "shortage",
            entity_id: Some(saved.id),
            old: None,
            new: Some(
                serde_json::json!({ "field": saved.field, "occupation": saved.occupation, "level": saved.level, "year": saved.year }),
            ),
        },
    )?;
    Ok(saved)
}
