//! The card print queue: every new, reissued or renewed card (and every attached card) is
//! requested for printing; the clerk prints the batch, marks it printed, and marks each
//! card handed over when the holder collects it. A reprint is a new request with a reason.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::{Result, Store, StoreError};
use crate::domain::Actor;
use crate::domain::access::Scope;
use crate::domain::card::CardStatus;

/// Where a print request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrintState {
    /// Waiting to be printed.
    Requested,
    /// Printed, waiting for the holder.
    Printed,
    /// Collected by the holder.
    HandedOver,
    /// The card was voided or cancelled before it was handed over.
    Cancelled,
}

impl PrintState {
    /// Stable storage code.
    pub fn code(self) -> &'static str {
        match self {
            PrintState::Requested => "requested",
            PrintState::Printed => "printed",
            PrintState::HandedOver => "handed_over",
            PrintState::Cancelled => "cancelled",
        }
    }

    fn from_code(code: &str) -> PrintState {
        match code {
            "printed" => PrintState::Printed,
            "handed_over" => PrintState::HandedOver,
            "cancelled" => PrintState::Cancelled,
            _ => PrintState::Requested,
        }
    }

    /// The i18n key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            PrintState::Requested => "print.requested",
            PrintState::Printed => "print.printed",
            PrintState::HandedOver => "print.handed_over",
            PrintState::Cancelled => "print.cancelled",
        }
    }
}

/// A print request with what the card face needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintJob {
    /// Row id.
    pub id: i64,
    /// The main card.
    pub card_id: i64,
    /// The attached card, when the request is for one.
    pub family_card_id: Option<i64>,
    /// The number printed on the card.
    pub number: String,
    /// The name printed on the card.
    pub name: String,
    /// The main holder's name (differs from `name` on attached cards).
    pub holder: String,
    /// The holder's talent id.
    pub talent_id: i64,
    /// Where it stands.
    pub state: PrintState,
    /// Why it was requested (first issue, reissue, renewal, damaged …).
    pub reason: String,
    /// Requested on.
    pub requested_on: NaiveDate,
    /// Printed on.
    pub printed_on: Option<NaiveDate>,
    /// Handed over on.
    pub handed_on: Option<NaiveDate>,
}

impl PrintJob {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<PrintJob> {
        Ok(PrintJob {
            id: r.get("id")?,
            card_id: r.get("card_id")?,
            family_card_id: r.get("family_card_id")?,
            number: r.get("number")?,
            name: r.get("name")?,
            holder: r.get("holder")?,
            talent_id: r.get("talent_id")?,
            state: PrintState::from_code(&r.get::<_, String>("state")?),
            reason: r.get("reason")?,
            requested_on: r.get("requested_on")?,
            printed_on: r.get("printed_on")?,
            handed_on: r.get("handed_on")?,
        })
    }
}

const SELECT: &str = "SELECT p.*, coalesce(f.number, c.number) AS number, coalesce(f.name, t.name) AS name,
            t.name AS holder, t.id AS talent_id
     FROM card_prints p JOIN cards c ON c.id = p.card_id JOIN talents t ON t.id = c.talent_id
     LEFT JOIN family_cards f ON f.id = p.family_card_id";

/// Requests a card (or an attached card) for printing.
pub(crate) fn request(
    conn: &Connection,
    actor: Option<&Actor>,
    card_id: i64,
    family_card_id: Option<i64>,
    today: NaiveDate,
    reason: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO card_prints (card_id, family_card_id, state, reason, requested_on, requested_by, updated_at)
         VALUES (:card, :family, 'requested', :reason, :today, :user, :now)",
        named_params! {
            ":card": card_id, ":family": family_card_id, ":reason": reason, ":today": today,
            ":user": actor.map(|a| a.user_id), ":now": now_text(),
        },
    )?;
    Ok(conn.last_insert_rowid())
}

/// Drops the requests of a card that was voided (or of one attached card) that were not
/// handed over yet: a voided number must never be printed or given out.
pub(crate) fn cancel_pending(conn: &Connection, card_id: i64, family_card_id: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE card_prints SET state = 'cancelled', updated_at = :now
         WHERE card_id = :card AND state IN ('requested', 'printed')
           AND (:family IS NULL OR family_card_id = :family)",
        named_params! { ":card": card_id, ":family": family_card_id, ":now": now_text() },
    )?;
    Ok(())
}

fn get(conn: &Connection, id: i64) -> Result<PrintJob> {
    conn.query_row(&format!("{SELECT} WHERE p.id = :id"), named_params! { ":id": id }, PrintJob::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "print" })
}

/// The queue in one state, oldest first.
pub(crate) fn queue(conn: &Connection, scope: &Scope, state: PrintState, limit: u32) -> Result<Vec<PrintJob>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.state = :s{} ORDER BY p.id LIMIT :limit",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt.query_map(named_params! { ":s": state.code(), ":limit": limit }, PrintJob::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every request of a card and its attached cards, newest first.
pub(crate) fn of_card(conn: &Connection, card_id: i64) -> Result<Vec<PrintJob>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE p.card_id = :c ORDER BY p.id DESC"))?;
    let rows = stmt.query_map(named_params! { ":c": card_id }, PrintJob::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves one request a step on: requested → printed → handed over.
fn advance(conn: &Connection, actor: &Actor, id: i64, today: NaiveDate) -> Result<PrintJob> {
    let job = get(conn, id)?;
    let (to, column) = match job.state {
        PrintState::Requested => (PrintState::Printed, "printed_on"),
        PrintState::Printed => (PrintState::HandedOver, "handed_on"),
        PrintState::HandedOver | PrintState::Cancelled => return Err(StoreError::rule("print.err.done")),
    };
    conn.execute(
        &format!("UPDATE card_prints SET state = :s, {column} = :today, updated_at = :now WHERE id = :id"),
        named_params! { ":s": to.code(), ":today": today, ":now": now_text(), ":id": id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: if to == PrintState::Printed { "print.printed" } else { "print.handed_over" },
            entity: "card",
            entity_id: Some(job.card_id),
            old: None,
            new: Some(serde_json::json!({ "number": job.number, "on": today })),
        },
    )?;
    get(conn, id)
}

impl Store {
    /// Print requests in one state, oldest first.
    pub fn print_queue(&self, state: PrintState, limit: u32) -> Result<Vec<PrintJob>> {
        queue(&self.conn, &self.scope, state, limit)
    }

    /// Every print request of a card and its attached cards, newest first.
    pub fn card_prints(&self, card_id: i64) -> Result<Vec<PrintJob>> {
        self.visible(Record::Card(card_id))?;
        of_card(&self.conn, card_id)
    }

    /// Moves print requests a step on (printed, then handed over), all in one transaction.
    pub fn advance_prints(&mut self, actor: &Actor, ids: &[i64], today: NaiveDate) -> Result<Vec<PrintJob>> {
        let (tx, rights) = self.write_as(actor)?;
        super::error::counter_only(&rights.actor)?;
        for &id in ids {
            access::require(&tx, &rights.scope, Record::PrintJob(id))?;
        }
        let jobs = ids.iter().map(|&id| advance(&tx, &rights.actor, id, today)).collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(jobs)
    }

    /// Requests a reprint of a live card (or attached card), with the reason.
    pub fn request_reprint(
        &mut self,
        actor: &Actor,
        card_id: i64,
        family_card_id: Option<i64>,
        today: NaiveDate,
        reason: &str,
    ) -> Result<PrintJob> {
        let (tx, rights) = self.write_as(actor)?;
        let actor = &rights.actor;
        super::error::counter_only(actor)?;
        access::require(&tx, &rights.scope, Record::Card(card_id))?;
        let reason = super::error::reason(reason)?;
        let reason = reason.as_str();
        let card = super::cards::get(&tx, card_id)?;
        let family_live = match family_card_id {
            Some(f) => super::family::get(&tx, f)?.cancelled_on.is_none(),
            None => true,
        };
        if !matches!(card.status, CardStatus::Active | CardStatus::Suspended) || !family_live {
            return Err(StoreError::rule("card.err.not_live"));
        }
        let id = request(&tx, Some(actor), card_id, family_card_id, today, reason.trim())?;
        audit::record(
            &tx,
            Some(actor),
            Change {
                action: "print.reprint",
                entity: "card",
                entity_id: Some(card_id),
                old: None,
                new: Some(serde_json::json!({ "reason": reason.trim(), "family_card": family_card_id })),
            },
        )?;
        let job = get(&tx, id)?;
        tx.commit()?;
        Ok(job)
    }
}
