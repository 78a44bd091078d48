//! Store tests of the four-level review: order, roles, one person per application, the
//! trail, veto flags, and refusals that change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::office;
use greencard::domain::review::{Decision, Stage, Step};
use greencard::store::{ApplicationKind, StoreError};

#[test]
fn an_application_walks_the_four_steps_and_leaves_a_trail() {
    let (mut store, p) = office(None, 10);
    let app = store.submit_application(&p.clerk, ApplicationKind::Card, 1, "申请人才绿卡").unwrap();
    assert_eq!(app.stage, Stage::At(Step::FirstReview));
    assert_eq!(store.review_queue(Step::FirstReview, 10).unwrap().len(), 1);
    // The wrong role and a missing reason are refused and change nothing.
    assert!(matches!(
        store.decide_application(&p.recheck, app.id, Decision::Approve, "ok"),
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store.decide_application(&p.review, app.id, Decision::Approve, " "),
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store.decide_application(&p.admin, app.id, Decision::Approve, "ok"),
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.review_trail(app.id).unwrap().len(), 1);
    assert_eq!(
        store.decide_application(&p.review, app.id, Decision::Approve, "材料齐全").unwrap(),
        Stage::At(Step::Recheck)
    );
    assert_eq!(
        store.decide_application(&p.recheck, app.id, Decision::Approve, "核实无误").unwrap(),
        Stage::At(Step::Approval)
    );
    assert_eq!(store.decide_application(&p.committee, app.id, Decision::Approve, "同意").unwrap(), Stage::Approved);
    let trail = store.review_trail(app.id).unwrap();
    let steps: Vec<Step> = trail.iter().map(|a| a.step).collect();
    assert_eq!(steps, Step::ALL);
    assert_eq!(trail[3].reason, "同意");
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn one_person_cannot_act_on_two_steps_and_a_veto_flags_the_person() {
    let (mut store, p) = office(None, 10);
    let app = store.submit_application(&p.clerk, ApplicationKind::Grant, 1, "创业资助").unwrap();
    store.decide_application(&p.review, app.id, Decision::Return, "缺少营业执照").unwrap();
    assert_eq!(store.application(app.id).unwrap().stage, Stage::At(Step::Submission));
    // The clerk resubmits; the clerk cannot also review it.
    store.decide_application(&p.clerk, app.id, Decision::Approve, "已补充材料").unwrap();
    assert!(store.decide_application(&p.clerk, app.id, Decision::Approve, "ok").is_err());
    store.decide_application(&p.review, app.id, Decision::Approve, "通过").unwrap();
    assert_eq!(
        store.decide_application(&p.recheck, app.id, Decision::Veto, "学历证书系伪造").unwrap(),
        Stage::Rejected
    );
    assert!(store.decide_application(&p.recheck, app.id, Decision::Approve, "再看看").is_err(), "closed");
    assert!(store.review_queue(Step::Approval, 10).unwrap().is_empty());
    assert!(store.talent(1).unwrap().falsified, "the person is flagged");
}
