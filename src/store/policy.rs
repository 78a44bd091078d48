//! Policy versions: every set of rates, caps and terms with the day it takes effect.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, named_params};

use super::audit::now_text;
use super::{Result, StoreError};
use crate::domain::{Policy, PolicyVersion};

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
