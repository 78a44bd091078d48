//! Policy versions: every set of rates, caps and terms with the day it takes effect.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, Store, StoreError};
use crate::domain::dates::fmt_date;
use crate::domain::{Actor, Policy, PolicyVersion};

/// The effective date of the version a new database starts with: early enough to cover
/// every decision the office could record.
const FIRST_EFFECTIVE: &str = "2000-01-01";

/// The policy a new database starts with, frozen as text: migration 1 must write the same
/// rows forever, whatever later builds choose as defaults.
const POLICY_V1: &str = r#"{
  "tiers": [
    {
      "code": "A",
      "name_zh": "顶尖人才",
      "name_en": "Top talent",
      "card_validity_years": 5,
      "family_cards": true,
      "services": [
        "housing",
        "medical_green_channel",
        "health_check",
        "schooling",
        "spouse_employment",
        "transport",
        "airport_vip"
      ],
      "rent": 5000,
      "grant_cap": 300000000
    },
    {
      "code": "B",
      "name_zh": "国家级领军人才",
      "name_en": "National leading talent",
      "card_validity_years": 5,
      "family_cards": false,
      "services": [
        "housing",
        "medical_green_channel",
        "health_check",
        "schooling",
        "spouse_employment",
        "transport"
      ],
      "rent": 5500,
      "grant_cap": 100000000
    },
    {
      "code": "C",
      "name_zh": "省级领军人才",
      "name_en": "Provincial leading talent",
      "card_validity_years": 5,
      "family_cards": false,
      "services": [
        "housing",
        "medical_green_channel",
        "health_check",
        "schooling",
        "spouse_employment"
      ],
      "rent": 6000,
      "grant_cap": 50000000
    },
    {
      "code": "D",
      "name_zh": "市级高层次人才",
      "name_en": "Municipal high-level talent",
      "card_validity_years": 5,
      "family_cards": false,
      "services": [
        "housing",
        "medical_green_channel",
        "health_check",
        "schooling"
      ],
      "rent": 6500,
      "grant_cap": 30000000
    },
    {
      "code": "E",
      "name_zh": "高级人才与青年人才",
      "name_en": "Senior and young talent",
      "card_validity_years": 5,
      "family_cards": false,
      "services": [
        "housing",
        "medical_green_channel",
        "health_check"
      ],
      "rent": 7000,
      "grant_cap": 20000000
    }
  ],
  "renewal_window_days": 30,
  "renewal_grace_days": 90,
  "lease_term_cap_years": 6,
  "lease_exit_months": 3,
  "reward_share": 1000
}"#;

/// Migration step: the office's default policy as version 1.
pub(crate) fn seed_default(tx: &Transaction<'_>) -> Result<()> {
    let body = POLICY_V1;
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
        Ok((r.get::<_, i64>("id")?, r.get::<_, NaiveDate>("effective_from")?, r.get::<_, String>("body")?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, effective_from, body) = row?;
        let policy: Policy = serde_json::from_str(&body).map_err(|e| StoreError::Invalid {
            key: "policy.bad_json",
            args: vec![("detail", format!("version {id}: {e}"))],
        })?;
        // A stored version that breaks the rules is damage, not policy: refuse to use it.
        policy.validate().map_err(|e| StoreError::Invalid {
            key: "policy.bad_json",
            args: vec![("detail", format!("version {id}: {}", crate::domain::Problem::key(&e)))],
        })?;
        out.push(PolicyVersion { id, effective_from, policy });
    }
    Ok(out)
}

/// The version in force on `on`, read on `conn` (inside the write transaction of the
/// decision that uses it, so a version saved meanwhile by another desk is seen).
pub(crate) fn in_force_on(conn: &Connection, on: NaiveDate) -> Result<PolicyVersion> {
    let versions = versions(conn)?;
    crate::domain::policy::in_force(&versions, on).cloned().ok_or(StoreError::NotFound { what: "policy" })
}

/// The latest day on which a decision recorded its policy version: a card issued,
/// renewed or reissued, an attached card issued, a lease signed, an award fixed. A new
/// version must start after it, or that decision would seem made under a version it never saw.
pub(crate) fn last_decision_day(conn: &Connection) -> Result<Option<NaiveDate>> {
    Ok(conn.query_row(
        "SELECT max(d) FROM (
             SELECT max(on_date) AS d FROM card_events WHERE policy_version IS NOT NULL
             UNION ALL SELECT max(issued_on) FROM family_cards
             UNION ALL SELECT max(signed_on) FROM leases
             UNION ALL SELECT max(awarded_on) FROM grants)",
        [],
        |r| r.get::<_, Option<NaiveDate>>(0),
    )?)
}

/// The first day a new version may take effect on `today`: today, or the day after the
/// latest decision already made, whichever is later.
pub(crate) fn earliest_effective(conn: &Connection, today: NaiveDate) -> Result<NaiveDate> {
    let after_decisions = last_decision_day(conn)?.and_then(|d| d.succ_opt());
    Ok(after_decisions.map_or(today, |d| d.max(today)))
}

/// Stores a new version (administrators only), checked again inside the transaction:
/// valid values, services of the catalogue, an effective date neither in the past nor on or
/// before a decision already made. Versions are never changed or deleted; a later one with
/// the same effective date supersedes a version that has not yet taken effect.
pub(crate) fn add_version(
    conn: &Connection,
    actor: &Actor,
    effective_from: NaiveDate,
    policy: &Policy,
    note: &str,
    today: NaiveDate,
) -> Result<PolicyVersion> {
    if !actor.role.is_admin() {
        return Err(StoreError::NotAllowed);
    }
    policy.validate().map_err(|e| StoreError::invalid(&e))?;
    let known: Vec<String> = super::services::catalogue(conn)?.into_iter().map(|s| s.code).collect();
    policy
        .check_services(&known.iter().map(String::as_str).collect::<Vec<_>>())
        .map_err(|e| StoreError::invalid(&e))?;
    crate::domain::policy::check_effective_date(effective_from, today).map_err(|e| StoreError::invalid(&e))?;
    let earliest = earliest_effective(conn, today)?;
    if effective_from < earliest {
        return Err(StoreError::Invalid {
            key: "policy.err.before_decisions",
            args: vec![("date", fmt_date(earliest))],
        });
    }
    let body = serde_json::to_string_pretty(policy)
        .map_err(|e| StoreError::Invalid { key: "policy.bad_json", args: vec![("detail", e.to_string())] })?;
    let note = crate::domain::text::clean(note);
    conn.execute(
        "INSERT INTO policy_versions (effective_from, body, note, created_at, created_by)
         VALUES (:from, :body, :note, :now, :user)",
        named_params! { ":from": effective_from, ":body": body, ":note": note, ":now": now_text(), ":user": actor.user_id },
    )?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "policy.version",
            entity: "policy",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({ "effective_from": effective_from, "note": note, "policy": policy })),
        },
    )?;
    Ok(PolicyVersion { id, effective_from, policy: policy.clone() })
}

/// Who made each version and why, by version id.
pub(crate) fn version_notes(conn: &Connection) -> Result<Vec<VersionNote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.note, v.created_at, coalesce(u.display_name, '') AS by
         FROM policy_versions v LEFT JOIN users u ON u.id = v.created_by ORDER BY v.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(VersionNote { id: r.get("id")?, note: r.get("note")?, created_at: r.get("created_at")?, by: r.get("by")? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The record around a version: its note, when and by whom it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionNote {
    /// The version.
    pub id: i64,
    /// Why it was made ('default' for the first).
    pub note: String,
    /// When it was saved.
    pub created_at: String,
    /// Who saved it ('' for the first, made with the database).
    pub by: String,
}

impl Store {
    /// An administrator stores a new policy version taking effect on `effective_from`.
    pub fn add_policy_version(
        &mut self,
        actor: &Actor,
        effective_from: NaiveDate,
        policy: &Policy,
        note: &str,
        today: NaiveDate,
    ) -> Result<PolicyVersion> {
        let (tx, rights) = self.write_as(actor)?;
        let v = add_version(&tx, &rights.actor, effective_from, policy, note, today)?;
        tx.commit()?;
        Ok(v)
    }

    /// The first day a new policy version may take effect on `today`.
    pub fn earliest_policy_date(&self, today: NaiveDate) -> Result<NaiveDate> {
        earliest_effective(&self.conn, today)
    }

    /// The note, time and author of every version, oldest first.
    pub fn policy_version_notes(&self) -> Result<Vec<VersionNote>> {
        version_notes(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frozen_first_policy_is_valid_and_is_todays_default() {
        let policy: Policy = serde_json::from_str(POLICY_V1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(policy.validate(), Ok(()));
        assert_eq!(policy, Policy::office_default());
    }
}
