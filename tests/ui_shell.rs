//! UI tests of the shell: first-start set-up, login, the Chinese navigation, the language
//! switch, and user management by the administrator.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ADMIN, button_enabled, click_button, harness, log_in, shows, shows_part, store_with_admin, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use greencard::store::Store;
use greencard::ui::nav::Section;

#[test]
fn first_start_creates_the_administrator_and_opens_the_chinese_shell() {
    let mut h = harness(Store::open_in_memory().unwrap());
    assert!(shows(&h, "首次使用：创建管理员账号"));
    type_into(&mut h, "用户名", "chief");
    type_into(&mut h, "姓名", "刘主任");
    type_into(&mut h, "密码", "short");
    assert!(shows(&h, "密码至少 8 位"), "the rule shows at the field while typing");
    assert!(!button_enabled(&h, "创建管理员并登录"));
    type_into(&mut h, "密码", "short-and-long");
    type_into(&mut h, "确认密码", "short-and-long");
    assert!(button_enabled(&h, "创建管理员并登录"));
    click_button(&mut h, "创建管理员并登录");
    for label in ["人才", "团队", "绿卡", "人才公寓", "创业资助", "审核", "统计", "设置"] {
        assert!(h.query_by_role_and_label(Role::Button, label).is_some(), "navigation shows {label}");
    }
    assert!(shows(&h, "刘主任"));
    assert_eq!(h.state().session().map(|a| a.username.as_str()), Some("chief"));
    assert_eq!(h.state().store().user_count().unwrap(), 1);
}

#[test]
fn setup_refuses_a_bad_user_name_at_the_field() {
    let mut h = harness(Store::open_in_memory().unwrap());
    type_into(&mut h, "用户名", "张三");
    assert!(shows_part(&h, "用户名只能包含字母"));
    assert!(!button_enabled(&h, "创建管理员并登录"));
    assert_eq!(h.state().store().user_count().unwrap(), 0);
}

#[test]
fn login_refuses_a_wrong_password_and_accepts_the_right_one() {
    let mut h = harness(store_with_admin());
    let clock = greencard::ui::clock::Clock::manual();
    h.state_mut().set_clock(clock.clone());
    assert!(h.query_by_role_and_label(Role::Button, "人才").is_none(), "nobody gets in without logging in");
    log_in(&mut h, ADMIN.0, "wrong-password");
    assert!(shows(&h, "用户名或密码错误"));
    assert!(h.state().session().is_none());
    // The next try waits a second: the button says so and stays disabled until then.
    type_into(&mut h, "密码", ADMIN.1);
    assert!(shows(&h, "1 秒后可再试"));
    assert!(!button_enabled(&h, "登录"));
    clock.advance(std::time::Duration::from_secs(1));
    h.run();
    assert!(button_enabled(&h, "登录"));
    log_in(&mut h, ADMIN.0, ADMIN.1);
    assert!(h.state().session().is_some());
    assert!(shows(&h, "系统管理员"));
    click_button(&mut h, "退出登录");
    assert!(h.state().session().is_none());
    assert!(h.query_by_role_and_label(Role::Button, "登录").is_some());
}

#[test]
fn every_section_opens_from_the_navigation() {
    let mut h = harness(store_with_admin());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    let sections = [
        ("人才", Section::Talents, "人才信息登记、查询与维护"),
        ("团队", Section::Teams, "高层次人才团队及其成员"),
        ("绿卡", Section::Cards, "人才绿卡的发放、续期、补办、暂停与注销"),
        ("人才公寓", Section::Housing, "人才公寓房源、轮候与配租"),
        ("创业资助", Section::Grants, "创业资助与成果转化奖励"),
        ("审核", Section::Review, "企业填报 → 部门初审 → 第三方复核 → 管委会审定"),
        ("统计", Section::Stats, "各开发区目标完成情况与预警"),
        ("设置", Section::Settings, "界面、账号、用户与政策参数"),
    ];
    for (label, section, subtitle) in sections {
        click_button(&mut h, label);
        assert_eq!(h.state().section(), section);
        assert!(shows(&h, subtitle), "{label} shows its subtitle");
    }
}

#[test]
fn language_switches_to_english_and_back_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang.db");
    let mut store = Store::open(&path).unwrap();
    store
        .create_first_admin(&greencard::store::NewUser {
            username: ADMIN.0.into(),
            display_name: "系统管理员".into(),
            role: greencard::domain::Role::Admin,
            password: ADMIN.1.into(),
        })
        .unwrap();
    {
        let mut h = harness(store);
        log_in(&mut h, ADMIN.0, ADMIN.1);
        click_button(&mut h, "设置");
        h.get_by_role_and_label(Role::RadioButton, "English").click();
        h.run();
        assert!(h.query_by_role_and_label(Role::Button, "Talents").is_some());
        assert!(h.query_by_role_and_label(Role::Button, "Settings").is_some());
        assert!(h.query_by_role_and_label(Role::Button, "人才").is_none());
    }
    // A new start on the same file speaks English from the login screen on.
    let mut h = harness(Store::open(&path).unwrap());
    assert!(h.query_by_role_and_label(Role::Button, "Log in").is_some());
    type_into(&mut h, "User name", ADMIN.0);
    type_into(&mut h, "Password", ADMIN.1);
    click_button(&mut h, "Log in");
    common::wait_for_sign_in(&mut h);
    click_button(&mut h, "Settings");
    h.get_by_role_and_label(Role::RadioButton, "简体中文").click();
    h.run();
    assert!(h.query_by_role_and_label(Role::Button, "人才").is_some());
    assert_eq!(h.state().store().setting("ui.language").unwrap().as_deref(), Some("zh-CN"));
}

#[test]
fn the_administrator_adds_and_disables_a_user() {
    let mut h = harness(store_with_admin());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_label("用户管理").click();
    h.run();
    type_into(&mut h, "用户名", "clerk1");
    type_into(&mut h, "姓名", "王晓");
    h.get_by_role_and_label(Role::ComboBox, "角色").click();
    h.run();
    h.get_by_label("经办").click();
    h.run();
    type_into(&mut h, "初始密码", "counter-2026");
    type_into(&mut h, "确认密码", "counter-2026");
    click_button(&mut h, "添加用户");
    assert!(shows(&h, "已添加用户 clerk1。"));
    assert!(shows(&h, "clerk1"));
    let users = h.state().store().users().unwrap();
    assert!(users.iter().any(|u| u.username == "clerk1" && u.active));
    // The administrator's own 停用 button is disabled; the other one disables clerk1.
    let target = h
        .get_all_by_role_and_label(Role::Button, "停用")
        .find(|n| !n.accesskit_node().is_disabled())
        .expect("an enabled disable button");
    target.click();
    h.run();
    let clerk = h.state().store().users().unwrap().into_iter().find(|u| u.username == "clerk1").unwrap();
    assert!(!clerk.active);
    click_button(&mut h, "退出登录");
    log_in(&mut h, "clerk1", "counter-2026");
    assert!(shows(&h, "此账号已停用，请联系管理员"));
    assert!(h.state().session().is_none());
}

#[test]
fn a_clerk_does_not_see_user_management() {
    let mut h = harness(common::store_with_clerk("counter-2026"));
    log_in(&mut h, "clerk", "counter-2026");
    click_button(&mut h, "设置");
    assert!(h.query_by_label("用户管理").is_none());
    assert!(shows(&h, "我的账号"));
}

#[test]
fn the_administrator_resets_a_password_in_the_dialog() {
    let mut h = harness(common::store_with_clerk("forgotten-one"));
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_label("用户管理").click();
    h.run();
    // Two rows, two reset buttons: the second row is clerk (sorted by user name: admin, clerk).
    h.get_all_by_role_and_label(Role::Button, "重置密码").nth(1).unwrap().click();
    h.run();
    assert!(shows(&h, "重置密码 · clerk"));
    type_into(&mut h, "新密码", "fresh-start-1");
    type_into(&mut h, "确认新密码", "fresh-start-1");
    click_button(&mut h, "保存");
    assert!(shows(&h, "密码已更新。"));
    assert!(h.query_by_label("重置密码 · clerk").is_none(), "the dialog closed after the store accepted");
    click_button(&mut h, "退出登录");
    log_in(&mut h, "clerk", "fresh-start-1");
    assert_eq!(h.state().session().map(|a| a.username.as_str()), Some("clerk"));
}
