//! Demo startup grants and rewards: this year's and last year's programmes, awards to card
//! holders (some capped by their tier), tranches in every state, one stopped grant with a
//! clawback, and a few applications still in review.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, Store};
use crate::domain::grants::{TrancheStep, after_award, award, parse_plan, split};
use crate::domain::{Actor, Fen, TierCode};

const PROJECTS: [(&str, &str); 8] = [
    ("高性能固态电池", "新能源"),
    ("工业视觉检测平台", "人工智能"),
    ("新型抗体药物", "生物医药"),
    ("车规级功率芯片", "集成电路"),
    ("低空物流无人机", "航空航天"),
    ("氢能燃料电池堆", "新能源"),
    ("智能制造执行系统", "高端装备"),
    ("海洋生物材料", "新材料"),
];

struct Programme {
    id: i64,
    remaining: Fen,
    plan: Vec<TrancheStep>,
}

fn programme(conn: &Connection, name: &str, year: i32, budget: Fen, plan: &str, now: &str) -> Result<Programme> {
    let plan = parse_plan(plan).unwrap_or_default();
    conn.execute(
        "INSERT INTO grant_programmes (name, year, budget, tranche_plan, created_at, updated_at) VALUES (:n, :y, :b, :p, :now, :now)",
        named_params! {
            ":n": name, ":y": year, ":b": budget.fen(), ":p": serde_json::to_string(&plan).unwrap_or_default(), ":now": now,
        },
    )?;
    Ok(Programme { id: conn.last_insert_rowid(), remaining: budget, plan })
}

fn insert(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<usize> {
    let versions = super::policy::versions(conn)?;
    let Some(policy) = crate::domain::policy::in_force(&versions, today).cloned() else { return Ok(0) };
    let now = now_text();
    let year = today.year();
    let mut programmes = [
        programme(
            conn,
            &format!("{year} 年高层次人才创业资助"),
            year,
            Fen::yuan(20_000_000),
            "签约 40%，中期评估 30%，验收 30%",
            &now,
        )?,
        programme(conn, &format!("{year} 年成果转化奖励"), year, Fen::yuan(8_000_000), "一次性拨付 100%", &now)?,
        programme(
            conn,
            &format!("{} 年高层次人才创业资助", year - 1),
            year - 1,
            Fen::yuan(15_000_000),
            "签约 50%，验收 50%",
            &now,
        )?,
    ];
    let holders: Vec<(i64, String)> = {
        let mut stmt = conn.prepare(
            "SELECT t.id, t.tier FROM cards c JOIN talents t ON t.id = c.talent_id
             WHERE c.status = 'active' AND c.expires_on >= :today AND t.employer_id IS NOT NULL
             ORDER BY t.id DESC LIMIT 30",
        )?;
        stmt.query_map(named_params! { ":today": today }, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut written = 0;
    for (i, (talent, tier)) in holders.iter().enumerate() {
        let which = i % 3;
        let (project, technology) = PROJECTS[i % PROJECTS.len()];
        let cap =
            TierCode::parse(tier).ok().and_then(|t| policy.policy.tier(&t).map(|r| r.grant_cap)).unwrap_or(Fen::ZERO);
        let requested = Fen::yuan(150_000 + (i as i64 * 97_000) % 1_200_000);
        let in_review = i % 10 == 9;
        let summary = format!("创业资助：{project}");
        let passed = if in_review { 2 } else { 4 };
        let app = super::applications::insert_demo_reviewed(
            conn,
            actor,
            super::ApplicationKind::Grant,
            *talent,
            &summary,
            passed,
            &now,
        )?;
        let p = &mut programmes[which];
        let (amount, limit) = award(requested, cap);
        let fits = after_award(p.remaining, amount);
        let awarded = !in_review && fits.is_ok();
        let awarded_on = today - chrono::Days::new(30 + (i as u64 * 11) % 200);
        conn.execute(
            "INSERT INTO grants (application_id, programme_id, talent_id, kind, project, technology, requested, own_investment,
                                 award, limit_applied, cap, policy_version, awarded_on, created_at, updated_at)
             VALUES (:app, :prog, :t, :kind, :project, :tech, :req, :own, :award, :limit, :cap, :pv, :on, :now, :now)",
            named_params! {
                ":app": app, ":prog": p.id, ":t": talent, ":kind": if which == 1 { "reward" } else { "startup" },
                ":project": project, ":tech": technology, ":req": requested.fen(), ":own": requested.fen() / 2,
                ":award": awarded.then_some(amount.fen()), ":limit": awarded.then_some(limit.code()),
                ":cap": awarded.then_some(cap.fen()), ":pv": awarded.then_some(policy.id),
                ":on": awarded.then_some(awarded_on), ":now": now,
            },
        )?;
        let grant = conn.last_insert_rowid();
        if !awarded {
            continue;
        }
        p.remaining = fits.unwrap_or(p.remaining);
        for (seq, (step, planned)) in p.plan.iter().zip(split(amount, &p.plan)).enumerate() {
            // The first tranche is paid for every grant, the second for every other one.
            let done = seq == 0 || (seq == 1 && i % 2 == 0);
            let day = awarded_on + chrono::Days::new(seq as u64 * 20);
            conn.execute(
                "INSERT INTO grant_tranches (grant_id, seq, label, planned, met_on, met_by, paid_on)
                 VALUES (:g, :s, :l, :p, :met, :by, :paid)",
                named_params! {
                    ":g": grant, ":s": seq as i64 + 1, ":l": step.label, ":p": planned.fen(),
                    ":met": done.then_some(day), ":by": done.then_some(actor.user_id), ":paid": done.then_some(day),
                },
            )?;
            if done {
                conn.execute(
                    "INSERT INTO grant_ledger (grant_id, tranche_id, amount, on_date, user_id, at) VALUES (:g, :t, :a, :d, :u, :now)",
                    named_params! { ":g": grant, ":t": conn.last_insert_rowid(), ":a": planned.fen(), ":d": day, ":u": actor.user_id, ":now": now },
                )?;
            }
        }
        written += 1;
    }
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "demo.generate",
            entity: "grant",
            entity_id: None,
            old: None,
            new: Some(serde_json::json!({ "grants": written })),
        },
    )?;
    Ok(written)
}

impl Store {
    /// Writes the demo grant programmes and grants (after the demo cards) in one transaction;
    /// returns how many grants were awarded.
    pub fn insert_demo_grants(&mut self, actor: &Actor, today: NaiveDate) -> Result<usize> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_every_zone()?;
        let n = insert(&tx, &rights.actor, today)?;
        tx.commit()?;
        Ok(n)
    }
}
