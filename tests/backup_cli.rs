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
