//! UI tests of 设置 → 审计日志: newest first, filtered by user, action, a talent found by
//! name, and days (a bad day is refused at once); pages by keyset; changes read as
//! `字段：旧 → 新` with personal data masked; the hash chain checked on a worker, and a row
//! edited behind the program's back named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ADMIN, click_button, harness, log_in, shows, shows_part, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use greencard::domain::talent::parse_talent;
use greencard::domain::{Fen, TierCode};
use greencard::store::{Store, ZoneTarget};
use greencard::ui::GreencardApp;

/// An office where the clerk changed one talent's phone and the administrator changed
/// settings sixty times (more than a page); returns the talent's id, name and old phone.
fn busy_office(path: Option<&std::path::Path>) -> (Store, i64, String, String) {
    let (mut store, office) = common::office(path, 30);
    let talent = store.talent(3).unwrap();
    let mut input = talent.to_input();
    input.phone = "13900001111".into();
    let tiers: Vec<TierCode> = ["A", "B", "C", "D", "E"].iter().map(|t| TierCode::parse(t).unwrap()).collect();
    let today = chrono::Local::now().date_naive();
    store.update_talent(&office.clerk, talent.id, &parse_talent(&input, &tiers, today).unwrap()).unwrap();
    for i in 0..60 {
        store.set_setting(Some(&office.admin), "ui.theme", if i % 2 == 0 { "dark" } else { "light" }).unwrap();
    }
    (store, talent.id, talent.name, talent.phone.into_whole())
}

fn open_audit(h: &mut Harness<'_, GreencardApp>) {
    log_in(h, ADMIN.0, ADMIN.1);
    click_button(h, "设置");
    h.get_by_label("审计日志").click();
    h.run();
}

fn pick(h: &mut Harness<'_, GreencardApp>, combo: &str, choice: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo).click();
    h.run();
    // The choice is a button in the drop-down; the table shows the same words as labels.
    h.get_by_role_and_label(Role::Button, choice).click();
    h.run();
}

/// The ids in the first column, top to bottom.
fn ids(h: &Harness<'_, GreencardApp>, max: i64) -> Vec<i64> {
    let mut shown: Vec<i64> = (1..=max).filter(|id| h.query_by_label(&id.to_string()).is_some()).collect();
    shown.reverse();
    shown
}

#[test]
fn the_log_pages_newest_first_and_filters_by_user_action_talent_and_day() {
    let (store, talent, name, old_phone) = busy_office(None);
    let newest = store.recent_audit(1).unwrap()[0].id;
    let mut h = harness(store);
    open_audit(&mut h);
    assert!(shows(&h, "第 1 页"));
    let first = ids(&h, newest + 5);
    assert_eq!(first.len(), 50, "a page of fifty");
    assert_eq!(first[0], newest + 1, "newest first (the administrator's login is the newest row)");
    click_button(&mut h, "较早 →");
    assert!(shows(&h, "第 2 页"));
    let second = ids(&h, newest + 5);
    assert!(!second.is_empty() && second[0] < *first.last().unwrap(), "the next page is older");
    click_button(&mut h, "← 较新");
    assert_eq!(ids(&h, newest + 5), first);

    // By user and action: the clerk's change, readable, the phones masked.
    pick(&mut h, "用户", "clerk clerk-人");
    click_button(&mut h, "查询");
    assert!(shows(&h, "修改信息"));
    assert!(!shows(&h, "修改设置"), "the administrator's rows are gone");
    let masked_old = greencard::domain::id_number::mask_phone(&old_phone);
    assert!(shows(&h, &format!("手机号码：{masked_old} → 139****1111")), "field: old → new");
    assert!(!shows_part(&h, "13900001111") && !shows_part(&h, &old_phone), "no phone in full");
    click_button(&mut h, "清除条件");
    pick(&mut h, "操作", "修改设置");
    click_button(&mut h, "查询");
    assert!(!shows(&h, "修改信息") && shows(&h, "修改设置"));

    // A talent found by name.
    click_button(&mut h, "清除条件");
    type_into(&mut h, "人才", &name);
    h.query_all_by_label_contains(&format!("{name}（")).next().unwrap().click();
    h.run();
    assert!(shows(&h, &format!("人才 #{talent}")));
    assert!(!shows(&h, "修改设置"));

    // Days: a bad day is refused in words; tomorrow has nothing yet.
    click_button(&mut h, "清除条件");
    type_into(&mut h, "从", "2023-02-29");
    click_button(&mut h, "查询");
    assert!(shows_part(&h, "2023-02-29"), "the bad day is named");
    let tomorrow = chrono::Local::now().date_naive() + chrono::Days::new(1);
    type_into(&mut h, "从", &tomorrow.format("%Y-%m-%d").to_string());
    click_button(&mut h, "查询");
    assert!(shows(&h, "没有符合条件的记录"));
}

#[test]
fn the_chain_check_runs_on_a_worker_and_names_a_row_edited_behind_the_programs_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let (store, _, _, _) = busy_office(Some(&path));
    let rows = store.audit_row_count().unwrap();
    let mut h = harness(store);
    open_audit(&mut h);
    let wait = |h: &mut Harness<'_, GreencardApp>, text: &str| common::wait_until(h, text, |h| shows_part(h, text));
    click_button(&mut h, "校验哈希链");
    wait(&mut h, "哈希链完整");
    assert!(shows(&h, &format!("哈希链完整：{} 行，均未被改动", rows + 1)), "the login made one more row");
    // Someone edits row 5 with another program, past the append-only trigger.
    let side = rusqlite::Connection::open(&path).unwrap();
    side.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET username = 'intruder' WHERE id = 5;",
    )
    .unwrap();
    click_button(&mut h, "校验哈希链");
    wait(&mut h, "哈希链断裂");
    assert!(shows(&h, "哈希链断裂：第 5 行在程序之外被改动过"));
}

#[test]
fn a_zone_targets_change_reads_in_chinese_with_its_grants_as_money() {
    let (mut store, office) = common::office(None, 5);
    let zone = store.zones().unwrap()[0].clone();
    let mut target = ZoneTarget {
        zone_id: zone.id,
        year: 2026,
        talents: 1_200,
        teams: 8,
        apartments: 40,
        grants: Fen::yuan(1_200_000),
    };
    store.set_zone_target(&office.admin, &target).unwrap();
    target.apartments = 45;
    target.grants = Fen::yuan(1_430_000);
    store.set_zone_target(&office.admin, &target).unwrap();
    let mut h = harness(store);
    open_audit(&mut h);
    pick(&mut h, "操作", "设定年度目标");
    click_button(&mut h, "查询");
    assert!(shows(&h, &format!("开发区 #{}", zone.id)));
    assert!(shows(&h, "资助目标：¥1,200,000.00 → ¥1,430,000.00"), "the grants target is money");
    assert!(shows(&h, "公寓目标：40 → 45"));
    assert!(shows(&h, "人才目标：1,200"), "a new target lists its values");
    assert!(!shows_part(&h, "143000000") && !shows_part(&h, "资助项数"), "no raw fen, no count's name");
}

#[test]
fn a_theme_chosen_in_the_settings_reads_in_the_log_as_the_settings_screen_names_it() {
    let mut h = harness(common::store_with_admin());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_label("深色").click();
    h.run();
    h.get_by_label("浅色").click();
    h.run();
    h.get_by_label("审计日志").click();
    h.run();
    assert!(shows(&h, "配色：深色"), "the first choice");
    assert!(shows(&h, "配色：深色 → 浅色"), "and back");
    assert!(!shows_part(&h, "dark") && !shows_part(&h, "light"), "no stored code");
}
