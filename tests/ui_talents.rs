//! UI tests of the registry: register a talent by typing, see the check-character error at
//! the field, correct it, save, and land on the profile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ADMIN, button_enabled, click_button, harness, log_in, shows, shows_part, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::Role as UserRole;
use greencard::store::{NewUser, Store};

/// A store with an administrator and a small demo registry (zones, employers, talents).
fn store_with_registry() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store
        .create_first_admin(&NewUser {
            username: ADMIN.0.into(),
            display_name: "系统管理员".into(),
            role: UserRole::Admin,
            password: ADMIN.1.into(),
        })
        .unwrap();
    let data = greencard::demo::generate(40, 9, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    store
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
    type_into(&mut h, "证件号码", &first.doc_number);
    type_into(&mut h, "姓名", "另一个人");
    assert!(shows_part(&h, &format!("该证件号码已登记给 {}", first.name)));
    assert!(!button_enabled(&h, "保存"));
}
