//! Green cards: issue after an approved application, renew inside the window, report lost
//! (the old number is voided at once and a new one issued, linked to it), suspend, resume
//! and revoke — each with its event row (who, when, why, policy version) and audit row.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError};
use crate::domain::access::Scope;
use crate::domain::card::{self, CardNumber, CardState, CardStatus};
use crate::domain::review::Stage;
use crate::domain::{Actor, PolicyVersion};

/// A card as stored, with its holder's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// Row id.
    pub id: i64,
    /// The card number.
    pub number: String,
    /// The holder.
    pub talent_id: i64,
    /// The holder's name.
    pub holder: String,
    /// The holder's zone.
    pub zone_name: String,
    /// The holder's employer ('' when none).
    pub employer_name: String,
    /// The holder's document type.
    pub holder_doc_type: crate::domain::DocumentType,
    /// The holder's document number, whole (mask it before it is shown or exported).
    pub holder_doc_number: crate::domain::PersonalNumber,
    /// Tier at issue.
    pub tier: String,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// Expiry date.
    pub expires_on: NaiveDate,
    /// Stored status.
    pub status: CardStatus,
    /// Why it was suspended, revoked or voided.
    pub status_reason: String,
    /// The card this one replaced.
    pub replaces: Option<i64>,
    /// The policy version used at issue.
    pub policy_version: i64,
}

impl Card {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Card> {
        let status = match r.get::<_, String>("status")?.as_str() {
            "suspended" => CardStatus::Suspended,
            "revoked" => CardStatus::Revoked,
            "voided" => CardStatus::Voided,
            _ => CardStatus::Active,
        };
        Ok(Card {
            id: r.get("id")?,
            number: r.get("number")?,
            talent_id: r.get("talent_id")?,
            holder: r.get("holder")?,
            zone_name: r.get("zone_name")?,
            employer_name: r.get("employer_name")?,
            // The CHECK on talents.doc_type admits only known codes.
            holder_doc_type: crate::domain::DocumentType::from_code(&r.get::<_, String>("holder_doc_type")?)
                .unwrap_or(crate::domain::DocumentType::Passport),
            holder_doc_number: r.get("holder_doc_number")?,
            tier: r.get("tier")?,
            issued_on: r.get("issued_on")?,
            expires_on: r.get("expires_on")?,
            status,
            status_reason: r.get("status_reason")?,
            replaces: r.get("replaces")?,
            policy_version: r.get("policy_version")?,
        })
    }

    /// What the card is on `day` (expired is derived, never stored).
    pub fn state_on(&self, day: NaiveDate) -> CardState {
        CardState::on(self.status, self.expires_on, day)
    }
}

fn status_code(s: CardStatus) -> &'static str {
    match s {
        CardStatus::Active => "active",
        CardStatus::Suspended => "suspended",
        CardStatus::Revoked => "revoked",
        CardStatus::Voided => "voided",
    }
}

pub(crate) const SELECT: &str =
    "SELECT c.*, t.name AS holder, z.name AS zone_name, coalesce(e.name, '') AS employer_name,
            t.doc_type AS holder_doc_type, t.doc_number AS holder_doc_number
     FROM cards c JOIN talents t ON t.id = c.talent_id JOIN zones z ON z.id = t.zone_id
     LEFT JOIN employers e ON e.id = t.employer_id";

/// One card.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Card> {
    conn.query_row(&format!("{SELECT} WHERE c.id = :id"), named_params! { ":id": id }, Card::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "card" })
}

/// A card by its number.
pub(crate) fn by_number(conn: &Connection, number: &CardNumber) -> Result<Option<Card>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE c.number = :n"), named_params! { ":n": number.as_str() }, Card::from_row)
        .optional()?)
}

/// Every card of a talent, newest first.
pub(crate) fn of_talent(conn: &Connection, talent_id: i64) -> Result<Vec<Card>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.talent_id = :t ORDER BY c.id DESC"))?;
    let rows = stmt.query_map(named_params! { ":t": talent_id }, Card::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Narrows the expiring list to one zone and/or employers whose name contains a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpiringFilter {
    /// Only holders in this zone.
    pub zone_id: Option<i64>,
    /// Only holders whose employer's name contains this (empty: all).
    pub employer: String,
}

/// Active cards of `scope` whose expiry falls in `[from, to]`, soonest first.
pub(crate) fn expiring(
    conn: &Connection,
    scope: &Scope,
    from: NaiveDate,
    to: NaiveDate,
    filter: &ExpiringFilter,
    limit: u32,
) -> Result<Vec<Card>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.status = 'active' AND c.expires_on BETWEEN :from AND :to
           AND (:zone IS NULL OR t.zone_id = :zone)
           AND (:employer = '' OR instr(coalesce(e.name, ''), :employer) > 0){}
         ORDER BY c.expires_on, c.id LIMIT :limit",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let employer = filter.employer.trim();
    let rows = stmt.query_map(
        named_params! { ":from": from, ":to": to, ":zone": filter.zone_id, ":employer": employer, ":limit": limit },
        Card::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Draws the next number of `year`'s sequence (main and attached cards share it).
pub(crate) fn next_number(conn: &Connection, year: i32) -> Result<CardNumber> {
    let last: i64 = conn
        .query_row("SELECT last FROM card_sequence WHERE year = :y", named_params! { ":y": year }, |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let next = last + 1;
    let number = u32::try_from(next)
        .ok()
        .and_then(|n| CardNumber::new(year, n))
        .ok_or_else(|| StoreError::rule("card.err.sequence"))?;
    conn.execute(
        "INSERT INTO card_sequence (year, last) VALUES (:y, :n) ON CONFLICT(year) DO UPDATE SET last = excluded.last",
        named_params! { ":y": year, ":n": next },
    )?;
    Ok(number)
}

struct Event<'a> {
    card_id: i64,
    event: &'a str,
    on: NaiveDate,
    reason: &'a str,
    old_expiry: Option<NaiveDate>,
    new_expiry: Option<NaiveDate>,
    policy_version: Option<i64>,
}

fn record(conn: &Connection, actor: Option<&Actor>, e: Event<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO card_events (card_id, event, on_date, reason, old_expiry, new_expiry, policy_version, user_id, at)
         VALUES (:card, :event, :on, :reason, :old, :new, :policy, :user, :now)",
        named_params! {
            ":card": e.card_id, ":event": e.event, ":on": e.on, ":reason": e.reason, ":old": e.old_expiry,
            ":new": e.new_expiry, ":policy": e.policy_version, ":user": actor.map(|a| a.user_id), ":now": now_text(),
        },
    )?;
    audit::record(
        conn,
        actor,
        Change {
            action: match e.event {
                "issued" => "card.issue",
                "renewed" => "card.renew",
                "reissued" => "card.reissue",
                "suspended" => "card.suspend",
                "resumed" => "card.resume",
                "revoked" => "card.revoke",
                _ => "card.void",
            },
            entity: "card",
            entity_id: Some(e.card_id),
            old: e.old_expiry.map(|d| serde_json::json!({ "expires_on": d })),
            new: Some(serde_json::json!({
                "event": e.event, "on": e.on, "reason": e.reason, "expires_on": e.new_expiry, "policy_version": e.policy_version,
            })),
        },
    )
}

/// A card row to write; its number is drawn from the issue year's sequence.
struct NewCard<'a> {
    talent_id: i64,
    tier: &'a str,
    issued_on: NaiveDate,
    expires_on: NaiveDate,
    replaces: Option<i64>,
    application_id: Option<i64>,
    policy: i64,
}

fn insert_card(conn: &Connection, c: &NewCard<'_>) -> Result<i64> {
    let number = next_number(conn, c.issued_on.year())?;
    let now = now_text();
    conn.execute(
        "INSERT INTO cards (number, talent_id, tier, issued_on, expires_on, status, replaces, application_id,
                            policy_version, created_at, updated_at)
         VALUES (:number, :talent, :tier, :issued, :expires, 'active', :replaces, :app, :policy, :now, :now)",
        named_params! {
            ":number": number.as_str(), ":talent": c.talent_id, ":tier": c.tier, ":issued": c.issued_on,
            ":expires": c.expires_on, ":replaces": c.replaces, ":app": c.application_id, ":policy": c.policy, ":now": now,
        },
    )?;
    Ok(conn.last_insert_rowid())
}

/// Issues the card of an approved card application on `today`, with the validity of the
/// holder's tier under `policy` (the version in force today), never beyond the holder's
/// recognition term. Clerks and administrators issue.
pub(crate) fn issue(
    conn: &Connection,
    actor: &Actor,
    application_id: i64,
    today: NaiveDate,
    policy: &PolicyVersion,
) -> Result<Card> {
    super::error::counter_only(actor)?;
    let app = super::applications::get(conn, application_id)?;
    if app.kind != super::applications::ApplicationKind::Card || app.stage != Stage::Approved {
        return Err(StoreError::rule("card.err.not_approved"));
    }
    let talent = super::talents::get(conn, app.talent_id)?;
    let tier = crate::domain::TierCode::parse(&talent.tier).map_err(|e| StoreError::invalid(&e))?;
    let rule = policy.policy.tier(&tier).ok_or_else(|| StoreError::rule("card.err.no_tier_rule"))?;
    let expires = card::expiry(today, rule.card_validity_years, talent.recognised_until);
    if expires <= today {
        return Err(StoreError::rule("card.err.term_ended"));
    }
    let id = match insert_card(
        conn,
        &NewCard {
            talent_id: talent.id,
            tier: tier.as_str(),
            issued_on: today,
            expires_on: expires,
            replaces: None,
            application_id: Some(application_id),
            policy: policy.id,
        },
    ) {
        Err(StoreError::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            return Err(StoreError::rule("card.err.already_has_card"));
        }
        other => other?,
    };
    record(
        conn,
        Some(actor),
        Event {
            card_id: id,
            event: "issued",
            on: today,
            reason: "",
            old_expiry: None,
            new_expiry: Some(expires),
            policy_version: Some(policy.id),
        },
    )?;
    super::prints::request(conn, Some(actor), id, None, today, "首次制卡")?;
    get(conn, id)
}

/// Renews an active card on `today` under `policy`; the new expiry runs from the old one.
/// Without an actor the renewal is the system's (the `cards renew` command).
pub(crate) fn renew(
    conn: &Connection,
    actor: Option<&Actor>,
    card_id: i64,
    today: NaiveDate,
    policy: &PolicyVersion,
) -> Result<Card> {
    let c = get(conn, card_id)?;
    if c.status != CardStatus::Active {
        return Err(StoreError::rule("card.err.not_active"));
    }
    let talent = super::talents::get(conn, c.talent_id)?;
    let tier = crate::domain::TierCode::parse(&talent.tier).map_err(|e| StoreError::invalid(&e))?;
    let rule = policy.policy.tier(&tier).ok_or_else(|| StoreError::rule("card.err.no_tier_rule"))?;
    let new_expiry = card::renew(
        c.expires_on,
        today,
        rule.card_validity_years,
        policy.policy.renewal_window_days,
        policy.policy.renewal_grace_days,
        talent.recognised_until,
    )
    .map_err(|e| StoreError::invalid(&e))?;
    conn.execute(
        "UPDATE cards SET expires_on = :e, tier = :tier, updated_at = :now WHERE id = :id",
        named_params! { ":e": new_expiry, ":tier": tier.as_str(), ":now": now_text(), ":id": card_id },
    )?;
    record(
        conn,
        actor,
        Event {
            card_id,
            event: "renewed",
            on: today,
            reason: "",
            old_expiry: Some(c.expires_on),
            new_expiry: Some(new_expiry),
            policy_version: Some(policy.id),
        },
    )?;
    // The printed expiry changed: the holder needs a new card face.
    super::prints::cancel_pending(conn, card_id, None)?;
    super::prints::request(conn, actor, card_id, None, today, "续期换卡")?;
    get(conn, card_id)
}

/// A card reported lost: voided at once, and a new number issued with the same expiry,
/// linked to the old card.
pub(crate) fn report_lost(
    conn: &Connection,
    actor: &Actor,
    card_id: i64,
    today: NaiveDate,
    reason: &str,
) -> Result<Card> {
    let c = get(conn, card_id)?;
    if !matches!(c.status, CardStatus::Active | CardStatus::Suspended) {
        return Err(StoreError::rule("card.err.not_live"));
    }
    let reason = if reason.trim().is_empty() { "挂失".to_string() } else { super::error::reason(reason)? };
    let reason = reason.as_str();
    conn.execute(
        "UPDATE cards SET status = 'voided', status_reason = :r, updated_at = :now WHERE id = :id",
        named_params! { ":r": reason, ":now": now_text(), ":id": card_id },
    )?;
    record(
        conn,
        Some(actor),
        Event { card_id, event: "voided", on: today, reason, old_expiry: None, new_expiry: None, policy_version: None },
    )?;
    let new_id = insert_card(
        conn,
        &NewCard {
            talent_id: c.talent_id,
            tier: &c.tier,
            issued_on: today,
            expires_on: c.expires_on,
            replaces: Some(card_id),
            application_id: None,
            policy: c.policy_version,
        },
    )?;
    if c.status == CardStatus::Suspended {
        conn.execute(
            "UPDATE cards SET status = 'suspended', status_reason = :r WHERE id = :id",
            named_params! { ":r": c.status_reason, ":id": new_id },
        )?;
    }
    record(
        conn,
        Some(actor),
        Event {
            card_id: new_id,
            event: "reissued",
            on: today,
            reason,
            old_expiry: None,
            new_expiry: Some(c.expires_on),
            policy_version: Some(c.policy_version),
        },
    )?;
    super::family::follow_reissue(conn, card_id, new_id)?;
    super::prints::cancel_pending(conn, card_id, None)?;
    super::prints::request(conn, Some(actor), new_id, None, today, "挂失补办")?;
    get(conn, new_id)
}

/// Suspends (reversible), resumes or revokes (final) a card, always with a reason.
pub(crate) fn set_status(
    conn: &Connection,
    actor: &Actor,
    card_id: i64,
    to: CardStatus,
    today: NaiveDate,
    reason: &str,
) -> Result<Card> {
    let c = get(conn, card_id)?;
    let reason = super::error::reason(reason)?;
    let reason = reason.as_str();
    let event = match (c.status, to) {
        (CardStatus::Active, CardStatus::Suspended) => "suspended",
        (CardStatus::Suspended, CardStatus::Active) => "resumed",
        (CardStatus::Active | CardStatus::Suspended, CardStatus::Revoked) => "revoked",
        _ => return Err(StoreError::rule("card.err.transition")),
    };
    conn.execute(
        "UPDATE cards SET status = :s, status_reason = :r, updated_at = :now WHERE id = :id",
        named_params! { ":s": status_code(to), ":r": reason.trim(), ":now": now_text(), ":id": card_id },
    )?;
    record(
        conn,
        Some(actor),
        Event {
            card_id,
            event,
            on: today,
            reason: reason.trim(),
            old_expiry: None,
            new_expiry: None,
            policy_version: None,
        },
    )?;
    if to == CardStatus::Revoked {
        super::prints::cancel_pending(conn, card_id, None)?;
        super::leases::mark_exit(conn, c.talent_id, today, "绿卡注销")?;
    }
    get(conn, card_id)
}

/// One event in a card's life, with who recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardEvent {
    /// The number of the card it happened to (a reissued card's history includes the old one).
    pub number: String,
    /// What happened: issued, renewed, reissued, suspended, resumed, revoked, voided.
    pub event: String,
    /// The day it took effect.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
    /// Expiry before (renewals).
    pub old_expiry: Option<NaiveDate>,
    /// Expiry after (issue, renewal, reissue).
    pub new_expiry: Option<NaiveDate>,
    /// The policy version the decision used.
    pub policy_version: Option<i64>,
    /// Who ('system' for the batch renewal command).
    pub username: String,
    /// When it was recorded.
    pub at: String,
}

/// Every event of a card and of the cards it replaced, oldest first.
pub(crate) fn events(conn: &Connection, card_id: i64) -> Result<Vec<CardEvent>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE chain(id) AS (SELECT :c UNION SELECT cards.replaces FROM cards JOIN chain ON cards.id = chain.id
                                      WHERE cards.replaces IS NOT NULL)
         SELECT e.*, c.number AS number, coalesce(u.username, 'system') AS username FROM card_events e
         JOIN cards c ON c.id = e.card_id LEFT JOIN users u ON u.id = e.user_id WHERE e.card_id IN (SELECT id FROM chain) ORDER BY e.id",
    )?;
    let rows = stmt.query_map(named_params! { ":c": card_id }, |r| {
        Ok(CardEvent {
            number: r.get("number")?,
            event: r.get("event")?,
            on: r.get("on_date")?,
            reason: r.get("reason")?,
            old_expiry: r.get("old_expiry")?,
            new_expiry: r.get("new_expiry")?,
            policy_version: r.get("policy_version")?,
            username: r.get("username")?,
            at: r.get("at")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
