//! Key–value settings of the office (language, theme, idle lock …), each change audited.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::Result;
use super::audit::{self, Change};
use crate::domain::Actor;

/// The stored value of `key`, if any.
pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = :key", named_params! { ":key": key }, |r| r.get(0))
        .optional()?)
}

/// Stores `value` under `key` and records the change.
pub(crate) fn set(conn: &Connection, actor: Option<&Actor>, key: &str, value: &str) -> Result<()> {
    let old = get(conn, key)?;
    if old.as_deref() == Some(value) {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (:key, :value)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        named_params! { ":key": key, ":value": value },
    )?;
    audit::record(
        conn,
        actor,
        Change {
            action: "setting.set",
            entity: "setting",
            entity_id: None,
            old: old.map(|v| serde_json::json!({ key: v })),
            new: Some(serde_json::json!({ key: value })),
        },
    )
}
