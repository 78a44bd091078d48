//! Policy versions: every set of rates, caps and terms with the day it takes effect.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, named_params};

use super::audit::now_text;
use super::{Result, StoreError};
use crate::domain::{Policy, PolicyVersion};

/// The effective date of the version a new database starts with: early enough to cover
/// every decision the office could record.
const FIRST_EFFECTIVE: &str = "2000-01-01";

/// Migration step: the office's default policy as version 1.
pub(crate) fn seed_default(tx: &Transaction<'_>) -> Result<()> {
    let body = serde_json::to_string(&Policy::office_default()).map_err(|e| StoreError::Invalid {
        key: "policy.bad_json",
        args: vec![("detail", e.to_string())],
    })?;
    tx.execute(
        "INSERT INTO policy_versions (effective_from, body, note, created_at, created_by)
         VALUES (:from, :body, 'default', :now, NULL)",
        named_params! { ":from": FIRST_EFFECTIVE, ":body": body, ":now": now_text() },
    )?;
    Ok(())
}

/// Every version, oldest effective date first.
pub(crate) fn versions(conn: &Connection) -> Result<Vec<PolicyVersion>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, effective_from, body FROM policy_versions ORDER BY effective_from, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, NaiveDate>("effective_from")?,
            r.get::<_, String>("body")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, effective_from, body) = row?;
        let policy: Policy = serde_json::from_str(&body).map_err(|e| StoreError::Invalid {
            key: "policy.bad_json",
            args: vec![("detail", format!("version {id}: {e}"))],
        })?;
        out.push(PolicyVersion {
            id,
            effective_from,
            policy,
        });
    }
    Ok(out)
}
