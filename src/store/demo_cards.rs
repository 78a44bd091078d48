//! Bulk insertion of demo green cards in every state, each with its events, numbered from
//! the per-year sequence as real issues are.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, named_params};

use super::Result;
use super::audit::{self, Change, now_text};
use crate::domain::Actor;
use crate::domain::card::CardNumber;

/// A generated card: `talent` indexes the talents in registration order.
#[derive(Clone, Debug)]
pub struct DemoCard {
    /// Index of the holder among the talents (0 = first registered).
    pub talent: usize,
    /// Tier at issue.
    pub tier: &'static str,
    /// Issue date.
    pub issued_on: NaiveDate,
    /// Expiry date.
    pub expires_on: NaiveDate,
    /// `active`, `suspended`, `revoked` or `voided`.
    pub status: &'static str,
    /// Why it is suspended, revoked or voided ('' when active).
    pub reason: &'static str,
    /// Whether this card replaces the card generated just before it (after a loss).
    pub replaces_previous: bool,
}

/// Writes the cards, their events and the number sequences, with one audit row.
pub(crate) fn insert(
    conn: &Connection,
    actor: &Actor,
    policy_version: i64,
    today: NaiveDate,
    cards: &[DemoCard],
) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT id FROM talents ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    let now = now_text();
    let mut sequences: std::collections::BTreeMap<i32, u32> = std::collections::BTreeMap::new();
    let mut card_stmt = conn.prepare_cached(
        "INSERT INTO cards (number, talent_id, tier, issued_on, expires_on, status, status_reason, replaces,
                            policy_version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?;
    let mut event_stmt = conn.prepare_cached(
        "INSERT INTO card_events (card_id, event, on_date, reason, new_expiry, policy_version, user_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut written = 0usize;
    let mut previous: Option<i64> = None;
    for c in cards {
        let Some(talent_id) = ids.get(c.talent) else { continue };
        let seq = sequences.entry(c.issued_on.year()).or_insert(0);
        *seq += 1;
        let Some(number) = CardNumber::new(c.issued_on.year(), *seq) else { continue };
        card_stmt.execute(rusqlite::params![
            number.as_str(),
            talent_id,
            c.tier,
            c.issued_on,
            c.expires_on,
            c.status,
            c.reason,
            previous.filter(|_| c.replaces_previous),
            policy_version,
            now
        ])?;
        let card_id = conn.last_insert_rowid();
        previous = Some(card_id);
        let first = if c.replaces_previous { "reissued" } else { "issued" };
        event_stmt.execute(rusqlite::params![
            card_id,
            first,
            c.issued_on,
            "",
            c.expires_on,
            policy_version,
            actor.user_id,
            now
        ])?;
        let later = match c.status {
            "suspended" => Some("suspended"),
            "revoked" => Some("revoked"),
            "voided" => Some("voided"),
            _ => None,
        };
        if let Some(event) = later {
            event_stmt.execute(rusqlite::params![
                card_id,
                event,
                c.issued_on,
                c.reason,
                None::<NaiveDate>,
                None::<i64>,
                actor.user_id,
                now
            ])?;
        }
        written += 1;
    }
    for (year, last) in sequences {
        conn.execute(
            "INSERT INTO card_sequence (year, last) VALUES (:y, :l) ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)",
            named_params! { ":y": year, ":l": last },
        )?;
    }
    usage(conn, actor, today)?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "demo.generate",
            entity: "card",
            entity_id: None,
            old: None,
            new: Some(serde_json::json!({ "count": written })),
        },
    )
}

/// The counter's recent work on the demo cards: cards of the last six weeks in the print
/// queue (the last two weeks' still to print), and every seventh live card's use of one of
/// the three services every tier has.
fn usage(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<()> {
    conn.execute(
        "INSERT INTO card_prints (card_id, state, reason, requested_on, requested_by, printed_on, updated_at)
         SELECT id, CASE WHEN issued_on >= date(:today, '-14 days') THEN 'requested' ELSE 'printed' END,
                CASE WHEN replaces IS NULL THEN '首次制卡' ELSE '挂失补办' END, issued_on, :user,
                CASE WHEN issued_on >= date(:today, '-14 days') THEN NULL ELSE date(issued_on, '+3 days') END, :now
         FROM cards WHERE status = 'active' AND issued_on >= date(:today, '-45 days') ORDER BY id",
        named_params! { ":today": today, ":user": actor.user_id, ":now": now_text() },
    )?;
    conn.execute(
        "INSERT INTO service_uses (card_id, service, used_on, provider, note, user_id, at)
         SELECT id, CASE id % 3 WHEN 0 THEN 'housing' WHEN 1 THEN 'medical_green_channel' ELSE 'health_check' END,
                date(issued_on, '+' || (id % 300 + 30) || ' days'),
                CASE id % 3 WHEN 0 THEN '人才安居服务中心' WHEN 1 THEN '市第一人民医院' ELSE '市健康体检中心' END,
                '', :user, :now
         FROM cards WHERE status = 'active' AND id % 7 = 0 AND date(issued_on, '+' || (id % 300 + 30) || ' days') <= :today",
        named_params! { ":today": today, ":user": actor.user_id, ":now": now_text() },
    )?;
    Ok(())
}
