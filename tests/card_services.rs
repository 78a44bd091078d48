//! Store tests of what a card bundles: attached family cards and their rules, the service
//! catalogue, each logged use of a service, the print queue through a reissue, and the
//! card check of an attached card.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{office, recognise_as};
use greencard::domain::DocumentType;
use greencard::domain::card::{CardNumber, CardState, CardStatus};
use greencard::domain::family::{FamilyInput, NewServiceUse, Relation, ServiceNames, parse_family_member};
use greencard::store::{ApplicationKind, PrintState, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const ISSUED: fn() -> NaiveDate = || d(2026, 3, 2);

/// A store with talent 1 in `tier`, holding a card issued on 2026-03-02.
fn holder(tier: &str) -> (Store, common::Office, i64) {
    let (mut store, people) = office(None, 6);
    recognise_as(&mut store, &people.clerk, 1, tier);
    let app = people.approved(&mut store, ApplicationKind::Card, 1);
    let card = store.issue_card(&people.clerk, app, ISSUED()).unwrap();
    (store, people, card.id)
}

fn member(relation: Relation, name: &str, passport: &str, birth: &str) -> greencard::domain::family::NewFamilyMember {
    let input = FamilyInput {
        relation,
        name: name.into(),
        doc_type: DocumentType::Passport,
        doc_number: passport.into(),
        birth_date: birth.into(),
    };
    parse_family_member(&input, ISSUED()).unwrap()
}

fn invalid_key(e: StoreError) -> &'static str {
    match e {
        StoreError::Invalid { key, .. } => key,
        other => panic!("expected a refusal, got {other}"),
    }
}

#[test]
fn attached_cards_follow_the_policy_and_the_main_card() {
    let (mut store, people, card_id) = holder("A");
    let clerk = &people.clerk;
    let spouse = member(Relation::Spouse, "李梅", "E7654321", "1988-05-01");
    let f = store.attach_family_card(clerk, card_id, &spouse, ISSUED()).unwrap();
    let number = CardNumber::parse(&f.number).unwrap();
    // One spouse only; the same person never holds two live attached cards.
    let second = member(Relation::Spouse, "王丽", "E1112223", "1989-01-01");
    assert_eq!(
        invalid_key(store.attach_family_card(clerk, card_id, &second, ISSUED()).unwrap_err()),
        "family.err.limit"
    );
    let again = member(Relation::Parent, "李梅", "E7654321", "1988-05-01");
    assert_eq!(
        invalid_key(store.attach_family_card(clerk, card_id, &again, ISSUED()).unwrap_err()),
        "family.err.has_card"
    );
    // The attached card is exactly as valid as the main card.
    let check = |store: &Store| store.check_card(&number, ISSUED()).unwrap().unwrap();
    assert_eq!(check(&store).state, CardState::Valid);
    assert_eq!(check(&store).attached.as_ref().map(|(r, _)| *r), Some(Relation::Spouse));
    store.set_card_status(clerk, card_id, CardStatus::Suspended, ISSUED(), "核查").unwrap();
    assert_eq!(check(&store).state, CardState::Suspended);
    assert!(check(&store).services.is_empty(), "a card that fails the check entitles to nothing");
    store.set_card_status(clerk, card_id, CardStatus::Active, ISSUED(), "核查完毕").unwrap();
    // Reissue after a loss: the attached card keeps its number and follows the new card.
    let new = store.report_card_lost(clerk, card_id, ISSUED(), "遗失").unwrap();
    assert_eq!(store.family_cards(new.id).unwrap().len(), 1);
    assert_eq!(check(&store).attached.map(|(_, main)| main), Some(new.number.clone()));
    // Revoking the main card ends the attached one too.
    store.set_card_status(clerk, new.id, CardStatus::Revoked, ISSUED(), "离开本市").unwrap();
    assert_eq!(check(&store).state, CardState::Revoked);
}

#[test]
fn tiers_without_family_cards_and_adult_children_are_refused_and_nothing_is_written() {
    let (mut store, people, card_id) = holder("C");
    let child = member(Relation::Child, "单小明", "E2223334", "2015-01-01");
    let e = store.attach_family_card(&people.clerk, card_id, &child, ISSUED()).unwrap_err();
    assert_eq!(invalid_key(e), "family.err.tier");
    assert!(store.family_cards(card_id).unwrap().is_empty());
    assert!(store.print_queue(PrintState::Requested, 10).unwrap().iter().all(|j| j.family_card_id.is_none()));
    // A reviewer may not issue attached cards.
    let (mut store, people, card_id) = holder("A");
    assert!(matches!(store.attach_family_card(&people.review, card_id, &child, ISSUED()), Err(StoreError::NotAllowed)));
}

#[test]
fn a_service_use_needs_a_valid_card_and_the_entitlement() {
    let (mut store, people, card_id) = holder("E");
    let clerk = &people.clerk;
    let entitled: Vec<String> = store.entitled_services("E", ISSUED()).unwrap().into_iter().map(|s| s.code).collect();
    assert_eq!(entitled, vec!["housing", "medical_green_channel", "health_check"]);
    let use_of = |service: &str, on: NaiveDate| NewServiceUse {
        service: service.into(),
        used_on: on,
        provider: "市第一人民医院".into(),
        note: String::new(),
    };
    store.log_service_use(clerk, card_id, None, &use_of("health_check", ISSUED())).unwrap();
    // Tier E does not get the airport lane; a day before the card existed is refused.
    let e = store.log_service_use(clerk, card_id, None, &use_of("airport_vip", ISSUED())).unwrap_err();
    assert_eq!(invalid_key(e), "service.err.not_entitled");
    let e = store.log_service_use(clerk, card_id, None, &use_of("health_check", d(2020, 1, 1))).unwrap_err();
    assert_eq!(invalid_key(e), "service.err.card_not_valid");
    assert_eq!(store.service_uses(card_id).unwrap().len(), 1, "refusals wrote nothing");
    // A retired service is no longer offered, but its history stays.
    let admin = &people.admin;
    let names = ServiceNames { name_zh: "年度健康体检".into(), name_en: "Yearly health check".into() };
    store.update_service(admin, "health_check", &names, false).unwrap();
    let e = store.log_service_use(clerk, card_id, None, &use_of("health_check", ISSUED())).unwrap_err();
    assert_eq!(invalid_key(e), "service.err.not_entitled");
    assert_eq!(store.service_uses(card_id).unwrap()[0].service, "health_check");
}

#[test]
fn only_administrators_edit_the_catalogue_and_names_stay_unique() {
    let (mut store, people) = office(None, 2);
    let names = ServiceNames { name_zh: "子女入托".into(), name_en: "Childcare".into() };
    assert!(matches!(store.add_service(&people.clerk, &names), Err(StoreError::NotAllowed)));
    let s = store.add_service(&people.admin, &names).unwrap();
    assert_eq!(s.code, "service_8");
    assert_eq!(invalid_key(store.add_service(&people.admin, &names).unwrap_err()), "service.err.taken");
    assert_eq!(store.services().unwrap().len(), 8);
}

#[test]
fn the_print_queue_never_prints_a_voided_number() {
    let (mut store, people, card_id) = holder("B");
    let clerk = &people.clerk;
    let queued = store.print_queue(PrintState::Requested, 10).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].reason, "首次制卡");
    let new = store.report_card_lost(clerk, card_id, ISSUED(), "遗失").unwrap();
    let queued = store.print_queue(PrintState::Requested, 10).unwrap();
    assert_eq!(queued.iter().map(|j| j.number.as_str()).collect::<Vec<_>>(), vec![new.number.as_str()]);
    // Printed, then handed over; a finished request cannot move on.
    let id = queued[0].id;
    store.advance_prints(clerk, &[id], ISSUED()).unwrap();
    let done = store.advance_prints(clerk, &[id], ISSUED()).unwrap();
    assert_eq!(done[0].state, PrintState::HandedOver);
    assert_eq!(invalid_key(store.advance_prints(clerk, &[id], ISSUED()).unwrap_err()), "print.err.done");
    // A reprint needs a reason and a live card.
    assert!(store.request_reprint(clerk, new.id, None, ISSUED(), " ").is_err());
    let job = store.request_reprint(clerk, new.id, None, ISSUED(), "卡面损坏").unwrap();
    assert_eq!(job.reason, "卡面损坏");
    assert!(store.request_reprint(clerk, card_id, None, ISSUED(), "再印旧卡").is_err(), "the voided card");
}

#[test]
fn a_card_page_lists_the_events_of_the_card_and_the_one_it_replaced() {
    let (mut store, people, card_id) = holder("D");
    let new = store.report_card_lost(&people.clerk, card_id, ISSUED(), "遗失").unwrap();
    let events: Vec<(String, String)> =
        store.card_events(new.id).unwrap().into_iter().map(|e| (e.event, e.username)).collect();
    let expected = [("issued", "clerk"), ("voided", "clerk"), ("reissued", "clerk")];
    assert_eq!(events, expected.map(|(e, u)| (e.to_string(), u.to_string())).to_vec());
    assert!(
        store.card_events(new.id).unwrap().iter().filter(|e| e.event != "voided").all(|e| e.policy_version == Some(1))
    );
}

#[test]
fn the_print_file_of_the_queue_has_a_front_and_a_back_per_card() {
    let (mut store, people, card_id) = holder("A");
    let spouse = member(Relation::Spouse, "李梅", "E7654321", "1988-05-01");
    store.attach_family_card(&people.clerk, card_id, &spouse, ISSUED()).unwrap();
    let jobs = store.print_queue(PrintState::Requested, 10).unwrap();
    assert_eq!(jobs.len(), 2, "the holder's card and the spouse's");
    let refs: Vec<&greencard::store::PrintJob> = jobs.iter().collect();
    let faces = greencard::ui::print_faces(&store, &refs, ISSUED()).unwrap();
    assert_eq!(faces[1].family_of.as_deref(), Some(store.talent(1).unwrap().name.as_str()));
    assert!(faces[0].services.contains(&"人才安居".to_string()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.pdf");
    let printed = greencard::exchange::write_cards(&path, &faces, &greencard::exchange::Progress::new()).unwrap();
    assert_eq!(printed, 2);
    let doc = lopdf::Document::load(&path).unwrap();
    assert_eq!(doc.get_pages().len(), 4, "a front and a back for each of the two cards");
}
