//! Anchors of the audit chain. The hash chain finds a row edited in place, but not the newest
//! rows deleted, nor the whole table re-hashed by someone who knows the formula. So every
//! backup records the chain's head (row id and hash) in a small side file next to it, and
//! `greencard check` compares each recorded head with the live log: a missing row means the
//! log was cut back, a different hash that it was rewritten.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, named_params};
use serde::{Deserialize, Serialize};

use super::paths::{with_suffix, write_whole};
use super::{Result, StoreError};

/// The audit action of a restore (see [`problems`]).
pub(crate) const RESTORE_ACTION: &str = "database.restore";

/// The newest row of the audit chain: what a backup anchors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    /// The row id.
    pub id: i64,
    /// Its chain hash (SHA-256, hex).
    pub hash: String,
}

/// What a backup's side file (`<backup>.anchor.json`) records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// When the backup was taken, `YYYY-MM-DD HH:MM:SS`.
    pub taken_at: String,
    /// The schema version of the backed-up database.
    pub schema_version: i64,
    /// The size of the backup file in bytes.
    pub bytes: u64,
    /// The audit chain's head at that moment (`None` for an empty log).
    pub audit_head: Option<AuditHead>,
    /// The file name of the database it was taken of (`office.db`); absent in anchors made
    /// before it was recorded. Keeps `office.db` and `office.sqlite` from taking each
    /// other's backups for their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The side file of the backup at `backup`.
pub(crate) fn side_file(backup: &Path) -> PathBuf {
    with_suffix(backup, ".anchor.json")
}

/// The chain's newest row, if any.
pub(crate) fn head(conn: &Connection) -> Result<Option<AuditHead>> {
    Ok(conn
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
            Ok(AuditHead { id: r.get(0)?, hash: r.get(1)? })
        })
        .optional()?)
}

/// Reads a side file; `None` when it is missing or not ours (a backup without an anchor
/// still restores, it just anchors nothing).
pub(crate) fn read(backup: &Path) -> Option<Anchor> {
    let text = std::fs::read_to_string(side_file(backup)).ok()?;
    match serde_json::from_str(&text) {
        Ok(anchor) => Some(anchor),
        Err(e) => {
            log::warn!("{}: {e}", side_file(backup).display());
            None
        }
    }
}

/// Writes the side file next to `backup`: whole or not at all, and on disk.
pub(crate) fn write(backup: &Path, anchor: &Anchor) -> Result<()> {
    let path = side_file(backup);
    let text = serde_json::to_string_pretty(anchor)
        .map_err(|e| StoreError::FileError { path: path.clone(), reason: e.to_string() })?;
    write_whole(&path, text.as_bytes())
}

/// Compares every anchor with the live chain; one line per anchor that the log no longer
/// holds (rows deleted) or holds differently (rows rewritten).
/// An anchor taken before a restore whose head lies past the restored backup's belongs to
/// the history the restore undid, and is skipped.
pub(crate) fn problems(conn: &Connection, anchors: &[(PathBuf, Anchor)]) -> Result<Vec<String>> {
    let mut restores: Vec<(String, i64)> = Vec::new();
    let mut stmt = conn.prepare("SELECT at, new_value FROM audit_log WHERE action = :a ORDER BY id")?;
    let rows = stmt.query_map(named_params! { ":a": RESTORE_ACTION }, |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    for row in rows {
        let (at, value) = row?;
        let restored = value
            .and_then(|v| serde_json::from_str::<serde_json::Value>(&v).ok())
            // Restores recorded by earlier builds named the restored head `restored_head`.
            .and_then(|v| v.get("audit_head").or_else(|| v.get("restored_head")).and_then(serde_json::Value::as_i64))
            .unwrap_or(0);
        restores.push((at, restored));
    }
    let mut stmt = conn.prepare_cached("SELECT hash FROM audit_log WHERE id = :id")?;
    let mut problems = Vec::new();
    for (backup, anchor) in anchors {
        let Some(head) = &anchor.audit_head else { continue };
        // Times have whole seconds: an anchor of the same second as the restore came before it.
        if restores.iter().any(|(at, restored)| anchor.taken_at <= *at && head.id > *restored) {
            continue;
        }
        let name = backup.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let live: Option<String> = stmt.query_row(named_params! { ":id": head.id }, |r| r.get(0)).optional()?;
        match live {
            None => {
                problems.push(format!("audit log lacks row {} recorded by backup {name}: rows were deleted", head.id))
            }
            Some(hash) if hash != head.hash => {
                problems.push(format!("audit row {} differs from backup {name}: the log was rewritten", head.id))
            }
            Some(_) => {}
        }
    }
    Ok(problems)
}
