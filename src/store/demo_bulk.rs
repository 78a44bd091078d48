//! Bulk insertion of generated demo data: prepared statements in one transaction, one
//! audit row per kind of record (a million audit rows would say nothing more). The search
//! index is filled in bulk after the talents, in key order.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, search_index};
use crate::domain::{Actor, DocumentType, Gender};

/// A generated development zone.
#[derive(Clone, Debug)]
pub struct DemoZone {
    /// Short code, e.g. `GX`.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A generated employer; `zone` indexes the zone slice.
#[derive(Clone, Debug)]
pub struct DemoEmployer {
    /// Company name.
    pub name: String,
    /// A valid unified social credit code.
    pub credit_code: String,
    /// Index into the zones.
    pub zone: usize,
}

/// A generated talent; `employer` and `zone` index their slices.
#[derive(Clone, Debug)]
pub struct DemoTalent {
    /// Name.
    pub name: String,
    /// Gender (agrees with a resident ID).
    pub gender: Gender,
    /// Birth date (agrees with a resident ID).
    pub birth_date: NaiveDate,
    /// Nationality as recorded (e.g. 中国, 美国).
    pub nationality: &'static str,
    /// Document type.
    pub doc_type: DocumentType,
    /// A valid document number.
    pub doc_number: crate::domain::PersonalNumber,
    /// Mobile phone.
    pub phone: crate::domain::PersonalNumber,
    /// E-mail.
    pub email: String,
    /// Highest education.
    pub education: &'static str,
    /// Professional title.
    pub title: &'static str,
    /// Field (industry cluster).
    pub field: &'static str,
    /// Index into the employers.
    pub employer: usize,
    /// Index into the zones.
    pub zone: usize,
    /// Arrival date.
    pub arrival_date: NaiveDate,
    /// Tier code.
    pub tier: &'static str,
    /// End of the recognition term.
    pub recognised_until: NaiveDate,
}

/// A generated team; indexes point into the talents and zones.
#[derive(Clone, Debug)]
pub struct DemoTeam {
    /// Team name.
    pub name: String,
    /// Index of the leader in the talents.
    pub leader: usize,
    /// Members (index into talents) with their roles; the leader is not repeated.
    pub members: Vec<(usize, &'static str)>,
    /// Field.
    pub field: &'static str,
    /// Index into the zones.
    pub zone: usize,
    /// Project summary.
    pub summary: String,
    /// Date introduced.
    pub introduced_on: NaiveDate,
}

/// Inserts everything; indexes are resolved to the new row ids. The caller runs it as a
/// bulk load (`Store::bulk`: the page cache it needs).
pub(crate) fn insert(
    conn: &Connection,
    actor: &Actor,
    zones: &[DemoZone],
    employers: &[DemoEmployer],
    talents: &[DemoTalent],
    teams: &[DemoTeam],
) -> Result<()> {
    let now = now_text();
    let mut zone_ids = Vec::with_capacity(zones.len());
    {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO zones (code, name, created_at, updated_at) VALUES (:code, :name, :now, :now)",
        )?;
        for z in zones {
            stmt.execute(named_params! { ":code": z.code, ":name": z.name, ":now": now })?;
            zone_ids.push(conn.last_insert_rowid());
        }
    }
    let zone_id = |i: usize| zone_ids.get(i).copied().unwrap_or_default();
    let mut employer_ids = Vec::with_capacity(employers.len());
    {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO employers (name, credit_code, zone_id, created_at, updated_at)
             VALUES (:name, :code, :zone, :now, :now)",
        )?;
        for e in employers {
            stmt.execute(
                named_params! { ":name": e.name, ":code": e.credit_code, ":zone": zone_id(e.zone), ":now": now },
            )?;
            employer_ids.push(conn.last_insert_rowid());
        }
    }
    let mut talent_ids = Vec::with_capacity(talents.len());
    let mut index = search_index::BulkIndex::with_capacity(talents.len());
    {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, phone, email,
                                  education, title, field, employer_id, zone_id, arrival_date, tier,
                                  recognised_until, created_at, updated_at, search_name, search_initials)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19)",
        )?;
        for t in talents {
            let entry = search_index::Entry::new(&t.name);
            // Positional parameters here: this loop runs a million times and named lookup
            // is measurable at that count.
            stmt.execute(rusqlite::params![
                t.name,
                t.gender.code(),
                t.birth_date,
                t.nationality,
                t.doc_type.code(),
                t.doc_number,
                t.phone,
                t.email,
                t.education,
                t.title,
                t.field,
                employer_ids.get(t.employer).copied(),
                zone_id(t.zone),
                t.arrival_date,
                t.tier,
                t.recognised_until,
                now,
                entry.search_name,
                entry.search_initials,
            ])?;
            let id = conn.last_insert_rowid();
            index.add(id, &entry, t.doc_number.whole());
            talent_ids.push(id);
        }
    }
    index.write(conn)?;
    let talent_id = |i: usize| talent_ids.get(i).copied().unwrap_or_default();
    {
        let mut team_stmt = conn.prepare_cached(
            "INSERT INTO teams (name, leader_id, field, zone_id, summary, introduced_on, created_at, updated_at)
             VALUES (:name, :leader, :field, :zone, :summary, :on, :now, :now)",
        )?;
        let mut member_stmt =
            conn.prepare_cached("INSERT INTO team_members (team_id, talent_id, role) VALUES (:team, :talent, :role)")?;
        for t in teams {
            team_stmt.execute(named_params! {
                ":name": t.name, ":leader": talent_id(t.leader), ":field": t.field, ":zone": zone_id(t.zone),
                ":summary": t.summary, ":on": t.introduced_on, ":now": now,
            })?;
            let team = conn.last_insert_rowid();
            member_stmt.execute(named_params! { ":team": team, ":talent": talent_id(t.leader), ":role": "负责人" })?;
            for (m, role) in &t.members {
                member_stmt.execute(named_params! { ":team": team, ":talent": talent_id(*m), ":role": role })?;
            }
        }
    }
    for (entity, count) in
        [("zone", zones.len()), ("employer", employers.len()), ("talent", talents.len()), ("team", teams.len())]
    {
        audit::record(
            conn,
            Some(actor),
            Change {
                action: "demo.generate",
                entity,
                entity_id: None,
                old: None,
                new: Some(serde_json::json!({ "count": count })),
            },
        )?;
    }
    Ok(())
}
