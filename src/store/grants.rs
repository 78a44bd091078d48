//! Startup grants and rewards: programmes with budgets and tranche plans, grant applications
//! through the shared review, the award fixed by the committee's approval (capped, never
//! beyond the budget). Tranches, payments, stops and clawbacks are in [`super::grant_money`].

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::{ApplicationKind, Result, Store, StoreError};
use crate::domain::access::Scope;
use crate::domain::grants::{self, Limit, TrancheStep};
use crate::domain::{Actor, Fen, TierCode};

/// A programme with what it has committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Budget year.
    pub year: i64,
    /// Budget.
    pub budget: Fen,
    /// How awards are paid.
    pub plan: Vec<TrancheStep>,
    /// Committed: awards of running grants, what was paid (net) of stopped ones.
    pub used: Fen,
}

impl Programme {
    /// What is left to award.
    pub fn remaining(&self) -> Fen {
        Fen(self.budget.fen() - self.used.fen())
    }
}

/// The kind of a grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GrantKind {
    /// Startup grant (创业资助).
    Startup,
    /// Key-technology reward on commercialisation income (成果转化奖励).
    Reward,
    /// Follow-on award at a growth milestone (后续奖励).
    FollowOn,
}

impl GrantKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [GrantKind; 3] = [GrantKind::Startup, GrantKind::Reward, GrantKind::FollowOn];

    /// Stable storage code.
    pub fn code(self) -> &'static str {
        match self {
            GrantKind::Startup => "startup",
            GrantKind::Reward => "reward",
            GrantKind::FollowOn => "follow_on",
        }
    }

    fn from_code(code: &str) -> GrantKind {
        match code {
            "reward" => GrantKind::Reward,
            "follow_on" => GrantKind::FollowOn,
            _ => GrantKind::Startup,
        }
    }

    /// The i18n key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            GrantKind::Startup => "grant.kind.startup",
            GrantKind::Reward => "grant.kind.reward",
            GrantKind::FollowOn => "grant.kind.follow_on",
        }
    }
}

/// A grant application as checked by the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGrant {
    /// The programme.
    pub programme_id: i64,
    /// The applicant (a team applies through its leader).
    pub talent_id: i64,
    /// The team, when a team applies.
    pub team_id: Option<i64>,
    /// Startup grant, reward or follow-on award.
    pub kind: GrantKind,
    /// Project name.
    pub project: String,
    /// Technology.
    pub technology: String,
    /// Amount requested (for a reward: computed from the income at approval).
    pub requested: Fen,
    /// The applicant's own investment.
    pub own_investment: Fen,
    /// Reported commercialisation income (rewards).
    pub income: Option<Fen>,
    /// Evidence of the income or milestone.
    pub evidence: String,
}

/// A grant with its applicant, award and money so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// Row id.
    pub id: i64,
    /// The application through the review.
    pub application_id: i64,
    /// Programme.
    pub programme_id: i64,
    /// Programme name.
    pub programme_name: String,
    /// Programme year.
    pub year: i64,
    /// Applicant.
    pub talent_id: i64,
    /// Applicant's name.
    pub talent_name: String,
    /// Applicant's tier.
    pub tier: String,
    /// The team that applied, if a team did.
    pub team_id: Option<i64>,
    /// Team's name ('' when none).
    pub team_name: String,
    /// Kind.
    pub kind: GrantKind,
    /// Project.
    pub project: String,
    /// Technology.
    pub technology: String,
    /// Requested.
    pub requested: Fen,
    /// Own investment.
    pub own_investment: Fen,
    /// Income reported (rewards).
    pub income: Option<Fen>,
    /// Evidence.
    pub evidence: String,
    /// The award, once approved.
    pub award: Option<Fen>,
    /// Which limit fixed it.
    pub limit: Option<Limit>,
    /// The tier cap that applied.
    pub cap: Option<Fen>,
    /// The policy version used.
    pub policy_version: Option<i64>,
    /// Day of the award.
    pub awarded_on: Option<NaiveDate>,
    /// Day it was stopped.
    pub stopped_on: Option<NaiveDate>,
    /// Why.
    pub stop_reason: String,
    /// Paid minus clawed back.
    pub paid: Fen,
    /// The review stage of the application.
    pub stage: String,
}

impl Grant {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Grant> {
        Ok(Grant {
            id: r.get("id")?,
            application_id: r.get("application_id")?,
            programme_id: r.get("programme_id")?,
            programme_name: r.get("programme_name")?,
            year: r.get("year")?,
            talent_id: r.get("talent_id")?,
            talent_name: r.get("talent_name")?,
            tier: r.get("tier")?,
            team_id: r.get("team_id")?,
            team_name: r.get("team_name")?,
            kind: GrantKind::from_code(&r.get::<_, String>("kind")?),
            project: r.get("project")?,
            technology: r.get("technology")?,
            requested: Fen(r.get("requested")?),
            own_investment: Fen(r.get("own_investment")?),
            income: r.get::<_, Option<i64>>("income")?.map(Fen),
            evidence: r.get("evidence")?,
            award: r.get::<_, Option<i64>>("award")?.map(Fen),
            limit: r.get::<_, Option<String>>("limit_applied")?.and_then(|c| Limit::from_code(&c)),
            cap: r.get::<_, Option<i64>>("cap")?.map(Fen),
            policy_version: r.get("policy_version")?,
            awarded_on: r.get("awarded_on")?,
            stopped_on: r.get("stopped_on")?,
            stop_reason: r.get("stop_reason")?,
            paid: Fen(r.get("paid")?),
            stage: r.get("stage")?,
        })
    }
}

const USED: &str = "coalesce((SELECT sum(CASE WHEN g.stopped_on IS NULL THEN g.award
        ELSE coalesce((SELECT sum(l.amount) FROM grant_ledger l WHERE l.grant_id = g.id), 0) END)
    FROM grants g WHERE g.programme_id = p.id AND g.award IS NOT NULL), 0)";

const GRANT_SELECT: &str = "SELECT g.*, p.name AS programme_name, p.year, t.name AS talent_name, t.tier,
        coalesce(tm.name, '') AS team_name, a.stage,
        coalesce((SELECT sum(l.amount) FROM grant_ledger l WHERE l.grant_id = g.id), 0) AS paid
     FROM grants g JOIN grant_programmes p ON p.id = g.programme_id JOIN talents t ON t.id = g.talent_id
     JOIN applications a ON a.id = g.application_id LEFT JOIN teams tm ON tm.id = g.team_id";

/// Programmes, newest year first; optionally of one year.
pub(crate) fn programmes(conn: &Connection, year: Option<i64>) -> Result<Vec<Programme>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.*, {USED} AS used FROM grant_programmes p WHERE (:year IS NULL OR p.year = :year)
         ORDER BY p.year DESC, p.name"
    ))?;
    let rows = stmt.query_map(named_params! { ":year": year }, |r| {
        let plan: String = r.get("tranche_plan")?;
        Ok(Programme {
            id: r.get("id")?,
            name: r.get("name")?,
            year: r.get("year")?,
            budget: Fen(r.get("budget")?),
            plan: serde_json::from_str(&plan).unwrap_or_default(),
            used: Fen(r.get("used")?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn programme(conn: &Connection, id: i64) -> Result<Programme> {
    programmes(conn, None)?.into_iter().find(|p| p.id == id).ok_or(StoreError::NotFound { what: "programme" })
}

fn add_programme(
    conn: &Connection,
    actor: &Actor,
    name: &str,
    year: i64,
    budget: Fen,
    plan: &[TrancheStep],
) -> Result<Programme> {
    super::error::counter_only(actor)?;
    let name = crate::domain::text::clean(name);
    if name.is_empty() || name.chars().count() > 60 {
        return Err(StoreError::rule("grant.err.programme_name"));
    }
    if budget.fen() < 0 || !(2000..=2100).contains(&year) {
        return Err(StoreError::rule("grant.err.programme_values"));
    }
    let now = now_text();
    let plan_json = serde_json::to_string(plan).map_err(|_| StoreError::rule("grant.err.plan"))?;
    super::error::unique_or(
        conn.execute(
            "INSERT INTO grant_programmes (name, year, budget, tranche_plan, created_at, updated_at)
             VALUES (:n, :y, :b, :p, :now, :now)",
            named_params! { ":n": name, ":y": year, ":b": budget.fen(), ":p": plan_json, ":now": now },
        ),
        "grant.err.programme_taken",
    )?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "grant.programme_add",
            entity: "grant_programme",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({ "name": name, "year": year, "budget": budget.fen(), "plan": plan })),
        },
    )?;
    programme(conn, id)
}

/// One grant.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Grant> {
    conn.query_row(&format!("{GRANT_SELECT} WHERE g.id = :id"), named_params! { ":id": id }, Grant::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "grant" })
}

fn submit(conn: &Connection, actor: &Actor, g: &NewGrant) -> Result<Grant> {
    super::error::counter_only(actor)?;
    let project = crate::domain::text::clean(&g.project);
    if project.is_empty() {
        return Err(StoreError::rule("grant.err.project"));
    }
    if g.requested.fen() < 0 || g.own_investment.fen() < 0 || g.income.is_some_and(|i| i.fen() <= 0) {
        return Err(StoreError::rule("grant.err.amounts"));
    }
    if g.kind == GrantKind::Reward && g.income.is_none() {
        return Err(StoreError::rule("grant.err.income"));
    }
    if g.kind != GrantKind::Reward && g.requested.fen() == 0 {
        return Err(StoreError::rule("grant.err.amounts"));
    }
    programme(conn, g.programme_id)?;
    let summary = format!("{}：{project}", crate::i18n::tr(crate::i18n::Lang::Zh, g.kind.label_key()));
    let app = super::applications::submit(conn, actor, ApplicationKind::Grant, g.talent_id, &summary)?;
    let now = now_text();
    conn.execute(
        "INSERT INTO grants (application_id, programme_id, talent_id, team_id, kind, project, technology, requested,
                             own_investment, income, evidence, created_at, updated_at)
         VALUES (:app, :prog, :talent, :team, :kind, :project, :tech, :req, :own, :income, :evidence, :now, :now)",
        named_params! {
            ":app": app.id, ":prog": g.programme_id, ":talent": g.talent_id, ":team": g.team_id, ":kind": g.kind.code(),
            ":project": project, ":tech": g.technology.trim(), ":req": g.requested.fen(),
            ":own": g.own_investment.fen(), ":income": g.income.map(|i| i.fen()), ":evidence": g.evidence.trim(),
            ":now": now,
        },
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Fixes the award of a grant application the committee has just approved, inside the
/// approval's transaction: min(requested, the tier's cap under the policy in force), never
/// beyond the programme's remaining budget (then the approval itself is refused).
pub(crate) fn fix_award(conn: &Connection, actor: &Actor, application_id: i64, today: NaiveDate) -> Result<()> {
    let Some(id) = conn
        .query_row("SELECT id FROM grants WHERE application_id = :a", named_params! { ":a": application_id }, |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    else {
        return Ok(());
    };
    let g = get(conn, id)?;
    let versions = super::policy::versions(conn)?;
    let policy = crate::domain::policy::in_force(&versions, today).ok_or(StoreError::NotFound { what: "policy" })?;
    let tier = TierCode::parse(&g.tier).map_err(|e| StoreError::invalid(&e))?;
    let cap = policy.policy.tier(&tier).ok_or_else(|| StoreError::rule("card.err.no_tier_rule"))?.grant_cap;
    let requested = match (g.kind, g.income) {
        (GrantKind::Reward, Some(income)) => grants::reward(income, policy.policy.reward_share),
        _ => g.requested,
    };
    let (award, limit) = grants::award(requested, cap);
    let p = programme(conn, g.programme_id)?;
    grants::after_award(p.remaining(), award).map_err(|m| StoreError::Invalid { key: m.key, args: m.args })?;
    conn.execute(
        "UPDATE grants SET requested = :req, award = :award, limit_applied = :limit, cap = :cap, policy_version = :pv,
                awarded_on = :today, updated_at = :now WHERE id = :id",
        named_params! {
            ":req": requested.fen(), ":award": award.fen(), ":limit": limit.code(), ":cap": cap.fen(), ":pv": policy.id,
            ":today": today, ":now": now_text(), ":id": id,
        },
    )?;
    for (seq, (step, planned)) in p.plan.iter().zip(grants::split(award, &p.plan)).enumerate() {
        conn.execute(
            "INSERT INTO grant_tranches (grant_id, seq, label, planned) VALUES (:g, :s, :l, :p)",
            named_params! { ":g": id, ":s": seq as i64 + 1, ":l": step.label, ":p": planned.fen() },
        )?;
    }
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "grant.award",
            entity: "grant",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({
                "award": award.fen(), "limit": limit.code(), "cap": cap.fen(), "policy_version": policy.id,
            })),
        },
    )
}

/// Grants of a year (or all), optionally of one programme, newest first.
pub(crate) fn list(
    conn: &Connection,
    scope: &Scope,
    year: Option<i64>,
    programme_id: Option<i64>,
) -> Result<Vec<Grant>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{GRANT_SELECT} WHERE (:year IS NULL OR p.year = :year) AND (:prog IS NULL OR p.id = :prog){} ORDER BY g.id DESC",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt.query_map(named_params! { ":year": year, ":prog": programme_id }, Grant::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Grant programmes with what they have committed; optionally of one year.
    pub fn grant_programmes(&self, year: Option<i64>) -> Result<Vec<Programme>> {
        programmes(&self.conn, year)
    }

    /// Adds a grant programme.
    pub fn add_grant_programme(
        &mut self,
        actor: &Actor,
        name: &str,
        year: i64,
        budget: Fen,
        plan: &[TrancheStep],
    ) -> Result<Programme> {
        let (tx, rights) = self.write_as(actor)?;
        let p = add_programme(&tx, &rights.actor, name, year, budget, plan)?;
        tx.commit()?;
        Ok(p)
    }

    /// Enters a grant application: it goes through the four-level review.
    pub fn submit_grant(&mut self, actor: &Actor, new: &NewGrant) -> Result<Grant> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Talent(new.talent_id))?;
        if let Some(team) = new.team_id {
            access::require(&tx, &rights.scope, Record::Team(team))?;
        }
        let g = submit(&tx, &rights.actor, new)?;
        tx.commit()?;
        Ok(g)
    }

    /// One grant.
    pub fn grant(&self, id: i64) -> Result<Grant> {
        self.visible(Record::Grant(id))?;
        get(&self.conn, id)
    }

    /// The award list: grants of a year (or all), optionally of one programme.
    pub fn grants(&self, year: Option<i64>, programme_id: Option<i64>) -> Result<Vec<Grant>> {
        list(&self.conn, &self.scope, year, programme_id)
    }

    /// Grants of one talent, newest first.
    pub fn grants_of(&self, talent_id: i64) -> Result<Vec<Grant>> {
        self.visible(Record::Talent(talent_id))?;
        let mut stmt =
            self.conn.prepare_cached(&format!("{GRANT_SELECT} WHERE g.talent_id = :t ORDER BY g.id DESC"))?;
        let rows = stmt.query_map(named_params! { ":t": talent_id }, Grant::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Grants a team applied for, newest first.
    pub fn grants_of_team(&self, team_id: i64) -> Result<Vec<Grant>> {
        self.visible(Record::Team(team_id))?;
        let mut stmt = self.conn.prepare_cached(&format!("{GRANT_SELECT} WHERE g.team_id = :t ORDER BY g.id DESC"))?;
        let rows = stmt.query_map(named_params! { ":t": team_id }, Grant::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
