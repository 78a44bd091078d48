//! Store and CLI tests of the green card's life: issue after approval, renewal from the old
//! expiry inside the window, loss and reissue with a linked new number, suspend, resume,
//! revoke; `greencard verify` and `greencard cards renew`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{office, recognise_without_end};
use greencard::domain::card::{CardNumber, CardState, CardStatus};
use greencard::store::{ApplicationKind, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn greencard(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(db).args(args).output().unwrap()
}

#[test]
fn a_card_is_issued_renewed_reissued_and_revoked() {
    let (mut store, people) = office(None, 10);
    let app = people.approved(&mut store, ApplicationKind::Card, 1);
    let clerk = &people.clerk;
    let talent = store.talent(1).unwrap();
    let card = store.issue_card(clerk, app, d(2026, 3, 1)).unwrap();
    assert!(CardNumber::parse(&card.number).is_ok(), "{}", card.number);
    assert!(card.number.starts_with("GC2026000001"));
    let expected = greencard::domain::card::expiry(d(2026, 3, 1), 5, talent.recognised_until);
    assert_eq!(card.expires_on, expected);
    assert!(matches!(store.issue_card(clerk, app, d(2026, 3, 2)), Err(StoreError::Invalid { .. })), "once");
    // Too early to renew; then renewed from the old expiry.
    assert!(store.renew_card(clerk, card.id, d(2026, 3, 2)).is_err());
    if talent.recognised_until.is_none_or(|r| r > card.expires_on) {
        let day = card.expires_on - chrono::Days::new(10);
        let renewed = store.renew_card(clerk, card.id, day).unwrap();
        assert!(renewed.expires_on > card.expires_on);
        assert_eq!(renewed.number, card.number);
    }
    // Lost: the old number is void at once, the new one is linked to it.
    let new = store.report_card_lost(clerk, card.id, d(2026, 6, 1), "钱包丢失").unwrap();
    assert_ne!(new.number, card.number);
    assert_eq!(new.replaces, Some(card.id));
    assert_eq!(store.card(card.id).unwrap().status, CardStatus::Voided);
    assert_eq!(store.card(card.id).unwrap().state_on(d(2026, 6, 1)), CardState::Voided);
    // Suspend needs a reason; resume; revoke is final.
    assert!(store.set_card_status(clerk, new.id, CardStatus::Suspended, d(2026, 7, 1), " ").is_err());
    store.set_card_status(clerk, new.id, CardStatus::Suspended, d(2026, 7, 1), "单位核查").unwrap();
    assert_eq!(store.card(new.id).unwrap().state_on(d(2026, 7, 2)), CardState::Suspended);
    store.set_card_status(clerk, new.id, CardStatus::Active, d(2026, 7, 5), "核查完毕").unwrap();
    store.set_card_status(clerk, new.id, CardStatus::Revoked, d(2026, 8, 1), "离职离开本市").unwrap();
    assert!(store.set_card_status(clerk, new.id, CardStatus::Active, d(2026, 8, 2), "误操作").is_err());
    assert_eq!(store.cards_of(1).unwrap().len(), 2);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_card_cannot_be_issued_before_approval_or_by_a_reviewer() {
    let (mut store, people) = office(None, 10);
    let pending = store.submit_application(&people.clerk, ApplicationKind::Card, 2, "绿卡").unwrap();
    assert!(matches!(store.issue_card(&people.clerk, pending.id, d(2026, 3, 1)), Err(StoreError::Invalid { .. })));
    assert!(matches!(store.issue_card(&people.review, pending.id, d(2026, 3, 1)), Err(StoreError::NotAllowed)));
    assert!(store.cards_of(2).unwrap().is_empty());
}

#[test]
fn verify_tells_a_service_provider_whether_a_card_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.db");
    let today = chrono::Local::now().date_naive();
    let (number, old_number) = {
        let (mut store, people) = office(Some(&path), 10);
        recognise_without_end(&mut store, &people.clerk, 1);
        let app = people.approved(&mut store, ApplicationKind::Card, 1);
        let card = store.issue_card(&people.clerk, app, today).unwrap();
        let lost = store.report_card_lost(&people.clerk, card.id, today, "遗失").unwrap();
        (lost.number, card.number)
    };
    let valid = greencard(&path, &["verify", &number]);
    let out = String::from_utf8_lossy(&valid.stdout).into_owned();
    assert_eq!(valid.status.code(), Some(0), "{out}");
    assert!(out.contains("有效") && out.contains("可享服务"), "{out}");
    assert!(out.contains("********"), "the document is masked: {out}");
    let old = greencard(&path, &["verify", &old_number]);
    assert_eq!(old.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&old.stdout).contains("已挂失作废"));
    let unknown = CardNumber::new(2026, 999_999).unwrap();
    assert_eq!(greencard(&path, &["verify", unknown.as_str()]).status.code(), Some(1));
    assert_eq!(greencard(&path, &["verify", "GC20260009999"]).status.code(), Some(2), "wrong check character");
    assert_eq!(greencard(&path, &["verify", "not a card"]).status.code(), Some(2));
}

#[test]
fn cards_renew_renews_every_due_card_and_prints_each_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("due.db");
    let today = chrono::Local::now().date_naive();
    let number = {
        let (mut store, people) = office(Some(&path), 10);
        recognise_without_end(&mut store, &people.clerk, 1);
        let app = people.approved(&mut store, ApplicationKind::Card, 1);
        // Issued almost five years ago: it expires in ten days.
        let issued = today - chrono::Days::new(5 * 365 + 1 - 10);
        store.issue_card(&people.clerk, app, issued).unwrap().number
    };
    let out = greencard(&path, &["cards", "renew", "--due-within", "30"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().next().unwrap_or_default();
    let store = Store::open(&path).unwrap();
    let card = store.card_by_number(&CardNumber::parse(&number).unwrap()).unwrap().unwrap();
    assert_eq!(line, format!("renewed {number} {}", greencard::domain::dates::fmt_date(card.expires_on)));
    assert!(card.expires_on > today + chrono::Days::new(365 * 4));
    assert!(store.check().unwrap().is_empty());
}
