//! The audit log: who changed what, when, with old and new values. Written in the same
//! transaction as the change it describes; append-only (triggers refuse UPDATE and DELETE)
//! and hash-chained, so that an edit made behind the program's back is detected.

use rusqlite::{Connection, OptionalExtension, Row, named_params};
use sha2::{Digest, Sha256};

use super::Result;
use crate::domain::Actor;

/// The hash that stands before the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Row id, increasing.
    pub id: i64,
    /// Local time of the change, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// Who (user name), or `system` for unattended commands.
    pub username: String,
    /// What was done, e.g. `user.create`.
    pub action: String,
    /// The kind of record, e.g. `user`.
    pub entity: String,
    /// The record's id, if it has one.
    pub entity_id: Option<i64>,
    /// The old values as JSON, if any.
    pub old_value: Option<String>,
    /// The new values as JSON, if any.
    pub new_value: Option<String>,
}

impl AuditEntry {
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<AuditEntry> {
        Ok(AuditEntry {
            id: row.get("id")?,
            at: row.get("at")?,
            username: row.get("username")?,
            action: row.get("action")?,
            entity: row.get("entity")?,
            entity_id: row.get("entity_id")?,
            old_value: row.get("old_value")?,
            new_value: row.get("new_value")?,
        })
    }
}

/// The current local time as stored in every `*_at` column.
pub(crate) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// What a change was: the action, the record it touched, and its values before and after.
pub(crate) struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
}

/// Appends one audit row. Call it inside the transaction that makes the change.
pub(crate) fn record(conn: &Connection, actor: Option<&Actor>, change: Change<'_>) -> Result<()> {
    record_at(conn, actor, change, now_text())
}

/// [`record`] with the time given (the demo log spreads its rows over past days).
pub(crate) fn record_at(conn: &Connection, actor: Option<&Actor>, change: Change<'_>, at: String) -> Result<()> {
    // Cached statements: an import writes a hundred thousand rows in one go.
    let (prev_id, prev_hash): (i64, String) = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let entry = AuditEntry {
        id: prev_id + 1,
        at,
        username: actor.map_or_else(|| "system".to_string(), |a| a.username.clone()),
        action: change.action.to_string(),
        entity: change.entity.to_string(),
        entity_id: change.entity_id,
        old_value: change.old.map(|v| v.to_string()),
        new_value: change.new.map(|v| v.to_string()),
    };
    let hash = chain_hash(&prev_hash, &entry);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, old_value, new_value, prev_hash, hash)
         VALUES (:id, :at, :user_id, :username, :action, :entity, :entity_id, :old, :new, :prev, :hash)",
    )?
    .execute(named_params! {
            ":id": entry.id,
            ":at": entry.at,
            ":user_id": actor.map(|a| a.user_id),
            ":username": entry.username,
            ":action": entry.action,
            ":entity": entry.entity,
            ":entity_id": entry.entity_id,
            ":old": entry.old_value,
            ":new": entry.new_value,
            ":prev": prev_hash,
            ":hash": hash,
    })?;
    Ok(())
}

/// The hash of a row: SHA-256 over the previous hash and every field, each on its own
/// line, so no two different rows can share an input.
fn chain_hash(prev: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    let text = format!(
        "{prev}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        e.id,
        e.at,
        e.username.escape_default(),
        e.action.escape_default(),
        e.entity.escape_default(),
        e.entity_id.map_or_else(String::new, |v| v.to_string()),
        e.old_value.as_deref().map_or_else(|| "∅".to_string(), |v| v.escape_default().to_string()),
        e.new_value.as_deref().map_or_else(|| "∅".to_string(), |v| v.escape_default().to_string()),
    );
    h.update(text.as_bytes());
    hex::encode(h.finalize())
}

/// Walks the chain; returns the id of the first row whose hash does not match.
pub(crate) fn verify_chain(conn: &Connection) -> Result<Option<i64>> {
    let mut stmt = conn.prepare("SELECT * FROM audit_log ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    while let Some(row) = rows.next()? {
        let entry = AuditEntry::from_row(row)?;
        let stored_prev: String = row.get("prev_hash")?;
        let stored_hash: String = row.get("hash")?;
        if stored_prev != prev || chain_hash(&prev, &entry) != stored_hash {
            return Ok(Some(entry.id));
        }
        prev = stored_hash;
    }
    Ok(None)
}

/// The newest `limit` rows, newest first.
pub(crate) fn recent(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM audit_log ORDER BY id DESC LIMIT :limit")?;
    let rows = stmt.query_map(named_params! { ":limit": limit }, AuditEntry::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every audit row about one record, newest first.
pub(crate) fn for_entity(conn: &Connection, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM audit_log WHERE entity = :e AND entity_id = :id ORDER BY id DESC")?;
    let rows = stmt.query_map(named_params! { ":e": entity, ":id": entity_id }, AuditEntry::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
