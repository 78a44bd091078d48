//! The schema and its migrations, numbered by `PRAGMA user_version`. Append-only: never
//! edit or remove an entry, add a new one (a test upgrades the first schema to the newest).

use rusqlite::{Connection, Transaction};

use super::Result;

/// One step of the schema's history.
pub(crate) struct Migration {
    /// SQL run first, in the migration's transaction.
    pub sql: &'static str,
    /// Rust run after the SQL, in the same transaction (seed rows, data moves).
    pub after: Option<fn(&Transaction<'_>) -> Result<()>>,
}

/// Every migration, oldest first; migration `i` brings the schema to version `i + 1`.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration { sql: include_str!("sql/0001_foundation.sql"), after: Some(super::policy::seed_default) },
    Migration { sql: include_str!("sql/0002_registry.sql"), after: None },
    Migration { sql: include_str!("sql/0003_review.sql"), after: None },
    Migration { sql: include_str!("sql/0004_cards.sql"), after: None },
    Migration { sql: include_str!("sql/0005_search.sql"), after: Some(super::search_index::index_existing) },
    Migration { sql: include_str!("sql/0006_card_search.sql"), after: None },
    Migration { sql: include_str!("sql/0007_card_services.sql"), after: None },
    Migration { sql: include_str!("sql/0008_housing.sql"), after: None },
    Migration { sql: include_str!("sql/0009_grants.sql"), after: None },
    Migration { sql: include_str!("sql/0010_policy.sql"), after: None },
    Migration { sql: include_str!("sql/0011_security.sql"), after: None },
    Migration { sql: include_str!("sql/0012_later_rent.sql"), after: None },
    Migration { sql: include_str!("sql/0013_overstay_alert.sql"), after: None },
    Migration {
        sql: include_str!("sql/0014_dashboard_counts.sql"),
        after: Some(super::dashboard_counts::count_existing),
    },
    Migration { sql: include_str!("sql/0015_lease_signed.sql"), after: None },
];

/// The schema version this program writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version recorded in the database.
pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the migrations after the database's version, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies migrations up to `target` (tests use it to build an old schema).
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = user_version(conn)?;
    for (index, migration) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= current || version > target {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql)?;
        if let Some(after) = migration.after {
            after(&tx)?;
        }
        // PRAGMA takes no bound parameters; `version` is a number we computed.
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrades_every_old_schema_to_the_newest() {
        for start in 1..=LATEST_VERSION {
            let mut conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
            conn.pragma_update(None, "foreign_keys", "ON").unwrap_or_else(|e| panic!("{e}"));
            migrate_to(&mut conn, start).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(user_version(&conn).ok(), Some(start));
            conn.execute_batch(crate::store::ONE_TALENT_SQL).unwrap_or_else(|e| panic!("{e}"));
            migrate(&mut conn).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(user_version(&conn).ok(), Some(LATEST_VERSION));
            // Running it again changes nothing.
            migrate(&mut conn).unwrap_or_else(|e| panic!("{e}"));
            let policies: i64 = conn.query_row("SELECT count(*) FROM policy_versions", [], |r| r.get(0)).unwrap_or(-1);
            assert_eq!(policies, 1);
            // The dashboard's counters count the talents that were there before them.
            let counted: i64 = conn.query_row("SELECT sum(n) FROM talent_counts", [], |r| r.get(0)).unwrap_or(-1);
            assert_eq!(counted, 1);
            // Talents that existed before the search index are in it (version 2).
            if start >= 2 {
                continue;
            }
            let indexed: (String, String) = conn
                .query_row("SELECT search_name, search_initials FROM talents", [], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(indexed, ("单伟".to_string(), " dw sw".to_string()));
            let entries: i64 = conn
                .query_row(
                    "SELECT (SELECT count(*) FROM talent_name_grams WHERE gram = '单伟')
                          + (SELECT count(*) FROM talent_initials WHERE prefix = 'sw')
                          + (SELECT count(*) FROM talent_doc_grams WHERE gram = 'E1')
                          + (SELECT count(*) FROM talent_docs WHERE talent_docs MATCH '\"234\"')",
                    [],
                    |r| r.get(0),
                )
                .unwrap_or(-1);
            assert_eq!(entries, 4);
        }
    }
}
