//! The record of acknowledged alerts: the latest acknowledgements, each with what became of
//! its alert since — still standing, escalated to a nearer band (the same expiry come
//! closer, to acknowledge again), or resolved by itself when its cause went.

use rusqlite::{Connection, named_params};

use super::alerts::{Ack, Alert, Detail};
use super::{Result, Store};
use crate::domain::alerts::AlertKind;

/// An acknowledgement as stored, with what became of its alert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AckRecord {
    /// What the alert was about.
    pub kind: AlertKind,
    /// The card, lease or application.
    pub subject_id: i64,
    /// The cause acknowledged.
    pub cause: String,
    /// Who and when.
    pub ack: Ack,
    /// What became of the alert since.
    pub status: AckStatus,
}

/// What became of an acknowledged alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AckStatus {
    /// It still stands as acknowledged.
    Standing,
    /// Its expiry came nearer and it stands again in a closer band (days), to acknowledge anew:
    /// nothing was resolved.
    Escalated { band: i64 },
    /// Its cause is gone (the card renewed, the rent paid, the application decided).
    Resolved,
}

impl AckStatus {
    /// Whether the matter still needs attention.
    pub fn open(self) -> bool {
        self != AckStatus::Resolved
    }
}

/// What became of the acknowledged alert `(kind, subject, cause)` among `standing`: a card or
/// lease expiry keeps its date in the cause and adds the band, so the same date in another
/// band is the same expiry come nearer.
fn status_among(standing: &[Alert], kind: AlertKind, subject: i64, cause: &str) -> AckStatus {
    let expiry = |c: &str| c.split_once('/').map(|(day, _)| day.to_string());
    let mut status = AckStatus::Resolved;
    for a in standing.iter().filter(|a| a.kind == kind && a.subject_id == subject) {
        if a.cause == cause {
            return AckStatus::Standing;
        }
        if let (Detail::Expiring { band, .. }, Some(day)) = (&a.detail, expiry(cause))
            && expiry(&a.cause) == Some(day)
        {
            status = AckStatus::Escalated { band: *band };
        }
    }
    status
}

/// The latest acknowledgements, newest first, each with whether its alert is among
/// `standing` (the alerts of the day, already worked out: they are not worked out again).
fn history(conn: &Connection, standing: &[Alert], limit: u32) -> Result<Vec<AckRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.kind, a.subject_id, a.cause, a.at, u.display_name FROM alert_acks a JOIN users u ON u.id = a.user_id
         ORDER BY a.id DESC LIMIT :limit",
    )?;
    let rows = stmt
        .query_map(named_params! { ":limit": limit }, |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, Ack { at: r.get(3)?, by: r.get(4)? }))
        })?
        .collect::<rusqlite::Result<Vec<(String, i64, String, Ack)>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, subject_id, cause, ack)| {
            let kind = AlertKind::from_code(&kind)?;
            let status = status_among(standing, kind, subject_id, &cause);
            Some(AckRecord { kind, subject_id, cause, ack, status })
        })
        .collect())
}

impl Store {
    /// The latest acknowledgements with what became of each alert among `standing` (the
    /// day's alerts from [`Store::alerts`]).
    pub fn alert_history(&self, standing: &[Alert], limit: u32) -> Result<Vec<AckRecord>> {
        history(&self.conn, standing, limit)
    }
}
