//! The files around backups and restores: a wrong clock, two databases in one folder, who
//! may hold the file while it is replaced, what a killed backup or restore left behind, a
//! store that could not open again, and the permissions of every copy.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use greencard::domain::Problem;
use greencard::i18n::Lang;
use greencard::store::{Store, StoreError};

/// `backups/office.db-YYYYMMDD-HHMMSS.db` for the time `at`, a copy of `like`.
fn backup_named(db: &Path, at: chrono::NaiveDateTime, like: &Path) -> PathBuf {
    let name = format!("{}-{}.db", db.file_name().unwrap().to_string_lossy(), at.format("%Y%m%d-%H%M%S"));
    let path = greencard::store::backups_dir(db).join(name);
    std::fs::copy(like, &path).unwrap();
    path
}

fn set_modified(path: &Path, at: SystemTime) {
    std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
}

#[test]
fn a_clock_set_back_never_rotates_away_the_backup_just_written() {
    let dir = tempfile::tempdir().unwrap();
    let (db, first) = files::office_with_backup(dir.path(), 5);
    // Backups written before the clock went back by an hour: all "later" than now.
    let now = chrono::Local::now().naive_local();
    for minutes in [20, 30, 40, 50] {
        backup_named(&db, now + chrono::Duration::minutes(minutes), &first.path);
    }
    let store = Store::open_read_only(&db).unwrap();
    let info = store.backup_now(&mut |_, _| {}).unwrap();
    assert!(info.path.exists(), "the backup just written and checked stays");
    assert!(greencard::store::list_backups(&db).unwrap().iter().any(|b| b.path == info.path));
}

#[test]
fn a_backup_dated_in_the_future_is_doubted_kept_and_does_not_put_the_daily_backup_off() {
    let dir = tempfile::tempdir().unwrap();
    let (db, first) = files::office_with_backup(dir.path(), 5);
    std::fs::remove_file(&first.path).unwrap();
    let copy = dir.path().join("template.db");
    let store = Store::open_read_only(&db).unwrap();
    store.backup_to(&copy, false, &mut |_, _| {}).unwrap();
    // Taken while the clock said 2099: its name and its file time lie in the future.
    let at = chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let future = backup_named(&db, at, &copy);
    set_modified(&future, SystemTime::UNIX_EPOCH + Duration::from_secs(4_070_941_200));
    // Named in the future but written at a plausible time: its file time is believed.
    let renamed = backup_named(&db, at - chrono::Duration::days(400), &copy);
    let listed = greencard::store::list_backups(&db).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.last().unwrap().path, future, "the doubtful one is listed last");
    assert!(listed.last().unwrap().doubtful_time);
    assert!(!listed[0].doubtful_time && listed[0].path == renamed);
    assert!(listed[0].taken_at < chrono::Local::now().naive_local() + chrono::Duration::hours(1));
    // The 2099 backup does not count as today's: the daily one is due.
    let old = SystemTime::now() - Duration::from_secs(3 * 24 * 3600);
    set_modified(&renamed, old);
    assert!(store.backup_due(chrono::Duration::days(1)), "a backup from 2099 never stands for today's");
    let info = store.backup_now(&mut |_, _| {}).unwrap();
    let warned: Vec<String> = info.warnings.iter().map(|w| w.text(Lang::Zh)).collect();
    assert!(warned.iter().any(|w| w.contains("系统时间可能有误")), "{warned:?}");
    assert!(future.exists() && info.path.exists(), "neither is rotated away");
    assert!(!store.backup_due(chrono::Duration::days(1)));
}

#[test]
fn two_databases_with_the_same_stem_keep_their_backups_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let sqlite = dir.path().join("office.sqlite");
    drop(common::office(Some(&db), 4));
    drop(common::office(Some(&sqlite), 6));
    for _ in 0..2 {
        Store::open_read_only(&db).unwrap().backup_now(&mut |_, _| {}).unwrap();
        Store::open_read_only(&sqlite).unwrap().backup_now(&mut |_, _| {}).unwrap();
        std::thread::sleep(Duration::from_millis(1100));
    }
    let ours = greencard::store::list_backups(&db).unwrap();
    let theirs = greencard::store::list_backups(&sqlite).unwrap();
    assert_eq!((ours.len(), theirs.len()), (2, 2));
    assert!(ours.iter().all(|b| greencard::store::verify_backup(&b.path).unwrap().talents == 4));
    assert!(theirs.iter().all(|b| greencard::store::verify_backup(&b.path).unwrap().talents == 6));
    // An older-style name (the stem only) whose anchor names the other database is not ours.
    let old_style = greencard::store::backups_dir(&db).join("office-20260101-090000.db");
    std::fs::copy(&theirs[0].path, &old_style).unwrap();
    std::fs::copy(files::companion(&theirs[0].path, ".anchor.json"), files::companion(&old_style, ".anchor.json"))
        .unwrap();
    assert_eq!(greencard::store::list_backups(&db).unwrap().len(), 2);
    let keep_one = greencard::domain::rotation::Keep { last: 1, daily: 0, weekly: 0, monthly: 0 };
    greencard::store::rotate_backups(&db, keep_one).unwrap();
    assert_eq!(greencard::store::list_backups(&db).unwrap().len(), 1);
    // Its two, and the older-style one its anchor gives it.
    assert_eq!(greencard::store::list_backups(&sqlite).unwrap().len(), 3, "the other database's stay");
    assert!(old_style.exists());
}

#[test]
fn the_instance_lock_comes_before_the_file_and_every_reader_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    // A restore holds a new database's name: an open waits, and creates nothing meanwhile.
    let new = dir.path().join("new.db");
    let restoring = greencard::store::take_exclusive(&new).unwrap();
    let e = Store::open(&new).err().unwrap();
    assert!(matches!(e, StoreError::BeingRestored { .. }), "{e:?}");
    assert!(!new.exists(), "not created under a restore");
    drop(restoring);
    // A reader (backup, check, export) holds the file: no restore meanwhile.
    let (db, _) = files::office_with_backup(dir.path(), 3);
    let reader = Store::open_read_only(&db).unwrap();
    assert!(matches!(greencard::store::take_exclusive(&db), Err(StoreError::OpenElsewhere { .. })));
    drop(reader);
    assert!(greencard::store::take_exclusive(&db).is_ok());
}

#[test]
fn what_a_killed_backup_or_restore_left_is_swept_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = files::office_with_backup(dir.path(), 3);
    let backups = greencard::store::backups_dir(&db);
    let stale = [dir.path().join(".greencard-backup-a1b2.tmp"), backups.join(".greencard-backup-c3d4.tmp")];
    for path in &stale {
        std::fs::write(path, b"half a copy").unwrap();
        set_modified(path, SystemTime::now() - Duration::from_secs(2 * 3600));
    }
    // One being written right now by another program stays.
    let fresh = backups.join(".greencard-backup-e5f6.tmp");
    std::fs::write(&fresh, b"being written").unwrap();
    let staging = files::companion(&db, ".restoring");
    std::fs::write(&staging, b"a restore killed midway").unwrap();
    drop(Store::open(&db).unwrap());
    assert!(stale.iter().all(|p| !p.exists()), "the stale temporary files are gone");
    assert!(fresh.exists());
    assert!(!staging.exists(), "the staging copy is gone");
}

#[test]
fn a_store_that_could_not_open_again_after_a_restore_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 3);
    let backup = store.backup_now(&mut |_, _| {}).unwrap();
    let lock = store.close_for_restore(&office.admin).unwrap();
    // Whatever replaced the file cannot be opened.
    std::fs::write(&db, [0xA5; 8192]).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _gone = std::fs::remove_file(files::companion(&db, suffix));
    }
    drop(lock);
    assert!(store.reopen().is_err());
    assert!(store.is_closed(), "closed, not an empty database in memory");
    assert_eq!(store.path(), Some(db.as_path()), "it still names its file");
    let e = store.create_zone(&office.admin, "X", "某区").unwrap_err();
    assert!(matches!(e, StoreError::Closed { .. }), "{e:?}");
    assert!(e.text(Lang::Zh).contains("已关闭"), "{}", e.text(Lang::Zh));
    // Put right, it opens again.
    std::fs::copy(&backup.path, &db).unwrap();
    store.reopen().unwrap();
    assert!(!store.is_closed());
    assert_eq!(store.registry_counts().unwrap().talents, 3);
}

#[cfg(unix)]
#[test]
fn copies_are_private_and_a_restored_database_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let (db, backup) = files::office_with_backup(dir.path(), 3);
    assert_eq!(mode(&backup.path), 0o600, "a backup");
    // The office shares the database with its group.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o660)).unwrap();
    let restored = greencard::store::restore_file(&db, &backup.path, true, None).unwrap();
    assert_eq!(mode(&db), 0o660, "the restored database keeps the database's mode");
    assert_eq!(mode(restored.kept.as_ref().unwrap()), 0o600, "the copy before the restore");
    let damaged = greencard::store::copy_aside(&db, "damaged").unwrap();
    assert_eq!(mode(&damaged), 0o600, "the copy of a damaged file");
}

#[test]
fn a_rotation_that_fails_is_a_warning_beside_a_backup_written_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (db, first) = files::office_with_backup(dir.path(), 3);
    let today = chrono::Local::now().date_naive();
    // Older backups of today; the oldest cannot be removed (a folder under its name).
    let at = |s: u32| today.and_hms_opt(0, 0, s).unwrap();
    let stuck = greencard::store::backups_dir(&db).join(format!("office.db-{}.db", at(1).format("%Y%m%d-%H%M%S")));
    std::fs::create_dir(&stuck).unwrap();
    for s in 2..=4 {
        backup_named(&db, at(s), &first.path);
    }
    let info = Store::open_read_only(&db).unwrap().backup_now(&mut |_, _| {}).unwrap();
    let warned: Vec<String> = info.warnings.iter().map(|w| w.text(Lang::Zh)).collect();
    assert!(warned.iter().any(|w| w.contains("备份已写好并通过检查，但清理旧备份时出错")), "{warned:?}");
    assert!(greencard::store::verify_backup(&info.path).is_ok(), "the backup itself stands");
}
