//! Store tests of policy versions, zone targets, alerts and the dashboard: a new version
//! never changes a decision already made, its effective date is never in the past or
//! before a decision, alerts resolve themselves, the dashboard's counts are right.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Days, NaiveDate};
use common::{Office, office, recognise_as};
use greencard::domain::alerts::AlertKind;
use greencard::domain::housing::Area;
use greencard::domain::{Bp, Fen, Policy};
use greencard::store::{ApplicationKind, NewLease, NewUnit, Store, ZoneTarget};

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
    let before = store.allocate_unit(&people.clerk, &lease(1, u1, today())).unwrap();
    let card = store.cards_of(1).unwrap()[0].clone();
    let from = today() + Days::new(10);
    let v2 =
        store.add_policy_version(&people.admin, from, &with_rent_b(6_000, 3), "市人社〔2026〕12 号", today()).unwrap();
    assert_eq!(v2.id, 2);
    // What was decided stays as it was decided.
    let old = store.lease(before.id).unwrap();
    assert_eq!((old.rent_share, old.monthly_rent, old.policy_version), (Bp(5_500), Fen(165_000), 1));
    let card_now = store.cards_of(1).unwrap()[0].clone();
    assert_eq!((card_now.expires_on, card_now.policy_version), (card.expires_on, 1));
    // A lease starting on or after the effective date is signed under the new version.
    let after = store.allocate_unit(&people.clerk, &lease(2, u2, from + Days::new(5))).unwrap();
    assert_eq!((after.rent_share, after.monthly_rent, after.policy_version), (Bp(6_000), Fen(180_000), 2));
    assert_eq!(store.policy_in_force(today()).unwrap().id, 1);
    assert_eq!(store.policy_in_force(from).unwrap().id, 2);
    let history = store.recent_audit(5).unwrap();
    assert!(history.iter().any(|e| e.action == "policy.version"), "the version is audited");
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
    let mut input = store.talent(1).unwrap().to_input();
    input.recognised_until = greencard::domain::dates::fmt_date(today() + Days::new(20));
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
    let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today()).unwrap();
    store.update_talent(&people.clerk, 1, &parsed).unwrap();
    let app = people.approved(&mut store, ApplicationKind::Card, 1);
    let card = store.issue_card(&people.clerk, app, today()).unwrap();
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
    let history = store.alert_history(today(), 10).unwrap();
    assert_eq!(history.len(), 1);
    assert!(!history[0].open, "the acknowledged alert resolved itself");
    assert!(store.acknowledge_alert(&people.clerk, today(), a.kind, a.subject_id, &a.cause).is_err(), "gone");
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
