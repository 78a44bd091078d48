//! Store tests of the four-level review: order, roles, one person per application, the
//! trail, veto flags, and refusals that change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use greencard::domain::review::{Decision, Stage, Step};
use greencard::domain::{Actor, Role};
use greencard::store::{ApplicationKind, NewUser, Store, StoreError};

fn office() -> (Store, [Actor; 4], i64) {
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
    let people = [
        make("clerk", Role::Clerk),
        make("review", Role::FirstReviewer),
        make("recheck", Role::ThirdPartyReviewer),
        make("committee", Role::Committee),
    ];
    let data = greencard::demo::generate(10, 4, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    (store, people, 1)
}

#[test]
fn an_application_walks_the_four_steps_and_leaves_a_trail() {
    let (mut store, [clerk, review, recheck, committee], talent) = office();
    let app = store.submit_application(&clerk, ApplicationKind::Card, talent, "申请人才绿卡").unwrap();
    assert_eq!(app.stage, Stage::At(Step::FirstReview));
    assert_eq!(store.review_queue(Step::FirstReview, 10).unwrap().len(), 1);
    // The wrong role and a missing reason are refused and change nothing.
    assert!(matches!(
        store.decide_application(&recheck, app.id, Decision::Approve, "ok"),
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store.decide_application(&review, app.id, Decision::Approve, " "),
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.review_trail(app.id).unwrap().len(), 1);
    assert_eq!(
        store.decide_application(&review, app.id, Decision::Approve, "材料齐全").unwrap(),
        Stage::At(Step::Recheck)
    );
    assert_eq!(
        store.decide_application(&recheck, app.id, Decision::Approve, "核实无误").unwrap(),
        Stage::At(Step::Approval)
    );
    assert_eq!(store.decide_application(&committee, app.id, Decision::Approve, "同意").unwrap(), Stage::Approved);
    let trail = store.review_trail(app.id).unwrap();
    let steps: Vec<Step> = trail.iter().map(|a| a.step).collect();
    assert_eq!(steps, Step::ALL);
    assert_eq!(trail[3].reason, "同意");
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn one_person_cannot_act_on_two_steps_and_a_veto_flags_the_person() {
    let (mut store, [clerk, review, recheck, _], talent) = office();
    let app = store.submit_application(&clerk, ApplicationKind::Grant, talent, "创业资助").unwrap();
    store.decide_application(&review, app.id, Decision::Return, "缺少营业执照").unwrap();
    assert_eq!(store.application(app.id).unwrap().stage, Stage::At(Step::Submission));
    // The clerk resubmits; the first reviewer approves; the same first reviewer cannot recheck
    // (a different role anyway) and the clerk cannot review.
    store.decide_application(&clerk, app.id, Decision::Approve, "已补充材料").unwrap();
    assert!(store.decide_application(&clerk, app.id, Decision::Approve, "ok").is_err());
    store.decide_application(&review, app.id, Decision::Approve, "通过").unwrap();
    assert_eq!(store.decide_application(&recheck, app.id, Decision::Veto, "学历证书系伪造").unwrap(), Stage::Rejected);
    assert!(store.decide_application(&recheck, app.id, Decision::Approve, "再看看").is_err(), "closed");
    assert!(store.review_queue(Step::Approval, 10).unwrap().is_empty());
    assert!(store.talent(talent).unwrap().falsified, "the person is flagged");
}
