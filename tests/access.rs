//! Store tests of who may see and change what: a clerk limited to one zone is refused, in
//! the store and inside the write transaction, every change to another zone's records (the
//! database stays exactly as it was); rights are read again at every write; reads are
//! narrowed to the session's scope; unmasking needs its right.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use greencard::domain::access::Scope;
use greencard::domain::card::CardStatus;
use greencard::domain::talent::{NewTalent, parse_talent};
use greencard::domain::{Actor, CreditCode, DocumentType, Fen, Role, TierCode};
use greencard::store::{
    ApplicationKind, ExportOrigin, GrantKind, NewGrant, NewLease, NewTeam, NewUser, Store, StoreError, TalentQuery,
    ZoneTarget,
};

/// The records of one zone that the tests try to touch.
struct ZoneRecords {
    zone: i64,
    talent: i64,
    card: i64,
    lease: i64,
    grant: i64,
    team: i64,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A demo office with cards, leases and grants, and the clerk `zclerk` limited to the zone
/// of the first lease's tenant; returns the store, the office, the clerk, and the records
/// of their zone (`a`) and of another (`b`).
fn scoped_office() -> (Store, common::Office, Actor, ZoneRecords, ZoneRecords) {
    let (mut store, office) = common::office(None, 600);
    let demo = greencard::demo::generate(600, 4, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo_cards(&office.admin, today(), &greencard::demo::cards(&demo, 4, today())).unwrap();
    store.insert_demo_housing(&office.admin, today()).unwrap();
    store.insert_demo_grants(&office.admin, today()).unwrap();
    let leases = store.allocations(today(), None, None).unwrap();
    let grants = store.grants(None, None).unwrap();
    let teams = store.teams(10_000).unwrap();
    let zone_of = |store: &Store, talent: i64| store.talent(talent).unwrap().zone_id;
    let records = |store: &Store, zone: i64| -> Option<ZoneRecords> {
        let lease = leases.iter().find(|l| zone_of(store, l.lease.talent_id) == zone)?;
        let grant = grants.iter().find(|g| zone_of(store, g.talent_id) == zone)?;
        let team = teams.iter().find(|t| t.zone_id == zone)?;
        let talent = lease.lease.talent_id;
        let card = store.cards_of(talent).unwrap().into_iter().find(|c| c.status == CardStatus::Active)?;
        Some(ZoneRecords { zone, talent, card: card.id, lease: lease.lease.id, grant: grant.id, team: team.id })
    };
    let zones: Vec<i64> = store.zones().unwrap().iter().map(|z| z.id).collect();
    let mut found: Vec<ZoneRecords> = zones.iter().filter_map(|&z| records(&store, z)).collect();
    assert!(found.len() >= 2, "the demo has leases, grants and teams in two zones");
    let b = found.remove(1);
    let a = found.remove(0);
    let user = store
        .create_user(
            &office.admin,
            &NewUser {
                username: "zclerk".into(),
                display_name: "区经办".into(),
                role: Role::Clerk,
                password: common::OFFICE_PASSWORD.into(),
            },
        )
        .unwrap();
    store.set_user_access(&office.admin, user.id, &[a.zone], false).unwrap();
    let clerk = store.authenticate("zclerk", common::OFFICE_PASSWORD).unwrap();
    (store, office, clerk, a, b)
}

fn tiers() -> Vec<TierCode> {
    ["A", "B", "C", "D", "E"].iter().map(|t| TierCode::parse(t).unwrap()).collect()
}

/// The talent's stored record, optionally moved to `zone`, as a form would send it.
fn record_of(store: &Store, talent: i64, zone: Option<i64>) -> NewTalent {
    let mut input = store.talent(talent).unwrap().to_input();
    if let Some(z) = zone {
        input.zone_id = Some(z);
        input.employer_id = None;
    }
    parse_talent(&input, &tiers(), today()).unwrap()
}

fn out_of_scope<T: std::fmt::Debug>(what: &str, result: Result<T, StoreError>) {
    assert!(matches!(result, Err(StoreError::OutOfScope)), "{what}: {result:?}");
}

#[test]
fn a_clerk_limited_to_a_zone_cannot_change_another_zones_records_and_nothing_changes() {
    let (mut store, _office, clerk, a, b) = scoped_office();
    let before = store.content_digest().unwrap();
    let mut new_in_b = record_of(&store, b.talent, Some(b.zone));
    new_in_b.doc = greencard::domain::DocumentNumber::parse(DocumentType::Passport, "E98765432", today()).unwrap();
    let code = CreditCode::parse("91350100M000100Y43").unwrap();
    let s = &mut store;
    out_of_scope("create a talent in B", s.create_talent(&clerk, &new_in_b));
    let b_record = record_of(s, b.talent, None);
    out_of_scope("change B's talent", s.update_talent(&clerk, b.talent, &b_record));
    let moved = record_of(s, a.talent, Some(b.zone));
    out_of_scope("move A's talent to B", s.update_talent(&clerk, a.talent, &moved));
    out_of_scope("employer in B", s.create_employer(&clerk, "越权科技有限公司", &code, b.zone));
    out_of_scope("zone", s.create_zone(&clerk, "ZZ", "越权区"));
    out_of_scope(
        "targets of B",
        s.set_zone_target(
            &clerk,
            &ZoneTarget { zone_id: b.zone, year: 2026, talents: 9, teams: 9, apartments: 9, grants: Fen::yuan(9) },
        ),
    );
    let team = NewTeam {
        name: "越权团队".into(),
        leader_id: b.talent,
        field: String::new(),
        zone_id: b.zone,
        summary: String::new(),
        introduced_on: today(),
    };
    out_of_scope("team in B", s.create_team(&clerk, &team));
    out_of_scope("team led from B", s.create_team(&clerk, &NewTeam { zone_id: a.zone, ..team.clone() }));
    out_of_scope("member of B's team", s.set_team_member(&clerk, b.team, a.talent, "成员"));
    out_of_scope("application for B", s.submit_application(&clerk, ApplicationKind::Card, b.talent, "越权"));
    out_of_scope("renew B's card", s.renew_card(&clerk, b.card, today()));
    out_of_scope("B's card lost", s.report_card_lost(&clerk, b.card, today(), "遗失"));
    out_of_scope("suspend B's card", s.set_card_status(&clerk, b.card, CardStatus::Suspended, today(), "暂停"));
    out_of_scope("reprint B's card", s.request_reprint(&clerk, b.card, None, today(), "损坏"));
    let lease = NewLease {
        application_id: None,
        talent_id: b.talent,
        unit_id: 1,
        start_on: today(),
        end_on: today() + chrono::Days::new(365),
        deposit: Fen::yuan(1000),
    };
    out_of_scope("lease for B", s.allocate_unit(&clerk, &lease, today()));
    out_of_scope("end B's lease", s.end_lease(&clerk, b.lease, today(), "退租"));
    out_of_scope("rent of B", s.record_rent_payment(&clerk, b.lease, today(), Fen::yuan(100), ""));
    out_of_scope("subsidy for B", s.add_rent_subsidy(&clerk, b.talent, today(), today(), Fen::yuan(100)));
    let programme = s.grant_programmes(None).unwrap()[0].id;
    let grant = NewGrant {
        programme_id: programme,
        talent_id: b.talent,
        team_id: None,
        kind: GrantKind::Startup,
        project: "越权项目".into(),
        technology: String::new(),
        requested: Fen::yuan(1000),
        own_investment: Fen::yuan(0),
        income: None,
        evidence: String::new(),
    };
    out_of_scope("grant for B", s.submit_grant(&clerk, &grant));
    out_of_scope("stop B's grant", s.stop_grant(&clerk, b.grant, today(), "终止"));
    out_of_scope("claw back B's grant", s.claw_back_grant(&clerk, b.grant, Fen::yuan(1), today(), "追回"));
    assert_eq!(store.content_digest().unwrap(), before, "every refusal left the database as it was");
    // Their own zone is theirs.
    store.submit_application(&clerk, ApplicationKind::Card, a.talent, "本区申请").unwrap();
    let own = record_of(&store, a.talent, None);
    store.update_talent(&clerk, a.talent, &own).unwrap();
}

#[test]
fn rights_are_read_again_at_every_write() {
    let (mut store, office, clerk, a, b) = scoped_office();
    // The administrator moves the clerk to zone B: the same session works there at once.
    store.set_user_access(&office.admin, clerk.user_id, &[b.zone], false).unwrap();
    store.submit_application(&clerk, ApplicationKind::Card, b.talent, "调区后").unwrap();
    out_of_scope("A after the move", store.submit_application(&clerk, ApplicationKind::Card, a.talent, "x"));
    // Disabled: the next write is refused though the window still holds the old session.
    store.set_user_active(&office.admin, clerk.user_id, false).unwrap();
    let before = store.content_digest().unwrap();
    assert!(matches!(
        store.submit_application(&clerk, ApplicationKind::Card, b.talent, "停用后"),
        Err(StoreError::AccountDisabled)
    ));
    assert!(matches!(store.rights(&clerk), Err(StoreError::AccountDisabled)));
    assert_eq!(store.content_digest().unwrap(), before);
    // Every zone again (no rows): everything is theirs.
    store.set_user_active(&office.admin, clerk.user_id, true).unwrap();
    store.set_user_access(&office.admin, clerk.user_id, &[], false).unwrap();
    assert_eq!(store.rights(&clerk).unwrap().scope, Scope::All);
    store.submit_application(&clerk, ApplicationKind::Card, a.talent, "全部开发区").unwrap();
}

#[test]
fn reads_are_narrowed_to_the_sessions_scope() {
    let (mut store, _office, clerk, a, b) = scoped_office();
    let b_name = store.talent(b.talent).unwrap().name;
    let all = store.count_talents(&TalentQuery::default()).unwrap();
    // The card list's texts, each of which finds B's card while the session sees every zone.
    let b_number = store.card(b.card).unwrap().number;
    let b_employer = store.talent(b.talent).unwrap().employer_id;
    let b_employer = store.employers().unwrap().into_iter().find(|e| Some(e.id) == b_employer).map(|e| e.name);
    let texts: Vec<String> =
        [Some(b_number.clone()), Some(b_number[..6].to_string()), Some(b_name.clone()), b_employer]
            .into_iter()
            .flatten()
            .collect();
    let card_query =
        |text: &str| greencard::store::CardQuery { text: text.into(), ..greencard::store::CardQuery::all(today()) };
    for text in &texts {
        let found = store.card_list(&card_query(text), 100_000).unwrap();
        assert!(found.iter().any(|c| c.id == b.card), "{text} finds B's card unscoped");
    }
    store.set_scope(store.rights(&clerk).unwrap().scope);
    // The card list's index lookups (number range, holders' names, employers) keep the scope.
    for text in &texts {
        let found = store.card_list(&card_query(text), 100_000).unwrap();
        assert!(found.iter().all(|c| c.talent_id != b.talent), "{text}");
        for c in &found {
            assert_eq!(store.talent(c.talent_id).map(|t| t.zone_id).ok(), Some(a.zone), "{text}");
        }
        assert_eq!(store.count_cards(&card_query(text)).unwrap(), found.len() as u64, "count of {text}");
    }
    // A page read by ids (the page jump) leaves out a talent outside the scope.
    let by_id: Vec<i64> = store.talents_by_id(&[b.talent, a.talent]).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(by_id, [a.talent]);
    assert_eq!(store.scope(), &Scope::only([a.zone]));
    out_of_scope("open B's talent", store.talent(b.talent));
    out_of_scope("open B's card", store.card(b.card));
    out_of_scope("open B's lease", store.lease(b.lease));
    out_of_scope("open B's grant", store.grant(b.grant));
    out_of_scope("open B's team", store.team(b.team));
    out_of_scope("B's cards", store.cards_of(b.talent));
    out_of_scope("B's history", store.talent_history(b.talent));
    assert!(store.talent(a.talent).is_ok());
    let by_name = TalentQuery { text: b_name.clone(), ..TalentQuery::default() };
    assert!(store.search_talents(&by_name, 0, 1000).unwrap().iter().all(|t| t.zone_id == a.zone), "{b_name}");
    let mine = store.count_talents(&TalentQuery::default()).unwrap();
    assert!(mine > 0 && mine < all, "{mine} of {all}");
    let mut exported = Vec::new();
    store
        .for_each_talent(&TalentQuery::default(), |t| {
            exported.push(t.zone_id);
            true
        })
        .unwrap();
    assert_eq!(exported.len() as u64, mine);
    assert!(exported.iter().all(|&z| z == a.zone), "the export stream is narrowed too");
    assert_eq!(store.zones().unwrap().iter().map(|z| z.id).collect::<Vec<_>>(), [a.zone]);
    assert!(store.employers().unwrap().iter().all(|e| e.zone_id == a.zone));
    assert!(store.teams(10_000).unwrap().iter().all(|t| t.zone_id == a.zone));
    // Every row listed opens, so it is in the scope (a row of B would be refused: -1).
    let zone_of = |s: &Store, talent| s.talent(talent).map(|t| t.zone_id).unwrap_or(-1);
    for l in store.allocations(today(), None, None).unwrap() {
        assert_eq!(zone_of(&store, l.lease.talent_id), a.zone);
    }
    for g in store.grants(None, None).unwrap() {
        assert_eq!(zone_of(&store, g.talent_id), a.zone);
    }
    let cards = store.card_list(&greencard::store::CardQuery::all(today()), 100_000).unwrap();
    assert!(!cards.is_empty());
    for c in &cards {
        assert_eq!(zone_of(&store, c.talent_id), a.zone, "the card list");
    }
    assert_eq!(store.count_cards(&greencard::store::CardQuery::all(today())).unwrap(), cards.len() as u64);
    let until = today() + chrono::Days::new(3650);
    for c in store.expiring_cards(NaiveDate::MIN, until, &Default::default(), 100_000).unwrap() {
        assert_eq!(zone_of(&store, c.talent_id), a.zone);
    }
}

#[test]
fn only_administrators_set_access_and_administrators_are_never_limited() {
    let (mut store, office, clerk, a, _b) = scoped_office();
    assert!(matches!(store.set_user_access(&clerk, clerk.user_id, &[], true), Err(StoreError::NotAllowed)));
    assert!(matches!(
        store.set_user_access(&office.admin, office.admin.user_id, &[a.zone], true),
        Err(StoreError::Invalid { key: "access.admin_unscoped", .. })
    ));
    assert!(matches!(
        store.set_user_access(&office.admin, clerk.user_id, &[999_999], false),
        Err(StoreError::NotFound { what: "zone" })
    ));
    let audit = store.recent_audit(50).unwrap();
    let set = audit.iter().find(|e| e.action == "user.set_access" && e.entity_id == Some(clerk.user_id)).unwrap();
    assert_eq!(set.username, "admin");
    assert!(set.new_value.as_deref().unwrap_or_default().contains(&format!("[{}]", a.zone)));
}

#[test]
fn exporting_unmasked_needs_the_right_to_see_personal_data() {
    let (mut store, office, clerk, a, _b) = scoped_office();
    let app = ExportOrigin::App;
    let before = store.content_digest().unwrap();
    assert!(matches!(
        store.record_unmasked_export(&clerk, &app, "人才名单", "/tmp/x.xlsx"),
        Err(StoreError::NoUnmaskRight)
    ));
    assert_eq!(store.content_digest().unwrap(), before);
    store.record_unmasked_export(&office.admin, &app, "人才名单", "/tmp/x.xlsx").unwrap();
    store.set_user_access(&office.admin, clerk.user_id, &[a.zone], true).unwrap();
    store.record_unmasked_export(&clerk, &app, "人才名单", "/tmp/y.xlsx").unwrap();
    assert_eq!(store.recent_audit(1).unwrap()[0].action, "export.unmasked");
    // The command line signs with the first administrator: without the right, it is refused too.
    store.set_user_access(&office.admin, office.admin.user_id, &[], false).unwrap();
    let before = store.content_digest().unwrap();
    let cli = ExportOrigin::CommandLine { os_user: Some("wang".into()) };
    assert!(matches!(
        store.record_unmasked_export(&office.admin, &cli, "人才名单", "/tmp/z.csv"),
        Err(StoreError::NoUnmaskRight)
    ));
    assert_eq!(store.content_digest().unwrap(), before);
}
