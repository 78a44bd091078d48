//! UI tests of access: an administrator limits a clerk to one zone in 用户管理; that clerk
//! neither finds nor exports another zone's talent; a user with the right unmasks one
//! record with a click (an audit row), a user without it never sees the button; an
//! unmasked export is written only after the store allowed it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{ADMIN, OFFICE_PASSWORD, click_button, harness, log_in, shows, shows_part};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use greencard::store::{Store, TalentQuery, TalentRow};
use greencard::ui::GreencardApp;
use greencard::ui::file_dialog::Picked;

/// Steps the frames (a worker thread is reading or writing) until `done` or 20 seconds.
fn wait_until(h: &mut Harness<'_, GreencardApp>, what: &str, done: impl Fn(&Harness<'_, GreencardApp>) -> bool) {
    let started = Instant::now();
    while !done(h) {
        assert!(started.elapsed() < Duration::from_secs(20), "waited in vain for {what}");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// Two talents of different zones, from the store's first rows.
fn two_zones(store: &Store) -> (TalentRow, TalentRow) {
    let rows = store.search_talents(&TalentQuery::default(), 0, 1000).unwrap();
    let a = rows[0].clone();
    let b = rows.iter().find(|r| r.zone_id != a.zone_id && r.name != a.name).unwrap().clone();
    (a, b)
}

#[test]
fn the_administrator_limits_a_clerk_to_one_zone_in_user_management() {
    let (store, office) = common::office(None, 30);
    let zone = store.zones().unwrap()[1].clone();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    click_button(&mut h, "用户管理");
    assert_eq!(h.query_all_by_label("全部开发区").count(), 5, "nobody is limited yet");
    click_button(&mut h, "权限 clerk");
    h.get_by_label("仅限以下开发区").click();
    h.run();
    assert!(shows(&h, "请至少选择一个开发区"));
    h.get_by_role_and_label(Role::CheckBox, &zone.name).click();
    h.run();
    h.get_by_label("可查看完整个人信息（证件号码、手机号）").click();
    h.run();
    click_button(&mut h, "保存");
    assert!(shows(&h, "访问权限已保存。"));
    let rights = h.state().store().rights(&office.clerk).unwrap();
    assert_eq!(rights.scope, greencard::domain::access::Scope::only([zone.id]));
    assert!(rights.can_unmask);
    assert!(shows(&h, &zone.name), "the list shows the clerk's zone");
    assert_eq!(h.state().store().recent_audit(1).unwrap()[0].action, "user.set_access");
}

#[test]
fn a_clerk_limited_to_a_zone_neither_finds_nor_exports_another_zones_talent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, office) = common::office(Some(&dir.path().join("scope.db")), 300);
    let (a, b) = two_zones(&store);
    store.set_user_access(&office.admin, office.clerk.user_id, &[a.zone_id], false).unwrap();
    let in_a = store.count_talents(&TalentQuery { zone_id: Some(a.zone_id), ..TalentQuery::default() }).unwrap();
    let mut h = harness(store);
    common::script_desktop(&mut h, vec![Picked::Chosen(dir.path().join("人才名单.csv"))]);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    // The list (read by its background reader from the file) counts only zone A.
    // Below a thousand, the count has no separator.
    assert!(in_a < 1000);
    let count = format!("共 {in_a} 人");
    wait_until(&mut h, "the count", |h| shows(h, &count));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text(&b.name);
    h.run();
    wait_until(&mut h, "the search", |h| !shows(h, &count));
    assert!(h.query_all_by_label(&b.name).next().is_none(), "{} of another zone is not found", b.name);
    // Every zone offered is the clerk's own.
    h.get_by_role_and_label(Role::ComboBox, "开发区").click();
    h.run();
    assert!(h.query_all_by_label(&b.zone_name).next().is_none());
    h.key_press(egui::Key::Escape);
    h.run();
    // The export of the whole list holds zone A only.
    h.get_by_role(Role::TextInput).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    wait_until(&mut h, "the whole list", |h| shows(h, &count));
    click_button(&mut h, "导出 CSV");
    wait_until(&mut h, "the export", |h| shows_part(h, "已导出"));
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(text.lines().count() as u64, in_a + 1, "a header and zone A's talents");
    assert!(text.contains(&a.name) && !text.contains(&b.zone_name), "nothing of zone {}", b.zone_name);
}

#[test]
fn unmasking_a_record_shows_it_in_full_and_writes_an_audit_row() {
    let (store, office) = common::office(None, 30);
    let (t, _) = two_zones(&store);
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    h.state_mut().open_talent(t.id);
    h.run();
    assert!(!shows_part(&h, t.doc_number.whole()) && !shows_part(&h, t.phone.whole()), "masked by default");
    let before = h.state().store().recent_audit(1).unwrap()[0].id;
    click_button(&mut h, "显示完整信息");
    assert!(shows(&h, t.doc_number.whole()) && shows(&h, t.phone.whole()), "the record in full");
    assert!(shows(&h, "已显示完整信息（已记入审计日志）"));
    let audit = h.state().store().recent_audit(1).unwrap().remove(0);
    assert!(audit.id > before);
    assert_eq!((audit.action.as_str(), audit.username.as_str()), ("talent.unmask", "admin"));
    assert_eq!((audit.entity.as_str(), audit.entity_id), ("talent", Some(t.id)));
    // Unmasked, the form shows them too; back on the list they are masked again.
    click_button(&mut h, "修改信息");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "证件号码").accesskit_node().value().as_deref(),
        Some(t.doc_number.whole())
    );
    // A clerk without the right never sees the button.
    click_button(&mut h, "退出登录");
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    h.state_mut().open_talent(t.id);
    h.run();
    assert!(h.query_by_role_and_label(Role::Button, "显示完整信息").is_none());
    assert!(shows(&h, "证件号码和手机号已遮挡"));
    assert!(h.state().store().rights(&office.clerk).is_ok_and(|r| !r.can_unmask));
}

#[test]
fn an_unmasked_export_is_written_once_the_store_allowed_it_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _office) = common::office(None, 20);
    let (t, _) = two_zones(&store);
    let mut h = harness(store);
    common::script_desktop(&mut h, vec![Picked::Chosen(dir.path().join("人才名单.csv"))]);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    h.get_by_label("导出完整证件号码和手机号（记入审计）").click();
    h.run();
    click_button(&mut h, "导出 CSV");
    wait_until(&mut h, "the export", |h| shows_part(h, "已导出"));
    let file = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.path()).next().unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().contains(t.doc_number.whole()), "unmasked");
    let audit = h.state().store().recent_audit(1).unwrap().remove(0);
    assert_eq!(audit.action, "export.unmasked");
    assert!(audit.new_value.unwrap_or_default().contains("人才名单"));
}
