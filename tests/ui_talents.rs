//! UI tests of the registry: register a talent by typing, see the check-character error at
//! the field, correct it, save, and land on the profile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ADMIN, button_enabled, click_button, harness, log_in, shows, shows_part, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::store::Store;

/// A store with the office's users and a small demo registry (zones, employers, talents).
fn store_with_registry() -> Store {
    common::office(None, 40).0
}

#[test]
fn a_clerk_registers_a_talent_and_fixes_the_check_character() {
    let mut h = harness(store_with_registry());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "新增人才");
    type_into(&mut h, "姓名", "张堃");
    type_into(&mut h, "证件号码", "110105194912310021");
    // Leaving the field parses it.
    type_into(&mut h, "国籍", "中国");
    assert!(shows_part(&h, "身份证号校验位错误，应为 X"), "the error shows at the field");
    assert!(!button_enabled(&h, "保存"));
    type_into(&mut h, "证件号码", "11010519491231002X");
    type_into(&mut h, "国籍", "中国");
    assert!(!shows_part(&h, "校验位错误"));
    h.get_by_role_and_label(Role::ComboBox, "开发区").click();
    h.run();
    h.get_by_label("高新技术产业开发区").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "人才类别").click();
    h.run();
    h.get_by_label("B 国家级领军人才").click();
    h.run();
    assert!(button_enabled(&h, "保存"));
    click_button(&mut h, "保存");
    assert!(shows(&h, "已保存 张堃 的信息。"));
    // The profile: birth date and gender came from the ID number; the number is masked.
    assert!(shows(&h, "张堃"));
    assert!(shows(&h, "1949-12-31"));
    assert!(shows(&h, "女"));
    assert!(shows(&h, "110105********002X"));
    assert!(shows(&h, "登记"), "the history shows the registration");
    let stored = h.state().store().document_holder(greencard::domain::DocumentType::ResidentId, "11010519491231002X");
    assert!(stored.unwrap().is_some());
    // Back in the list, the new talent is found by pinyin initials (张堃 → zk).
    click_button(&mut h, "← 返回名单");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text("zk");
    h.run();
    h.query_all_by_label("张堃").next().expect("found by zk").click();
    h.run();
    assert!(shows(&h, "110105********002X"), "the profile opened again");
}

#[test]
fn a_document_that_is_already_registered_is_named_at_the_field() {
    let store = store_with_registry();
    let first = store.talent(1).unwrap();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "新增人才");
    h.get_by_role_and_label(Role::ComboBox, "证件类型").click();
    h.run();
    h.get_by_label(&greencard::i18n::tr(greencard::i18n::Lang::Zh, first.doc_type.label_key())).click();
    h.run();
    type_into(&mut h, "证件号码", first.doc_number.whole());
    type_into(&mut h, "姓名", "另一个人");
    assert!(shows_part(&h, &format!("该证件号码已登记给 {}", first.name)));
    assert!(!button_enabled(&h, "保存"));
}

#[test]
fn a_possible_duplicate_is_reviewed_side_by_side_and_merged() {
    let mut store = store_with_registry();
    let admin = store.authenticate(ADMIN.0, ADMIN.1).unwrap();
    let first = store.talent(1).unwrap();
    // The same person registered again with a passport: same name and birth date.
    let input = greencard::domain::talent::TalentInput {
        name: first.name.clone(),
        doc_type: Some(greencard::domain::DocumentType::Passport),
        doc_number: "E98765432".into(),
        gender: Some(first.gender),
        birth_date: greencard::domain::dates::fmt_date(first.birth_date),
        nationality: "中国".into(),
        zone_id: Some(first.zone_id),
        tier: first.tier.clone(),
        ..Default::default()
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
    let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today).unwrap();
    let second = store.create_talent(&admin, &parsed).unwrap();
    assert_eq!(store.duplicate_count().unwrap(), 1);
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    h.get_by_label("疑似重复（1）").click();
    h.run();
    assert!(shows(&h, "姓名和出生日期相同"));
    assert!(shows_part(&h, "E9*****32"), "the passport is masked");
    click_button(&mut h, "保留左侧，合并右侧");
    assert!(shows(&h, &format!("已合并，保留编号 {} 的记录。", first.id)));
    assert!(shows(&h, "疑似重复（0）"));
    let merged = h.state().store().talent(second.id).unwrap();
    assert_eq!(merged.merged_into, Some(first.id));
}

#[test]
fn an_employer_with_a_wrong_credit_code_is_refused_at_the_field() {
    let mut h = harness(store_with_registry());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    // The tab, drawn before the talent table whose column has the same name.
    h.query_all_by_label("用人单位").next().unwrap().click();
    h.run();
    type_into(&mut h, "单位名称", "苏州堃喆科技有限公司");
    type_into(&mut h, "统一社会信用代码", "91512081MA62K0260F");
    assert!(shows_part(&h, "校验"), "the check character error shows");
    assert!(!button_enabled(&h, "添加单位"));
    type_into(&mut h, "统一社会信用代码", "91512081MA62K0260E");
    h.get_by_role_and_label(Role::ComboBox, "开发区").click();
    h.run();
    // The zone also shows in the employers table; the popup's entry is drawn last.
    h.query_all_by_label("综合保税区").last().unwrap().click();
    h.run();
    click_button(&mut h, "添加单位");
    assert!(shows(&h, "已添加用人单位 苏州堃喆科技有限公司。"));
    assert!(h.state().store().employers().unwrap().iter().any(|e| e.credit_code == "91512081MA62K0260E"));
}

#[test]
fn a_team_is_created_with_its_leader_and_gets_a_member() {
    let store = store_with_registry();
    let leader = store.talent(3).unwrap();
    let member = store.talent(4).unwrap();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "团队");
    type_into(&mut h, "团队名称", "堃喆量子芯片攻关团队");
    type_into(&mut h, "负责人", leader.doc_number.whole());
    assert!(shows(&h, &leader.name), "the leader's name confirms the number");
    h.get_by_role_and_label(Role::ComboBox, "开发区").click();
    h.run();
    h.query_all_by_label("高新技术产业开发区").last().unwrap().click();
    h.run();
    type_into(&mut h, "引进日期", "2026/3/1");
    click_button(&mut h, "创建团队");
    assert!(shows(&h, "已创建团队 堃喆量子芯片攻关团队。"));
    h.get_by_label("堃喆量子芯片攻关团队").click();
    h.run();
    type_into(&mut h, "人才", &member.id.to_string());
    type_into(&mut h, "分工", "技术骨干");
    click_button(&mut h, "添加成员");
    assert!(shows(&h, "团队成员已更新。"));
    let teams = h.state().store().teams_of(member.id).unwrap();
    assert!(teams.iter().any(|(t, role)| t.name == "堃喆量子芯片攻关团队" && role == "技术骨干"));
}

#[test]
fn editing_a_record_shows_in_its_history() {
    let store = store_with_registry();
    let talent = store.talent(5).unwrap();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    h.state_mut().open_talent(talent.id);
    h.run();
    assert!(shows(&h, &talent.name));
    click_button(&mut h, "修改信息");
    // The stored phone shows masked; the clerk types a new one.
    assert!(!shows_part(&h, talent.phone.whole()) && !shows_part(&h, talent.doc_number.whole()), "the form masks them");
    click_button(&mut h, "重新填写手机号码");
    type_into(&mut h, "手机号码", "139 0000 1111");
    type_into(&mut h, "电子邮箱", "new@example.cn");
    click_button(&mut h, "保存");
    assert!(shows(&h, "139****1111"));
    assert!(
        shows_part(&h, "手机号码、电子邮箱") || shows_part(&h, "电子邮箱、手机号码"),
        "the history names the changed fields"
    );
    let stored = h.state().store().talent(talent.id).unwrap();
    assert_eq!(stored.phone.whole(), "13900001111");
}

#[test]
fn a_talent_is_found_by_pinyin_initials_and_opened() {
    let store = store_with_registry();
    let target = (1..=40).filter_map(|id| store.talent(id).ok()).find(|t| !t.name.is_ascii()).unwrap();
    let initials = greencard::domain::pinyin::initials(&target.name)[0].clone();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text(&initials);
    h.run();
    assert!(shows_part(&h, "共 "), "the count shows");
    // Personal data is masked in the list.
    assert!(!shows_part(&h, target.doc_number.whole()));
    h.query_all_by_label(&target.name).next().unwrap().click();
    h.run();
    assert!(shows(&h, "基本信息"), "the profile opened");
    assert!(shows(&h, &target.name));
}
