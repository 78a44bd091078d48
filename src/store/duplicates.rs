//! The review of possible duplicates: list the open pairs, mark a pair as two different
//! people, or merge one record into the other (links moved, the merged record kept but
//! hidden, who and when recorded).

use rusqlite::{Connection, named_params};

use super::access;
use super::audit::{self, Change, now_text};
use super::talents::{self, Talent};
use super::{Result, StoreError};
use crate::domain::Actor;
use crate::domain::access::Scope;

/// An open pair of possibly identical talents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicatePair {
    /// Flag id.
    pub id: i64,
    /// Why they were flagged: `name_birth` or `phone`.
    pub reason: String,
    /// The older record.
    pub a: Talent,
    /// The newer record.
    pub b: Talent,
}

/// Flags every pair of live records with the same name and birth date, or the same phone,
/// that is not flagged yet (after a bulk load). Returns how many flags were written.
pub(crate) fn flag_all(conn: &Connection) -> Result<usize> {
    // One ordered pass over each index (covering: no table lookups) finds the groups; only
    // the few groups with more than one record are paired. A self-join would probe the
    // index once per talent. Merged records may be paired here: the review skips them.
    let groups = |sql: &str| -> Result<Vec<Vec<i64>>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            let ids: Vec<i64> = row?.split(',').filter_map(|s| s.parse().ok()).collect();
            out.push(ids);
        }
        Ok(out)
    };
    let by_name = groups("SELECT group_concat(id) FROM talents GROUP BY name, birth_date HAVING count(*) > 1")?;
    let by_phone = groups("SELECT group_concat(id) FROM talents WHERE phone <> '' GROUP BY phone HAVING count(*) > 1")?;
    let now = now_text();
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO duplicate_flags (talent_a, talent_b, reason, created_at) VALUES (:a, :b, :reason, :now)",
    )?;
    let mut written = 0;
    for (reason, groups) in [("name_birth", by_name), ("phone", by_phone)] {
        for mut ids in groups {
            ids.sort_unstable();
            for (i, a) in ids.iter().enumerate() {
                for b in &ids[i + 1..] {
                    written += insert.execute(named_params! { ":a": a, ":b": b, ":reason": reason, ":now": now })?;
                }
            }
        }
    }
    Ok(written)
}

/// `AND …` keeping the pairs whose two talents are both inside `scope`.
fn pair_in(scope: &Scope) -> String {
    access::condition(scope, "a.zone_id") + &access::condition(scope, "b.zone_id")
}

/// Open pairs inside `scope`, oldest first.
pub(crate) fn open_pairs(conn: &Connection, scope: &Scope, limit: u32) -> Result<Vec<DuplicatePair>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.id, f.reason, f.talent_a, f.talent_b FROM duplicate_flags f
           JOIN talents a ON a.id = f.talent_a JOIN talents b ON b.id = f.talent_b
          WHERE f.status = 'open' AND a.merged_into IS NULL AND b.merged_into IS NULL{}
          ORDER BY f.id LIMIT :limit",
        pair_in(scope)
    ))?;
    let flags: Vec<(i64, String, i64, i64)> = stmt
        .query_map(named_params! { ":limit": limit }, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    flags
        .into_iter()
        .map(|(id, reason, a, b)| {
            Ok(DuplicatePair { id, reason, a: talents::get(conn, a)?, b: talents::get(conn, b)? })
        })
        .collect()
}

/// How many pairs inside `scope` wait for a decision.
pub(crate) fn open_count(conn: &Connection, scope: &Scope) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM duplicate_flags f JOIN talents a ON a.id = f.talent_a JOIN talents b ON b.id = f.talent_b
              WHERE f.status = 'open' AND a.merged_into IS NULL AND b.merged_into IS NULL{}",
            pair_in(scope)
        ),
        [],
        |r| r.get(0),
    )?)
}

fn flag(conn: &Connection, id: i64) -> Result<(i64, i64, String)> {
    conn.query_row(
        "SELECT talent_a, talent_b, status FROM duplicate_flags WHERE id = :id",
        named_params! { ":id": id },
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound { what: "duplicate" },
        e => e.into(),
    })
}

/// Refuses a pair unless both talents are inside `scope`.
pub(crate) fn require_pair(conn: &Connection, scope: &Scope, flag_id: i64) -> Result<()> {
    let (a, b, _) = flag(conn, flag_id)?;
    for talent in [a, b] {
        access::require(conn, scope, access::Record::Talent(talent))?;
    }
    Ok(())
}

/// Records that the pair are two different people.
pub(crate) fn mark_distinct(conn: &Connection, actor: &Actor, flag_id: i64) -> Result<()> {
    let (a, b, status) = flag(conn, flag_id)?;
    if status != "open" {
        return Err(StoreError::Invalid { key: "duplicate.already_decided", args: Vec::new() });
    }
    conn.execute(
        "UPDATE duplicate_flags SET status = 'distinct', decided_by = :u, decided_at = :now WHERE id = :id",
        named_params! { ":u": actor.user_id, ":now": now_text(), ":id": flag_id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "duplicate.distinct",
            entity: "duplicate",
            entity_id: Some(flag_id),
            old: None,
            new: Some(serde_json::json!({ "talent_a": a, "talent_b": b })),
        },
    )
}

/// Merges `drop` into `keep` (both from the flag): team memberships move to the kept
/// record, the dropped one is marked merged and leaves every list, every open flag between
/// the two is closed.
pub(crate) fn merge(conn: &Connection, actor: &Actor, flag_id: i64, keep: i64) -> Result<()> {
    let (a, b, status) = flag(conn, flag_id)?;
    if status != "open" {
        return Err(StoreError::Invalid { key: "duplicate.already_decided", args: Vec::new() });
    }
    let drop = match keep {
        k if k == a => b,
        k if k == b => a,
        _ => return Err(StoreError::NotFound { what: "talent" }),
    };
    let moved_memberships = conn.execute(
        "UPDATE OR IGNORE team_members SET talent_id = :keep WHERE talent_id = :drop",
        named_params! { ":keep": keep, ":drop": drop },
    )?;
    // Memberships the kept record already had stay as they are; the duplicates go.
    conn.execute("DELETE FROM team_members WHERE talent_id = :drop", named_params! { ":drop": drop })?;
    let led = conn.execute(
        "UPDATE teams SET leader_id = :keep WHERE leader_id = :drop",
        named_params! { ":keep": keep, ":drop": drop },
    )?;
    conn.execute(
        "UPDATE talents SET merged_into = :keep, updated_at = :now WHERE id = :drop",
        named_params! { ":keep": keep, ":now": now_text(), ":drop": drop },
    )?;
    conn.execute(
        "UPDATE duplicate_flags SET status = 'merged', decided_by = :u, decided_at = :now
          WHERE status = 'open' AND ((talent_a = :a AND talent_b = :b) OR (talent_a = :b AND talent_b = :a))",
        named_params! { ":u": actor.user_id, ":now": now_text(), ":a": a, ":b": b },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "talent.merge",
            entity: "talent",
            entity_id: Some(drop),
            old: None,
            new: Some(serde_json::json!({
                "merged_into": keep, "flag": flag_id, "team_memberships_moved": moved_memberships, "teams_led_moved": led,
            })),
        },
    )
}
