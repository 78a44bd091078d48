//! Store tests of policy versions, zone targets, alerts and the dashboard: a new version
//! never changes a decision already made (the later rent share of a lease included), its
//! effective date is never in the past or before a decision, alerts resolve themselves (an
//! overstayed lease too), the dashboard's counts are right.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Days, NaiveDate};
use common::{Office, office, recognise_as};
use greencard::domain::alerts::AlertKind;
use greencard::domain::housing::Area;
use greencard::domain::housing::LaterRent;
use greencard::domain::{Bp, Fen, Policy, RentAfter};
use greencard::exchange::{Cell, LeaseList};
use greencard::i18n::Lang;
use greencard::store::{AckStatus, ApplicationKind, NewLease, NewUnit, Store, ZoneTarget};

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Two tier-B card holders (talents 1 and 2) and a project with two units; returns the units.
fn housing(store: &mut Store, people: &Office) -> (i64, i64) {
    for talent in [1, 2] {
        recognise_as(store, &people.clerk, talent, "B");
        let card = people.approved(store, ApplicationKind::Card, talent);
        store.issue_card(&people.clerk, card, today()).unwrap();
    }
    let zone = store.zones().unwrap()[0].id;
    let project = store.add_apt_project(&people.clerk, "人才公寓一期", zone, "科创路 1 号").unwrap();
    let unit = |store: &mut Store, no: &str| {
        store
            .add_apt_unit(
                &people.clerk,
                &NewUnit {
                    project_id: project.id,
                    building: "1".into(),
                    unit: no.into(),
                    floor: 1,
                    area: Area::parse("80").unwrap(),
                    layout: "两室一厅".into(),
                    market_rent: Fen::yuan(3_000),
                    rent_from: today(),
                },
            )
            .unwrap()
            .id
    };
    (unit(store, "101"), unit(store, "102"))
}

fn with_rent_b(share: u32, validity: u32) -> Policy {
    let mut p = Policy::office_default();
    p.tiers[1].rent = Bp(share);
    p.tiers[1].card_validity_years = validity;
    p
}

#[test]
fn a_new_version_changes_no_lease_or_card_already_made_and_applies_from_its_date() {
    let (mut store, people) = office(None, 6);
    let (u1, u2) = housing(&mut store, &people);
    let lease = |talent, unit, start: NaiveDate| NewLease {
        application_id: None,
        talent_id: talent,
        unit_id: unit,
        start_on: start,
        end_on: start + Days::new(365),
        deposit: Fen(0),
    };
    let before = store.allocate_unit(&people.clerk, &lease(1, u1, today()), today()).unwrap();
    let card = store.cards_of(1).unwrap()[0].clone();
    let from = today() + Days::new(10);
    let v2 =
        store.add_policy_version(&people.admin, from, &with_rent_b(6_000, 3), "市人社〔2026〕12 号", today()).unwrap();
    assert_eq!(v2.id, 2);
    // What was decided stays as it was decided, once version 2 is in force too: the lease
    // renewed then keeps its share, rent and version, and charges its rent after that day.
    let in_force = from + Days::new(1);
    let renewed = store.renew_lease(&people.clerk, before.id, before.end_on + Days::new(30), in_force).unwrap();
    assert_eq!((renewed.rent_share, renewed.monthly_rent, renewed.policy_version), (Bp(5_500), Fen(165_000), 1));
    let ledger = store.lease_ledger(before.id, from + Days::new(70)).unwrap();
    assert!(ledger.charges.len() >= 2 && ledger.charges.iter().all(|c| c.amount <= Fen(165_000)), "{ledger:?}");
    // The card keeps the term it was issued with, still valid after version 2 (3 years) starts.
    let card_now = store.cards_of(1).unwrap()[0].clone();
    assert_eq!((card_now.expires_on, card_now.policy_version), (card.expires_on, 1));
    assert!(card.expires_on > greencard::domain::dates::add_years(today(), 3), "issued for five years");
    // A lease signed on or after the effective date is signed under the new version.
    let after = store.allocate_unit(&people.clerk, &lease(2, u2, from + Days::new(5)), from).unwrap();
    assert_eq!((after.rent_share, after.monthly_rent, after.policy_version), (Bp(6_000), Fen(180_000), 2));
    assert_eq!(store.policy_in_force(today()).unwrap().id, 1);
    assert_eq!(store.policy_in_force(from).unwrap().id, 2);
    let history = store.recent_audit(5).unwrap();
    assert!(history.iter().any(|e| e.action == "policy.version"), "the version is audited");
}

#[test]
fn a_lease_takes_the_version_in_force_on_its_signing_day_not_on_its_start_day() {
    let (mut store, people) = office(None, 6);
    let (u1, u2) = housing(&mut store, &people);
    let from = today() + Days::new(10);
    store.add_policy_version(&people.admin, from, &with_rent_b(6_000, 3), "", today()).unwrap();
    // Signed today, starting after version 2 takes effect: the terms of today, version 1.
    let early = store.allocate_unit(&people.clerk, &lease_of(1, u1, from + Days::new(20), 300), today()).unwrap();
    assert_eq!((early.rent_share, early.policy_version, early.signed_on), (Bp(5_500), 1, today()));
    // Signed once version 2 is in force, starting the same day: version 2.
    let late = store.allocate_unit(&people.clerk, &lease_of(2, u2, from + Days::new(20), 300), from).unwrap();
    assert_eq!((late.rent_share, late.policy_version, late.signed_on), (Bp(6_000), 2, from));
    // The decision was made on its signing day: a version may start the day after it,
    // however late the lease starts.
    assert_eq!(store.earliest_policy_date(today()).unwrap(), from + Days::new(1));
}

#[test]
fn a_lease_starting_later_does_not_hold_back_the_next_version() {
    let (mut store, people) = office(None, 6);
    let (u1, _) = housing(&mut store, &people);
    store.allocate_unit(&people.clerk, &lease_of(1, u1, today() + Days::new(30), 300), today()).unwrap();
    // Cards and the lease were decided today: tomorrow, not the day after the lease starts.
    assert_eq!(store.earliest_policy_date(today()).unwrap(), today() + Days::new(1));
}

#[test]
fn a_decision_reads_the_version_inside_its_own_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.db");
    let (mut store, people) = office(Some(&path), 6);
    recognise_as(&mut store, &people.clerk, 1, "B");
    let app = people.approved(&mut store, ApplicationKind::Card, 1);
    // Another desk is saving a version in force today (card validity 3 years for tier B).
    let body = serde_json::to_string(&with_rent_b(5_500, 3)).unwrap();
    let (saving, saved) = std::sync::mpsc::channel();
    let card = std::thread::scope(|s| {
        s.spawn(|| {
            let other = rusqlite::Connection::open(&path).unwrap();
            other.execute_batch("BEGIN IMMEDIATE").unwrap();
            other
                .execute(
                    "INSERT INTO policy_versions (effective_from, body, note, created_at, created_by)
                     VALUES (?1, ?2, '', '', 1)",
                    rusqlite::params![today(), body],
                )
                .unwrap();
            saving.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(300));
            other.execute_batch("COMMIT").unwrap();
        });
        saved.recv().unwrap();
        // The issue waits for that write, then must see the version it committed.
        store.issue_card(&people.clerk, app, today()).unwrap()
    });
    assert_eq!(card.policy_version, 2);
    assert!(card.expires_on <= greencard::domain::dates::add_years(today(), 3), "its three years, not five");
}

#[test]
fn the_effective_date_is_never_past_nor_on_a_day_already_decided_and_only_administrators_set_it() {
    let (mut store, people) = office(None, 6);
    let p = with_rent_b(6_000, 5);
    let yesterday = today() - Days::new(1);
    let refused = store.add_policy_version(&people.admin, yesterday, &p, "", today()).unwrap_err();
    assert!(refused.to_string().contains("不能早于今天"), "{refused}");
    // Nothing decided yet: today is allowed …
    assert_eq!(store.earliest_policy_date(today()).unwrap(), today());
    // … but once a card was issued today under version 1, the next version starts tomorrow.
    housing(&mut store, &people);
    assert_eq!(store.earliest_policy_date(today()).unwrap(), today() + Days::new(1));
    let refused = store.add_policy_version(&people.admin, today(), &p, "", today()).unwrap_err();
    assert!(refused.to_string().contains("最早从"), "{refused}");
    assert!(store.add_policy_version(&people.clerk, today() + Days::new(3), &p, "", today()).is_err());
    let mut bad = p.clone();
    bad.tiers[0].services.push("yacht".into());
    assert!(store.add_policy_version(&people.admin, today() + Days::new(3), &bad, "", today()).is_err());
    assert_eq!(store.policy_versions().unwrap().len(), 1, "nothing was written");
}

#[test]
fn zone_targets_keep_all_four_kinds() {
    let (mut store, people) = office(None, 6);
    let zone = store.zones().unwrap()[0].id;
    let year = i64::from(today().year());
    let t = ZoneTarget { zone_id: zone, year, talents: 120, teams: 6, apartments: 30, grants: Fen::yuan(5_000_000) };
    store.set_zone_target(&people.admin, &t).unwrap();
    assert_eq!(store.zone_targets(year).unwrap(), vec![t.clone()]);
    let bad = ZoneTarget { grants: Fen(-1), ..t };
    assert!(store.set_zone_target(&people.admin, &bad).is_err());
}

#[test]
fn an_alert_is_acknowledged_once_and_resolves_itself_when_its_cause_goes() {
    let (mut store, people) = office(None, 6);
    let card = common::card_expiring_in(&mut store, &people, 1, 20);
    let alerts = store.alerts(today()).unwrap();
    let a = alerts.iter().find(|a| a.kind == AlertKind::CardExpiring).expect("the card expiring in 20 days");
    assert_eq!((a.subject_id, a.ack.clone()), (card.id, None));
    store.acknowledge_alert(&people.clerk, today(), a.kind, a.subject_id, &a.cause).unwrap();
    let acked = store.alerts(today()).unwrap().into_iter().find(|x| x.subject_id == card.id).unwrap();
    assert_eq!(acked.ack.map(|k| k.by), Some("clerk-人".to_string()));
    assert!(store.acknowledge_alert(&people.clerk, today(), a.kind, a.subject_id, &a.cause).is_err(), "once");
    // The holder is recognised without end and the card is renewed: the cause is gone.
    recognise_as(&mut store, &people.clerk, 1, "C");
    store.renew_card(&people.clerk, card.id, today()).unwrap();
    assert!(store.alerts(today()).unwrap().iter().all(|x| x.kind != AlertKind::CardExpiring));
    let history = store.alert_history(&store.alerts(today()).unwrap(), 10).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].status, AckStatus::Resolved, "the acknowledged alert resolved itself");
    assert!(store.acknowledge_alert(&people.clerk, today(), a.kind, a.subject_id, &a.cause).is_err(), "gone");
}

#[test]
fn an_acknowledged_expiry_that_comes_into_a_nearer_band_is_escalated_not_resolved() {
    let (mut store, people) = office(None, 6);
    let card = common::card_expiring_in(&mut store, &people, 1, 75);
    let a = store.alerts(today()).unwrap().into_iter().find(|a| a.subject_id == card.id).expect("within 90 days");
    store.acknowledge_alert(&people.clerk, today(), a.kind, a.subject_id, &a.cause).unwrap();
    // Twenty days on the card is within 60 days and still not renewed.
    let later = today() + Days::new(20);
    let standing = store.alerts(later).unwrap();
    let history = store.alert_history(&standing, 10).unwrap();
    assert_eq!(history[0].status, AckStatus::Escalated { band: 60 });
    assert!(history[0].status.open());
    assert!(standing.iter().any(|x| x.subject_id == card.id && x.ack.is_none()), "to acknowledge again");
}

#[test]
fn rent_arrears_over_the_set_months_raise_an_alert_that_paying_clears() {
    let (mut store, people) = office(None, 6);
    let (u1, _) = housing(&mut store, &people);
    // A lease from today, looked at four months on with nothing paid.
    let lease = store
        .allocate_unit(
            &people.clerk,
            &NewLease {
                application_id: None,
                talent_id: 1,
                unit_id: u1,
                start_on: today(),
                end_on: today() + Days::new(400),
                deposit: Fen(0),
            },
            today(),
        )
        .unwrap();
    let later = today().checked_add_months(chrono::Months::new(4)).unwrap();
    let arrears = |store: &Store, day| {
        store.alerts(day).unwrap().into_iter().filter(|a| a.kind == AlertKind::RentArrears).count()
    };
    assert_eq!(arrears(&store, today()), 0);
    assert_eq!(arrears(&store, later), 1, "four or five months unpaid is over two");
    store.record_rent_payment(&people.clerk, lease.id, today(), Fen(lease.monthly_rent.fen() * 3), "").unwrap();
    assert_eq!(arrears(&store, later), 0, "paid down below the line");
    store
        .set_warning_settings(
            &people.admin,
            greencard::domain::alerts::WarningSettings { arrears_months: 1, ..Default::default() },
        )
        .unwrap();
    assert_eq!(arrears(&store, later), 1, "the threshold is a setting");
    assert!(store.set_warning_settings(&people.clerk, Default::default()).is_err());
}

#[test]
fn the_dashboard_counts_what_the_registry_holds() {
    let (mut store, people) = office(None, 40);
    housing(&mut store, &people);
    let d = store.dashboard(today()).unwrap();
    let total: i64 = d.zones.iter().map(|z| z.talents()).sum();
    assert_eq!(total, 40);
    let zone = &d.zones[0];
    let mut arrived = 0;
    for id in 1..=40 {
        let t = store.talent(id).unwrap();
        if t.zone_id == zone.zone.id && t.arrival_date.is_some_and(|a| a.year() == today().year()) {
            arrived += 1;
        }
    }
    assert_eq!(zone.actual.talents, arrived);
    assert_eq!(d.cards.valid, 2);
    assert_eq!(d.months.len(), 12);
    assert_eq!(d.months[11].issued, 2, "this month's two cards");
    assert_eq!(d.occupancy.len(), 1);
    assert_eq!((d.occupancy[0].units, d.occupancy[0].let_units), (2, 0));
}

fn lease_of(talent: i64, unit: i64, start: NaiveDate, days: u64) -> NewLease {
    NewLease {
        application_id: None,
        talent_id: talent,
        unit_id: unit,
        start_on: start,
        end_on: start + Days::new(days),
        deposit: Fen(0),
    }
}

#[test]
fn a_lease_freezes_both_shares_and_the_years_and_pays_the_later_rent_from_its_anniversary() {
    let (mut store, people) = office(None, 6);
    let (u1, u2) = housing(&mut store, &people);
    // Signed today under version 1: one share throughout.
    let plain = store.allocate_unit(&people.clerk, &lease_of(1, u1, today(), 400), today()).unwrap();
    assert_eq!(plain.later, None);
    // Version 2 from tomorrow: tier B pays 55 % for three years, 70 % from the fourth.
    let tomorrow = today() + Days::new(1);
    let mut p = Policy::office_default();
    p.tiers[1].rent_after = Some(RentAfter { years: 3, share: Bp(7_000) });
    store.add_policy_version(&people.admin, tomorrow, &p, "市人才办〔2026〕9 号", today()).unwrap();
    let lease = store.allocate_unit(&people.clerk, &lease_of(2, u2, tomorrow, 365 * 2), tomorrow).unwrap();
    let later = LaterRent { years: 3, share: Bp(7_000), monthly: Fen(210_000) };
    assert_eq!((lease.rent_share, lease.monthly_rent, lease.later), (Bp(5_500), Fen(165_000), Some(later)));
    // A later version with other terms changes neither lease.
    let mut p3 = p.clone();
    p3.tiers[1].rent_after = Some(RentAfter { years: 2, share: Bp(8_000) });
    p3.tiers[1].rent = Bp(6_000);
    store.add_policy_version(&people.admin, tomorrow + Days::new(1), &p3, "", today()).unwrap();
    assert_eq!(store.lease(lease.id).unwrap(), lease);
    assert_eq!(store.lease(plain.id).unwrap().later, None);
    // A renewal continues the same tenancy: the years count from the first day.
    let anniversary = greencard::domain::dates::add_years(tomorrow, 3);
    let renewed = store.renew_lease(&people.clerk, lease.id, anniversary + Days::new(400), today()).unwrap();
    assert_eq!((renewed.start_on, renewed.later, renewed.rent_share), (tomorrow, Some(later), Bp(5_500)));
    assert_eq!(renewed.share_on(anniversary - Days::new(1)), Bp(5_500));
    assert_eq!(renewed.share_on(anniversary), Bp(7_000));
    // The ledger: the first rent before the anniversary's month, the later rent after it,
    // and the month itself split by days.
    let ledger = store.lease_ledger(lease.id, anniversary + Days::new(70)).unwrap();
    let month = |d: NaiveDate| d.with_day(1).unwrap();
    let charge = |m: NaiveDate| ledger.charges.iter().find(|c| c.month == m).unwrap();
    let before = charge(month(anniversary).checked_sub_months(chrono::Months::new(1)).unwrap());
    assert_eq!((before.amount, before.later_from), (Fen(165_000), None));
    let split = charge(month(anniversary));
    assert_eq!(split.later_from, Some(anniversary));
    assert!(anniversary.day() == 1 || (Fen(165_000) < split.amount && split.amount < Fen(210_000)), "{split:?}");
    let after = charge(month(anniversary).checked_add_months(chrono::Months::new(1)).unwrap());
    assert_eq!(after.amount, Fen(210_000));
    // The allocation list and its export show the share in force on the list's day.
    let on = |day| store.allocations(day, None, None).unwrap().into_iter().find(|r| r.lease.id == lease.id).unwrap();
    assert_eq!(
        (on(anniversary - Days::new(1)).share, on(anniversary - Days::new(1)).monthly),
        (Bp(5_500), Fen(165_000))
    );
    let row = on(anniversary);
    assert_eq!((row.share, row.monthly), (Bp(7_000), Fen(210_000)));
    let (_, table) = greencard::exchange::allocation_table(
        &[row],
        LeaseList::Allocations,
        String::new(),
        anniversary,
        false,
        Lang::Zh,
    );
    assert!(table[0].contains(&Cell::Percent(Bp(7_000))) && table[0].contains(&Cell::Money(Fen(210_000))));
    assert!(!table[0].contains(&Cell::Percent(Bp(5_500))));
}

#[test]
fn arrears_are_measured_against_the_rent_in_force_on_the_day() {
    let (mut store, people) = office(None, 6);
    let (_, u2) = housing(&mut store, &people);
    let tomorrow = today() + Days::new(1);
    let mut p = Policy::office_default();
    p.tiers[1].rent_after = Some(RentAfter { years: 1, share: Bp(7_000) });
    store.add_policy_version(&people.admin, tomorrow, &p, "", today()).unwrap();
    let lease = store.allocate_unit(&people.clerk, &lease_of(2, u2, tomorrow, 365 * 3), tomorrow).unwrap();
    // Two months after the anniversary, everything is paid but ¥4,125.00: two and a half
    // months at the first rent (over the line of two) but under two at the later ¥2,100.00.
    let day = greencard::domain::dates::add_years(tomorrow, 1).checked_add_months(chrono::Months::new(2)).unwrap();
    let charged: i64 = store.lease_ledger(lease.id, day).unwrap().charges.iter().map(|c| c.amount.fen()).sum();
    store.record_rent_payment(&people.clerk, lease.id, day, Fen(charged - 412_500), "").unwrap();
    let arrears = store.alerts(day).unwrap().into_iter().filter(|a| a.kind == AlertKind::RentArrears).count();
    assert_eq!(arrears, 0, "¥4,125.00 is under two months of ¥2,100.00");
    store.record_rent_payment(&people.clerk, lease.id, day, Fen(1), "").unwrap();
    let owed = store.allocations(day, None, None).unwrap()[0].arrears;
    assert_eq!(owed, Fen(412_499));
}

#[test]
fn a_lease_past_its_end_that_was_never_ended_raises_an_overstay_alert_until_it_is_dealt_with() {
    let (mut store, people) = office(None, 6);
    let (u1, _) = housing(&mut store, &people);
    let end = today() + Days::new(30);
    let lease = store.allocate_unit(&people.clerk, &lease_of(1, u1, today(), 30), today()).unwrap();
    let overstays = |store: &Store, day| -> Vec<greencard::store::Alert> {
        store.alerts(day).unwrap().into_iter().filter(|a| a.kind == AlertKind::LeaseOverstay).collect()
    };
    assert!(overstays(&store, end).is_empty(), "the last day is still let");
    let later = end + Days::new(10);
    let a = overstays(&store, later).pop().expect("ten days past the end");
    assert_eq!(
        (a.subject_id, a.day, a.detail.clone()),
        (lease.id, end, greencard::store::Detail::Overstay { days: 10 })
    );
    assert!(store.alerts(later).unwrap().iter().all(|x| x.kind != AlertKind::LeaseExpiring), "ended is not ending");
    store.acknowledge_alert(&people.clerk, later, a.kind, a.subject_id, &a.cause).unwrap();
    assert!(overstays(&store, later + Days::new(5))[0].ack.is_some(), "the same overstay stays acknowledged");
    // Renewed: the cause is gone; past the new end it is a new alert.
    store.renew_lease(&people.clerk, lease.id, end + Days::new(60), today()).unwrap();
    assert!(overstays(&store, later).is_empty());
    let again = overstays(&store, end + Days::new(61));
    assert_eq!((again.len(), again[0].ack.is_none()), (1, true));
    // Ended with the move-out day: no alert.
    store.end_lease(&people.clerk, lease.id, end + Days::new(61), "租期届满退租").unwrap();
    assert!(overstays(&store, end + Days::new(70)).is_empty());
    let history = store.alert_history(&store.alerts(later).unwrap(), 10).unwrap();
    assert_eq!(
        (history.len(), history[0].status),
        (1, AckStatus::Resolved),
        "the acknowledged overstay resolved itself"
    );
}
