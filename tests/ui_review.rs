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
fn a_clerk_issues_renews_and_reissues_a_card_and_checks_it() {
    let (mut store, people) = office(None, 10);
    let today = chrono::Local::now().date_naive();
    // Recognised without an end: the validity comes from the policy (5 years).
    recognise_without_end(&mut store, &people.clerk, 3);
    let talent = store.talent(3).unwrap();
    people.approved(&mut store, greencard::store::ApplicationKind::Card, talent.id);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "绿卡");
    assert!(shows(&h, "待发卡（1）"));
    click_button(&mut h, "发卡");
    let card = h.state().store().cards_of(talent.id).unwrap().remove(0);
    assert!(shows(&h, &format!("已为 {} 发卡，卡号 {}。", talent.name, card.number)));
    assert_eq!(card.expires_on, greencard::domain::dates::add_years(today, 5));
    // On the profile: too early to renew says when renewal opens.
    h.state_mut().open_talent(talent.id);
    h.run();
    assert!(common::shows_part(&h, "人才安居"), "the profile lists the card's services");
    click_button(&mut h, "续期");
    assert!(common::shows_part(&h, "尚未到续期时间"));
    // Lost: the old number is void, a new one is shown.
    type_into(&mut h, "原因", "钱包丢失");
    click_button(&mut h, "挂失补办");
    let cards = h.state().store().cards_of(talent.id).unwrap();
    let new = &cards[0];
    assert_ne!(new.number, card.number);
    assert!(shows(&h, &format!("原卡已作废，新卡号 {}。", new.number)));
    // The card check on the 验证 tab.
    click_button(&mut h, "绿卡");
    h.get_by_label("绿卡验证").click();
    h.run();
    type_into(&mut h, "绿卡号码", &card.number);
    click_button(&mut h, "验证");
    assert!(shows(&h, "已挂失作废"));
    type_into(&mut h, "绿卡号码", &new.number);
    click_button(&mut h, "验证");
    assert!(shows(&h, "有效"));
    assert!(common::shows_part(&h, "人才安居"), "the services of the tier are listed");
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
