//! The storage engine's own floor under the import figure: what SQLite alone takes to put
//! 100,000 talent rows and 100,000 audit rows into the bench database, with the same
//! indexes and the same page cache as the import, but without reading a file, without
//! Rust in the loop, without search entries, duplicate flags or a commit.
//!
//! This is raw SQL in a bench, on purpose: it measures SQLite, not greencard. The rows are
//! copies of every tenth stored talent under a new document number (so their keys fall
//! at random places in each index, as an enterprise's new people do), and the audit rows
//! are as long as the import's. Everything is rolled back.

use std::path::Path;
use std::time::Instant;

use rusqlite::Connection;

/// Seconds for the talent rows and for the audit rows, on a copy of `db`.
pub fn floor(db: &Path, rows: usize) -> anyhow::Result<(f64, f64)> {
    let copy = db.with_extension("floor-copy.db");
    std::fs::copy(db, &copy)?;
    let result = measure(&copy, rows);
    std::fs::remove_file(&copy)?;
    for suffix in ["-wal", "-shm"] {
        let side = copy.with_extension(format!("db{suffix}"));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    result
}

fn measure(path: &Path, rows: usize) -> anyhow::Result<(f64, f64)> {
    let conn = Connection::open(path)?;
    // The import's ceiling (Store::bulk).
    conn.pragma_update(None, "cache_size", -1_048_576)?;
    conn.execute_batch("BEGIN")?;
    let step = (conn.query_row("SELECT count(*) FROM talents", [], |r| r.get::<_, i64>(0))?
        / i64::try_from(rows.max(1))?)
    .max(1);
    conn.execute(
        "CREATE TEMP TABLE new_talents AS SELECT * FROM talents WHERE id % ?1 = 3 ORDER BY id LIMIT ?2",
        rusqlite::params![step, i64::try_from(rows)?],
    )?;
    // The import counts the new talents once, not row by row (dashboard_counts).
    conn.execute_batch("DROP TRIGGER talent_counts_insert")?;
    let started = Instant::now();
    conn.execute_batch(
        "INSERT INTO talents (id, name, gender, birth_date, nationality, doc_type, doc_number, phone, email,
                              education, title, field, employer_id, zone_id, arrival_date, tier,
                              recognised_until, notes, created_at, updated_at, search_name, search_initials)
         SELECT id + 10000000, name, gender, birth_date, nationality, doc_type, substr(doc_number, 1, 17) || 'F',
                phone, email, education, title, field, employer_id, zone_id, arrival_date, tier,
                recognised_until, notes, created_at, updated_at, search_name, search_initials
         FROM new_talents ORDER BY id",
    )?;
    let talents = started.elapsed().as_secs_f64();
    // An import's audit row: its JSON is about 400 characters, its hash 64.
    conn.execute_batch(
        "CREATE TEMP TABLE new_audit AS
         SELECT '2026-12-01 09:00:00' AS at, 1 AS user_id, 'admin' AS username, 'talent.create' AS action,
                'talent' AS entity, id + 10000000 AS entity_id, NULL AS old_value,
                printf('%.400c', 'x') AS new_value, lower(hex(randomblob(32))) AS prev_hash,
                lower(hex(randomblob(32))) AS hash
         FROM new_talents ORDER BY id",
    )?;
    let started = Instant::now();
    conn.execute_batch(
        "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, old_value, new_value, prev_hash, hash)
         SELECT * FROM new_audit",
    )?;
    let audit = started.elapsed().as_secs_f64();
    conn.execute_batch("ROLLBACK")?;
    Ok((talents, audit))
}
