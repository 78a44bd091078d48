//! Masking, screen by screen: an administrator walks every place that names a person — the
//! talent list, the profile and its edit form, duplicates, teams, every green-card tab, the
//! card page, the 验证 screen, the print queue, every apartment tab, the lease page, every
//! grant tab and a grant page, the review queue, the dashboard, the audit log — and no
//! document number or phone of anyone shows in full anywhere until 显示完整信息 is clicked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{ADMIN, OFFICE_PASSWORD, click_button, harness, log_in};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use greencard::store::{Store, TalentQuery};
use greencard::ui::GreencardApp;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A demo office with cards, leases and grants; the secrets are every document number and
/// phone it holds (talents and attached family cards).
fn office_with_secrets() -> (Store, Vec<String>, i64) {
    let (mut store, office) = common::office(None, 120);
    let demo = greencard::demo::generate(120, 4, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo_cards(&office.admin, today(), &greencard::demo::cards(&demo, 4, today())).unwrap();
    store.insert_demo_housing(&office.admin, today()).unwrap();
    store.insert_demo_grants(&office.admin, today()).unwrap();
    let talents = store.search_talents(&TalentQuery::default(), 0, 10_000).unwrap();
    let mut secrets: Vec<String> =
        talents.iter().flat_map(|t| [t.doc_number.whole().to_string(), t.phone.whole().to_string()]).collect();
    for t in &talents {
        for card in store.cards_of(t.id).unwrap() {
            secrets.extend(store.family_cards(card.id).unwrap().into_iter().map(|f| f.doc_number.into_whole()));
        }
    }
    secrets.retain(|s| s.chars().count() >= 7);
    // A talent with a lease, a card and a grant is the profile walked.
    let lease = store.allocations(today(), None, None).unwrap().remove(0).lease;
    (store, secrets, lease.talent_id)
}

/// The first text on screen (a node's label or value) holding a secret in full.
fn leak(h: &Harness<'_, GreencardApp>, secrets: &[String]) -> Option<String> {
    let texts: Vec<String> = h
        .query_all(By::new())
        .flat_map(|n| [n.accesskit_node().label(), n.accesskit_node().value()])
        .flatten()
        .collect();
    assert!(texts.len() > 10, "the screen shows something");
    texts.into_iter().find(|text| secrets.iter().any(|s| text.contains(s.as_str())))
}

/// Fails if any node's label or value holds a secret in full.
fn no_leak(h: &Harness<'_, GreencardApp>, secrets: &[String], screen: &str) {
    if let Some(text) = leak(h, secrets) {
        panic!("{screen} shows personal data in full: {text}");
    }
}

#[test]
fn no_screen_shows_a_document_number_or_phone_in_full() {
    let (store, secrets, talent) = office_with_secrets();
    assert!(secrets.len() > 200, "{}", secrets.len());
    let card = store.cards_of(talent).unwrap().into_iter().next().unwrap();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    no_leak(&h, &secrets, "人才名单");
    common::click_tab(&mut h, "疑似重复");
    no_leak(&h, &secrets, "疑似重复");
    h.state_mut().open_talent(talent);
    h.run();
    no_leak(&h, &secrets, "profile");
    click_button(&mut h, "修改信息");
    no_leak(&h, &secrets, "edit form");
    click_button(&mut h, "取消");
    for section in ["团队", "统计"] {
        click_button(&mut h, section);
        no_leak(&h, &secrets, section);
    }
    click_button(&mut h, "绿卡");
    for t in ["待发卡", "到期提醒", "绿卡名单", "制卡"] {
        common::click_tab(&mut h, t);
        no_leak(&h, &secrets, t);
    }
    common::click_tab(&mut h, "绿卡验证");
    common::type_into(&mut h, "绿卡号码", &card.number);
    click_button(&mut h, "验证");
    no_leak(&h, &secrets, "绿卡验证");
    h.state_mut().open_card(card.id);
    h.run();
    no_leak(&h, &secrets, "card page");
    click_button(&mut h, "人才公寓");
    for t in ["房源", "轮候", "配租名单", "欠租", "限期腾退"] {
        common::click_tab(&mut h, t);
        no_leak(&h, &secrets, t);
    }
    click_button(&mut h, "创业资助");
    for t in ["资助项目", "申请资助", "资助名单", "拨付名单"] {
        common::click_tab(&mut h, t);
        no_leak(&h, &secrets, t);
    }
    click_button(&mut h, "设置");
    common::click_tab(&mut h, "审计日志");
    no_leak(&h, &secrets, "审计日志");
    // The lease page, from the profile.
    h.state_mut().open_talent(talent);
    h.run();
    let lease_link = h
        .query_all(By::new())
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.contains("栋")))
        .and_then(|n| n.accesskit_node().label())
        .expect("the profile links the lease");
    h.get_by_label(&lease_link).click();
    h.run();
    assert!(common::shows_part(&h, "租金"), "the lease page opened");
    no_leak(&h, &secrets, "lease page");
    // The reviewers' queue.
    click_button(&mut h, "退出登录");
    log_in(&mut h, "review", OFFICE_PASSWORD);
    click_button(&mut h, "审核");
    no_leak(&h, &secrets, "审核");
    // Only the click shows a record in full.
    click_button(&mut h, "退出登录");
    log_in(&mut h, ADMIN.0, ADMIN.1);
    h.state_mut().open_talent(talent);
    h.run();
    click_button(&mut h, "显示完整信息");
    let full = h.state().store().talent(talent).unwrap();
    assert!(common::shows(&h, full.doc_number.whole()));
    assert!(leak(&h, &secrets).is_some(), "the scan sees what is shown in full");
}
