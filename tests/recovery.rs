//! Recovering a damaged database at the store level: a file changed after the start-up
//! check is copied again before it is replaced, and a file whose header is gone gets the
//! recovery too when its backups lie beside it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use greencard::store::{Store, StoreError};

/// The value of the setting `key` in a database file, read with a bare connection.
fn setting_in(db: &Path, key: &str) -> Option<String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).ok()
}

/// Overwrites the first 100 bytes (SQLite's header) of a closed database with garbage.
fn destroy_header(db: &Path) {
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    f.write_all(&[0xA5; 100]).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_file_written_after_the_start_up_check_is_copied_again_before_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = files::office_with_backup(dir.path(), 50);
    files::damage_table(&db, "talents");
    let found = greencard::store::examine(&db).unwrap().unwrap();
    let checked = found.kept.clone().unwrap();
    // The damaged file still takes a write in an undamaged table after the check's copy.
    files::sql(&db, "INSERT INTO settings (key, value) VALUES ('late', 'after the check')");
    let restored = greencard::store::recover_file(&db, &good.path).unwrap();
    let kept = restored.kept.expect("the file as it was is kept");
    assert_ne!(kept, checked, "a new copy: the file changed since the check");
    assert_eq!(setting_in(&kept, "late").as_deref(), Some("after the check"), "the late write is in the copy");
    assert_eq!(setting_in(&checked, "late"), None);
    assert!(restored.afterwards.is_none(), "{:?}", restored.afterwards);
    assert!(greencard::store::quick_check_file(&db).unwrap().is_empty());
}

#[test]
fn an_unchanged_damaged_file_is_not_copied_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = files::office_with_backup(dir.path(), 50);
    files::damage_table(&db, "talents");
    let found = greencard::store::examine(&db).unwrap().unwrap();
    let restored = greencard::store::recover_file(&db, &good.path).unwrap();
    assert_eq!(restored.kept, found.kept.ok(), "the check's copy is byte for byte the file");
}

#[test]
fn a_file_whose_header_is_gone_gets_the_recovery_when_its_backups_lie_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = files::office_with_backup(dir.path(), 40);
    destroy_header(&db);
    let e = Store::open(&db).err().unwrap();
    assert!(matches!(e, StoreError::NotADatabase { .. }), "{e:?}");
    assert!(greencard::store::offers_recovery(&db, &e), "its backups lie beside it");
    let found = greencard::store::examine(&db).unwrap().expect("counted as damaged");
    assert_eq!(found.newest_good.as_ref().map(|(b, f)| (b.path.clone(), f.talents)), Some((good.path.clone(), 40)));
    let kept = found.kept.clone().unwrap();
    greencard::store::recover_file(&db, &good.path).unwrap();
    assert_eq!(Store::open(&db).unwrap().registry_counts().unwrap().talents, 40);
    assert_eq!(std::fs::read(&kept).unwrap()[..100], [0xA5; 100], "the damaged file was kept as it was");

    // Without backups beside it, such a file is refused as not a database, as before.
    let lone = tempfile::tempdir().unwrap();
    let other = lone.path().join("other.db");
    std::fs::write(&other, [0xA5; 8192]).unwrap();
    let e = Store::open(&other).err().unwrap();
    assert!(!greencard::store::offers_recovery(&other, &e));
}

#[test]
fn an_emptied_database_with_backups_is_damaged_not_new() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _good) = files::office_with_backup(dir.path(), 10);
    std::fs::write(&db, b"").unwrap();
    let e = Store::open(&db).err().unwrap();
    assert!(matches!(e, StoreError::NotADatabase { .. }), "not made into a new, empty database: {e:?}");
    assert!(greencard::store::offers_recovery(&db, &e));
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "nothing written");
    // An empty file without backups is what SQLite makes for a new database: it opens.
    let fresh = dir.path().join("fresh").join("new.db");
    std::fs::create_dir(fresh.parent().unwrap()).unwrap();
    std::fs::write(&fresh, b"").unwrap();
    assert!(Store::open(&fresh).is_ok());
}
