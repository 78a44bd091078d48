//! Store tests on temporary databases: file set-up, accounts, audit in the same
//! transaction, refusals that change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use greencard::domain::Role;
use greencard::store::{LATEST_VERSION, NewUser, Store, StoreError};

fn new_user(name: &str, role: Role) -> NewUser {
    NewUser { username: name.into(), display_name: name.into(), role, password: "correct horse".into() }
}

#[test]
fn a_new_file_gets_wal_foreign_keys_and_the_newest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION);
    let store = Store::open(&path).unwrap();
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn the_first_administrator_is_created_once_and_hashed_with_argon2id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    let mut store = Store::open(&path).unwrap();
    let admin = store.create_first_admin(&new_user("admin", Role::Clerk)).unwrap();
    assert_eq!(admin.role, Role::Admin, "the first user is always an administrator");
    assert!(matches!(store.create_first_admin(&new_user("second", Role::Admin)), Err(StoreError::AlreadySetUp)));
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let hash: String = conn.query_row("SELECT password_hash FROM users", [], |r| r.get(0)).unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(!hash.contains("correct horse"));
}

#[test]
fn every_change_writes_its_audit_row() {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store.create_first_admin(&new_user("admin", Role::Admin)).unwrap();
    let clerk = store.create_user(&admin, &new_user("clerk", Role::Clerk)).unwrap();
    store.set_user_active(&admin, clerk.id, false).unwrap();
    store.set_setting(Some(&admin), "ui.language", "en").unwrap();
    let audit = store.recent_audit(10).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["setting.set", "user.disable", "user.create", "user.create"]);
    let disable = &audit[1];
    assert_eq!(disable.username, "admin");
    assert_eq!(disable.entity_id, Some(clerk.id));
    assert!(disable.old_value.as_deref().unwrap().contains("\"active\":true"));
    assert!(disable.new_value.as_deref().unwrap().contains("\"active\":false"));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_refused_change_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store.create_first_admin(&new_user("admin", Role::Admin)).unwrap();
    let clerk_user = store.create_user(&admin, &new_user("clerk", Role::Clerk)).unwrap();
    let clerk = store.authenticate("clerk", "correct horse").unwrap();
    let audit_before = store.recent_audit(100).unwrap().len();
    assert!(matches!(store.create_user(&clerk, &new_user("x", Role::Admin)), Err(StoreError::NotAllowed)));
    assert!(matches!(
        store.create_user(&admin, &new_user("clerk", Role::Clerk)),
        Err(StoreError::UsernameTaken { .. })
    ));
    let short = NewUser { password: "short".into(), ..new_user("y", Role::Clerk) };
    assert!(matches!(store.create_user(&admin, &short), Err(StoreError::Invalid { .. })));
    assert!(matches!(store.set_user_active(&admin, admin.user_id, false), Err(StoreError::CannotDisableSelf)));
    assert!(matches!(store.set_password(&clerk, admin.user_id, "new password 1"), Err(StoreError::NotAllowed)));
    assert_eq!(store.users().unwrap().len(), 2);
    assert_eq!(store.recent_audit(100).unwrap().len(), audit_before);
    // A clerk may change their own password.
    store.set_password(&clerk, clerk_user.id, "new password 1").unwrap();
    assert!(store.authenticate("clerk", "new password 1").is_ok());
}

#[test]
fn each_failure_makes_the_next_try_wait_longer_and_five_lock_the_account() {
    let mut store = Store::open_in_memory().unwrap();
    store.create_first_admin(&new_user("admin", Role::Admin)).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let mut now = start;
    for wait in [1, 2, 4, 8] {
        assert!(matches!(store.authenticate_at("admin", "wrong", now), Err(StoreError::BadLogin)));
        let audit_rows = store.recent_audit(1000).unwrap().len();
        // Too soon: refused without checking, even the right password, and nothing counted.
        let early = now + chrono::TimeDelta::milliseconds(wait * 1000 - 200);
        let refused = store.authenticate_at("admin", "correct horse", early);
        assert!(matches!(refused, Err(StoreError::TooSoon { seconds: 1 })), "after {wait} s: {refused:?}");
        assert!(
            matches!(store.authenticate_at("admin", "wrong", now), Err(StoreError::TooSoon { seconds }) if seconds == wait)
        );
        assert_eq!(store.recent_audit(1000).unwrap().len(), audit_rows);
        now += chrono::TimeDelta::seconds(wait);
    }
    assert!(matches!(store.authenticate_at("admin", "wrong", now), Err(StoreError::LockedOut { minutes: 5 })));
    // Even the right password waits now, for five minutes.
    let later = now + chrono::TimeDelta::minutes(4);
    assert!(matches!(
        store.authenticate_at("admin", "correct horse", later),
        Err(StoreError::LockedOut { minutes: 1 })
    ));
    assert!(matches!(store.authenticate_at("nobody", "correct horse", now), Err(StoreError::BadLogin)));
    let after = now + chrono::TimeDelta::minutes(5);
    assert!(store.authenticate_at("admin", "correct horse", after).is_ok());
    // A success starts the count afresh: the next failure waits one second again.
    assert!(matches!(store.authenticate_at("admin", "wrong", after), Err(StoreError::BadLogin)));
    let soon = after + chrono::TimeDelta::milliseconds(900);
    assert!(matches!(store.authenticate_at("admin", "wrong", soon), Err(StoreError::TooSoon { seconds: 1 })));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn the_slow_check_runs_on_any_thread_between_reading_and_recording() {
    let mut store = Store::open_in_memory().unwrap();
    store.create_first_admin(&new_user("admin", Role::Admin)).unwrap();
    let now = chrono::Local::now().naive_local();
    let attempt = store.begin_login("admin", now).unwrap();
    let checked = std::thread::spawn(move || attempt.check("correct horse")).join().unwrap();
    assert_eq!(store.finish_login(checked, now).unwrap().username, "admin");
    // The password changed between the check and the record: the old one no longer counts.
    let attempt = store.begin_login("admin", now).unwrap();
    let admin = store.authenticate_at("admin", "correct horse", now).unwrap();
    store.set_password(&admin, admin.user_id, "another password").unwrap();
    let checked = attempt.check("correct horse");
    assert!(matches!(store.finish_login(checked, now), Err(StoreError::BadLogin)));
}

#[test]
fn the_default_policy_is_in_force_with_five_tiers() {
    let store = Store::open_in_memory().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let version = store.policy_in_force(today).unwrap();
    assert_eq!(version.policy.tiers.len(), 5);
    assert_eq!(version.policy.tiers[0].grant_cap, greencard::domain::Fen::yuan(3_000_000));
}

#[test]
fn changing_ones_own_password_needs_the_current_one_and_failures_are_audited() {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store.create_first_admin(&new_user("admin", Role::Admin)).unwrap();
    assert!(matches!(
        store.change_own_password(&admin, "not it", "brand new pass"),
        Err(StoreError::WrongCurrentPassword)
    ));
    store.change_own_password(&admin, "correct horse", "brand new pass").unwrap();
    let now = chrono::Local::now().naive_local();
    assert!(matches!(store.authenticate_at("admin", "correct horse", now), Err(StoreError::BadLogin)));
    let audit = store.recent_audit(3).unwrap();
    assert_eq!(audit[0].action, "user.login_failed");
    assert_eq!(audit[0].entity_id, Some(admin.user_id));
    // After the one-second wait that follows a failure.
    assert!(store.authenticate_at("admin", "brand new pass", now + chrono::TimeDelta::seconds(1)).is_ok());
    assert!(store.check().unwrap().is_empty(), "the audit chain holds after failed logins");
}

#[test]
fn the_schema_refuses_bad_talent_rows_even_without_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON; INSERT INTO zones (code, name, created_at, updated_at) VALUES ('GX', '高新区', 'x', 'x');")
        .unwrap();
    let insert = |gender: &str, birth: &str, doc_type: &str, doc: &str, name: &str| {
        conn.execute(
            "INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, zone_id, tier, created_at, updated_at)
             VALUES (?1, ?2, ?3, '中国', ?4, ?5, 1, 'A', 'x', 'x')",
            rusqlite::params![name, gender, birth, doc_type, doc],
        )
    };
    assert!(insert("M", "1990-01-01", "resident_id", "11010519491231002X", "张三").is_ok());
    assert!(insert("X", "1990-01-01", "passport", "E1234567", "李四").is_err(), "gender");
    assert!(insert("M", "1990/01/01", "passport", "E1234568", "李四").is_err(), "date shape");
    assert!(insert("M", "1990-01-01", "driving_licence", "E1234569", "李四").is_err(), "document type");
    assert!(insert("M", "1990-01-01", "passport", "e1234570", "李四").is_err(), "lower-case number");
    assert!(insert("M", "1990-01-01", "resident_id", "11010519491231002X", "王五").is_err(), "same document twice");
    assert!(insert("M", "1990-01-01", "passport", "E1234571", "  ").is_err(), "blank name");
}

#[test]
fn merging_a_duplicate_moves_team_memberships_and_hides_the_record() {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store.create_first_admin(&new_user("admin", Role::Admin)).unwrap();
    let data = greencard::demo::generate(30, 3, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    let keep = store.talent(1).unwrap();
    // The same person again, with a passport; put the second record in a team.
    let mut input = keep.to_input();
    input.doc_type = Some(greencard::domain::DocumentType::Passport);
    input.doc_number = "E55667788".into();
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|t| greencard::domain::TierCode::parse(t).unwrap()).collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let parsed = greencard::domain::talent::parse_talent(&input, &tiers, today).unwrap();
    let again = store.create_talent(&admin, &parsed).unwrap();
    let team = store.teams(1).unwrap().remove(0);
    store.set_team_member(&admin, team.id, again.id, "核心成员").unwrap();
    let pair = store.duplicate_pairs(10).unwrap().into_iter().find(|p| p.b.id == again.id).unwrap();
    // The document of the second record stays taken after the merge.
    store.merge_duplicate(&admin, pair.id, keep.id).unwrap();
    assert_eq!(store.talent(again.id).unwrap().merged_into, Some(keep.id));
    assert!(store.teams_of(keep.id).unwrap().iter().any(|(t, _)| t.id == team.id));
    assert!(store.teams_of(again.id).unwrap().is_empty());
    assert!(store.duplicate_pairs(10).unwrap().iter().all(|p| p.b.id != again.id));
    assert!(matches!(store.merge_duplicate(&admin, pair.id, keep.id), Err(StoreError::Invalid { .. })), "once");
    assert!(store.document_holder(greencard::domain::DocumentType::Passport, "E55667788").unwrap().is_some());
    let everyone = greencard::store::TalentQuery::default();
    let listed: Vec<i64> = store.search_talents(&everyone, 0, 100).unwrap().iter().map(|r| r.id).collect();
    assert!(!listed.contains(&again.id), "merged records leave the list");
    assert_eq!(store.recent_audit(1).unwrap()[0].action, "talent.merge");
    assert!(store.check().unwrap().is_empty());
}
