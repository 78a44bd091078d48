//! The audit log: who changed what, when, with old and new values. Written in the same
//! transaction as the change it describes; append-only (triggers refuse UPDATE and DELETE)
//! and hash-chained, so that an edit made behind the program's back is detected.

use rusqlite::{Connection, OptionalExtension, Row, named_params};
use sha2::{Digest, Sha256};

use super::Result;
use super::bulk_insert::insert_rows;
use crate::domain::Actor;

/// The hash that stands before the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row as read back.
#[derive(Clone, PartialEq, Eq)]
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

/// Where an unmasked export was asked for, as its audit row tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportOrigin {
    /// In the app, by the user signed in.
    App,
    /// On the command line, where nobody signs in: the row is signed by the account
    /// responsible for unattended changes and names the operating-system user who ran the
    /// command (`None`: the environment did not say).
    CommandLine {
        /// `$USER` (or `$USERNAME` on Windows).
        os_user: Option<String>,
    },
}

impl ExportOrigin {
    /// The command line, run by the user the environment names.
    pub fn command_line() -> ExportOrigin {
        let named = |var: &str| std::env::var(var).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        ExportOrigin::CommandLine { os_user: named("USER").or_else(|| named("USERNAME")) }
    }

    /// What the audit row's details say of it.
    pub(crate) fn details(&self, list: &str, file: &str) -> serde_json::Value {
        match self {
            ExportOrigin::App => serde_json::json!({ "list": list, "file": file, "via": "app" }),
            ExportOrigin::CommandLine { os_user } => {
                serde_json::json!({ "list": list, "file": file, "via": "command line", "os_user": os_user })
            }
        }
    }
}

/// The values before and after may hold whole document numbers and phones (the log keeps
/// what was changed): a printed entry gives their length only.
impl std::fmt::Debug for AuditEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = |v: &Option<String>| v.as_ref().map(|v| format!("<{} bytes>", v.len()));
        f.debug_struct("AuditEntry")
            .field("id", &self.id)
            .field("at", &self.at)
            .field("username", &self.username)
            .field("action", &self.action)
            .field("entity", &self.entity)
            .field("entity_id", &self.entity_id)
            .field("old_value", &size(&self.old_value))
            .field("new_value", &size(&self.new_value))
            .finish()
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
    let mut batch = Batch::start(conn, actor)?;
    batch.push(conn, change)?;
    batch.finish(conn)
}

/// [`record`] with the time given (the demo log spreads its rows over past days).
pub(crate) fn record_at(conn: &Connection, actor: Option<&Actor>, change: Change<'_>, at: String) -> Result<()> {
    let mut batch = Batch::start(conn, actor)?;
    batch.chain.at = at;
    batch.push(conn, change)?;
    batch.finish(conn)
}

/// The audit rows of many changes in one transaction (an import of a hundred thousand
/// talents): the head of the chain is read once, each row is hashed onto the one before
/// it in memory, and the rows go many to a statement. The chain is the one [`record`]
/// would make row by row; the rows share the time the batch started.
///
/// Call [`Batch::finish`] before anything else in the transaction writes an audit row
/// (the others would read an old head), and before committing (the last rows wait in
/// memory until then).
pub(crate) struct Batch {
    chain: Chain,
    waiting: Vec<Hashed>,
}

/// Rows kept in memory before they are inserted.
const WAITING: usize = 1024;

impl Batch {
    /// Starts a batch after the newest audit row.
    pub(crate) fn start(conn: &Connection, actor: Option<&Actor>) -> Result<Batch> {
        Ok(Batch { chain: Chain::start(conn, actor)?, waiting: Vec::new() })
    }

    /// Adds the row of one change to the chain.
    pub(crate) fn push(&mut self, conn: &Connection, change: Change<'_>) -> Result<()> {
        self.waiting.push(self.chain.hash(change));
        if self.waiting.len() >= WAITING { self.flush(conn) } else { Ok(()) }
    }

    /// Inserts the rows that wait.
    pub(crate) fn finish(mut self, conn: &Connection) -> Result<()> {
        self.flush(conn)
    }

    fn flush(&mut self, conn: &Connection) -> Result<()> {
        insert_hashed(conn, &self.waiting)?;
        self.waiting.clear();
        Ok(())
    }
}

/// The chain's head and the signer of the rows to come, to hash rows in memory without
/// the connection: an import hashes its rows on a second thread while the first inserts
/// the talents, then inserts them with [`insert_hashed`] in the order they were hashed.
pub(crate) struct Chain {
    user_id: Option<i64>,
    at: String,
    username: String,
    /// The id and hash of the newest row, written or hashed.
    head: (i64, String),
}

/// A row with its place in the chain, waiting to be inserted.
pub(crate) struct Hashed {
    user_id: Option<i64>,
    entry: AuditEntry,
    prev: String,
    hash: String,
}

impl Chain {
    /// Starts after the newest audit row.
    pub(crate) fn start(conn: &Connection, actor: Option<&Actor>) -> Result<Chain> {
        // Cached statements: an import writes a hundred thousand rows in one go.
        let head: (i64, String) = conn
            .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, GENESIS.to_string()));
        let username = actor.map_or_else(|| "system".to_string(), |a| a.username.clone());
        Ok(Chain { user_id: actor.map(|a| a.user_id), at: now_text(), username, head })
    }

    /// The row of one change, hashed onto the newest.
    pub(crate) fn hash(&mut self, change: Change<'_>) -> Hashed {
        let entry = AuditEntry {
            id: self.head.0 + 1,
            at: self.at.clone(),
            username: self.username.clone(),
            action: change.action.to_string(),
            entity: change.entity.to_string(),
            entity_id: change.entity_id,
            old_value: change.old.map(|v| v.to_string()),
            new_value: change.new.map(|v| v.to_string()),
        };
        let hash = chain_hash(&self.head.1, &entry);
        let prev = std::mem::replace(&mut self.head, (entry.id, hash.clone())).1;
        Hashed { user_id: self.user_id, entry, prev, hash }
    }
}

/// Inserts hashed rows, in the order they were hashed and before any other audit row.
pub(crate) fn insert_hashed(conn: &Connection, rows: &[Hashed]) -> Result<()> {
    insert_rows(
        conn,
        "audit_log (id, at, user_id, username, action, entity, entity_id, old_value, new_value, prev_hash, hash)",
        11,
        rows,
        |stmt, first, row| {
            let e = &row.entry;
            stmt.raw_bind_parameter(first, e.id)?;
            stmt.raw_bind_parameter(first + 1, &e.at)?;
            stmt.raw_bind_parameter(first + 2, row.user_id)?;
            stmt.raw_bind_parameter(first + 3, &e.username)?;
            stmt.raw_bind_parameter(first + 4, &e.action)?;
            stmt.raw_bind_parameter(first + 5, &e.entity)?;
            stmt.raw_bind_parameter(first + 6, e.entity_id)?;
            stmt.raw_bind_parameter(first + 7, &e.old_value)?;
            stmt.raw_bind_parameter(first + 8, &e.new_value)?;
            stmt.raw_bind_parameter(first + 9, &row.prev)?;
            stmt.raw_bind_parameter(first + 10, &row.hash)
        },
    )
}

/// The hash of a row: SHA-256 over the previous hash and every field, each on its own
/// line, so no two different rows can share an input. Text fields are written as
/// `str::escape_default` writes them.
fn chain_hash(prev: &str, e: &AuditEntry) -> String {
    let mut text = String::with_capacity(prev.len() + 64 + e.new_value.as_ref().map_or(0, |v| v.len() * 4));
    text.push_str(prev);
    text.push('\n');
    text.push_str(&e.id.to_string());
    text.push('\n');
    text.push_str(&e.at);
    for field in [&e.username, &e.action, &e.entity] {
        text.push('\n');
        escape_into(&mut text, field);
    }
    text.push('\n');
    if let Some(id) = e.entity_id {
        text.push_str(&id.to_string());
    }
    for value in [&e.old_value, &e.new_value] {
        text.push('\n');
        match value {
            Some(v) => escape_into(&mut text, v),
            None => text.push('∅'),
        }
    }
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Appends `s` as `str::escape_default` writes it; printable ASCII (most of a JSON value)
/// is copied as it is instead of going through the formatter one character at a time.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, ' '..='~') && !matches!(c, '\\' | '\'' | '"') {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The hash input as the first version of the chain wrote it, with the formatter.
    fn first_version(prev: &str, e: &AuditEntry) -> String {
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
        hex::encode(Sha256::digest(text.as_bytes()))
    }

    #[test]
    fn the_chain_hash_is_the_one_stored_rows_were_made_with() {
        let mut e = AuditEntry {
            id: 42,
            at: "2026-11-29 09:30:00".into(),
            username: "王晓 'clerk'".into(),
            action: "talent.create".into(),
            entity: "talent".into(),
            entity_id: Some(7),
            old_value: None,
            new_value: Some("{\"name\":\"欧阳娜娜\",\"notes\":\"a\\\\b\\tc\\n😀 ~\"}".into()),
        };
        assert_eq!(chain_hash(GENESIS, &e), first_version(GENESIS, &e));
        e.entity_id = None;
        e.old_value = Some(String::new());
        e.new_value = None;
        assert_eq!(chain_hash("ab", &e), first_version("ab", &e));
    }

    #[test]
    fn a_batch_makes_the_chain_that_row_by_row_records_make() {
        let conn = crate::store::open::open_memory().unwrap();
        let change = |i: i64| Change {
            action: "talent.create",
            entity: "talent",
            entity_id: Some(i),
            old: None,
            new: Some(serde_json::json!({ "name": format!("张{i}") })),
        };
        record(&conn, None, change(0)).unwrap();
        let mut batch = Batch::start(&conn, None).unwrap();
        for i in 1..=(WAITING as i64 + 70) {
            batch.push(&conn, change(i)).unwrap();
        }
        batch.finish(&conn).unwrap();
        record(&conn, None, change(-1)).unwrap();
        let rows: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, WAITING as i64 + 72);
        assert_eq!(verify_chain(&conn).unwrap(), None, "the chain holds across the batch");
    }
}
