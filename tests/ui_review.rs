//! UI test of the four-level review: a clerk submits, three reviewers each take their step
//! in the 审核 screen, and the trail shows every decision.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{OFFICE_PASSWORD, click_button, harness, log_in, office, recognise_without_end, shows, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::review::Stage;

#[test]
fn four_people_take_an_application_through_four_steps() {
    let (store, _) = office(None, 10);
    let talent = store.talent(2).unwrap();
    let mut h = harness(store);

    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    h.state_mut().open_talent(talent.id);
    h.run();
    type_into(&mut h, "申请说明", "申请办理人才绿卡");
    click_button(&mut h, "提交申请");
    assert!(shows(&h, "已提交申请 1，进入部门初审。"));
    click_button(&mut h, "退出登录");

    for (user, reason) in [("review", "材料齐全"), ("recheck", "核实无误"), ("committee", "同意发卡")] {
        log_in(&mut h, user, OFFICE_PASSWORD);
        click_button(&mut h, "审核");
        h.get_by_label("选择申请 1").click();
        h.run();
        type_into(&mut h, "审核意见", reason);
        click_button(&mut h, "通过");
        assert!(shows(&h, "已办理 1 件。"), "{user}");
        click_button(&mut h, "退出登录");
    }
    let app = h.state().store().application(1).unwrap();
    assert_eq!(app.stage, Stage::Approved);
    let trail = h.state().store().review_trail(1).unwrap();
    assert_eq!(trail.len(), 4);
    // A reviewer sees the whole trail of an application by its number.
    log_in(&mut h, "committee", OFFICE_PASSWORD);
    click_button(&mut h, "审核");
    assert!(shows(&h, "本环节没有待办的申请。"));
    assert!(h.query_by_role_and_label(Role::Button, "通过").is_some());
}

#[test]
fn a_card_number_in_the_search_box_finds_its_holder() {
    let (mut store, people) = office(None, 20);
    recognise_without_end(&mut store, &people.clerk, 4);
    let app = people.approved(&mut store, greencard::store::ApplicationKind::Card, 4);
    let card = store.issue_card(&people.clerk, app, chrono::Local::now().date_naive()).unwrap();
    let holder = store.talent(4).unwrap();
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.get_by_role(Role::TextInput).type_text(&card.number.to_lowercase());
    h.run();
    assert!(shows(&h, "共 1 人"), "exactly the holder");
    assert!(h.query_all_by_label(&holder.name).next().is_some());
    // The card filter: with no text, only the one valid card's holder.
    h.get_by_role(Role::TextInput).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "绿卡").click();
    h.run();
    h.query_all_by_label("有效").last().unwrap().click();
    h.run();
    assert!(shows(&h, "共 1 人"));
}

#[test]
fn the_expiring_list_follows_the_chosen_horizon() {
    let (mut store, people) = office(None, 10);
    recognise_without_end(&mut store, &people.clerk, 5);
    let app = people.approved(&mut store, greencard::store::ApplicationKind::Card, 5);
    // Issued almost five years ago: it expires in about 60 days.
    let issued = chrono::Local::now().date_naive() - chrono::Days::new(5 * 365 + 1 - 60);
    store.issue_card(&people.clerk, app, issued).unwrap();
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "绿卡");
    h.get_by_label("到期提醒").click();
    h.run();
    assert!(shows(&h, "共 0 张"), "nothing within 30 days");
    h.get_by_label("90 天").click();
    h.run();
    assert!(shows(&h, "共 1 张"), "the card shows within 90 days");
}
