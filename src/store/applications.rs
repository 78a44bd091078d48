//! Applications and the four-level review: submit, decide step by step (the rules are in
//! `domain::review`), queues per step oldest first, and the full trail of decisions.

use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError};
use crate::domain::Actor;
use crate::domain::access::Scope;
use crate::domain::review::{Decision, PastAction, Stage, Step, decide};

/// What an application asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApplicationKind {
    /// Recognition as a high-level talent.
    Recognition,
    /// A green card.
    Card,
    /// A talent apartment.
    Apartment,
    /// A startup grant.
    Grant,
}

impl ApplicationKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ApplicationKind::Recognition => "recognition",
            ApplicationKind::Card => "card",
            ApplicationKind::Apartment => "apartment",
            ApplicationKind::Grant => "grant",
        }
    }

    fn from_code(code: &str) -> ApplicationKind {
        match code {
            "card" => ApplicationKind::Card,
            "apartment" => ApplicationKind::Apartment,
            "grant" => ApplicationKind::Grant,
            _ => ApplicationKind::Recognition,
        }
    }

    /// The i18n key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            ApplicationKind::Recognition => "application.recognition",
            ApplicationKind::Card => "application.card",
            ApplicationKind::Apartment => "application.apartment",
            ApplicationKind::Grant => "application.grant",
        }
    }
}

/// An application as listed in a queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    /// Row id.
    pub id: i64,
    /// What it asks for.
    pub kind: ApplicationKind,
    /// The talent it is about.
    pub talent_id: i64,
    /// The talent's name.
    pub talent_name: String,
    /// A one-line summary typed at submission.
    pub summary: String,
    /// Where it stands.
    pub stage: Stage,
    /// Since when it waits at its step.
    pub waiting_since: String,
}

/// One decision of the trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewAction {
    /// The step acted on.
    pub step: Step,
    /// approve / return / reject / veto.
    pub decision: String,
    /// The reason given.
    pub reason: String,
    /// Who (display name).
    pub user: String,
    /// When.
    pub at: String,
}

fn stage_code(stage: Stage) -> &'static str {
    match stage {
        Stage::At(step) => step.code(),
        Stage::Approved => "approved",
        Stage::Rejected => "rejected",
    }
}

fn stage_from(code: &str) -> Stage {
    match code {
        "approved" => Stage::Approved,
        "rejected" => Stage::Rejected,
        other => Stage::At(Step::from_code(other).unwrap_or(Step::Submission)),
    }
}

fn decision_code(d: Decision) -> &'static str {
    match d {
        Decision::Approve => "approve",
        Decision::Return => "return",
        Decision::Reject => "reject",
        Decision::Veto => "veto",
    }
}

impl Application {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Application> {
        Ok(Application {
            id: r.get("id")?,
            kind: ApplicationKind::from_code(&r.get::<_, String>("kind")?),
            talent_id: r.get("talent_id")?,
            talent_name: r.get("talent_name")?,
            summary: r.get("summary")?,
            stage: stage_from(&r.get::<_, String>("stage")?),
            waiting_since: r.get("waiting_since")?,
        })
    }
}

const SELECT: &str = "SELECT a.*, t.name AS talent_name FROM applications a JOIN talents t ON t.id = a.talent_id";

/// One application.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Application> {
    conn.query_row(&format!("{SELECT} WHERE a.id = :id"), named_params! { ":id": id }, Application::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "application" })
}

/// A clerk enters the employer's submission: the application is created and, as the
/// submission step's own decision, sent on to the first review.
pub(crate) fn submit(
    conn: &Connection,
    actor: &Actor,
    kind: ApplicationKind,
    talent_id: i64,
    summary: &str,
) -> Result<Application> {
    let now = now_text();
    conn.execute(
        "INSERT INTO applications (kind, talent_id, summary, stage, waiting_since, created_by, created_at, updated_at)
         VALUES (:kind, :talent, :summary, 'submission', :now, :user, :now, :now)",
        named_params! {
            ":kind": kind.code(), ":talent": talent_id, ":summary": crate::domain::text::clean(summary),
            ":now": now, ":user": actor.user_id,
        },
    )?;
    let id = conn.last_insert_rowid();
    act(conn, actor, id, Decision::Approve, "企业填报")?;
    get(conn, id)
}

/// Everyone who acted on the application, step by step.
fn history(conn: &Connection, id: i64) -> Result<Vec<PastAction>> {
    let mut stmt = conn.prepare_cached("SELECT step, user_id FROM review_actions WHERE application_id = :id")?;
    let rows = stmt.query_map(named_params! { ":id": id }, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (step, user_id) = row?;
        if let Some(step) = Step::from_code(&step) {
            out.push(PastAction { step, user_id });
        }
    }
    Ok(out)
}

/// Takes a decision on an application at its current step.
pub(crate) fn act(conn: &Connection, actor: &Actor, id: i64, decision: Decision, reason: &str) -> Result<Stage> {
    let app = get(conn, id)?;
    let past = history(conn, id)?;
    // An empty reason is the review's own refusal; a typed one must be a proper reason.
    let reason = if reason.trim().is_empty() { String::new() } else { super::error::reason(reason)? };
    let reason = reason.as_str();
    let outcome =
        decide(app.stage, &past, actor.user_id, actor.role, decision, reason).map_err(|e| StoreError::invalid(&e))?;
    let Stage::At(step) = app.stage else {
        return Err(StoreError::Invalid { key: "review.err.closed", args: Vec::new() });
    };
    let now = now_text();
    conn.execute(
        "INSERT INTO review_actions (application_id, step, decision, reason, user_id, at)
         VALUES (:app, :step, :decision, :reason, :user, :now)",
        named_params! {
            ":app": id, ":step": step.code(), ":decision": decision_code(decision), ":reason": reason.trim(),
            ":user": actor.user_id, ":now": now,
        },
    )?;
    conn.execute(
        "UPDATE applications SET stage = :stage, waiting_since = :now, updated_at = :now WHERE id = :id",
        named_params! { ":stage": stage_code(outcome.stage), ":now": now, ":id": id },
    )?;
    if outcome.flag_person {
        conn.execute("UPDATE talents SET falsified_flag = 1 WHERE id = :t", named_params! { ":t": app.talent_id })?;
    }
    if outcome.stage == Stage::Approved && app.kind == ApplicationKind::Grant {
        // The committee's approval fixes the award; over budget, the approval is refused.
        super::grants::fix_award(conn, actor, id, chrono::Local::now().date_naive())?;
    }
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "application.decide",
            entity: "application",
            entity_id: Some(id),
            old: Some(serde_json::json!({ "stage": stage_code(app.stage) })),
            new: Some(serde_json::json!({
                "stage": stage_code(outcome.stage), "decision": decision_code(decision), "reason": reason.trim(),
                "flagged": outcome.flag_person,
            })),
        },
    )?;
    Ok(outcome.stage)
}

/// Approved card applications of `scope` whose card is not issued yet, oldest first.
pub(crate) fn awaiting_card(conn: &Connection, scope: &Scope, limit: u32) -> Result<Vec<Application>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.kind = 'card' AND a.stage = 'approved'
            AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.application_id = a.id){}
          ORDER BY a.waiting_since, a.id LIMIT :limit",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt.query_map(named_params! { ":limit": limit }, Application::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The queue of a step in `scope`, oldest first.
pub(crate) fn queue(conn: &Connection, scope: &Scope, step: Step, limit: u32) -> Result<Vec<Application>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.stage = :stage{} ORDER BY a.waiting_since, a.id LIMIT :limit",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt.query_map(named_params! { ":stage": step.code(), ":limit": limit }, Application::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every decision on an application, oldest first.
pub(crate) fn trail(conn: &Connection, id: i64) -> Result<Vec<ReviewAction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.step, r.decision, r.reason, u.display_name, r.at FROM review_actions r
           JOIN users u ON u.id = r.user_id WHERE r.application_id = :id ORDER BY r.id",
    )?;
    let rows = stmt.query_map(named_params! { ":id": id }, |r| {
        Ok(ReviewAction {
            step: Step::from_code(&r.get::<_, String>(0)?).unwrap_or(Step::Submission),
            decision: r.get(1)?,
            reason: r.get(2)?,
            user: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A demo application that has passed its first `passed` review steps (all four: approved),
/// each step approved by `actor` with the reason 演示数据; returns its id.
pub(crate) fn insert_demo_reviewed(
    conn: &Connection,
    actor: &Actor,
    kind: ApplicationKind,
    talent_id: i64,
    summary: &str,
    passed: usize,
    now: &str,
) -> Result<i64> {
    const STEPS: [&str; 4] = ["submission", "first_review", "recheck", "approval"];
    let stage = STEPS.get(passed).copied().unwrap_or("approved");
    conn.execute(
        "INSERT INTO applications (kind, talent_id, summary, stage, waiting_since, created_by, created_at, updated_at)
         VALUES (:kind, :t, :s, :stage, :now, :user, :now, :now)",
        named_params! {
            ":kind": kind.code(), ":t": talent_id, ":s": summary, ":stage": stage, ":now": now, ":user": actor.user_id,
        },
    )?;
    let app = conn.last_insert_rowid();
    for step in STEPS.iter().take(passed) {
        conn.execute(
            "INSERT INTO review_actions (application_id, step, decision, reason, user_id, at)
             VALUES (:a, :s, 'approve', '演示数据', :user, :now)",
            named_params! { ":a": app, ":s": step, ":user": actor.user_id, ":now": now },
        )?;
    }
    Ok(app)
}
