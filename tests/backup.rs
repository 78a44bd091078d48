//! Backups, rotation, verification and restore on real files, at the store level.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use greencard::domain::Problem;
use greencard::i18n::Lang;
use greencard::store::{Store, StoreError};

#[test]
fn a_backup_is_a_complete_checked_copy_with_its_audit_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 300);
    let mut steps = Vec::new();
    let info = store.backup_now(&mut |done, total| steps.push((done, total))).unwrap();
    assert!(info.path.starts_with(dir.path().join("backups")), "{}", info.path.display());
    let name = info.path.file_name().unwrap().to_string_lossy().into_owned();
    // Named for the whole file name: office.db and office.sqlite keep their backups apart.
    assert!(
        name.starts_with("office.db-") && name.ends_with(".db") && name.len() == "office.db-20261201-180000.db".len()
    );
    assert_eq!(info.bytes, std::fs::metadata(&info.path).unwrap().len());
    assert!(steps.last().is_some_and(|(done, total)| done == total && *total > 0), "{steps:?}");
    // The copy verifies and holds what the database holds.
    let facts = greencard::store::verify_backup(&info.path).unwrap();
    assert_eq!(facts.talents, 300);
    assert_eq!(facts.audit_head, store.audit_head().unwrap());
    // It is one self-contained file: no journal or WAL left beside it.
    assert!(!files::companion(&info.path, "-wal").exists());
    let listed = greencard::store::list_backups(&db).unwrap();
    assert_eq!(listed.len(), 1);
    let anchor = listed[0].anchor.clone().unwrap();
    assert_eq!(anchor.audit_head, store.audit_head().unwrap());
    assert_eq!(anchor.bytes, info.bytes);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn rotation_keeps_seven_days_four_weeks_twelve_months_and_leaves_other_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 5);
    let one = store.backup_now(&mut |_, _| {}).unwrap();
    let backups = dir.path().join("backups");
    // Sixty days of backups, two a day, as copies with their names.
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for day in 0..60 {
        let date = start + chrono::Days::new(day);
        for hour in ["090000", "180000"] {
            let name = format!("office-{}-{hour}.db", date.format("%Y%m%d"));
            std::fs::copy(&one.path, backups.join(name)).unwrap();
        }
    }
    std::fs::remove_file(&one.path).unwrap();
    std::fs::write(backups.join("notes.txt"), "not a backup").unwrap();
    std::fs::write(backups.join("office-2-20260101-090000.db"), "another database's").unwrap();
    let removed = greencard::store::rotate_backups(&db, greencard::domain::rotation::DEFAULT_KEEP).unwrap();
    let left: Vec<String> = greencard::store::list_backups(&db)
        .unwrap()
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(removed.len() + left.len(), 120);
    // The last seven days (evening), weekly Sundays, and the months' last backups.
    assert_eq!(left[0], "office-20260301-180000.db");
    for name in ["office-20260223-180000.db", "office-20260222-180000.db", "office-20260131-180000.db"] {
        assert!(left.contains(&name.to_string()), "{name} in {left:?}");
    }
    assert!(left.contains(&"office-20260301-090000.db".to_string()), "the three newest stay");
    assert!(left.contains(&"office-20260228-180000.db".to_string()));
    assert!(!left.contains(&"office-20260228-090000.db".to_string()), "an older morning one goes");
    assert!(!left.contains(&"office-20260110-180000.db".to_string()));
    assert!(left.len() <= 3 + 7 + 4 + 12, "{left:?}");
    assert!(backups.join("notes.txt").exists() && backups.join("office-2-20260101-090000.db").exists());
}

#[test]
fn restore_keeps_the_current_database_and_brings_the_backup_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 20);
    let backup = store.backup_now(&mut |_, _| {}).unwrap();
    store.create_zone(&office.admin, "NEW", "新区").unwrap();
    let zones_after = store.zones().unwrap().len();
    let replaced_head = store.audit_head().unwrap().unwrap().id;
    let restored_head = backup.audit_head.as_ref().unwrap().id;
    assert!(replaced_head > restored_head, "the zone's audit row came after the backup");
    // Refused while a greencard has the file open.
    let open_elsewhere = greencard::store::restore_file(&db, &backup.path, true, None).unwrap_err();
    assert!(matches!(open_elsewhere, StoreError::OpenElsewhere { .. }));
    assert!(open_elsewhere.text(Lang::Zh).contains("另一个 greencard"), "{}", open_elsewhere.text(Lang::Zh));
    drop(store);
    let kept = greencard::store::restore_file(&db, &backup.path, true, None).unwrap().kept.unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.zones().unwrap().len(), zones_after - 1, "the zone made after the backup is gone");
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
    let before = Store::open_read_only(&kept).unwrap();
    assert_eq!(before.zones().unwrap().len(), zones_after, "the replaced database was kept whole");
    // The restore is in the audit log.
    let row = &store.recent_audit(1).unwrap()[0];
    assert_eq!(row.action, "database.restore");
    // It says where the log's last row was before and where it is now, in one line.
    let lines = greencard::exchange::audit_list::describe_changes(Lang::Zh, row);
    let head = format!("审计日志末行：{replaced_head} → {restored_head}");
    assert!(lines.contains(&head), "{head} in {lines:?}");
    assert!(!lines.iter().any(|l| l.ends_with("→ —")), "no value shown as gone: {lines:?}");
    assert!(store.anchor_problems().unwrap().is_empty(), "{:?}", store.anchor_problems());
}

#[test]
fn the_app_restores_in_place_and_only_an_administrator_may() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 10);
    let backup = store.backup_now(&mut |_, _| {}).unwrap();
    store.create_zone(&office.admin, "NEW", "新区").unwrap();
    let zones = store.zones().unwrap().len();
    assert!(matches!(store.close_for_restore(&office.clerk), Err(StoreError::NotAllowed)));
    assert!(!store.is_closed(), "a refused restore leaves the store open");
    let lock = store.close_for_restore(&office.admin).unwrap();
    // Closed meanwhile: nothing is written into the file being replaced.
    assert!(store.is_closed());
    assert!(matches!(store.create_zone(&office.admin, "N1", "一区"), Err(StoreError::Closed { .. })));
    let restored = greencard::store::restore_locked(&lock, &backup.path, true, Some("admin"), &mut |_| {}).unwrap();
    drop(lock);
    assert!(restored.kept.is_some() && restored.afterwards.is_none(), "{restored:?}");
    store.reopen().unwrap();
    assert_eq!(store.zones().unwrap().len(), zones - 1);
    // The store is usable at once, and the restored file is guarded again.
    store.create_zone(&office.admin, "N2", "二区").unwrap();
    assert!(matches!(
        greencard::store::restore_file(&db, &backup.path, true, None),
        Err(StoreError::OpenElsewhere { .. })
    ));
}

#[test]
fn a_damaged_foreign_newer_or_tampered_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, good) = files::office_with_backup(dir.path(), 200);
    let before = std::fs::read(&db).unwrap();

    let damaged = dir.path().join("damaged.db");
    std::fs::copy(&good.path, &damaged).unwrap();
    files::overwrite_middle_pages(&damaged);
    let e = greencard::store::restore_file(&db, &damaged, true, None).unwrap_err();
    assert!(e.text(Lang::Zh).contains("已损坏"), "{}", e.text(Lang::Zh));

    let foreign = dir.path().join("foreign.db");
    files::foreign_sqlite(&foreign);
    let e = greencard::store::restore_file(&db, &foreign, true, None).unwrap_err();
    assert!(matches!(e, StoreError::Foreign { .. }), "{e:?}");

    let newer = dir.path().join("newer.db");
    std::fs::copy(&good.path, &newer).unwrap();
    files::sql(&newer, "PRAGMA user_version = 999");
    let e = greencard::store::restore_file(&db, &newer, true, None).unwrap_err();
    assert!(matches!(e, StoreError::TooNew { found: 999, .. }), "{e:?}");

    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&good.path, &tampered).unwrap();
    files::sql(
        &tampered,
        "DROP TRIGGER IF EXISTS audit_log_no_update; UPDATE audit_log SET username = 'nobody' WHERE id = 2",
    );
    let e = greencard::store::restore_file(&db, &tampered, true, None).unwrap_err();
    assert!(e.text(Lang::Zh).contains("第 2 条"), "{}", e.text(Lang::Zh));

    assert_eq!(std::fs::read(&db).unwrap(), before, "the database was not touched");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore") || n.contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_anchor_in_a_backup_detects_deleted_and_rewritten_audit_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, office) = common::office(Some(&db), 10);
    let head = store.audit_head().unwrap().unwrap();
    store.backup_now(&mut |_, _| {}).unwrap();
    drop(store);
    // Cut the two newest rows off: what is left still verifies as a chain on its own.
    files::sql(&db, &format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= {}", head.id - 1));
    let problems = Store::open_read_only(&db).unwrap().check().unwrap();
    assert_eq!(
        problems,
        vec![format!("audit log lacks row {} recorded by backup {}: rows were deleted", head.id, {
            greencard::store::list_backups(&db).unwrap()[0].path.file_name().unwrap().to_string_lossy().into_owned()
        })]
    );
    // Without the backups folder the same cut goes unseen: the anchor is what finds it.
    std::fs::rename(dir.path().join("backups"), dir.path().join("elsewhere")).unwrap();
    assert!(Store::open_read_only(&db).unwrap().check().unwrap().is_empty());
    std::fs::rename(dir.path().join("elsewhere"), dir.path().join("backups")).unwrap();
    // Write a new history over the cut through the program: a valid chain, other hashes.
    let mut store = Store::open(&db).unwrap();
    store.create_zone(&office.admin, "F1", "一区").unwrap();
    store.create_zone(&office.admin, "F2", "二区").unwrap();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains(&format!("audit row {} differs", head.id)) && problems[0].contains("rewritten"));
}
