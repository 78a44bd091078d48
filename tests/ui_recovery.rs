//! The recovery window that the program opens instead of the app for a database it cannot
//! open at all (`greencard` routes such a file here when its backups lie beside it): the
//! damage shown, the newest good backup restored beside the window, then the ordinary app.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use std::io::{Seek, SeekFrom, Write};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use greencard::store::Store;
use greencard::ui::recovery::RecoveryApp;

fn shows_part(h: &Harness<'_, RecoveryApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn click(h: &mut Harness<'_, RecoveryApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    // One frame takes the click, the next draws what it opened.
    h.step();
    h.step();
}

/// Steps frames until `text` shows (a thread answers meanwhile), at most 30 seconds.
fn wait_for(h: &mut Harness<'_, RecoveryApp>, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !shows_part(h, text) {
        assert!(std::time::Instant::now() < deadline, "waited in vain for {text}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
}

#[test]
fn a_file_whose_header_is_destroyed_gets_the_recovery_window_and_its_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _good) = files::office_with_backup(dir.path(), 40);
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.seek(SeekFrom::Start(0)).unwrap();
        f.write_all(&[0xA5; 100]).unwrap();
    }
    let e = Store::open(&db).err().unwrap();
    assert!(greencard::store::offers_recovery(&db, &e), "main.rs opens this window for it: {e:?}");
    let path = db.clone();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 800.0))
        .with_theme(egui::Theme::Light)
        .with_max_steps(16)
        .with_context_setup(greencard::ui::fonts::install)
        .build_eframe(move |cc| RecoveryApp::new(&cc.egui_ctx, &path));
    wait_for(&mut h, "数据库文件已损坏");
    assert!(shows_part(&h, "损坏的文件已原样另存为"));
    assert!(shows_part(&h, "40 名人才"));
    click(&mut h, "恢复最新的完好备份…");
    click(&mut h, "确认恢复");
    wait_for(&mut h, "已从备份恢复，数据库完好。请重新登录。");
    click(&mut h, "继续");
    h.run();
    // The ordinary app on the restored file: its login.
    assert!(h.query_all_by_label("登录").next().is_some());
    assert_eq!(Store::open_read_only(&db).unwrap().registry_counts().unwrap().talents, 40);
}
