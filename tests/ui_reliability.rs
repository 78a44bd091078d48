//! What a clerk sees when the data is in danger: 设置 → 数据库 with its backups and restore,
//! the recovery screen for a damaged file, and the messages for a full disk and a read-only
//! file instead of a crash.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use common::{ADMIN, click_button, harness, log_in, shows, shows_part, wait_until};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use greencard::store::Store;
use greencard::ui::GreencardApp;

fn open_database_tab(h: &mut Harness<'_, GreencardApp>) {
    click_button(h, "设置");
    h.get_by_label("数据库").click();
    h.run();
    // 恢复 stays greyed until the check at start has read the file (on a loaded machine
    // that can outlast the login).
    wait_until(h, "the start-up check", |h| !h.state().checking());
}

#[test]
fn the_database_tab_backs_up_now_lists_the_backups_and_restores_one_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 30);
    // A backup from earlier today, so the daily one is not due and the button is what writes.
    let earlier = store.backup_now(&mut |_, _| {}).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    store.create_zone(&office.admin, "LATE", "后建区").unwrap();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    open_database_tab(&mut h);
    assert!(shows(&h, "备份文件夹"));
    assert!(shows(&h, &dir.path().join("backups").display().to_string()));
    assert_eq!(h.get_all_by_role_and_label(Role::Button, "恢复…").count(), 1);
    click_button(&mut h, "立即备份");
    wait_until(&mut h, "the backup", |h| shows_part(h, "备份完成："));
    assert!(shows_part(&h, "完整性检查通过"));
    assert_eq!(h.get_all_by_role_and_label(Role::Button, "恢复…").count(), 2, "the new backup is listed");
    assert_eq!(greencard::store::list_backups(&db).unwrap().len(), 2);

    // Restore the earlier one (the second row): a confirmation first, then the old state.
    h.get_all_by_role_and_label(Role::Button, "恢复…").nth(1).unwrap().click();
    h.run();
    assert!(shows(&h, "从备份恢复数据库？"));
    assert!(shows_part(&h, "此后的所有更改都会丢失"));
    h.get_by_role_and_label(Role::Button, "确认恢复").click();
    // The restore runs beside the window: the frames go on, with the store closed meanwhile
    // and a progress bar.
    for _ in 0..3 {
        h.step();
        if h.state().restoring() {
            break;
        }
    }
    assert!(h.state().restoring(), "the restore runs on its own thread");
    assert!(h.state().store().is_closed(), "the store is closed while the file is replaced");
    h.step();
    assert!(shows(&h, "正在从备份恢复数据库") || !h.state().restoring(), "the progress screen");
    wait_until(&mut h, "the restore", |h| !h.state().restoring());
    assert!(shows_part(&h, &format!("已从备份 {} 恢复", earlier.path.display())), "the notice names the backup");
    assert!(h.state().store().zones().unwrap().iter().all(|z| z.code != "LATE"), "the later zone is gone");
    assert_eq!(h.state().store().check().unwrap(), Vec::<String>::new());
    // Everyone logs in anew on the restored file.
    assert!(h.state().session().is_none(), "the session ended with the restore");
    assert!(shows(&h, "登录"));
}

#[test]
fn a_backup_taken_before_the_administrator_existed_restores_cleanly_and_logs_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 10);
    let before_her = store.backup_now(&mut |_, _| {}).unwrap();
    // A second administrator, made after the backup: her user id is not in it.
    let user = greencard::store::NewUser {
        username: "zhang".into(),
        display_name: "张敏".into(),
        role: greencard::domain::Role::Admin,
        password: "zhang-pass-1".into(),
    };
    store.create_user(&office.admin, &user).unwrap();
    let mut h = harness(store);
    log_in(&mut h, "zhang", "zhang-pass-1");
    open_database_tab(&mut h);
    click_button(&mut h, "恢复…");
    h.get_by_role_and_label(Role::Button, "确认恢复").click();
    h.step();
    wait_until(&mut h, "the restore", |h| !h.state().restoring());
    let notice = format!("已从备份 {} 恢复。恢复前的数据库已另存为", before_her.path.display());
    assert!(shows_part(&h, &notice), "a restore, not a failure");
    assert!(!shows_part(&h, "恢复失败") && !shows_part(&h, "但恢复后出现问题"));
    assert!(h.state().session().is_none(), "her session, whose user the file no longer has, ended");
    let store = h.state().store();
    let row = &store.recent_audit(1).unwrap()[0];
    assert_eq!(row.action, "database.restore");
    assert!(row.new_value.as_deref().unwrap_or("").contains("\"by\":\"zhang\""), "who asked: {row:?}");
    assert_eq!(store.anchor_problems().unwrap(), Vec::<String>::new(), "no tamper alarm afterwards");
    // She does not exist in the restored file; the first administrator logs in.
    log_in(&mut h, "zhang", "zhang-pass-1");
    assert!(h.state().session().is_none());
    // After a failed login the button waits a moment before the next try, counting down.
    assert!(shows_part(&h, "秒后可再试"), "the wait after the failure");
    wait_until(&mut h, "the wait after the failed login", |h| !shows_part(h, "秒后可再试"));
    log_in(&mut h, ADMIN.0, ADMIN.1);
    assert!(h.state().session().is_some());
}

#[test]
fn a_clerk_sees_the_backups_but_cannot_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 5);
    store.backup_now(&mut |_, _| {}).unwrap();
    let mut h = harness(store);
    log_in(&mut h, "clerk", common::OFFICE_PASSWORD);
    open_database_tab(&mut h);
    assert!(shows(&h, "只有管理员可以从备份恢复。"));
    assert_eq!(h.query_all_by_role_and_label(Role::Button, "恢复…").count(), 0);
}

#[test]
fn the_daily_backup_runs_in_the_background_when_none_is_recent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 5);
    assert!(greencard::store::list_backups(&db).unwrap().is_empty());
    let mut h = harness(store);
    // No click: the start-up check passes, then the day's backup is written off the UI thread.
    wait_until(&mut h, "the daily backup", |_| greencard::store::list_backups(&db).unwrap().len() == 1);
    let backup = &greencard::store::list_backups(&db).unwrap()[0];
    assert!(greencard::store::verify_backup(&backup.path).is_ok());
}

/// The app, noting whether its first frame showed the recovery screen: the harness runs
/// several frames before a test can look, and by then the check may have answered.
struct FirstFrame {
    app: GreencardApp,
    recovery_at_first: Option<bool>,
}

impl eframe::App for FirstFrame {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        self.recovery_at_first.get_or_insert(self.app.recovery_shown());
    }
}

/// A database whose talents table is damaged, with a good backup of its 400 talents taken
/// before; returns the damaged file's bytes.
fn damaged_office(db: &std::path::Path) -> Vec<u8> {
    let (store, _) = common::office(Some(db), 400);
    store.backup_now(&mut |_, _| {}).unwrap();
    drop(store);
    files::damage_table(db, "talents");
    std::fs::read(db).unwrap()
}

#[test]
fn the_window_opens_on_the_login_and_the_check_of_a_damaged_file_follows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    damaged_office(&db);
    let store = Store::open(&db).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 800.0))
        .with_theme(egui::Theme::Light)
        .with_max_steps(16)
        .with_context_setup(greencard::ui::fonts::install)
        .build_eframe(move |cc| FirstFrame { app: GreencardApp::new(&cc.egui_ctx, store), recovery_at_first: None });
    // The first frame is the login, not a wait for the check.
    assert_eq!(h.state().recovery_at_first, Some(false), "the first frame waited for the check");
    common::wait_until(&mut h, "the recovery screen", |h| h.state().app.recovery_shown());
    common::settle(&mut h);
    assert!(h.query_all_by_label("数据库文件已损坏").next().is_some());
}

#[test]
fn a_damaged_database_shows_the_recovery_screen_and_restores_the_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let damaged = damaged_office(&db);
    let store = Store::open(&db).unwrap();
    let mut h = harness(store);
    wait_until(&mut h, "the recovery screen", |h| shows(h, "数据库文件已损坏"));
    assert!(shows(&h, "检查结果"));
    assert!(shows_part(&h, "损坏的文件已原样另存为"));
    assert!(shows_part(&h, "最新的完好备份："));
    assert!(shows_part(&h, "400 名人才"));
    let copies: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("office-damaged-") && name.ends_with(".db")
        })
        .collect();
    assert_eq!(copies.len(), 1, "one copy of the damaged file");
    assert_eq!(std::fs::read(copies[0].path()).unwrap(), damaged);
    assert_eq!(std::fs::read(&db).unwrap(), damaged, "nothing was overwritten before the clerk chose");

    click_button(&mut h, "恢复最新的完好备份…");
    assert!(shows_part(&h, "备份之后的更改会丢失"));
    h.get_by_role_and_label(Role::Button, "确认恢复").click();
    h.step();
    wait_until(&mut h, "the recovery", |h| shows(h, "已从备份恢复，数据库完好。请重新登录。"));
    assert!(greencard::store::quick_check_file(&db).unwrap().is_empty());
    assert_eq!(h.state().store().registry_counts().unwrap().talents, 400);
    click_button(&mut h, "继续");
    log_in(&mut h, ADMIN.0, ADMIN.1);
    assert!(h.state().session().is_some());
}

#[test]
fn a_full_disk_shows_a_message_and_the_app_keeps_running() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let mut store = Store::open(&path).unwrap();
    common::add_admin(&mut store);
    let mut h = harness(store);
    // Logged in first: a login on a full disk is refused (its audit row cannot be written).
    log_in(&mut h, ADMIN.0, ADMIN.1);
    {
        // Another connection fills the file to its last bytes, with ever smaller values.
        let mut filler = Store::open(&path).unwrap();
        let admin = filler.authenticate(ADMIN.0, ADMIN.1).unwrap();
        filler.freeze_size_for_tests().unwrap();
        for size in [8000, 1000, 100, 10] {
            let value = "满".repeat(size);
            for n in 0.. {
                if filler.set_setting(Some(&admin), &format!("fill.{size}.{n}"), &value).is_err() {
                    break;
                }
            }
        }
        // And right beside the theme's key, so the theme's own write finds no room either.
        for size in [10, 1] {
            for n in 0.. {
                if filler.set_setting(Some(&admin), &format!("ui.theme.{size}.{n}"), &"满".repeat(size)).is_err() {
                    break;
                }
            }
        }
    }
    h.state().store().freeze_size_for_tests().unwrap();
    click_button(&mut h, "设置");
    h.get_by_label("深色").click();
    h.run();
    assert!(shows(&h, "磁盘已满，操作未保存。请清理磁盘后重试"));
    assert_eq!(h.state().store().setting("ui.theme").unwrap(), None, "nothing was saved");
    // Still running: another section opens.
    click_button(&mut h, "人才");
    assert!(h.state().session().is_some());
}

#[test]
fn a_read_only_database_says_so_at_login_instead_of_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    drop(common::office(Some(&db), 5));
    let mut h = harness(Store::open_read_only(&db).unwrap());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    assert!(shows(&h, "数据库文件只读，操作未保存"));
    assert!(h.state().session().is_none());
}

#[test]
fn a_database_on_a_network_share_is_warned_about_at_start_and_in_the_database_tab() {
    let dir = tempfile::tempdir().unwrap();
    // On Linux `//tmp/…` is the same folder as `/tmp/…`, and spelled as a Windows share
    // (`//server/share/…`): the path the program judges, the file a real one.
    let local = dir.path().join("office.db");
    let share = std::path::PathBuf::from(format!("/{}", local.display()));
    let (store, _) = common::office(Some(&share), 5);
    let mut h = harness(store);
    assert!(shows_part(&h, "注意：数据库位于网络驱动器（UNC，"), "the warning before anyone logs in");
    log_in(&mut h, ADMIN.0, ADMIN.1);
    open_database_tab(&mut h);
    assert!(shows_part(&h, "SQLite 的 WAL 模式在网络驱动器上不可靠"), "the database tab says it too");
    // A database on the local disk gets no warning.
    std::fs::create_dir(dir.path().join("local")).unwrap();
    let (store, _) = common::office(Some(&dir.path().join("local").join("office.db")), 5);
    let h = harness(store);
    assert!(!shows_part(&h, "网络驱动器"));
}

#[test]
fn a_restore_that_fails_after_the_file_was_replaced_says_so_with_the_kept_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 8);
    let backup = store.backup_now(&mut |_, _| {}).unwrap();
    // Sound, its chain intact, but it takes no new audit row: the restore's own row fails
    // once the file has been replaced.
    files::sql(&backup.path, "CREATE TRIGGER no_more BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;");
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    open_database_tab(&mut h);
    click_button(&mut h, "恢复…");
    h.get_by_role_and_label(Role::Button, "确认恢复").click();
    h.step();
    wait_until(&mut h, "the restore", |h| !h.state().restoring());
    let restored = format!("已从备份 {} 恢复，但恢复后出现问题", backup.path.display());
    assert!(shows_part(&h, &restored), "not a failed restore: the file was replaced");
    assert!(shows_part(&h, "恢复前的数据库已另存为"), "with the copy kept");
    assert!(h.state().session().is_none(), "logged out all the same");
    assert!(!h.state().store().is_closed(), "the restored file is open");
}

#[test]
fn a_restored_file_that_does_not_open_again_is_named_and_opened_again_once_put_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 8);
    let backup = store.backup_now(&mut |_, _| {}).unwrap();
    // It verifies, but says it is one schema older than it is: bringing it up to date fails.
    let older = greencard::store::LATEST_VERSION - 1;
    files::sql(&backup.path, &format!("PRAGMA user_version = {older}"));
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    open_database_tab(&mut h);
    click_button(&mut h, "恢复…");
    h.get_by_role_and_label(Role::Button, "确认恢复").click();
    h.step();
    wait_until(&mut h, "the restore", |h| !h.state().restoring());
    assert!(shows(&h, "数据库未能重新打开"));
    assert!(shows_part(&h, &db.display().to_string()), "the file is named");
    assert!(h.state().store().is_closed(), "nothing is read or written meanwhile");
    assert!(shows_part(&h, "恢复前的数据库已另存为"), "and where the file as it was is kept");
    // Someone puts the file right (here: the copy kept before the restore), then 重新打开.
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("-before-restore-") && p.extension().is_some_and(|x| x == "db"))
        .unwrap();
    std::fs::copy(&kept, &db).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _gone = std::fs::remove_file(files::companion(&db, suffix));
    }
    if files::companion(&kept, "-wal").exists() {
        std::fs::copy(files::companion(&kept, "-wal"), files::companion(&db, "-wal")).unwrap();
    }
    click_button(&mut h, "重新打开");
    assert!(!h.state().store().is_closed());
    assert!(shows(&h, "登录"));
    assert_eq!(h.state().store().registry_counts().unwrap().talents, 8);
}
