//! Store tests of the green card's life: issue after approval, renewal from the old expiry
//! inside the window, loss and reissue with a linked new number, suspend, resume, revoke.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use greencard::domain::card::{CardNumber, CardState, CardStatus};
use greencard::domain::review::Decision;
use greencard::domain::{Actor, Role};
use greencard::store::{ApplicationKind, NewUser, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A store with the four review roles and an approved card application for talent 1.
fn approved() -> (Store, Actor, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store
        .create_first_admin(&NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            role: Role::Admin,
            password: "admin-pass-1".into(),
        })
        .unwrap();
    let mut make = |name: &str, role| {
        let u = store
            .create_user(
                &admin,
                &NewUser { username: name.into(), display_name: name.into(), role, password: "password-1".into() },
            )
            .unwrap();
        Actor { user_id: u.id, username: u.username, display_name: u.display_name, role }
    };
    let clerk = make("clerk", Role::Clerk);
    let people = [
        make("review", Role::FirstReviewer),
        make("recheck", Role::ThirdPartyReviewer),
        make("committee", Role::Committee),
    ];
    let data = greencard::demo::generate(10, 4, d(2026, 11, 29));
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    let app = store.submit_application(&clerk, ApplicationKind::Card, 1, "绿卡").unwrap();
    for p in &people {
        store.decide_application(p, app.id, Decision::Approve, "同意").unwrap();
    }
    (store, clerk, app.id)
}

#[test]
fn a_card_is_issued_renewed_reissued_and_revoked() {
    let (mut store, clerk, app) = approved();
    let talent = store.talent(1).unwrap();
    let card = store.issue_card(&clerk, app, d(2026, 3, 1)).unwrap();
    assert!(CardNumber::parse(&card.number).is_ok(), "{}", card.number);
    assert!(card.number.starts_with("GC2026000001"));
    let expected = greencard::domain::card::expiry(d(2026, 3, 1), 5, talent.recognised_until);
    assert_eq!(card.expires_on, expected);
    assert!(matches!(store.issue_card(&clerk, app, d(2026, 3, 2)), Err(StoreError::Invalid { .. })), "once");
    // Too early to renew; then renewed from the old expiry.
    assert!(store.renew_card(&clerk, card.id, d(2026, 3, 2)).is_err());
    if talent.recognised_until.is_none_or(|r| r > card.expires_on) {
        let day = card.expires_on - chrono::Days::new(10);
        let renewed = store.renew_card(&clerk, card.id, day).unwrap();
        assert!(renewed.expires_on > card.expires_on);
        assert_eq!(renewed.number, card.number);
    }
    // Lost: the old number is void at once, the new one is linked to it.
    let new = store.report_card_lost(&clerk, card.id, d(2026, 6, 1), "钱包丢失").unwrap();
    assert_ne!(new.number, card.number);
    assert_eq!(new.replaces, Some(card.id));
    assert_eq!(store.card(card.id).unwrap().status, CardStatus::Voided);
    assert_eq!(store.card(card.id).unwrap().state_on(d(2026, 6, 1)), CardState::Voided);
    // Suspend needs a reason; resume; revoke is final.
    assert!(store.set_card_status(&clerk, new.id, CardStatus::Suspended, d(2026, 7, 1), " ").is_err());
    store.set_card_status(&clerk, new.id, CardStatus::Suspended, d(2026, 7, 1), "单位核查").unwrap();
    assert_eq!(store.card(new.id).unwrap().state_on(d(2026, 7, 2)), CardState::Suspended);
    store.set_card_status(&clerk, new.id, CardStatus::Active, d(2026, 7, 5), "核查完毕").unwrap();
    store.set_card_status(&clerk, new.id, CardStatus::Revoked, d(2026, 8, 1), "离职离开本市").unwrap();
    assert!(store.set_card_status(&clerk, new.id, CardStatus::Active, d(2026, 8, 2), "误操作").is_err());
    assert_eq!(store.cards_of(1).unwrap().len(), 2);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_card_cannot_be_issued_before_approval_or_by_a_reviewer() {
    let (mut store, clerk, _) = approved();
    let pending = store.submit_application(&clerk, ApplicationKind::Card, 2, "绿卡").unwrap();
    assert!(matches!(store.issue_card(&clerk, pending.id, d(2026, 3, 1)), Err(StoreError::Invalid { .. })));
    let reviewer =
        Actor { user_id: 3, username: "review".into(), display_name: "review".into(), role: Role::FirstReviewer };
    assert!(matches!(store.issue_card(&reviewer, pending.id, d(2026, 3, 1)), Err(StoreError::NotAllowed)));
    assert!(store.cards_of(2).unwrap().is_empty());
}

#[test]
fn verify_tells_a_service_provider_whether_a_card_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.db");
    let today = chrono::Local::now().date_naive();
    let (number, old_number) = {
        // The set-up of `approved()`, on a file, so the binary can read it.
        let mut store = Store::open(&path).unwrap();
        let admin = store
            .create_first_admin(&NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                role: Role::Admin,
                password: "admin-pass-1".into(),
            })
            .unwrap();
        let data = greencard::demo::generate(10, 4, d(2026, 11, 29));
        store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
        let mut make = |name: &str, role| {
            let u = store
                .create_user(
                    &admin,
                    &NewUser { username: name.into(), display_name: name.into(), role, password: "password-1".into() },
                )
                .unwrap();
            Actor { user_id: u.id, username: u.username, display_name: u.display_name, role }
        };
        let clerk = make("clerk", Role::Clerk);
        let people = [
            make("review", Role::FirstReviewer),
            make("recheck", Role::ThirdPartyReviewer),
            make("committee", Role::Committee),
        ];
        let app = store.submit_application(&clerk, ApplicationKind::Card, 1, "绿卡").unwrap();
        for p in &people {
            store.decide_application(p, app.id, Decision::Approve, "同意").unwrap();
        }
        // Recognised long enough for the card to be valid today.
        let card = store.issue_card(&clerk, app.id, today).unwrap();
        let lost = store.report_card_lost(&clerk, card.id, today, "遗失").unwrap();
        (lost.number, card.number)
    };
    let run = |arg: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
            .arg("--db")
            .arg(&path)
            .args(["verify", arg])
            .output()
            .unwrap()
    };
    let valid = run(&number);
    let out = String::from_utf8_lossy(&valid.stdout).into_owned();
    if valid.status.code() == Some(0) {
        assert!(out.contains("有效") && out.contains("可享服务"), "{out}");
        assert!(out.contains("********"), "the document is masked: {out}");
    } else {
        // A holder whose recognition ends before today gets an expired card: still not valid.
        assert!(out.contains("已过期"), "{out}");
    }
    let old = run(&old_number);
    assert_eq!(old.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&old.stdout).contains("已挂失作废"));
    let unknown = CardNumber::new(2026, 999_999).unwrap();
    assert_eq!(run(unknown.as_str()).status.code(), Some(1));
    assert_eq!(run("GC20260009999").status.code(), Some(2), "wrong check character");
    assert_eq!(run("not a card").status.code(), Some(2));
}

#[test]
fn cards_renew_renews_every_due_card_and_prints_each_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("due.db");
    let today = chrono::Local::now().date_naive();
    let number = {
        let mut store = Store::open(&path).unwrap();
        let admin = store
            .create_first_admin(&NewUser {
                username: "admin".into(),
                display_name: "管理员".into(),
                role: Role::Admin,
                password: "admin-pass-1".into(),
            })
            .unwrap();
        let data = greencard::demo::generate(10, 4, d(2026, 11, 29));
        store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
        let mut make = |name: &str, role| {
            let u = store
                .create_user(
                    &admin,
                    &NewUser { username: name.into(), display_name: name.into(), role, password: "password-1".into() },
                )
                .unwrap();
            Actor { user_id: u.id, username: u.username, display_name: u.display_name, role }
        };
        let clerk = make("clerk", Role::Clerk);
        let people = [
            make("review", Role::FirstReviewer),
            make("recheck", Role::ThirdPartyReviewer),
            make("committee", Role::Committee),
        ];
        // Recognised without an end, so the renewal has a term to extend.
        let mut input = store.talent(1).unwrap().to_input();
        input.recognised_until = String::new();
        input.arrival_date = String::new();
        let tiers: Vec<_> =
            ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
        let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today).unwrap();
        store.update_talent(&clerk, 1, &parsed).unwrap();
        let app = store.submit_application(&clerk, ApplicationKind::Card, 1, "绿卡").unwrap();
        for p in &people {
            store.decide_application(p, app.id, Decision::Approve, "同意").unwrap();
        }
        // Issued almost five years ago: it expires in ten days.
        let issued = today - chrono::Days::new(5 * 365 + 1 - 10);
        store.issue_card(&clerk, app.id, issued).unwrap().number
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
        .arg("--db")
        .arg(&path)
        .args(["cards", "renew", "--due-within", "30"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().next().unwrap_or_default();
    assert!(line.starts_with(&format!("renewed {number} ")), "{stdout}");
    let store = Store::open(&path).unwrap();
    let card = store.card_by_number(&CardNumber::parse(&number).unwrap()).unwrap().unwrap();
    assert_eq!(line, format!("renewed {number} {}", greencard::domain::dates::fmt_date(card.expires_on)));
    assert!(card.expires_on > today + chrono::Days::new(365 * 4));
    assert!(store.check().unwrap().is_empty());
}
