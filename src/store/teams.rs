//! Talent teams: a leader (a talent), members with roles, field, zone, project summary and
//! the date introduced.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError};
use crate::domain::Actor;
use crate::domain::access::Scope;

/// A team as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Team {
    /// Row id.
    pub id: i64,
    /// Team name.
    pub name: String,
    /// The leader's talent id.
    pub leader_id: i64,
    /// The leader's name.
    pub leader_name: String,
    /// Field.
    pub field: String,
    /// Zone id.
    pub zone_id: i64,
    /// Zone name.
    pub zone_name: String,
    /// Project summary.
    pub summary: String,
    /// Date introduced.
    pub introduced_on: NaiveDate,
    /// Number of members, leader included.
    pub members: i64,
}

/// A member of a team with their role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamMember {
    /// Talent id.
    pub talent_id: i64,
    /// Talent name.
    pub name: String,
    /// Role in the team.
    pub role: String,
}

/// A team to create.
#[derive(Clone, Debug)]
pub struct NewTeam {
    /// Name (1–100 characters).
    pub name: String,
    /// Leader's talent id.
    pub leader_id: i64,
    /// Field.
    pub field: String,
    /// Zone id.
    pub zone_id: i64,
    /// Project summary.
    pub summary: String,
    /// Date introduced.
    pub introduced_on: NaiveDate,
}

const SELECT: &str = "SELECT tm.*, l.name AS leader_name, z.name AS zone_name,
        (SELECT count(*) FROM team_members m WHERE m.team_id = tm.id) AS members
   FROM teams tm JOIN talents l ON l.id = tm.leader_id JOIN zones z ON z.id = tm.zone_id";

impl Team {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Team> {
        Ok(Team {
            id: r.get("id")?,
            name: r.get("name")?,
            leader_id: r.get("leader_id")?,
            leader_name: r.get("leader_name")?,
            field: r.get("field")?,
            zone_id: r.get("zone_id")?,
            zone_name: r.get("zone_name")?,
            summary: r.get("summary")?,
            introduced_on: r.get("introduced_on")?,
            members: r.get("members")?,
        })
    }
}

/// Teams of `scope`, newest first, at most `limit`.
pub(crate) fn list(conn: &Connection, scope: &Scope, limit: u32) -> Result<Vec<Team>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE 1{} ORDER BY tm.introduced_on DESC, tm.id DESC LIMIT :limit",
        super::access::condition(scope, "tm.zone_id")
    ))?;
    let rows = stmt.query_map(named_params! { ":limit": limit }, Team::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The teams a talent leads or belongs to.
pub(crate) fn of_talent(conn: &Connection, talent_id: i64) -> Result<Vec<(Team, String)>> {
    let sql = SELECT.replacen("SELECT tm.*,", "SELECT tm.*, me.role AS member_role,", 1);
    let mut stmt = conn.prepare_cached(&format!(
        "{sql} JOIN team_members me ON me.team_id = tm.id AND me.talent_id = :t ORDER BY tm.introduced_on"
    ))?;
    let rows =
        stmt.query_map(named_params! { ":t": talent_id }, |r| Ok((Team::from_row(r)?, r.get("member_role")?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The members of a team, leader first.
pub(crate) fn members(conn: &Connection, team_id: i64) -> Result<Vec<TeamMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.talent_id, t.name, m.role FROM team_members m JOIN talents t ON t.id = m.talent_id
          JOIN teams tm ON tm.id = m.team_id
          WHERE m.team_id = :team ORDER BY m.talent_id <> tm.leader_id, t.name",
    )?;
    let rows = stmt.query_map(named_params! { ":team": team_id }, |r| {
        Ok(TeamMember { talent_id: r.get(0)?, name: r.get(1)?, role: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates a team with its leader as the first member.
pub(crate) fn create(conn: &Connection, actor: &Actor, t: &NewTeam) -> Result<Team> {
    let name = crate::domain::text::clean(&t.name);
    if name.is_empty() || name.chars().count() > 100 {
        return Err(StoreError::Invalid { key: "team.err.name", args: Vec::new() });
    }
    let leader: Option<i64> = conn
        .query_row(
            "SELECT id FROM talents WHERE id = :id AND merged_into IS NULL",
            named_params! { ":id": t.leader_id },
            |r| r.get(0),
        )
        .optional()?;
    if leader.is_none() {
        return Err(StoreError::NotFound { what: "talent" });
    }
    let now = now_text();
    conn.execute(
        "INSERT INTO teams (name, leader_id, field, zone_id, summary, introduced_on, created_at, updated_at)
         VALUES (:name, :leader, :field, :zone, :summary, :on, :now, :now)",
        named_params! {
            ":name": name, ":leader": t.leader_id, ":field": crate::domain::text::clean(&t.field), ":zone": t.zone_id,
            ":summary": t.summary.trim(), ":on": t.introduced_on, ":now": now,
        },
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO team_members (team_id, talent_id, role) VALUES (:team, :talent, '负责人')",
        named_params! { ":team": id, ":talent": t.leader_id },
    )?;
    let team = get(conn, id)?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "team.create",
            entity: "team",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({ "name": team.name, "leader_id": team.leader_id, "zone_id": team.zone_id })),
        },
    )?;
    Ok(team)
}

/// One team by id.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Team> {
    conn.query_row(&format!("{SELECT} WHERE tm.id = :id"), named_params! { ":id": id }, Team::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "team" })
}

/// Adds a member (or changes their role).
pub(crate) fn set_member(conn: &Connection, actor: &Actor, team_id: i64, talent_id: i64, role: &str) -> Result<()> {
    get(conn, team_id)?;
    let role = crate::domain::text::clean(role);
    if role.chars().count() > 30 {
        return Err(StoreError::Invalid { key: "team.err.role", args: Vec::new() });
    }
    conn.execute(
        "INSERT INTO team_members (team_id, talent_id, role) VALUES (:team, :talent, :role)
         ON CONFLICT(team_id, talent_id) DO UPDATE SET role = excluded.role",
        named_params! { ":team": team_id, ":talent": talent_id, ":role": role },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "team.member",
            entity: "team",
            entity_id: Some(team_id),
            old: None,
            new: Some(serde_json::json!({ "talent_id": talent_id, "role": role })),
        },
    )
}
