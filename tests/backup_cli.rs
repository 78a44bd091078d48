//! `greencard backup`, `greencard restore` and the audit anchor of `greencard check`, run as
//! an office would run them: the real binary on real files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use std::path::Path;

use common::{greencard, text};

#[test]
fn backup_prints_its_size_time_and_anchor_and_restore_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 100);
    let head = store.audit_head().unwrap().unwrap();
    let out_file = dir.path().join("friday.db");
    let out = greencard(&db, &["backup", "--out", out_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // backup written to …/friday.db: 0.6 MB in 0.04 s (quick_check ok)
    assert!(stdout.contains("friday.db: ") && stdout.contains(" MB in ") && stdout.contains(" s (quick_check ok)"));
    assert!(stdout.contains(&format!("audit head: row {} hash {}", head.id, head.hash)), "{stdout}");
    assert!(files::companion(&out_file, ".anchor.json").exists());

    // Later changes, then the restore while nothing has the file open.
    store.create_zone(&office.admin, "LATE", "后建区").unwrap();
    let busy = greencard(&db, &["restore", out_file.to_str().unwrap()]);
    assert_eq!(busy.status.code(), Some(1), "refused while the store is open");
    assert!(text(&busy.stderr).contains("正在另一个 greencard 窗口或命令中打开"), "{}", text(&busy.stderr));
    drop(store);
    let restored = greencard(&db, &["restore", out_file.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let stdout = text(&restored.stdout);
    assert!(stdout.contains("verified") && stdout.contains("100 talents") && stdout.contains("audit chain intact"));
    let kept = stdout.lines().find_map(|l| l.strip_prefix("the previous database was kept as ")).unwrap();
    assert!(
        greencard::store::Store::open_read_only(Path::new(kept))
            .unwrap()
            .zones()
            .unwrap()
            .iter()
            .any(|z| z.code == "LATE")
    );
    let store = greencard::store::Store::open(&db).unwrap();
    assert!(store.zones().unwrap().iter().all(|z| z.code != "LATE"));
    drop(store);
    let check = greencard(&db, &["check"]);
    assert_eq!(text(&check.stdout).trim(), "ok", "{}", text(&check.stderr));
    assert!(text(&check.stderr).starts_with("audit head: row "), "{}", text(&check.stderr));
}

#[test]
fn backup_without_out_goes_to_the_backups_folder_and_check_finds_a_cut_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 10));
    let out = greencard(&db, &["backup"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("{}", dir.path().join("backups").join("office.db-").display())));
    assert_eq!(greencard::store::list_backups(&db).unwrap().len(), 1);
    files::sql(
        &db,
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    );
    let check = greencard(&db, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).contains("rows were deleted"), "{}", text(&check.stdout));
}

#[test]
fn restore_refuses_a_damaged_backup_and_leaves_the_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 300));
    let backup = dir.path().join("b.db");
    assert!(greencard(&db, &["backup", "--out", backup.to_str().unwrap()]).status.success());
    files::overwrite_middle_pages(&backup);
    let before = std::fs::read(&db).unwrap();
    let out = greencard(&db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("该备份文件已损坏"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let out = greencard(&db, &["restore", dir.path().join("missing.db").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing.db"), "{}", text(&out.stderr));
}

#[test]
fn closing_the_window_leaves_a_checked_backup_in_the_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 10));
    // What main does after the window has closed.
    greencard::cli::backup_on_close(&db);
    let backups = greencard::store::list_backups(&db).unwrap();
    assert_eq!(backups.len(), 1);
    assert!(greencard::store::verify_backup(&backups[0].path).is_ok());
    // A damaged database is not backed up: its copy fails the check, and the good backup stays.
    files::damage_table(&db, "talents");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    greencard::cli::backup_on_close(&db);
    assert_eq!(greencard::store::list_backups(&db).unwrap(), backups);
}

/// The inode of a file: a backup renamed over the database would give it a new one.
#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[test]
fn backup_out_refuses_the_database_and_its_companions_and_a_file_that_is_not_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 10));
    let before = std::fs::read(&db).unwrap();
    #[cfg(unix)]
    let ino = inode(&db);
    // The database itself, by another spelling, and its companions.
    let same = dir.path().join(".").join("office.db");
    for out in [db.clone(), same, files::companion(&db, "-wal"), files::companion(&db, ".lock")] {
        let run = greencard(&db, &["backup", "--out", out.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(1), "{}", out.display());
        assert!(text(&run.stderr).contains("那是数据库文件本身"), "{}", text(&run.stderr));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database is untouched");
    #[cfg(unix)]
    assert_eq!(inode(&db), ino, "still the same file under the live name");

    // Somebody's spreadsheet is not replaced without --force; a greencard backup is.
    let report = dir.path().join("report.xlsx");
    std::fs::write(&report, b"a clerk's work").unwrap();
    let run = greencard(&db, &["backup", "--out", report.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("不是 greencard 备份"), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(&report).unwrap(), b"a clerk's work");
    let run = greencard(&db, &["backup", "--out", report.to_str().unwrap(), "--force"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(greencard::store::verify_backup(&report).is_ok());
    let again = greencard(&db, &["backup", "--out", report.to_str().unwrap()]);
    assert!(again.status.success(), "an earlier backup is replaced: {}", text(&again.stderr));
}

#[test]
fn backup_reads_the_database_as_it_is_and_never_creates_one() {
    let dir = tempfile::tempdir().unwrap();
    // A mistyped --db: refused, and nothing made.
    let missing = dir.path().join("offcie.db");
    let run = greencard(&missing, &["backup"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(!missing.exists() && !dir.path().join("backups").exists());
    assert!(!files::companion(&missing, ".lock").exists(), "nothing left beside it");
    // An older schema is backed up as it is, not migrated first.
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 5));
    let older = greencard::store::LATEST_VERSION - 1;
    files::sql(&db, &format!("PRAGMA user_version = {older}"));
    let out_file = dir.path().join("older.db");
    let run = greencard(&db, &["backup", "--out", out_file.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let version = |p: &Path| -> i64 {
        rusqlite::Connection::open(p).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(version(&db), older, "the database was not migrated");
    assert_eq!(version(&out_file), older, "the backup is of the file as it was");
}

#[test]
fn the_write_loop_of_the_crash_test_is_not_in_the_product() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 3));
    let run = greencard(&db, &["write-loop", "--count", "5"]);
    assert_eq!(run.status.code(), Some(2), "an unknown command");
    assert!(text(&run.stderr).contains("不认识的命令"), "{}", text(&run.stderr));
    assert_eq!(greencard::store::Store::open(&db).unwrap().registry_counts().unwrap().talents, 3);
}

#[test]
fn backup_and_restore_work_in_a_folder_with_chinese_characters_and_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("人才 服务/2026 年");
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("绿卡 数据.db");
    let (mut store, office) = common::office(Some(&db), 12);
    let run = greencard(&db, &["backup"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let backup = greencard::store::list_backups(&db).unwrap().remove(0);
    assert!(backup.path.to_string_lossy().contains("绿卡 数据.db-"), "{}", backup.path.display());
    store.create_zone(&office.admin, "LATE", "后建区").unwrap();
    drop(store);
    let run = greencard(&db, &["restore", backup.path.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let store = greencard::store::Store::open(&db).unwrap();
    assert!(store.zones().unwrap().iter().all(|z| z.code != "LATE"));
}

#[test]
fn a_restore_whose_audit_row_fails_after_the_file_was_replaced_says_restored_but_and_where_the_old_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 8);
    let backup = dir.path().join("odd.db");
    store.backup_to(&backup, false, &mut |_, _| {}).unwrap();
    store.create_zone(&office.admin, "LATE", "后建区").unwrap();
    drop(store);
    // A backup that verifies (sound, chain intact) but takes no new audit row.
    files::sql(&backup, "CREATE TRIGGER no_more BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no more'); END;");
    assert!(greencard::store::verify_backup(&backup).is_ok());
    let run = greencard(&db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("restored, but: "), "{}", text(&run.stderr));
    let stdout = text(&run.stdout);
    let kept = stdout.lines().find_map(|l| l.strip_prefix("the previous database was kept as ")).unwrap();
    assert!(stdout.contains(&format!("restored {}", db.display())), "{stdout}");
    // The file was replaced all the same, and the one before is whole beside it.
    let restored = greencard::store::Store::open(&db).unwrap();
    assert!(restored.zones().unwrap().iter().all(|z| z.code != "LATE"));
    let before = greencard::store::Store::open_read_only(Path::new(kept)).unwrap();
    assert!(before.zones().unwrap().iter().any(|z| z.code == "LATE"));
}
