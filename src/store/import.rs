//! Importing checked talent rows: the plan (what a dry run shows: new, updated with the
//! changed fields, unchanged, rejected) and its application in one transaction.
//!
//! Rows are matched to stored talents by document (type and number), looked up in
//! batches through the UNIQUE (doc_type, doc_number) index, never one query per row.
//! An empty optional cell keeps what is stored: an enterprise's sheet that lacks a
//! phone does not erase the one the office has. The recognition term and notes are not
//! in the template and are never touched.

use std::collections::HashMap;

use rusqlite::Connection;

use super::audit::{self, Change, now_text};
use super::talents::{self, Talent};
use super::{Result, StoreError, access};
use crate::domain::access::Scope;
use crate::domain::import::{ImportRow, Rejection};
use crate::domain::talent::{NewTalent, TalentField};
use crate::domain::{Actor, DocumentType, Message, TierCode};

/// Documents looked up per query.
const BATCH: usize = 500;

/// A row that will register a new talent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedNew {
    /// The row number in the file.
    pub row: usize,
    /// The record to register.
    pub talent: NewTalent,
}

/// A row that will change a stored talent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedUpdate {
    /// The row number in the file.
    pub row: usize,
    /// The stored talent.
    pub talent_id: i64,
    /// The fields that change, in form order (show them with [`TalentField::label_key`]).
    pub changed: Vec<TalentField>,
    /// The record as it will be stored.
    pub talent: NewTalent,
}

/// What an import will do; the dry run shows it, [`crate::store::Store::apply_import`]
/// carries it out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    /// New talents, in file order.
    pub new: Vec<PlannedNew>,
    /// Changed talents, in file order.
    pub updated: Vec<PlannedUpdate>,
    /// Rows identical to what is stored: (row number, talent id).
    pub unchanged: Vec<(usize, i64)>,
    /// Rejected rows, by row number.
    pub rejected: Vec<Rejection>,
}

/// How many rows went which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Registered.
    pub new: usize,
    /// Changed.
    pub updated: usize,
    /// Left as they were.
    pub unchanged: usize,
    /// Refused.
    pub rejected: usize,
}

impl ImportPlan {
    /// The counts of the plan.
    pub fn counts(&self) -> ImportCounts {
        ImportCounts {
            new: self.new.len(),
            updated: self.updated.len(),
            unchanged: self.unchanged.len(),
            rejected: self.rejected.len(),
        }
    }
}

/// Classifies checked rows against the stored talents; `rejected` (the rows that failed
/// their checks) join the rows refused here (a document twice in the file, a merged record).
pub(crate) fn plan(
    conn: &Connection,
    scope: &Scope,
    rows: Vec<ImportRow>,
    mut rejected: Vec<Rejection>,
) -> Result<ImportPlan> {
    let mut by_doc: HashMap<(DocumentType, &str), Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_doc.entry((r.talent.doc.kind(), r.talent.doc.as_str())).or_default().push(i);
    }
    let mut twice = vec![false; rows.len()];
    for indexes in by_doc.values().filter(|v| v.len() > 1) {
        for &i in indexes {
            twice[i] = true;
            let others: Vec<String> = indexes.iter().filter(|&&j| j != i).map(|&j| rows[j].row.to_string()).collect();
            let reason = Message { key: "import.err.duplicate_in_file", args: vec![("rows", others.join("、"))] };
            rejected.push(Rejection::one(rows[i].row, rows[i].doc_column.clone(), reason, rows[i].cells.clone()));
        }
    }
    let stored = stored_talents(conn, rows.iter().zip(&twice).filter(|(_, t)| !**t).map(|(r, _)| r))?;
    let mut plan = ImportPlan::default();
    // Each employer's zone, read once: a sheet of one enterprise names it in every row.
    let mut employer_zones: HashMap<i64, i64> = HashMap::new();
    for (r, _) in rows.into_iter().zip(twice).filter(|(_, t)| !*t) {
        let before = stored.get(&(r.talent.doc.kind(), r.talent.doc.as_str().to_string()));
        // A clerk limited to some zones imports only their records; the store refuses
        // the rest again when writing.
        let employer_zone = match r.talent.employer_id {
            Some(e) if let Some(zone) = employer_zones.get(&e) => Some(*zone),
            Some(e) => {
                let zone = access::zone_of(conn, access::Record::Employer(e))?;
                employer_zones.insert(e, zone);
                Some(zone)
            }
            None => None,
        };
        if [Some(r.talent.zone_id), employer_zone, before.map(|b| b.zone_id)]
            .into_iter()
            .flatten()
            .any(|z| !scope.allows(z))
        {
            rejected.push(Rejection::one(r.row, r.doc_column, Message::new("access.out_of_scope"), r.cells));
            continue;
        }
        let Some(before) = before else {
            plan.new.push(PlannedNew { row: r.row, talent: r.talent });
            continue;
        };
        if before.merged_into.is_some() {
            rejected.push(Rejection::one(r.row, r.doc_column, Message::new("talent.err.merged"), r.cells));
            continue;
        }
        let talent = merged(before, r.talent);
        let changed = changed_fields(before, &talent);
        if changed.is_empty() {
            plan.unchanged.push((r.row, before.id));
        } else {
            plan.updated.push(PlannedUpdate { row: r.row, talent_id: before.id, changed, talent });
        }
    }
    rejected.sort_by_key(|r| r.row);
    plan.rejected = rejected;
    Ok(plan)
}

/// The stored talents holding any of the rows' documents, by (type, number).
fn stored_talents<'a>(
    conn: &Connection,
    rows: impl Iterator<Item = &'a ImportRow>,
) -> Result<HashMap<(DocumentType, String), Talent>> {
    let mut numbers: HashMap<DocumentType, Vec<&str>> = HashMap::new();
    for r in rows {
        numbers.entry(r.talent.doc.kind()).or_default().push(r.talent.doc.as_str());
    }
    let mut found = HashMap::new();
    for (kind, numbers) in numbers {
        for chunk in numbers.chunks(BATCH) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let sql = format!("{} WHERE t.doc_type = ? AND t.doc_number IN ({marks})", talents::SELECT);
            let mut stmt = conn.prepare_cached(&sql)?;
            stmt.raw_bind_parameter(1, kind.code())?;
            for (i, n) in chunk.iter().enumerate() {
                stmt.raw_bind_parameter(i + 2, n)?;
            }
            let mut result = stmt.raw_query();
            while let Some(row) = result.next()? {
                let t = Talent::from_row(row)?;
                found.insert((t.doc_type, t.doc_number.whole().to_string()), t);
            }
        }
    }
    Ok(found)
}

/// The file's record over the stored one: an empty optional value keeps the stored one,
/// the recognition term and notes (not in the template) are kept.
fn merged(before: &Talent, mut t: NewTalent) -> NewTalent {
    let keep = |new: &mut String, old: &str| {
        if new.is_empty() {
            *new = old.to_string();
        }
    };
    if t.phone.is_empty() {
        t.phone = before.phone.clone();
    }
    keep(&mut t.email, &before.email);
    keep(&mut t.education, &before.education);
    keep(&mut t.title, &before.title);
    keep(&mut t.field, &before.field);
    t.employer_id = t.employer_id.or(before.employer_id);
    t.arrival_date = t.arrival_date.or(before.arrival_date);
    t.recognised_until = before.recognised_until;
    t.notes = before.notes.clone();
    t
}

/// The fields in which `after` differs from what is stored.
fn changed_fields(before: &Talent, after: &NewTalent) -> Vec<TalentField> {
    let tier = TierCode::parse(&before.tier).ok();
    [
        (TalentField::Name, before.name != after.name),
        (TalentField::Gender, before.gender != after.gender),
        (TalentField::BirthDate, before.birth_date != after.birth_date),
        (TalentField::Nationality, before.nationality != after.nationality),
        (TalentField::Phone, before.phone != after.phone),
        (TalentField::Email, before.email != after.email),
        (TalentField::Education, before.education != after.education),
        (TalentField::Title, before.title != after.title),
        (TalentField::Field, before.field != after.field),
        (TalentField::Employer, before.employer_id != after.employer_id),
        (TalentField::Zone, before.zone_id != after.zone_id),
        (TalentField::Tier, tier.as_ref() != Some(&after.tier)),
        (TalentField::ArrivalDate, before.arrival_date != after.arrival_date),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}

/// Rows written between two calls of the progress callback of [`apply`].
pub(crate) const PROGRESS_STEP: usize = 1000;

/// Writes the plan inside the caller's transaction: new talents in bulk
/// ([`super::import_new::write`]: indexed for search in key order, their audit rows hashed
/// into the chain on a second thread and inserted many to a statement, duplicate flags
/// found by one set-based query per rule once all are in), changed ones through the
/// ordinary update, then one audit row for the import as a whole.
///
/// `keep_going` hears the number of rows written every [`PROGRESS_STEP`] rows; when it
/// answers false the write stops with [`StoreError::Cancelled`] and the caller's
/// transaction, dropped, leaves the database as it was.
pub(crate) fn apply(
    conn: &Connection,
    actor: &Actor,
    plan: &ImportPlan,
    keep_going: &mut dyn FnMut(usize) -> bool,
) -> Result<ImportCounts> {
    let now = now_text();
    let mut written = 0;
    let mut step = |written: usize| {
        if written.is_multiple_of(PROGRESS_STEP) && !keep_going(written) { Err(StoreError::Cancelled) } else { Ok(()) }
    };
    super::import_new::write(conn, actor, &plan.new, &now, &mut step)?;
    written += plan.new.len();
    for u in &plan.updated {
        step(written)?;
        talents::update(conn, actor, u.talent_id, &u.talent)?;
        written += 1;
    }
    let counts = plan.counts();
    let summary = serde_json::json!({
        "new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged, "rejected": counts.rejected,
    });
    audit::record(
        conn,
        Some(actor),
        Change { action: "talent.import", entity: "talent", entity_id: None, old: None, new: Some(summary) },
    )?;
    Ok(counts)
}
