//! UI tests of 政策 and 统计 as the office uses them: an administrator raises a tier's rent
//! share from a future date and a lease signed before it keeps the old share (even one
//! starting after it) while one signed after it gets the new; a tier gets a later share
//! after N years and the lease shows both; a bad value is refused at its field; the policy in force lists each service
//! of each tier; a clerk acknowledges an alert and sees it resolve when its cause goes, and
//! sees a tenant who stayed past the lease end; the dashboard shows each zone's figures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Days};
use common::{
    ADMIN, OFFICE_PASSWORD, click_button, harness, log_in, office, recognise_as, shows, shows_part, type_into,
};
use egui_kittest::kittest::{NodeT, Queryable};
use greencard::domain::alerts::AlertKind;
use greencard::domain::dates::fmt_date;
use greencard::domain::housing::Area;
use greencard::domain::{Bp, Fen};
use greencard::store::{ApplicationKind, NewUnit, ZoneTarget};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A small office where `talents` are tier-B card holders (cards issued today) waiting for
/// an apartment, and project 人才公寓一期 has `units` in building 1 at ¥3,500.00 a month.
fn waiting_for_apartments(talents: &[i64], units: &[&str]) -> greencard::store::Store {
    let (mut store, people) = office(None, 6);
    for &talent in talents {
        recognise_as(&mut store, &people.clerk, talent, "B");
        let card = people.approved(&mut store, ApplicationKind::Card, talent);
        store.issue_card(&people.clerk, card, today()).unwrap();
        people.approved(&mut store, ApplicationKind::Apartment, talent);
    }
    let zone = store.zones().unwrap()[0].id;
    let project = store.add_apt_project(&people.clerk, "人才公寓一期", zone, "科创路 1 号").unwrap();
    for no in units {
        let unit = NewUnit {
            project_id: project.id,
            building: "1".into(),
            unit: (*no).into(),
            floor: 1,
            area: Area::parse("85.5").unwrap(),
            layout: "两室一厅".into(),
            market_rent: Fen::yuan(3_500),
            rent_from: today(),
        };
        store.add_apt_unit(&people.clerk, &unit).unwrap();
    }
    store
}

/// The app on `store` with the administrator on 设置 → 政策参数 → `part`.
fn policy_part(
    store: greencard::store::Store,
    part: &str,
) -> egui_kittest::Harness<'static, greencard::ui::GreencardApp> {
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_label("政策参数").click();
    h.run();
    h.get_by_label(part).click();
    h.run();
    h
}

/// The app on `store` with the administrator on 设置 → 政策参数 → 新建政策版本.
fn policy_editor(store: greencard::store::Store) -> egui_kittest::Harness<'static, greencard::ui::GreencardApp> {
    policy_part(store, "新建政策版本")
}

#[test]
fn a_future_rent_share_leaves_a_lease_signed_before_it_and_applies_to_one_signed_after() {
    let store = waiting_for_apartments(&[1, 2], &["101", "102"]);
    let from = today() + Days::new(10);
    let mut h = policy_editor(store);
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
    common::start_allocation(&mut h, "轮候（2）", "人才公寓一期 1栋 101 · 空置");
    assert!(shows(&h, "市场租金 ¥3,500.00 × 55% = 月租金 ¥1,925.00"));
    click_button(&mut h, "签订租约");
    // The second lease starts after the new version takes effect, but signed today it
    // still takes today's terms: 55 %.
    common::start_allocation(&mut h, "轮候（1）", "人才公寓一期 1栋 102 · 空置");
    type_into(&mut h, "起租日期", &fmt_date(from + Days::new(5)));
    assert!(shows(&h, "市场租金 ¥3,500.00 × 55% = 月租金 ¥1,925.00"));
    // Signed on the day the new version takes effect: 60 %.
    greencard::ui::clock::set_today(Some(from));
    h.run();
    assert!(shows(&h, "市场租金 ¥3,500.00 × 60% = 月租金 ¥2,100.00"));
    click_button(&mut h, "签订租约");
    greencard::ui::clock::set_today(None);
    let leases = h.state().store().leases_of(1).unwrap();
    assert_eq!((leases[0].rent_share, leases[0].policy_version), (Bp(5_500), 1));
    let leases = h.state().store().leases_of(2).unwrap();
    assert_eq!((leases[0].rent_share, leases[0].monthly_rent, leases[0].policy_version), (Bp(6_000), Fen(210_000), 2));
}

#[test]
fn a_date_before_a_pending_version_warns_and_can_start_from_the_version_then_in_force() {
    let (mut store, people) = office(None, 6);
    let pending = today() + Days::new(10);
    let mut p = greencard::domain::Policy::office_default();
    p.tiers[1].rent = Bp(6_000);
    store.add_policy_version(&people.admin, pending, &p, "", today()).unwrap();
    let mut h = policy_editor(store);
    let rent_b = |h: &egui_kittest::Harness<'_, greencard::ui::GreencardApp>| {
        use egui_kittest::kittest::NodeT;
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, "B 类公寓租金比例").accesskit_node().value()
    };
    // The form starts from the pending version 2, on its date: nothing to warn of.
    assert_eq!(rent_b(&h).as_deref(), Some("60%"));
    assert!(!shows_part(&h, "届时取代本版"));
    // An earlier date: version 2 will replace this one, and the form carries its values early.
    type_into(&mut h, "生效日期", &fmt_date(today() + Days::new(3)));
    let warning = format!("注意：第 2 版将于 {} 起施行，届时取代本版，本版的修改从那天起不再适用。", fmt_date(pending));
    assert!(shows(&h, &warning), "{warning}");
    click_button(&mut h, "改以该日现行的第 1 版为底稿（当前底稿为第 2 版）");
    assert_eq!(rent_b(&h).as_deref(), Some("55%"), "version 1's share");
    assert!(shows_part(&h, "以第 1 版为底稿修改"));
    assert!(shows(&h, &warning), "the typed date stays, and so does the warning");
}

#[test]
fn a_clerk_acknowledges_an_alert_and_sees_it_resolve_when_the_card_is_renewed() {
    let (mut store, people) = office(None, 6);
    let card = common::card_expiring_in(&mut store, &people, 1, 20);
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
    let cell = format!("{} / 10,000", first.actual.talents);
    assert!(shows(&h, &cell), "the zone's talents against target: {cell}");
    let due = format!("应 {}", greencard::domain::text::group_thousands(p.expected as u64));
    assert!(shows(&h, &due), "and what the pace asks by today: {due}");
    assert!(shows(&h, "严重滞后"), "far behind is flagged in words as well as in red");
    assert!(shows(&h, "未设目标"), "zones without targets say so");
    // The headline figure, by the name it carries (its text alone, "60", could be any cell).
    let headline = egui_kittest::kittest::By::new().predicate(|n| n.label().as_deref() == Some("在册人才：60"));
    assert!(h.query_all(headline).next().is_some(), "all sixty talents are counted");
}

#[test]
fn an_administrator_gives_a_tier_a_later_share_and_a_lease_signed_under_it_shows_both() {
    let store = waiting_for_apartments(&[2], &["101"]);
    // A card was issued today, so the new version starts tomorrow at the earliest (the form's default).
    let from = today() + Days::new(1);
    let mut h = policy_editor(store);
    // Years that reach the longest stay (6) would never apply; a share is needed with them.
    type_into(&mut h, "B 类租满年数", "6");
    assert!(shows(&h, "租满年数应为 1–5 年（须短于最长租住年限，否则不会生效）"));
    assert!(shows(&h, "填了租满年数，还要填此后的租金比例"));
    assert!(!common::button_enabled(&h, "保存为新版本"));
    type_into(&mut h, "B 类租满年数", "3");
    type_into(&mut h, "B 类此后比例", "70");
    assert!(shows(&h, "B 类 · 租满年限后的租金比例"), "the change is listed before saving");
    assert!(shows(&h, "无（整个租期同一比例）") && shows(&h, "第 4 年起 70%"));
    click_button(&mut h, "保存为新版本");
    assert!(shows(&h, &format!("已保存第 2 版政策，自 {} 起施行。", fmt_date(from))));
    assert!(shows(&h, "第 4 年起 70%"), "the version comparison shows it");

    // Tomorrow, under version 2, the lease is signed: the form shows both rents before.
    greencard::ui::clock::set_today(Some(from));
    click_button(&mut h, "人才公寓");
    common::start_allocation(&mut h, "轮候（1）", "人才公寓一期 1栋 101 · 空置");
    type_into(&mut h, "起租日期", &fmt_date(from));
    let anniversary = greencard::domain::dates::add_years(from, 3);
    assert!(shows(&h, "市场租金 ¥3,500.00 × 55% = 月租金 ¥1,925.00"));
    let later = format!("第 4 年起（{} 起）：市场租金 ¥3,500.00 × 70% = 月租金 ¥2,450.00", fmt_date(anniversary));
    assert!(shows(&h, &later), "{later}");
    click_button(&mut h, "签订租约");
    let lease = h.state().store().leases_of(2).unwrap().remove(0);
    assert_eq!(lease.later.map(|l| (l.years, l.share, l.monthly)), Some((3, Bp(7_000), Fen(245_000))));
    assert_eq!((lease.signed_on, lease.policy_version), (from, 2));
    // The lease page says it as a clerk would.
    h.state_mut().open_talent(2);
    h.run();
    h.get_by_label("人才公寓一期 1栋 101").click();
    h.run();
    assert!(shows(&h, "前 3 年 55%，第 4 年起 70%"));
    assert!(shows(&h, &format!("¥1,925.00；{} 起 ¥2,450.00", fmt_date(anniversary))));
}

#[test]
fn the_policy_in_force_shows_the_later_share_and_each_service_of_each_tier() {
    let (mut store, people) = office(None, 6);
    let mut p = greencard::domain::Policy::office_default();
    p.tiers[1].rent_after = Some(greencard::domain::RentAfter { years: 3, share: Bp(7_000) });
    store.add_policy_version(&people.admin, today(), &p, "", today()).unwrap();
    let services = store.services().unwrap();
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "设置");
    h.get_by_label("政策参数").click();
    h.run();
    assert!(shows(&h, "前 3 年 55%，第 4 年起 70%"));
    // The rent shares are figures: right-aligned under their heading, as the card validity
    // and the grant cap beside them.
    let heading = h.get_by_label("公寓租金比例").rect().max.x;
    for share in ["50%", "前 3 年 55%，第 4 年起 70%", "70%"] {
        let right = h.get_by_label(share).rect().max.x;
        assert!((right - heading).abs() < 1.0, "{share} ends at {right}, its heading at {heading}");
    }
    assert!(shows(&h, "各类人才享受的服务"));
    // Each service is a row of its own, not a list cut off at the window's edge.
    for s in &services {
        assert!(shows(&h, &s.name_zh), "{}", s.name_zh);
    }
}

#[test]
fn a_clerk_sees_a_tenant_who_stayed_past_the_lease_end_and_acknowledges_it() {
    let (mut store, people) = office(None, 2_000);
    // The demo office as `greencard demo` makes it: cards, apartments, and the causes of alerts.
    let data = greencard::demo::generate(2_000, 4, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo_cards(&people.admin, today(), &greencard::demo::cards(&data, 4, today())).unwrap();
    store.insert_demo_housing(&people.admin, today()).unwrap();
    store.insert_demo_targets(&people.admin, today()).unwrap();
    let overstay = store.alerts(today()).unwrap().into_iter().find(|a| a.kind == AlertKind::LeaseOverstay).unwrap();
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "统计");
    h.query_all_by_label_contains("预警提醒（").next().unwrap().click();
    h.run();
    h.get_by_label("租期届满未退租（1）").click();
    h.run();
    assert!(shows(&h, "超期 12 天仍未退租"));
    assert!(shows(&h, &fmt_date(today() - Days::new(12))), "the day the lease ended");
    click_button(&mut h, &format!("确认知悉 {}", overstay.subject));
    assert!(shows(&h, "已确认该预警，记录了确认人和时间。"));
    assert!(shows_part(&h, "clerk-人 于 "));
    // The lease page says it too, with what to do.
    h.get_by_label(&overstay.talent_name).click();
    h.run();
    h.get_by_label(&overstay.subject).click();
    h.run();
    let line = format!("租期已于 {} 届满，已超期 12 天仍未退租：请办理续租或退租。", fmt_date(today() - Days::new(12)));
    assert!(shows(&h, &line), "{line}");
}

#[test]
fn choosing_a_zone_in_the_target_form_shows_its_targets_and_an_empty_field_keeps_one() {
    let (mut store, people) = office(None, 6);
    let zone = store.zones().unwrap()[1].clone();
    let target = ZoneTarget {
        zone_id: zone.id,
        year: i64::from(today().year()),
        talents: 1_234,
        teams: 7,
        apartments: 30,
        grants: Fen::yuan(2_500_000),
    };
    store.set_zone_target(&people.admin, &target).unwrap();
    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    // The tab (the talent list's zone filter has the same name).
    h.query_all_by_role_and_label(egui::accesskit::Role::Button, "开发区").next().unwrap().click();
    h.run();
    assert!(shows(&h, "1,234"), "the list groups thousands");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "开发区").click();
    h.run();
    h.query_all_by_label(&zone.name).last().unwrap().click();
    h.run();
    let value = |h: &egui_kittest::Harness<'_, greencard::ui::GreencardApp>, label: &str| {
        use egui_kittest::kittest::NodeT;
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label).accesskit_node().value()
    };
    assert_eq!(value(&h, "引进人才目标").as_deref(), Some("1234"));
    assert_eq!(value(&h, "引进团队目标").as_deref(), Some("7"));
    assert_eq!(value(&h, "资助额（元）").as_deref(), Some("2500000.00"));
    // A field cleared keeps the target the zone has; a field changed changes only itself.
    type_into(&mut h, "引进人才目标", "1500");
    type_into(&mut h, "引进团队目标", "");
    h.key_press(egui::Key::Backspace);
    h.run();
    assert_eq!(value(&h, "引进团队目标").as_deref(), Some(""));
    click_button(&mut h, "保存");
    let saved = h.state().store().zone_targets(target.year).unwrap();
    assert_eq!(saved, vec![ZoneTarget { talents: 1_500, ..target }]);
}

#[test]
fn the_far_behind_share_shows_its_percent_sign_once_and_a_typed_share_is_kept() {
    let mut h = policy_part(common::store_with_admin(), "预警参数");
    let share = "低于进度的此比例为严重滞后";
    let value = |h: &egui_kittest::Harness<'_, greencard::ui::GreencardApp>| {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, share).accesskit_node().value().unwrap_or_default()
    };
    assert_eq!(value(&h), "80%", "the default share, its sign in the field");
    assert!(!shows(&h, "%"), "no second % after the field");
    assert!(shows(&h, "个月") && shows(&h, "天"), "the other thresholds keep their units");
    type_into(&mut h, share, "75");
    click_button(&mut h, "保存");
    assert_eq!(h.state().store().warning_settings().unwrap().far_behind, Bp(7_500));
    assert_eq!(value(&h), "75%", "the saved share reads back with one sign");
    assert!(!shows(&h, "%"));
}
