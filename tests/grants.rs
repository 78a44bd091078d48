//! Store tests of startup grants: the committee's approval fixes the capped award, an award
//! over the budget is refused and changes nothing, a tranche is paid only after its
//! condition is met, stops and clawbacks are kept in the ledger.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{office, recognise_as};
use greencard::domain::Fen;
use greencard::domain::grants::{Limit, parse_plan};
use greencard::domain::review::{Decision, Stage};
use greencard::store::{GrantKind, NewGrant, Store, StoreError};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn new_grant(programme_id: i64, talent_id: i64, requested: Fen) -> NewGrant {
    NewGrant {
        programme_id,
        talent_id,
        team_id: None,
        kind: GrantKind::Startup,
        project: "高性能储能电池".into(),
        technology: "固态电解质".into(),
        requested,
        own_investment: Fen::yuan(500_000),
        income: None,
        evidence: String::new(),
    }
}

fn refusal(e: StoreError) -> &'static str {
    match e {
        StoreError::Invalid { key, .. } => key,
        other => panic!("expected a refusal, got {other}"),
    }
}

/// Approves an application at the three review steps; the last result is returned.
fn review(store: &mut Store, people: &common::Office, app: i64) -> Result<Stage, StoreError> {
    store.decide_application(&people.review, app, Decision::Approve, "材料齐全")?;
    store.decide_application(&people.recheck, app, Decision::Approve, "核实无误")?;
    store.decide_application(&people.committee, app, Decision::Approve, "同意资助")
}

#[test]
fn the_approval_fixes_the_capped_award_and_the_budget_never_goes_below_zero() {
    let (mut store, people) = office(None, 6);
    recognise_as(&mut store, &people.clerk, 1, "D");
    recognise_as(&mut store, &people.clerk, 2, "B");
    let plan = parse_plan("签约 40%，中期评估 30%，验收 30%").unwrap();
    let p = store.add_grant_programme(&people.clerk, "2026 年创业资助", 2026, Fen::yuan(1_000_000), &plan).unwrap();
    // Tier D is capped at ¥300,000.
    let g = store.submit_grant(&people.clerk, &new_grant(p.id, 1, Fen::yuan(800_000))).unwrap();
    assert_eq!(review(&mut store, &people, g.application_id).unwrap(), Stage::Approved);
    let g = store.grant(g.id).unwrap();
    assert_eq!((g.award, g.limit), (Some(Fen::yuan(300_000)), Some(Limit::TierCap)));
    assert_eq!(g.policy_version, Some(1));
    let tranches = store.grant_tranches(g.id).unwrap();
    assert_eq!(
        tranches.iter().map(|t| t.planned).collect::<Vec<_>>(),
        vec![Fen::yuan(120_000), Fen::yuan(90_000), Fen::yuan(90_000)]
    );
    assert_eq!(store.grant_programmes(None).unwrap()[0].remaining(), Fen::yuan(700_000));
    // Tier B asks ¥900,000 (under its cap) but only ¥700,000 is left: the approval is refused.
    let over = store.submit_grant(&people.clerk, &new_grant(p.id, 2, Fen::yuan(900_000))).unwrap();
    let e = review(&mut store, &people, over.application_id).unwrap_err();
    assert_eq!(refusal(e), "grant.err.over_budget");
    let over = store.grant(over.id).unwrap();
    assert_eq!(over.award, None, "nothing was written");
    assert_eq!(
        store.application(over.application_id).unwrap().stage,
        Stage::At(greencard::domain::review::Step::Approval)
    );
    assert_eq!(store.grant_programmes(None).unwrap()[0].remaining(), Fen::yuan(700_000));
}

#[test]
fn a_tranche_is_paid_only_after_its_condition_and_stops_and_clawbacks_are_kept() {
    let (mut store, people) = office(None, 6);
    recognise_as(&mut store, &people.clerk, 1, "E");
    let plan = parse_plan("签约 50%，验收 50%").unwrap();
    let p = store.add_grant_programme(&people.clerk, "青年创业", 2026, Fen::yuan(5_000_000), &plan).unwrap();
    let g = store.submit_grant(&people.clerk, &new_grant(p.id, 1, Fen::yuan(100_000))).unwrap();
    review(&mut store, &people, g.application_id).unwrap();
    let t = store.grant_tranches(g.id).unwrap();
    // Before its condition: refused, nothing paid.
    assert_eq!(refusal(store.pay_tranche(&people.clerk, t[0].id, today()).unwrap_err()), "grant.err.not_met");
    assert_eq!(store.grant(g.id).unwrap().paid, Fen::ZERO);
    // A clerk may not mark it met; a reviewer may.
    assert!(matches!(store.mark_tranche_met(&people.clerk, t[0].id, today()), Err(StoreError::NotAllowed)));
    store.mark_tranche_met(&people.review, t[0].id, today()).unwrap();
    store.pay_tranche(&people.clerk, t[0].id, today()).unwrap();
    assert_eq!(store.grant(g.id).unwrap().paid, Fen::yuan(50_000));
    assert_eq!(refusal(store.pay_tranche(&people.clerk, t[0].id, today()).unwrap_err()), "grant.err.paid");
    // Stopped: no further tranches; a clawback is a negative entry, never more than was paid.
    store.stop_grant(&people.clerk, g.id, today(), "项目终止").unwrap();
    store.mark_tranche_met(&people.review, t[1].id, today()).unwrap_err();
    assert_eq!(refusal(store.pay_tranche(&people.clerk, t[1].id, today()).unwrap_err()), "grant.err.stopped");
    assert_eq!(
        refusal(store.claw_back_grant(&people.clerk, g.id, Fen::yuan(60_000), today(), "违约").unwrap_err()),
        "grant.err.clawback"
    );
    store.claw_back_grant(&people.clerk, g.id, Fen::yuan(20_000), today(), "未按约定使用").unwrap();
    let entries = store.grant_payments(Some(2026), None).unwrap();
    assert_eq!(entries.iter().map(|e| e.amount).collect::<Vec<_>>(), vec![Fen::yuan(50_000), Fen::yuan(-20_000)]);
    // A stopped grant holds only what it kept of the budget.
    assert_eq!(store.grant_programmes(None).unwrap()[0].used, Fen::yuan(30_000));
}

#[test]
fn a_reward_is_the_policy_share_of_reported_income() {
    let (mut store, people) = office(None, 6);
    recognise_as(&mut store, &people.clerk, 1, "A");
    let plan = parse_plan("一次性拨付 100%").unwrap();
    let p = store.add_grant_programme(&people.clerk, "成果转化奖励", 2026, Fen::yuan(10_000_000), &plan).unwrap();
    let reward = NewGrant {
        kind: GrantKind::Reward,
        income: Some(Fen::yuan(4_000_000)),
        evidence: "技术合同登记 2026-001".into(),
        requested: Fen::ZERO,
        ..new_grant(p.id, 1, Fen::ZERO)
    };
    let g = store.submit_grant(&people.clerk, &reward).unwrap();
    review(&mut store, &people, g.application_id).unwrap();
    // 10 % of ¥4,000,000.
    assert_eq!(store.grant(g.id).unwrap().award, Some(Fen::yuan(400_000)));
    let no_income = NewGrant { income: None, ..reward };
    assert_eq!(refusal(store.submit_grant(&people.clerk, &no_income).unwrap_err()), "grant.err.income");
}

#[test]
fn export_grants_writes_the_award_and_payment_lists_of_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, people) = office(Some(&db), 6);
    recognise_as(&mut store, &people.clerk, 1, "C");
    let plan = parse_plan("一次性拨付 100%").unwrap();
    let p = store.add_grant_programme(&people.clerk, "科技创业", 2026, Fen::yuan(2_000_000), &plan).unwrap();
    let g = store.submit_grant(&people.clerk, &new_grant(p.id, 1, Fen::yuan(450_000))).unwrap();
    review(&mut store, &people, g.application_id).unwrap();
    let t = store.grant_tranches(g.id).unwrap().remove(0);
    store.mark_tranche_met(&people.committee, t.id, today()).unwrap();
    store.pay_tranche(&people.clerk, t.id, today()).unwrap();
    drop(store);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(&db).args(args).output().unwrap()
    };
    let awards = dir.path().join("awards.csv");
    let out = run(&["export", "grants", "--out", awards.to_str().unwrap(), "--year", "2026"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&awards).unwrap();
    assert!(text.contains("高性能储能电池") && text.contains("450000.00"), "{text}");
    let payments = dir.path().join("payments.xlsx");
    let out = run(&["export", "grants", "--out", payments.to_str().unwrap(), "--payments"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let empty = dir.path().join("none.csv");
    assert!(run(&["export", "grants", "--out", empty.to_str().unwrap(), "--year", "2020"]).status.success());
    assert_eq!(std::fs::read_to_string(&empty).unwrap().lines().count(), 1, "the header alone: no rows");
}
