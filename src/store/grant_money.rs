//! The money of awarded grants: tranches paid only once a reviewer has confirmed their
//! condition, stops (no further tranches) and clawbacks, all in an append-only ledger.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::grants::get;
use super::{Result, Store, StoreError};
use crate::domain::access::Scope;
use crate::domain::{Actor, Fen, Role};

/// A tranche of an awarded grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tranche {
    /// Row id.
    pub id: i64,
    /// Its grant.
    pub grant_id: i64,
    /// Order.
    pub seq: i64,
    /// What it waits for.
    pub label: String,
    /// Planned amount.
    pub planned: Fen,
    /// When a reviewer marked its condition met.
    pub met_on: Option<NaiveDate>,
    /// When it was paid.
    pub paid_on: Option<NaiveDate>,
}

/// One entry of the grant ledger: a payment (positive) or a clawback (negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantEntry {
    /// Row id.
    pub id: i64,
    /// Its grant.
    pub grant_id: i64,
    /// The programme's name.
    pub programme_name: String,
    /// The grantee.
    pub talent_name: String,
    /// Project.
    pub project: String,
    /// The tranche paid, for payments.
    pub tranche: String,
    /// Amount (negative: clawback).
    pub amount: Fen,
    /// Day.
    pub on: NaiveDate,
    /// Why (clawbacks).
    pub reason: String,
}

/// The tranches of a grant, in order.
pub(crate) fn tranches(conn: &Connection, grant_id: i64) -> Result<Vec<Tranche>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM grant_tranches WHERE grant_id = :g ORDER BY seq")?;
    let rows = stmt.query_map(named_params! { ":g": grant_id }, |r| {
        Ok(Tranche {
            id: r.get("id")?,
            grant_id: r.get("grant_id")?,
            seq: r.get("seq")?,
            label: r.get("label")?,
            planned: Fen(r.get("planned")?),
            met_on: r.get("met_on")?,
            paid_on: r.get("paid_on")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn tranche(conn: &Connection, id: i64) -> Result<Tranche> {
    let grant_id: i64 = conn
        .query_row("SELECT grant_id FROM grant_tranches WHERE id = :id", named_params! { ":id": id }, |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound { what: "grant" })?;
    tranches(conn, grant_id)?.into_iter().find(|t| t.id == id).ok_or(StoreError::NotFound { what: "grant" })
}

fn mark_met(conn: &Connection, actor: &Actor, tranche_id: i64, today: NaiveDate) -> Result<()> {
    if !matches!(actor.role, Role::FirstReviewer | Role::ThirdPartyReviewer | Role::Committee | Role::Admin) {
        return Err(StoreError::NotAllowed);
    }
    let t = tranche(conn, tranche_id)?;
    if t.met_on.is_some() {
        return Err(StoreError::rule("grant.err.already_met"));
    }
    if get(conn, t.grant_id)?.stopped_on.is_some() {
        return Err(StoreError::rule("grant.err.stopped"));
    }
    conn.execute(
        "UPDATE grant_tranches SET met_on = :d, met_by = :u WHERE id = :id",
        named_params! { ":d": today, ":u": actor.user_id, ":id": tranche_id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "grant.condition_met",
            entity: "grant",
            entity_id: Some(t.grant_id),
            old: None,
            new: Some(serde_json::json!({ "tranche": t.label, "on": today })),
        },
    )
}

fn pay(conn: &Connection, actor: &Actor, tranche_id: i64, today: NaiveDate) -> Result<()> {
    super::error::counter_only(actor)?;
    let t = tranche(conn, tranche_id)?;
    let g = get(conn, t.grant_id)?;
    if g.stopped_on.is_some() {
        return Err(StoreError::rule("grant.err.stopped"));
    }
    if t.paid_on.is_some() {
        return Err(StoreError::rule("grant.err.paid"));
    }
    if t.met_on.is_none() {
        return Err(StoreError::rule("grant.err.not_met"));
    }
    if t.planned.fen() > 0 {
        conn.execute(
            "INSERT INTO grant_ledger (grant_id, tranche_id, amount, on_date, user_id, at) VALUES (:g, :t, :a, :d, :u, :now)",
            named_params! {
                ":g": g.id, ":t": t.id, ":a": t.planned.fen(), ":d": today, ":u": actor.user_id, ":now": now_text(),
            },
        )?;
    }
    conn.execute("UPDATE grant_tranches SET paid_on = :d WHERE id = :id", named_params! { ":d": today, ":id": t.id })?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "grant.pay",
            entity: "grant",
            entity_id: Some(g.id),
            old: None,
            new: Some(serde_json::json!({ "tranche": t.label, "amount": t.planned.fen(), "on": today })),
        },
    )
}

fn stop(conn: &Connection, actor: &Actor, grant_id: i64, today: NaiveDate, reason: &str) -> Result<()> {
    super::error::counter_only(actor)?;
    let g = get(conn, grant_id)?;
    if g.award.is_none() || g.stopped_on.is_some() {
        return Err(StoreError::rule("grant.err.stopped"));
    }
    let reason = super::error::reason(reason)?;
    let reason = reason.as_str();
    conn.execute(
        "UPDATE grants SET stopped_on = :d, stop_reason = :r, updated_at = :now WHERE id = :id",
        named_params! { ":d": today, ":r": reason.trim(), ":now": now_text(), ":id": grant_id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "grant.stop",
            entity: "grant",
            entity_id: Some(grant_id),
            old: None,
            new: Some(serde_json::json!({ "on": today, "reason": reason.trim() })),
        },
    )
}

fn claw_back(
    conn: &Connection,
    actor: &Actor,
    grant_id: i64,
    amount: Fen,
    today: NaiveDate,
    reason: &str,
) -> Result<()> {
    super::error::counter_only(actor)?;
    let g = get(conn, grant_id)?;
    let reason = super::error::reason(reason)?;
    let reason = reason.as_str();
    if amount.fen() <= 0 || amount.fen() > g.paid.fen() {
        return Err(StoreError::Invalid { key: "grant.err.clawback", args: vec![("paid", g.paid.to_string())] });
    }
    conn.execute(
        "INSERT INTO grant_ledger (grant_id, amount, on_date, reason, user_id, at) VALUES (:g, :a, :d, :r, :u, :now)",
        named_params! {
            ":g": grant_id, ":a": -amount.fen(), ":d": today, ":r": reason.trim(), ":u": actor.user_id, ":now": now_text(),
        },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "grant.claw_back",
            entity: "grant",
            entity_id: Some(grant_id),
            old: None,
            new: Some(serde_json::json!({ "amount": -amount.fen(), "on": today, "reason": reason.trim() })),
        },
    )
}

/// Payments and clawbacks of a year (or all), optionally of one programme, oldest first.
pub(crate) fn payments(
    conn: &Connection,
    scope: &Scope,
    year: Option<i64>,
    programme_id: Option<i64>,
) -> Result<Vec<GrantEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT l.*, p.name AS programme_name, t.name AS talent_name, g.project, coalesce(tr.label, '') AS tranche
         FROM grant_ledger l JOIN grants g ON g.id = l.grant_id JOIN grant_programmes p ON p.id = g.programme_id
         JOIN talents t ON t.id = g.talent_id LEFT JOIN grant_tranches tr ON tr.id = l.tranche_id
         WHERE (:year IS NULL OR p.year = :year) AND (:prog IS NULL OR p.id = :prog){} ORDER BY l.on_date, l.id",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt.query_map(named_params! { ":year": year, ":prog": programme_id }, |r| {
        Ok(GrantEntry {
            id: r.get("id")?,
            grant_id: r.get("grant_id")?,
            programme_name: r.get("programme_name")?,
            talent_name: r.get("talent_name")?,
            project: r.get("project")?,
            tranche: r.get("tranche")?,
            amount: Fen(r.get("amount")?),
            on: r.get("on_date")?,
            reason: r.get("reason")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The tranches of a grant.
    pub fn grant_tranches(&self, grant_id: i64) -> Result<Vec<Tranche>> {
        self.visible(Record::Grant(grant_id))?;
        tranches(&self.conn, grant_id)
    }
    /// A reviewer marks a tranche's condition met.
    pub fn mark_tranche_met(&mut self, actor: &Actor, tranche_id: i64, today: NaiveDate) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Tranche(tranche_id))?;
        mark_met(&tx, &rights.actor, tranche_id, today)?;
        tx.commit()?;
        Ok(())
    }
    /// Pays a tranche whose condition is met.
    pub fn pay_tranche(&mut self, actor: &Actor, tranche_id: i64, today: NaiveDate) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Tranche(tranche_id))?;
        pay(&tx, &rights.actor, tranche_id, today)?;
        tx.commit()?;
        Ok(())
    }
    /// Stops a grant: no further tranches.
    pub fn stop_grant(&mut self, actor: &Actor, grant_id: i64, today: NaiveDate, reason: &str) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Grant(grant_id))?;
        stop(&tx, &rights.actor, grant_id, today, reason)?;
        tx.commit()?;
        Ok(())
    }
    /// Claws back part of what was paid (a negative ledger entry).
    pub fn claw_back_grant(
        &mut self,
        actor: &Actor,
        grant_id: i64,
        amount: Fen,
        today: NaiveDate,
        reason: &str,
    ) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Grant(grant_id))?;
        claw_back(&tx, &rights.actor, grant_id, amount, today, reason)?;
        tx.commit()?;
        Ok(())
    }
    /// The payment list: payments and clawbacks of a year (or all).
    pub fn grant_payments(&self, year: Option<i64>, programme_id: Option<i64>) -> Result<Vec<GrantEntry>> {
        payments(&self.conn, &self.scope, year, programme_id)
    }
}
