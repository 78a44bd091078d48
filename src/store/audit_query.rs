//! Reading the audit log for the 审计日志 screen: filtered by user, record, action and day,
//! newest first, a page at a time by keyset (`id < last id seen`), so the millionth row
//! costs what the first does. Administrators only.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::audit::AuditEntry;
use super::users::require_admin;
use super::{Result, Store, access};
use crate::domain::Actor;

/// Whose rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AuditUser {
    /// Everyone's.
    #[default]
    Anyone,
    /// One user's.
    User(i64),
    /// Unattended commands' (signed `system`).
    System,
}

/// What the audit screen asks for. Every part is optional; all given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AuditFilter {
    /// Whose rows.
    pub user: AuditUser,
    /// The kind of record (`talent`, `card`, …).
    pub entity: Option<String>,
    /// The record's id (with `entity`).
    pub entity_id: Option<i64>,
    /// The action exactly (`talent.update`).
    pub action: Option<String>,
    /// From this day on.
    pub from: Option<NaiveDate>,
    /// Up to and including this day.
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    /// `WHERE …` and its values.
    fn sql(&self) -> (String, Vec<Value>) {
        let date = |d: NaiveDate| Value::Text(crate::domain::dates::fmt_date(d));
        let conditions: [(&str, Option<Value>); 7] = [
            (" AND user_id = ?", if let AuditUser::User(id) = self.user { Some(Value::Integer(id)) } else { None }),
            (" AND user_id IS NULL", (self.user == AuditUser::System).then_some(Value::Null)),
            (" AND entity = ?", self.entity.clone().map(Value::Text)),
            (" AND entity_id = ?", self.entity_id.map(Value::Integer)),
            (" AND action = ?", self.action.clone().map(Value::Text)),
            // `at` is 'YYYY-MM-DD HH:MM:SS': a day's rows sort between its date and the next's.
            (" AND at >= ?", self.from.map(date)),
            (" AND at < ?", self.to.and_then(|d| d.succ_opt()).map(date)),
        ];
        let mut sql = String::from("WHERE 1");
        let mut values = Vec::new();
        for (condition, value) in conditions {
            let Some(value) = value else { continue };
            sql.push_str(condition);
            // `IS NULL` binds nothing.
            if condition.contains('?') {
                values.push(value);
            }
        }
        (sql, values)
    }
}

/// Rows matching `filter` older than `before` (None: from the newest), newest first.
fn page(conn: &Connection, filter: &AuditFilter, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
    let (mut sql, mut values) = filter.sql();
    if let Some(id) = before {
        sql.push_str(" AND id < ?");
        values.push(Value::Integer(id));
    }
    values.push(Value::Integer(i64::from(limit)));
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM audit_log {sql} ORDER BY id DESC LIMIT ?"))?;
    let rows = stmt.query_map(params_from_iter(values), AuditEntry::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every action the log holds, sorted: one index seek per distinct action, however many
/// rows there are.
fn actions(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE a(x) AS (
             SELECT min(action) FROM audit_log
             UNION ALL
             SELECT (SELECT min(action) FROM audit_log WHERE action > a.x) FROM a WHERE a.x IS NOT NULL)
         SELECT x FROM a WHERE x IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// One page of the audit log for an administrator: rows matching `filter` older than
    /// `before` (None: the newest), newest first.
    pub fn audit_page(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>> {
        require_admin(Some(&access::rights(&self.conn, actor.user_id)?.actor))?;
        page(&self.conn, filter, before, limit)
    }

    /// Hands every row matching `filter` to `f`, newest first, until it returns false
    /// (an export of a million rows never holds them all).
    pub fn for_each_audit(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        mut f: impl FnMut(AuditEntry) -> bool,
    ) -> Result<()> {
        let mut before = None;
        loop {
            let rows = self.audit_page(actor, filter, before, 2_000)?;
            let Some(last) = rows.last().map(|r| r.id) else { return Ok(()) };
            for row in rows {
                if !f(row) {
                    return Ok(());
                }
            }
            before = Some(last);
        }
    }

    /// Every action the audit log holds, for the screen's filter (administrators).
    pub fn audit_actions(&self, actor: &Actor) -> Result<Vec<String>> {
        require_admin(Some(&access::rights(&self.conn, actor.user_id)?.actor))?;
        actions(&self.conn)
    }

    /// How many rows the audit log holds.
    pub fn audit_row_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    /// Walks the hash chain; the id of the first row whose hash does not match, if any.
    pub fn verify_audit_chain(&self) -> Result<Option<i64>> {
        super::audit::verify_chain(&self.conn)
    }
}
