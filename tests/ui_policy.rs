//! UI tests of 政策 and 统计 as the office uses them: an administrator raises a tier's rent
//! share from a future date and a lease signed before it keeps the old share while one
//! starting after it gets the new; a bad value is refused at its field; a clerk acknowledges
//! an alert and sees it resolve when its cause goes; the dashboard shows each zone's figures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Days};
use common::{
    ADMIN, OFFICE_PASSWORD, click_button, harness, log_in, office, recognise_as, shows, shows_part, type_into,
};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::dates::fmt_date;
use greencard::domain::housing::Area;
use greencard::domain::{Bp, Fen};
use greencard::store::{ApplicationKind, NewUnit, ZoneTarget};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[test]
fn a_future_rent_share_leaves_a_lease_signed_before_it_and_applies_to_one_starting_after() {
    let (mut store, people) = office(None, 6);
    for talent in [1, 2] {
        recognise_as(&mut store, &people.clerk, talent, "B");
        let card = people.approved(&mut store, ApplicationKind::Card, talent);
        store.issue_card(&people.clerk, card, today()).unwrap();
        people.approved(&mut store, ApplicationKind::Apartment, talent);
    }
    let zone = store.zones().unwrap()[0].id;
    let project = store.add_apt_project(&people.clerk, "人才公寓一期", zone, "科创路 1 号").unwrap();
    for no in ["101", "102"] {
        let unit = NewUnit {
            project_id: project.id,
            building: "1".into(),
            unit: no.into(),
            floor: 1,
            area: Area::parse("85.5").unwrap(),
            layout: "两室一厅".into(),
            market_rent: Fen::yuan(3_500),
            rent_from: today(),
        };
        store.add_apt_unit(&people.clerk, &unit).unwrap();
    }
    let from = today() + Days::new(10);
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_label("政策参数").click();
    h.run();
    h.get_by_label("新建政策版本").click();
    h.run();
    // A negative share is refused at its field, and nothing can be saved.
    type_into(&mut h, "B 类公寓租金比例", "-5");
    assert!(shows(&h, "比例应在 0%–100% 之间，不能为负数"));
    assert!(!common::button_enabled(&h, "保存为新版本"));
    type_into(&mut h, "生效日期", &fmt_date(today() - Days::new(3)));
    assert!(shows(&h, "生效日期不能早于今天（已做出的决定不能被追溯改变）"));
    type_into(&mut h, "B 类公寓租金比例", "60");
    type_into(&mut h, "生效日期", &fmt_date(from));
    type_into(&mut h, "调整依据", "市人才办〔2026〕8 号");
    assert!(shows(&h, "B 类 · 公寓租金比例"), "the change is shown before saving");
    click_button(&mut h, "保存为新版本");
    assert!(shows(&h, &format!("已保存第 2 版政策，自 {} 起施行。", fmt_date(from))));
    assert!(shows(&h, "待生效"), "the version list shows it pending");
    assert!(shows(&h, "60%") && shows(&h, "55%"), "the change between the two versions");

    // The first applicant signs today: 55 % still.
    click_button(&mut h, "人才公寓");
    h.get_by_label("轮候（2）").click();
    h.run();
    h.query_all_by_label("配租").next().unwrap().click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "房源").click();
    h.run();
    h.get_by_label("人才公寓一期 1栋 101 · 空置").click();
    h.run();
    assert!(shows(&h, "市场租金 ¥3,500.00 × 55% = 月租金 ¥1,925.00"));
    click_button(&mut h, "签订租约");
    // The second starts after the new version takes effect: 60 %.
    h.get_by_label("轮候（1）").click();
    h.run();
    h.query_all_by_label("配租").next().unwrap().click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "房源").click();
    h.run();
    h.get_by_label("人才公寓一期 1栋 102 · 空置").click();
    h.run();
    type_into(&mut h, "起租日期", &fmt_date(from + Days::new(5)));
    assert!(shows(&h, "市场租金 ¥3,500.00 × 60% = 月租金 ¥2,100.00"));
    click_button(&mut h, "签订租约");
    let leases = h.state().store().leases_of(1).unwrap();
    assert_eq!((leases[0].rent_share, leases[0].policy_version), (Bp(5_500), 1));
    let leases = h.state().store().leases_of(2).unwrap();
    assert_eq!((leases[0].rent_share, leases[0].monthly_rent, leases[0].policy_version), (Bp(6_000), Fen(210_000), 2));
}

#[test]
fn a_clerk_acknowledges_an_alert_and_sees_it_resolve_when_the_card_is_renewed() {
    let (mut store, people) = office(None, 6);
    let mut input = store.talent(1).unwrap().to_input();
    input.recognised_until = fmt_date(today() + Days::new(20));
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
    let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today()).unwrap();
    store.update_talent(&people.clerk, 1, &parsed).unwrap();
    let app = people.approved(&mut store, ApplicationKind::Card, 1);
    let card = store.issue_card(&people.clerk, app, today()).unwrap();
    // Recognised without end from now on: the renewal will run the full term.
    recognise_as(&mut store, &people.clerk, 1, "C");
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "统计");
    h.get_by_label("预警提醒（1）").click();
    h.run();
    assert!(shows(&h, "30 天内到期（还剩 20 天）"));
    click_button(&mut h, &format!("确认知悉 {}", card.number));
    assert!(shows(&h, "已确认该预警，记录了确认人和时间。"));
    assert!(shows_part(&h, "clerk-人 于 "), "who acknowledged it and when");
    assert!(shows(&h, "预警提醒（0）"));
    assert!(shows(&h, "仍存在"));
    // The card is renewed: the cause is gone, the alert with it.
    h.state_mut().open_card(card.id);
    h.run();
    click_button(&mut h, "续期");
    click_button(&mut h, "统计");
    assert!(shows(&h, "当前没有预警。"));
    assert!(shows(&h, "已自动解除"));
}

#[test]
fn the_dashboard_shows_each_zone_against_its_target_and_pace() {
    let (mut store, people) = office(None, 60);
    let year = today().year();
    let zones = store.zones().unwrap();
    let target = ZoneTarget {
        zone_id: zones[0].id,
        year: i64::from(year),
        talents: 10_000,
        teams: 0,
        apartments: 0,
        grants: Fen(0),
    };
    store.set_zone_target(&people.admin, &target).unwrap();
    let d = store.dashboard(today()).unwrap();
    let first = &d.zones[0];
    let p = greencard::domain::targets::pace(10_000, first.actual.talents, year, today(), Bp(8_000));
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "统计");
    assert!(shows(&h, &zones[0].name));
    let cell = format!(
        "{} / 10,000（应 {}）",
        first.actual.talents,
        greencard::domain::text::group_thousands(p.expected as u64)
    );
    assert!(shows(&h, &cell), "the zone's talents against target and pace: {cell}");
    assert!(shows(&h, "严重滞后"), "far behind is flagged in words as well as in red");
    assert!(shows(&h, "未设目标"), "zones without targets say so");
    assert!(shows(&h, "60"), "all sixty talents are counted");
}
