//! The store under trouble: foreign files, a damaged file, a second program on the same
//! file, a full disk and a read-only file. Each ends in a clear Chinese message with the
//! database as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use std::time::{Duration, Instant};

use greencard::domain::Problem;
use greencard::i18n::Lang;
use greencard::store::{Store, StoreError};

#[test]
fn a_foreign_sqlite_file_is_refused_instead_of_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("places.sqlite");
    files::foreign_sqlite(&db);
    let before = std::fs::read(&db).unwrap();
    let e = Store::open(&db).err().unwrap();
    assert!(matches!(e, StoreError::Foreign { .. }), "{e:?}");
    assert!(e.text(Lang::Zh).contains("不是 greencard 数据库"), "{}", e.text(Lang::Zh));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!files::companion(&db, ".lock").exists(), "nothing is written beside a refused file");
    // Another program's id is refused even on an empty file.
    let other = dir.path().join("other.db");
    files::sql(&other, "PRAGMA application_id = 42");
    assert!(matches!(Store::open(&other), Err(StoreError::Foreign { .. })));
}

#[test]
fn a_greencard_database_made_before_the_application_id_still_opens_and_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    drop(common::office(Some(&db), 5));
    let id = |db: &std::path::Path| -> i64 {
        rusqlite::Connection::open(db).unwrap().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(id(&db), 0x4752_4344, "a new database carries greencard's id");
    files::sql(&db, "PRAGMA application_id = 0");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.registry_counts().unwrap().talents, 5);
    drop(store);
    assert_eq!(id(&db), 0x4752_4344);
}

#[test]
fn a_damaged_file_fails_the_quick_check_and_a_sound_one_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 400));
    assert_eq!(greencard::store::quick_check_file(&db).unwrap(), Vec::<String>::new());
    files::overwrite_middle_pages(&db);
    let problems = greencard::store::quick_check_file(&db).unwrap();
    assert!(!problems.is_empty());
    // Keeping a copy leaves the damaged file exactly as it was.
    let before = std::fs::read(&db).unwrap();
    let copy = greencard::store::copy_aside(&db, "damaged").unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Holds the write lock of `db` from another connection for `hold`, as a second greencard
/// in the middle of a save would.
fn hold_write_lock(db: &std::path::Path, hold: Duration) -> std::thread::JoinHandle<()> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    })
}

#[test]
fn a_second_program_writing_makes_the_first_wait_and_a_long_hold_gives_a_clear_busy_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 5);
    // A short hold: the write waits for it and then succeeds.
    // Timed from before the other program's lock: the write cannot end before it lets go.
    let started = Instant::now();
    let holder = hold_write_lock(&db, Duration::from_millis(700));
    store.create_zone(&office.admin, "W1", "等候区").unwrap();
    assert!(started.elapsed() >= Duration::from_millis(700), "the write waited for the other program");
    holder.join().unwrap();
    // A hold longer than the busy timeout: refused with a message, nothing written.
    let zones = store.zones().unwrap().len();
    // Longer than the 5 s busy timeout, with room for a slow machine.
    let holder = hold_write_lock(&db, Duration::from_secs(8));
    let e = store.create_zone(&office.admin, "W2", "忙碌区").unwrap_err();
    assert!(matches!(e, StoreError::Busy), "{e:?}");
    assert_eq!(e.text(Lang::Zh), "数据库正被另一个程序使用，请稍后重试");
    holder.join().unwrap();
    assert_eq!(store.zones().unwrap().len(), zones);
    // And the store goes on working.
    store.create_zone(&office.admin, "W3", "恢复区").unwrap();
}

#[test]
fn a_full_disk_rolls_the_change_back_with_a_clear_message_and_the_store_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 5);
    store.freeze_size_for_tests().unwrap();
    let audit = store.recent_audit(1).unwrap()[0].id;
    // Writes fill the last free pages, then one fails.
    let big = "备".repeat(3000);
    let mut failure = None;
    for n in 0..2000 {
        if let Err(e) = store.set_setting(Some(&office.admin), &format!("test.fill.{n}"), &big) {
            failure = Some((n, e));
            break;
        }
    }
    let (written, e) = failure.expect("the frozen file fills up");
    assert!(matches!(e, StoreError::DiskFull), "{e:?}");
    assert_eq!(e.text(Lang::Zh), "磁盘已满，操作未保存。请清理磁盘后重试");
    // The failed change left nothing: neither the setting nor its audit row.
    assert_eq!(store.setting(&format!("test.fill.{written}")).unwrap(), None);
    assert!(store.setting(&format!("test.fill.{}", written.max(1) - 1)).unwrap().is_some() || written == 0);
    assert_eq!(store.recent_audit(1).unwrap()[0].id, audit + written as i64);
    // Small changes that fit in free space still work: the store goes on.
    store.set_setting(Some(&office.admin), "ui.theme", "dark").unwrap();
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
}

#[test]
fn a_read_only_file_refuses_changes_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, office) = common::office(Some(&db), 5);
    drop(store);
    let mut store = Store::open_read_only(&db).unwrap();
    let e = store.create_zone(&office.admin, "RO", "只读区").unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly), "{e:?}");
    assert_eq!(e.text(Lang::Zh), "数据库文件只读，操作未保存");
    assert!(store.zones().unwrap().iter().all(|z| z.code != "RO"));
}

#[test]
fn a_damaged_file_found_at_every_start_is_kept_once_and_the_newest_good_backup_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = files::office_with_backup(dir.path(), 50);
    assert_eq!(greencard::store::examine(&db).unwrap(), None, "a sound file gets no finding");
    files::damage_table(&db, "talents");
    let first = greencard::store::examine(&db).unwrap().unwrap();
    assert!(!first.problems.is_empty() && first.problem_count >= first.problems.len());
    assert_eq!(first.newest_good.as_ref().map(|(b, f)| (b.path.clone(), f.talents)), Some((good.path.clone(), 50)));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = greencard::store::examine(&db).unwrap().unwrap();
    assert_eq!(second.kept, first.kept, "the same damage is kept once");
    let copies = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name().to_string_lossy().contains("-damaged-") && e.file_name().to_string_lossy().ends_with(".db")
        })
        .count();
    assert_eq!(copies, 1);
    // Recovery without a login is only for a damaged file.
    greencard::store::recover_file(&db, &good.path).unwrap();
    let e = greencard::store::recover_file(&db, &good.path).unwrap_err();
    assert!(e.text(Lang::Zh).contains("数据库完好，无需恢复"), "{}", e.text(Lang::Zh));
}
