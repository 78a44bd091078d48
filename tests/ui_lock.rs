//! UI tests of the session: the window locks after the idle minutes (time moved by a manual
//! clock, never slept), the same user unlocks with the password and finds the half-typed form
//! as it was, another user's login ends the first session, and the administrator changes
//! the minutes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{ADMIN, OFFICE_PASSWORD, button_enabled, click_button, harness, log_in, shows, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use greencard::ui::GreencardApp;
use greencard::ui::clock::Clock;

fn minutes(n: u64) -> Duration {
    Duration::from_secs(60 * n)
}

/// The value of the text field labelled `label`.
fn field_value(h: &Harness<'_, GreencardApp>, label: &str) -> String {
    h.get_by_role_and_label(Role::TextInput, label).accesskit_node().value().unwrap_or_default()
}

/// A clerk logged in with a manual clock, half-way through registering 张堃.
fn clerk_typing() -> (Harness<'static, GreencardApp>, Clock) {
    let mut h = harness(common::office(None, 30).0);
    let clock = Clock::manual();
    h.state_mut().set_clock(clock.clone());
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "新增人才");
    type_into(&mut h, "姓名", "张堃");
    (h, clock)
}

#[test]
fn the_window_locks_after_ten_idle_minutes_and_the_same_user_unlocks_with_the_form_kept() {
    let (mut h, clock) = clerk_typing();
    clock.advance(minutes(9));
    h.run();
    assert!(!h.state().is_locked(), "nine minutes are not ten");
    assert_eq!(field_value(&h, "姓名"), "张堃");
    clock.advance(minutes(1));
    h.run();
    assert!(h.state().is_locked());
    assert!(shows(&h, "屏幕已锁定"));
    assert!(h.query_by_role_and_label(Role::Button, "人才").is_none(), "the navigation is covered");
    assert!(h.query_by_role_and_label(Role::TextInput, "姓名").is_none(), "so is the form");
    // A wrong password is refused and the next try waits.
    type_into(&mut h, "密码", "not-the-password");
    click_button(&mut h, "解锁");
    common::wait_for_sign_in(&mut h);
    assert!(h.state().is_locked());
    assert!(shows(&h, "用户名或密码错误"));
    type_into(&mut h, "密码", OFFICE_PASSWORD);
    assert!(!button_enabled(&h, "解锁"));
    clock.advance(Duration::from_secs(1));
    h.run();
    click_button(&mut h, "解锁");
    common::wait_for_sign_in(&mut h);
    assert!(!h.state().is_locked());
    assert_eq!(h.state().session().map(|a| a.username.as_str()), Some("clerk"));
    assert_eq!(field_value(&h, "姓名"), "张堃", "the unsaved input is still there");
}

#[test]
fn input_keeps_the_window_open() {
    let (mut h, clock) = clerk_typing();
    for _ in 0..3 {
        clock.advance(minutes(8));
        type_into(&mut h, "国籍", "中国");
    }
    assert!(!h.state().is_locked(), "24 minutes of typing, never 10 idle");
}

#[test]
fn another_user_logging_in_on_the_lock_screen_ends_the_first_session() {
    let (mut h, clock) = clerk_typing();
    clock.advance(minutes(10));
    h.run();
    assert!(h.state().is_locked());
    click_button_link(&mut h, "以其他用户登录");
    assert!(shows(&h, "其他用户登录后，clerk-人 的会话将退出，未保存的内容不会保留。"));
    log_in(&mut h, "review", OFFICE_PASSWORD);
    assert!(!h.state().is_locked());
    assert_eq!(h.state().session().map(|a| a.username.as_str()), Some("review"));
    click_button(&mut h, "人才");
    assert!(h.query_by_role_and_label(Role::TextInput, "姓名").is_none(), "the clerk's form is gone");
}

fn click_button_link(h: &mut Harness<'_, GreencardApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn the_administrator_sets_the_idle_minutes_for_everyone() {
    let mut h = harness(common::office(None, 5).0);
    let clock = Clock::manual();
    h.state_mut().set_clock(clock.clone());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    type_into(&mut h, "锁定时间", "0");
    assert!(shows(&h, "请填写 1 到 240 之间的整数分钟"), "the rule shows at the field");
    assert!(!button_enabled(&h, "保存"));
    type_into(&mut h, "锁定时间", "3");
    click_button(&mut h, "保存");
    assert!(shows(&h, "已保存：无操作 3 分钟后自动锁定。"));
    assert_eq!(h.state().store().setting(greencard::domain::access::IDLE_LOCK_SETTING).unwrap().as_deref(), Some("3"));
    click_button(&mut h, "退出登录");
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "设置");
    assert!(shows(&h, "无操作 3 分钟后窗口自动锁定（由管理员设置）。"));
    assert!(h.query_by_role_and_label(Role::TextInput, "锁定时间").is_none(), "only administrators change it");
    clock.advance(minutes(3));
    h.run();
    assert!(h.state().is_locked());
}
