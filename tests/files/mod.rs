//! Files made and damaged on purpose for the reliability tests: corrupted pages, foreign
//! SQLite files, raw SQL behind the program's back.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// `greencard.db` + `-wal` → `greencard.db-wal`.
pub fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Overwrites a run of pages in the middle of a closed database with garbage: the header
/// and the schema stay readable, the tables' b-trees do not.
pub fn overwrite_middle_pages(db: &Path) {
    let wal = companion(db, "-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0, "close the database first");
    let len = std::fs::metadata(db).unwrap().len();
    let page = 4096;
    let pages = len / page;
    assert!(pages > 20, "a database of {pages} pages is too small to damage in the middle");
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    let garbage: Vec<u8> = (0..page).map(|i| (i * 7 + 13) as u8).collect();
    for p in pages / 3..pages * 2 / 3 {
        f.seek(SeekFrom::Start(p * page)).unwrap();
        f.write_all(&garbage).unwrap();
    }
    f.sync_all().unwrap();
}

/// Another program's SQLite database: one table, user_version 0, no application id.
pub fn foreign_sqlite(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO places (url) VALUES ('x');",
    )
    .unwrap();
}

/// Runs SQL on a closed database file, as someone with a SQLite shell would.
pub fn sql(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

/// Overwrites the root page of `table` in a closed database with garbage: the file opens and
/// its schema reads, but the table's b-tree is broken, as after a torn write.
pub fn damage_table(db: &Path, table: &str) {
    let root: u64 = {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [table], |r| r.get::<_, i64>(0)).unwrap()
            as u64
    };
    let page = 4096;
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start((root - 1) * page)).unwrap();
    f.write_all(&vec![0x5A; page as usize]).unwrap();
    f.sync_all().unwrap();
}

/// A closed office database `office.db` of `talents` talents in `dir`, with one automatic
/// backup taken.
pub fn office_with_backup(dir: &Path, talents: usize) -> (PathBuf, greencard::store::BackupInfo) {
    let db = dir.join("office.db");
    let (store, _) = crate::common::office(Some(&db), talents);
    let backup = store.backup_now(&mut |_, _| {}).unwrap();
    (db, backup)
}
