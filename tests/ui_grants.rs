//! UI test of a startup grant as the office works it: a clerk enters the application, three
//! reviewers approve it, the award is capped by the tier with the reason on screen, the
//! remaining budget falls, a reviewer confirms the first tranche's condition and the clerk
//! pays it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{OFFICE_PASSWORD, click_button, harness, log_in, office, recognise_as, shows, shows_part, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::Fen;
use greencard::domain::grants::parse_plan;

fn open_grant(h: &mut egui_kittest::Harness<'_, greencard::ui::GreencardApp>) {
    click_button(h, "创业资助");
    h.get_by_label("资助名单").click();
    h.run();
    h.get_by_label("高性能储能电池").click();
    h.run();
}

#[test]
fn a_grant_goes_through_review_is_capped_and_its_first_tranche_is_paid() {
    let (mut store, people) = office(None, 6);
    recognise_as(&mut store, &people.clerk, 1, "D");
    let plan = parse_plan("签约 40%，中期评估 30%，验收 30%").unwrap();
    store.add_grant_programme(&people.clerk, "创业资助计划", 2026, Fen::yuan(1_000_000), &plan).unwrap();
    let name = store.talent(1).unwrap().name;
    let mut h = harness(store);

    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "创业资助");
    assert!(shows(&h, "预算 ¥1,000,000.00 · 已核定 ¥0.00 · 剩余 ¥1,000,000.00"));
    h.get_by_label("申请资助").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "资助项目").click();
    h.run();
    h.get_by_label("创业资助计划 · 2026（剩余 ¥1,000,000.00）").click();
    h.run();
    type_into(&mut h, "申请人", &name);
    h.query_all_by_label_contains(&format!("{name} · D")).next().unwrap().click();
    h.run();
    type_into(&mut h, "项目", "高性能储能电池");
    type_into(&mut h, "申请金额", "800000");
    click_button(&mut h, "提交申请");
    assert!(shows_part(&h, "（高性能储能电池），进入部门初审。"));
    click_button(&mut h, "退出登录");
    for user in ["review", "recheck", "committee"] {
        log_in(&mut h, user, OFFICE_PASSWORD);
        click_button(&mut h, "审核");
        h.query_all_by_label_contains("选择申请").next().unwrap().click();
        h.run();
        type_into(&mut h, "审核意见", "同意");
        click_button(&mut h, "通过");
        assert!(shows(&h, "已办理 1 件。"), "{user}");
        click_button(&mut h, "退出登录");
    }

    // The award is capped by tier D, and the screen says so; the budget falls.
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    open_grant(&mut h);
    assert!(shows(&h, "¥300,000.00（按 D 类人才资助上限 ¥300,000.00 核定）"));
    click_button(&mut h, "← 返回");
    // The tab (the award list also has a column of that name).
    h.query_all_by_label("资助项目").next().unwrap().click();
    h.run();
    assert!(shows(&h, "预算 ¥1,000,000.00 · 已核定 ¥300,000.00 · 剩余 ¥700,000.00"));
    // A clerk cannot pay before a reviewer confirms the condition.
    open_grant(&mut h);
    assert!(h.query_by_label("拨付：签约").is_none());
    click_button(&mut h, "退出登录");
    log_in(&mut h, "review", OFFICE_PASSWORD);
    open_grant(&mut h);
    click_button(&mut h, "确认条件已满足：签约");
    assert!(shows(&h, "已确认拨付条件"));
    click_button(&mut h, "退出登录");
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    open_grant(&mut h);
    click_button(&mut h, "拨付：签约");
    assert!(shows(&h, "已拨付"));
    let grant = h.state().store().grants(Some(2026), None).unwrap().remove(0);
    assert_eq!(grant.paid, Fen::yuan(120_000));
    assert!(shows(&h, "¥120,000.00"), "the paid amount is on the page");
}
