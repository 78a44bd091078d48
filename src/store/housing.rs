//! The apartment inventory: projects, units with floor area, layout and floor, dated market
//! rents, and the vacancy board (a unit is let when an active lease covers the day, under
//! repair when so marked, vacant otherwise: never stored, always derived).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::{Result, Store, StoreError};
use crate::domain::housing::Area;
use crate::domain::{Actor, Fen};

/// A housing project (公寓项目).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AptProject {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its zone.
    pub zone_id: i64,
    /// The zone's name.
    pub zone_name: String,
    /// Address.
    pub address: String,
}

/// What a unit is on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnitState {
    /// Free to let.
    Vacant,
    /// An active lease covers the day.
    Let,
    /// Under repair.
    Repair,
}

impl UnitState {
    /// The i18n key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            UnitState::Vacant => "unit.vacant",
            UnitState::Let => "unit.let",
            UnitState::Repair => "unit.repair",
        }
    }
}

/// A unit with its market rent on the day asked and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AptUnit {
    /// Row id.
    pub id: i64,
    /// Its project.
    pub project_id: i64,
    /// The project's name.
    pub project_name: String,
    /// The project's zone.
    pub zone_name: String,
    /// Building (楼栋).
    pub building: String,
    /// Unit (房号).
    pub unit: String,
    /// Floor.
    pub floor: i64,
    /// Floor area.
    pub area: Area,
    /// Layout, e.g. 两室一厅.
    pub layout: String,
    /// Market rent per month in force on the day (None when none is set yet).
    pub market_rent: Option<Fen>,
    /// State on the day.
    pub state: UnitState,
}

impl AptUnit {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<AptUnit> {
        let state = if r.get::<_, bool>("let_now")? {
            UnitState::Let
        } else if r.get::<_, bool>("under_repair")? {
            UnitState::Repair
        } else {
            UnitState::Vacant
        };
        Ok(AptUnit {
            id: r.get("id")?,
            project_id: r.get("project_id")?,
            project_name: r.get("project_name")?,
            zone_name: r.get("zone_name")?,
            building: r.get("building")?,
            unit: r.get("unit")?,
            floor: r.get("floor")?,
            area: Area(r.get("area")?),
            layout: r.get("layout")?,
            market_rent: r.get::<_, Option<i64>>("market_rent")?.map(Fen),
            state,
        })
    }

    /// `1栋 302` as lists show a unit.
    pub fn label(&self) -> String {
        format!("{}栋 {}", self.building, self.unit)
    }
}

/// A new unit as typed and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUnit {
    /// Its project.
    pub project_id: i64,
    /// Building.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Floor.
    pub floor: i64,
    /// Floor area.
    pub area: Area,
    /// Layout.
    pub layout: String,
    /// First market rent per month.
    pub market_rent: Fen,
    /// From when that rent applies.
    pub rent_from: NaiveDate,
}

pub(crate) const UNIT_SELECT: &str = "SELECT u.*, p.name AS project_name, z.name AS zone_name,
        (SELECT r.monthly FROM apt_market_rents r WHERE r.unit_id = u.id AND r.effective_from <= :day
          ORDER BY r.effective_from DESC LIMIT 1) AS market_rent,
        EXISTS (SELECT 1 FROM leases l WHERE l.unit_id = u.id AND l.status = 'active'
                AND l.start_on <= :day AND l.end_on >= :day) AS let_now
     FROM apt_units u JOIN apt_projects p ON p.id = u.project_id JOIN zones z ON z.id = p.zone_id";

/// Every project with its zone, by name.
pub(crate) fn projects(conn: &Connection) -> Result<Vec<AptProject>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.*, z.name AS zone_name FROM apt_projects p JOIN zones z ON z.id = p.zone_id ORDER BY p.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AptProject {
            id: r.get("id")?,
            name: r.get("name")?,
            zone_id: r.get("zone_id")?,
            zone_name: r.get("zone_name")?,
            address: r.get("address")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Units on `day`, by project, building and unit; optionally of one project.
pub(crate) fn units(conn: &Connection, day: NaiveDate, project_id: Option<i64>) -> Result<Vec<AptUnit>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{UNIT_SELECT} WHERE (:project IS NULL OR u.project_id = :project)
         ORDER BY p.name, u.building, length(u.unit), u.unit"
    ))?;
    let rows = stmt.query_map(named_params! { ":day": day, ":project": project_id }, AptUnit::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One unit on `day`.
pub(crate) fn unit(conn: &Connection, id: i64, day: NaiveDate) -> Result<AptUnit> {
    conn.query_row(
        &format!("{UNIT_SELECT} WHERE u.id = :id"),
        named_params! { ":id": id, ":day": day },
        AptUnit::from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound { what: "unit" })
}

fn add_project(conn: &Connection, actor: &Actor, name: &str, zone_id: i64, address: &str) -> Result<AptProject> {
    super::error::counter_only(actor)?;
    let name = crate::domain::text::clean(name);
    if name.is_empty() || name.chars().count() > 60 {
        return Err(StoreError::rule("housing.err.project_name"));
    }
    let now = now_text();
    super::error::unique_or(
        conn.execute(
            "INSERT INTO apt_projects (name, zone_id, address, created_at, updated_at) VALUES (:n, :z, :a, :now, :now)",
            named_params! { ":n": name, ":z": zone_id, ":a": address.trim(), ":now": now },
        ),
        "housing.err.project_taken",
    )?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "housing.project_add",
            entity: "apt_project",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({ "name": name, "zone_id": zone_id })),
        },
    )?;
    projects(conn)?.into_iter().find(|p| p.id == id).ok_or(StoreError::NotFound { what: "project" })
}

fn add_unit(conn: &Connection, actor: &Actor, u: &NewUnit) -> Result<AptUnit> {
    super::error::counter_only(actor)?;
    let building = crate::domain::text::clean(&u.building);
    let number = crate::domain::text::clean(&u.unit);
    if building.is_empty() || number.is_empty() || building.chars().count() > 20 || number.chars().count() > 20 {
        return Err(StoreError::rule("housing.err.unit_name"));
    }
    if u.market_rent.fen() <= 0 {
        return Err(StoreError::rule("housing.err.rent"));
    }
    let now = now_text();
    super::error::unique_or(
        conn.execute(
            "INSERT INTO apt_units (project_id, building, unit, floor, area, layout, created_at, updated_at)
             VALUES (:p, :b, :u, :f, :a, :l, :now, :now)",
            named_params! {
                ":p": u.project_id, ":b": building, ":u": number, ":f": u.floor, ":a": u.area.0,
                ":l": u.layout.trim(), ":now": now,
            },
        ),
        "housing.err.unit_taken",
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO apt_market_rents (unit_id, effective_from, monthly, created_at) VALUES (:u, :d, :m, :now)",
        named_params! { ":u": id, ":d": u.rent_from, ":m": u.market_rent.fen(), ":now": now },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "housing.unit_add",
            entity: "apt_unit",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({
                "project_id": u.project_id, "building": building, "unit": number, "area": u.area.0,
                "market_rent": u.market_rent.fen(), "from": u.rent_from,
            })),
        },
    )?;
    unit(conn, id, u.rent_from)
}

/// Sets a new market rent from a date on. Leases already signed keep their frozen rent.
fn set_market_rent(conn: &Connection, actor: &Actor, unit_id: i64, from: NaiveDate, monthly: Fen) -> Result<()> {
    super::error::counter_only(actor)?;
    if monthly.fen() <= 0 {
        return Err(StoreError::rule("housing.err.rent"));
    }
    unit(conn, unit_id, from)?;
    conn.execute(
        "INSERT INTO apt_market_rents (unit_id, effective_from, monthly, created_at) VALUES (:u, :d, :m, :now)
         ON CONFLICT (unit_id, effective_from) DO UPDATE SET monthly = excluded.monthly",
        named_params! { ":u": unit_id, ":d": from, ":m": monthly.fen(), ":now": now_text() },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "housing.market_rent",
            entity: "apt_unit",
            entity_id: Some(unit_id),
            old: None,
            new: Some(serde_json::json!({ "from": from, "monthly": monthly.fen() })),
        },
    )
}

fn set_repair(conn: &Connection, actor: &Actor, unit_id: i64, repair: bool) -> Result<()> {
    super::error::counter_only(actor)?;
    conn.execute(
        "UPDATE apt_units SET under_repair = :r, updated_at = :now WHERE id = :id",
        named_params! { ":r": repair, ":now": now_text(), ":id": unit_id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "housing.repair",
            entity: "apt_unit",
            entity_id: Some(unit_id),
            old: None,
            new: Some(serde_json::json!({ "under_repair": repair })),
        },
    )
}

impl Store {
    /// Every housing project.
    pub fn apt_projects(&self) -> Result<Vec<AptProject>> {
        projects(&self.conn)
    }

    /// Units as they are on `day` (state and market rent), optionally of one project.
    pub fn apt_units(&self, day: NaiveDate, project_id: Option<i64>) -> Result<Vec<AptUnit>> {
        units(&self.conn, day, project_id)
    }

    /// Adds a housing project in a zone.
    pub fn add_apt_project(&mut self, actor: &Actor, name: &str, zone_id: i64, address: &str) -> Result<AptProject> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_zone(zone_id)?;
        let p = add_project(&tx, &rights.actor, name, zone_id, address)?;
        tx.commit()?;
        Ok(p)
    }

    /// Adds a unit with its first market rent.
    pub fn add_apt_unit(&mut self, actor: &Actor, new: &NewUnit) -> Result<AptUnit> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Project(new.project_id))?;
        let u = add_unit(&tx, &rights.actor, new)?;
        tx.commit()?;
        Ok(u)
    }

    /// Sets a unit's market rent from a date on.
    pub fn set_market_rent(&mut self, actor: &Actor, unit_id: i64, from: NaiveDate, monthly: Fen) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Unit(unit_id))?;
        set_market_rent(&tx, &rights.actor, unit_id, from, monthly)?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a unit under repair (or ready again).
    pub fn set_unit_repair(&mut self, actor: &Actor, unit_id: i64, repair: bool) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Unit(unit_id))?;
        set_repair(&tx, &rights.actor, unit_id, repair)?;
        tx.commit()?;
        Ok(())
    }
}
