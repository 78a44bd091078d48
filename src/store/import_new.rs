//! The new talents of an import, written on two cores: a helper thread does the Rust side
//! of each row (the search columns and index entries, the audit row's JSON and its hash
//! in the chain) while the calling thread only feeds SQLite, which cannot share one
//! transaction between threads. Measured at a million talents, that Rust side is about a
//! third of the write.

use std::sync::mpsc::{SyncSender, sync_channel};

use rusqlite::Connection;

use super::audit::{self, Chain, Change, Hashed};
use super::import::PlannedNew;
use super::search_index::{BulkIndex, Entry};
use super::{Result, dashboard_counts, talents};
use crate::domain::Actor;

/// Rows the helper prepares per hand-over: few hand-overs, and the writer never waits
/// long for the first.
const CHUNK: usize = 512;

/// Chunks prepared ahead of the writer.
const AHEAD: usize = 4;

/// One prepared row: the search columns and the audit row, for the talent with the id
/// the row was given.
struct Prepared {
    entry: Entry,
    audit: Hashed,
}

/// Inserts `new` with ids from the first free one on, each with its audit row (hashed
/// onto the chain) and its search-index entries; then flags possible duplicates among
/// them and the stored talents. `step(written)` is called before each row and stops the
/// write with its error. Returns the first and last id written.
pub(crate) fn write(
    conn: &Connection,
    actor: &Actor,
    new: &[PlannedNew],
    now: &str,
    step: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<Option<(i64, i64)>> {
    if new.is_empty() {
        return Ok(None);
    }
    // The ids SQLite would give (one more than the largest), given here so that the
    // helper knows them before the rows are in.
    let first: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM talents", [], |r| r.get(0))?;
    let last = first + i64::try_from(new.len()).unwrap_or(i64::MAX) - 1;
    let chain = Chain::start(conn, Some(actor))?;
    let index =
        dashboard_counts::talents_added_in_bulk(conn, first, last, || insert(conn, new, now, first, chain, step))?;
    index.write(conn)?;
    talents::flag_duplicates_of_range(conn, first, last)?;
    Ok(Some((first, last)))
}

/// The inserts of [`write`]: the talents and their audit rows, from the helper's chunks;
/// returns the index entries the helper collected.
fn insert(
    conn: &Connection,
    new: &[PlannedNew],
    now: &str,
    first: i64,
    chain: Chain,
    step: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<BulkIndex> {
    std::thread::scope(|scope| -> Result<BulkIndex> {
        let (send, chunks) = sync_channel(AHEAD);
        let helper = scope.spawn(move || prepare(new, first, chain, &send));
        let mut stmt = conn.prepare_cached(
            "INSERT INTO talents (id, name, gender, birth_date, nationality, doc_type, doc_number, phone, email,
                                  education, title, field, employer_id, zone_id, arrival_date, tier,
                                  recognised_until, notes, created_at, updated_at, search_name, search_initials)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, ?20, ?21)",
        )?;
        let mut rows = new.iter();
        let mut id = first;
        let mut written = 0;
        // A return before the end drops `chunks`: the helper's next send fails and it stops.
        for chunk in chunks {
            let chunk: Vec<Prepared> = chunk;
            for (p, PlannedNew { talent: t, .. }) in chunk.iter().zip(rows.by_ref()) {
                step(written)?;
                stmt.execute(rusqlite::params![
                    id,
                    t.name,
                    t.gender.code(),
                    t.birth_date,
                    t.nationality,
                    t.doc.kind().code(),
                    t.doc.as_str(),
                    t.phone,
                    t.email,
                    t.education,
                    t.title,
                    t.field,
                    t.employer_id,
                    t.zone_id,
                    t.arrival_date,
                    t.tier.as_str(),
                    t.recognised_until,
                    t.notes,
                    now,
                    p.entry.search_name,
                    p.entry.search_initials,
                ])?;
                id += 1;
                written += 1;
            }
            let hashed: Vec<Hashed> = chunk.into_iter().map(|p| p.audit).collect();
            audit::insert_hashed(conn, &hashed)?;
        }
        // The helper has no error of its own; a panic there is a bug, carried on here.
        Ok(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// The helper's side: every row's search entry and audit row, in chunks to `send`, and the
/// index entries of all of them at the end. Stops early when the writer has gone.
fn prepare(new: &[PlannedNew], first: i64, mut chain: Chain, send: &SyncSender<Vec<Prepared>>) -> BulkIndex {
    let mut index = BulkIndex::with_capacity(new.len());
    for (n, rows) in new.chunks(CHUNK).enumerate() {
        let mut chunk = Vec::with_capacity(rows.len());
        for (i, PlannedNew { talent: t, .. }) in rows.iter().enumerate() {
            let id = first + i64::try_from(n * CHUNK + i).unwrap_or(i64::MAX);
            let entry = Entry::new(&t.name);
            index.add(id, &entry, t.doc.as_str());
            let change = Change {
                action: "talent.create",
                entity: "talent",
                entity_id: Some(id),
                old: None,
                new: Some(talents::new_audit_json(t)),
            };
            chunk.push(Prepared { entry, audit: chain.hash(change) });
        }
        if send.send(chunk).is_err() {
            break;
        }
    }
    index
}
