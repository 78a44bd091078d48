//! UI test of talent apartments as a clerk works them: allocate a vacant unit to the first
//! person on the waiting list and see the monthly rent, try to let the same unit again and
//! see the refusal, then end the lease from its page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{OFFICE_PASSWORD, click_button, harness, log_in, office, recognise_as, shows, shows_part, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::Fen;
use greencard::domain::housing::Area;
use greencard::store::{ApplicationKind, NewUnit};

fn setup() -> (greencard::store::Store, common::Office) {
    let (mut store, people) = office(None, 6);
    let today = chrono::Local::now().date_naive();
    for (talent, tier) in [(1, "B"), (2, "D")] {
        recognise_as(&mut store, &people.clerk, talent, tier);
        let card = people.approved(&mut store, ApplicationKind::Card, talent);
        store.issue_card(&people.clerk, card, today).unwrap();
        people.approved(&mut store, ApplicationKind::Apartment, talent);
    }
    let zone = store.zones().unwrap()[0].id;
    let project = store.add_apt_project(&people.clerk, "人才公寓一期", zone, "科创路 1 号").unwrap();
    store
        .add_apt_unit(
            &people.clerk,
            &NewUnit {
                project_id: project.id,
                building: "1".into(),
                unit: "101".into(),
                floor: 1,
                area: Area::parse("85.5").unwrap(),
                layout: "两室一厅".into(),
                market_rent: Fen::yuan(3_500),
                rent_from: today,
            },
        )
        .unwrap();
    (store, people)
}

#[test]
fn a_clerk_allocates_the_first_on_the_waiting_list_is_refused_a_double_let_and_ends_the_lease() {
    let (store, _) = setup();
    let today = chrono::Local::now().date_naive();
    let first = store.talent(1).unwrap().name;
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "人才公寓");
    assert!(shows(&h, "共 1 套：空置 1 · 在租 0 · 维修 0"), "the vacancy board");
    h.get_by_label("轮候（2）").click();
    h.run();
    assert!(shows_part(&h, "B 类 · "), "each place says why: tier first");
    assert!(shows_part(&h, &format!("· {} 申请", greencard::domain::dates::fmt_date(today))));
    // The first on the list (tier B) gets the unit at 55 % of the market rent.
    h.query_all_by_label("配租").next().unwrap().click();
    h.run();
    assert!(shows(&h, &format!("为 {first} 配租")));
    h.get_by_role_and_label(Role::ComboBox, "房源").click();
    h.run();
    h.get_by_label("人才公寓一期 1栋 101 · 空置").click();
    h.run();
    assert!(shows(&h, "市场租金 ¥3,500.00 × 55% = 月租金 ¥1,925.00"), "the rent is shown before signing");
    click_button(&mut h, "签订租约");
    assert!(shows(&h, &format!("已为 {first} 配租 人才公寓一期 1栋 101，月租金 ¥1,925.00。")));
    // The next applicant cannot have the same unit for overlapping dates.
    common::start_allocation(&mut h, "轮候（1）", "人才公寓一期 1栋 101 · 在租");
    click_button(&mut h, "签订租约");
    assert!(shows(&h, "该房源在所选期间已出租，不能重复配租"));
    assert_eq!(h.state().store().allocations(today, None, None).unwrap().len(), 1);
    // The lease page: end the lease.
    h.get_by_label("配租名单").click();
    h.run();
    h.get_by_label("1栋 101").click();
    h.run();
    assert!(shows(&h, "月租金"));
    type_into(&mut h, "原因", "工作调动");
    click_button(&mut h, "退租");
    assert!(shows(&h, "租约已终止"));
    assert!(shows(&h, "已退租"));
}

#[test]
fn a_rent_subsidy_recorded_on_the_profile_bars_a_discounted_apartment() {
    let (store, _) = setup();
    let today = greencard::domain::dates::fmt_date(chrono::Local::now().date_naive());
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    h.state_mut().open_talent(2);
    h.run();
    type_into(&mut h, "补贴起始", &today);
    type_into(&mut h, "补贴截止", "2030-12-31");
    type_into(&mut h, "每月补贴", "1500");
    click_button(&mut h, "登记补贴");
    assert!(shows(&h, "已登记租房补贴，每月 ¥1,500.00"));
    click_button(&mut h, "人才公寓");
    h.get_by_label("轮候（2）").click();
    h.run();
    // Talent 2 (tier D) is second on the list.
    h.query_all_by_label("配租").nth(1).unwrap().click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "房源").click();
    h.run();
    h.get_by_label("人才公寓一期 1栋 101 · 空置").click();
    h.run();
    click_button(&mut h, "签订租约");
    assert!(shows(&h, "该人才同期领取租房补贴，不能同时享受优惠公寓（政策冲突）"));
}
