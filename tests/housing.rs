//! Store tests of talent apartments: a unit is never let twice for overlapping dates (tried
//! from two connections at once), one lease per talent, the term cap, the card and subsidy
//! rules, rent frozen at signing, the exit rule, the ledger and arrears, the waiting list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{office, recognise_as};
use greencard::domain::card::CardStatus;
use greencard::domain::housing::Area;
use greencard::domain::{Bp, Fen};
use greencard::store::{ApplicationKind, NewLease, NewUnit, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An office with two card holders (talents 1: tier B, 2: tier D), their apartment
/// applications approved, and one project of two units at ¥3,500 a month.
fn setup(path: Option<&std::path::Path>) -> (Store, common::Office, Vec<i64>, Vec<i64>) {
    let (mut store, people) = office(path, 6);
    let mut apps = Vec::new();
    for (talent, tier) in [(1, "B"), (2, "D")] {
        recognise_as(&mut store, &people.clerk, talent, tier);
        let card_app = people.approved(&mut store, ApplicationKind::Card, talent);
        store.issue_card(&people.clerk, card_app, today() - chrono::Days::new(30)).unwrap();
        apps.push(people.approved(&mut store, ApplicationKind::Apartment, talent));
    }
    let zone = store.zones().unwrap()[0].id;
    let project = store.add_apt_project(&people.clerk, "人才公寓一期", zone, "科创路 1 号").unwrap();
    let units = ["101", "102"]
        .iter()
        .map(|u| {
            store
                .add_apt_unit(
                    &people.clerk,
                    &NewUnit {
                        project_id: project.id,
                        building: "1".into(),
                        unit: u.to_string(),
                        floor: 1,
                        area: Area::parse("85.5").unwrap(),
                        layout: "两室一厅".into(),
                        market_rent: Fen::yuan(3_500),
                        rent_from: d(2020, 1, 1),
                    },
                )
                .unwrap()
                .id
        })
        .collect();
    (store, people, apps, units)
}

fn lease(app: Option<i64>, talent: i64, unit: i64, start: NaiveDate, years: u32) -> NewLease {
    NewLease {
        application_id: app,
        talent_id: talent,
        unit_id: unit,
        start_on: start,
        end_on: greencard::domain::housing::last_allowed_day(start, years),
        deposit: Fen::yuan(7_000),
    }
}

fn refusal(e: StoreError) -> &'static str {
    match e {
        StoreError::Invalid { key, .. } => key,
        other => panic!("expected a refusal, got {other}"),
    }
}

#[test]
fn a_unit_is_never_let_twice_even_from_two_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let (mut first, people, apps, units) = setup(Some(&path));
    let mut second = Store::open(&path).unwrap();
    let start = today();
    let a = std::thread::scope(|s| {
        let one = s.spawn(|| first.allocate_unit(&people.clerk, &lease(Some(apps[0]), 1, units[0], start, 2), today()));
        let two =
            s.spawn(|| second.allocate_unit(&people.clerk, &lease(Some(apps[1]), 2, units[0], start, 2), today()));
        [one.join().unwrap(), two.join().unwrap()]
    });
    let won = a.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "exactly one of the two lets the unit");
    let lost = a.into_iter().find_map(|r| r.err()).unwrap();
    assert_eq!(refusal(lost), "lease.err.unit_taken");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.allocations(start, None, None).unwrap().len(), 1, "the refusal wrote nothing");
}

#[test]
fn rent_is_the_tier_share_of_market_rent_frozen_at_signing() {
    let (mut store, people, apps, units) = setup(None);
    let l = store.allocate_unit(&people.clerk, &lease(Some(apps[0]), 1, units[0], today(), 3), today()).unwrap();
    // Tier B pays 55 % of ¥3,500.
    assert_eq!(l.rent_share, Bp(5_500));
    assert_eq!(l.monthly_rent, Fen::yuan(1_925));
    store.set_market_rent(&people.clerk, units[0], today(), Fen::yuan(4_000)).unwrap();
    assert_eq!(store.lease(l.id).unwrap().monthly_rent, Fen::yuan(1_925), "a new market rent never rewrites a lease");
    assert_eq!(l.policy_version, 1);
}

#[test]
fn refusals_for_a_second_lease_the_term_cap_no_card_and_a_subsidy_change_nothing() {
    let (mut store, people, apps, units) = setup(None);
    let clerk = &people.clerk;
    store.allocate_unit(clerk, &lease(Some(apps[0]), 1, units[0], today(), 2), today()).unwrap();
    let e = store.allocate_unit(clerk, &lease(None, 1, units[1], today(), 2), today()).unwrap_err();
    assert_eq!(refusal(e), "lease.err.has_lease");
    let e = store.allocate_unit(clerk, &lease(Some(apps[1]), 2, units[1], today(), 7), today()).unwrap_err();
    assert_eq!(refusal(e), "lease.err.term_cap", "six years at most");
    // A cash rent subsidy and a discounted apartment exclude each other.
    store.add_rent_subsidy(clerk, 2, today(), today() + chrono::Days::new(90), Fen::yuan(1_000)).unwrap();
    let e = store.allocate_unit(clerk, &lease(Some(apps[1]), 2, units[1], today(), 2), today()).unwrap_err();
    assert_eq!(refusal(e), "lease.err.subsidy");
    let e = store.add_rent_subsidy(clerk, 1, today(), today(), Fen::yuan(1)).unwrap_err();
    assert_eq!(refusal(e), "lease.err.subsidy");
    // Talent 3 has no card.
    let e = store.allocate_unit(clerk, &lease(None, 3, units[1], today(), 2), today()).unwrap_err();
    assert_eq!(refusal(e), "lease.err.no_card");
    assert_eq!(store.allocations(today(), None, None).unwrap().len(), 1);
}

#[test]
fn a_revoked_card_gives_the_tenant_three_months_to_leave() {
    let (mut store, people, apps, units) = setup(None);
    let l = store.allocate_unit(&people.clerk, &lease(Some(apps[0]), 1, units[0], today(), 2), today()).unwrap();
    let card = store.cards_of(1).unwrap().remove(0);
    store.set_card_status(&people.clerk, card.id, CardStatus::Revoked, today(), "离开本市").unwrap();
    let leaving = store.must_leave().unwrap();
    assert_eq!(leaving.len(), 1);
    assert_eq!(leaving[0].must_leave_by, Some(greencard::domain::dates::add_months(today(), 3)));
    // Ended: the unit is free from the day after the move-out.
    let ended = store.end_lease(&people.clerk, l.id, today(), "迁出").unwrap();
    assert!(!ended.active);
    assert!(store.must_leave().unwrap().is_empty());
}

#[test]
fn the_ledger_charges_each_month_and_payments_reduce_arrears() {
    let (mut store, people, apps, units) = setup(None);
    let start = d(2026, 1, 16);
    let l = store.allocate_unit(&people.clerk, &lease(Some(apps[0]), 1, units[0], start, 1), today()).unwrap();
    // 16/31 of January, then February and March in full.
    let ledger = store.lease_ledger(l.id, d(2026, 3, 10)).unwrap();
    let amounts: Vec<Fen> = ledger.charges.iter().map(|c| c.amount).collect();
    assert_eq!(amounts, vec![Fen(99_355), Fen::yuan(1_925), Fen::yuan(1_925)]);
    store.record_rent_payment(&people.clerk, l.id, d(2026, 2, 1), Fen::yuan(2_000), "收据 001").unwrap();
    let owed = Fen(99_355 + 2 * 192_500 - 200_000);
    assert_eq!(store.lease_ledger(l.id, d(2026, 3, 10)).unwrap().balance, owed);
    let arrears = store.rent_arrears(d(2026, 3, 10)).unwrap();
    assert_eq!(arrears.iter().map(|r| r.arrears).collect::<Vec<_>>(), vec![owed]);
    assert!(store.record_rent_payment(&people.clerk, l.id, d(2026, 2, 1), Fen(0), "").is_err());
}

#[test]
fn the_waiting_list_puts_higher_tiers_first_and_says_why() {
    let (store, _, apps, _) = setup(None);
    let list = store.waiting_list(today()).unwrap();
    let order: Vec<i64> = list.iter().map(|w| w.application.id).collect();
    assert_eq!(order, vec![apps[0], apps[1]], "tier B before tier D");
    assert_eq!(list[0].tier, "B");
}

fn greencard(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(db).args(args).output().unwrap()
}

#[test]
fn export_allocations_writes_the_list_of_a_zone_in_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(greencard(&db, &["demo", "--talents", "2000"]).status.success());
    let store = Store::open(&db).unwrap();
    let zone = store.zones().unwrap().remove(0);
    let expected = store.allocations(today(), None, Some(zone.id)).unwrap();
    assert!(!expected.is_empty(), "the demo lets apartments in every zone");
    drop(store);
    let csv = dir.path().join("配租.csv");
    let out = greencard(&db, &["export", "allocations", "--out", csv.to_str().unwrap(), "--zone", &zone.code]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM for Excel");
    assert!(text.contains("项目") && text.contains("月租金"));
    assert!(text.contains(&expected[0].lease.talent_name));
    assert!(!text.contains(&store_doc(&db, expected[0].lease.talent_id)), "ID numbers are masked");
    for ext in ["xlsx", "pdf"] {
        let file = dir.path().join(format!("list.{ext}"));
        let out = greencard(&db, &["export", "allocations", "--out", file.to_str().unwrap(), "--as-of", "2026-01-01"]);
        assert!(out.status.success(), "{ext}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::metadata(&file).unwrap().len() > 1000);
    }
    let bad = greencard(&db, &["export", "allocations", "--out", "list.txt"]);
    assert!(!bad.status.success());
    let unknown = greencard(&db, &["export", "allocations", "--out", csv.to_str().unwrap(), "--zone", "火星"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("没有开发区"));
}

fn store_doc(db: &std::path::Path, talent: i64) -> String {
    Store::open(db).unwrap().talent(talent).unwrap().doc_number.into_whole()
}
