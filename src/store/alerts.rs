//! Early warnings derived from the data on the day they are read: cards and leases expiring
//! within 30/60/90 days, tenants past their must-leave-by date, arrears over the set months,
//! applications waiting too long at a review step. Only acknowledgements are stored (who,
//! when); an acknowledgement whose cause is gone is the record of a resolved alert.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::leases::{Lease, SELECT};
use super::{Result, Store, StoreError};
use crate::domain::access::Scope;
use crate::domain::alerts::{AlertKind, SETTING_KEYS, WarningSettings, arrears_since, expiry_band};
use crate::domain::dates::fmt_date;
use crate::domain::review::Step;
use crate::domain::{Actor, Fen};

/// What an alert says beyond its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Expires within `band` days (`days` left).
    Expiring { band: i64, days: i64 },
    /// `days` past the must-leave-by date.
    Overdue { days: i64 },
    /// Owes `owed`, over `months` months' rent since the alert's day.
    Arrears { owed: Fen, months: u32 },
    /// Waiting `days` days at `step`.
    Waiting { step: Step, days: i64 },
}

/// Who acknowledged an alert, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    /// Display name of the user.
    pub by: String,
    /// When (`YYYY-MM-DD HH:MM:SS`).
    pub at: String,
}

/// One alert as of a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// What it is about.
    pub kind: AlertKind,
    /// The card, lease or application.
    pub subject_id: i64,
    /// What makes it this alert (an expiry and its band, a deadline, the start of a spell of
    /// arrears, the day an application reached its step).
    pub cause: String,
    /// The talent concerned.
    pub talent_id: i64,
    /// Their name.
    pub talent_name: String,
    /// Their zone (of the talent, or of the apartment).
    pub zone_name: String,
    /// The card number, the unit, or the application number.
    pub subject: String,
    /// The day that matters: expiry, end, deadline, start of arrears, arrival at the step.
    pub day: NaiveDate,
    /// The figures.
    pub detail: Detail,
    /// The acknowledgement, if any.
    pub ack: Option<Ack>,
}

/// An acknowledgement as stored, with whether its alert still stands.
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
    /// False once the cause is gone (the alert resolved itself).
    pub open: bool,
}

/// The office's warning thresholds (defaults where none is set).
pub(crate) fn settings(conn: &Connection) -> Result<WarningSettings> {
    let mut values: [Option<String>; 3] = Default::default();
    for (value, key) in values.iter_mut().zip(SETTING_KEYS) {
        *value = super::settings::get(conn, key)?;
    }
    Ok(WarningSettings::from_stored(values))
}

fn acks(conn: &Connection) -> Result<HashMap<(String, i64, String), Ack>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.kind, a.subject_id, a.cause, a.at, u.display_name FROM alert_acks a JOIN users u ON u.id = a.user_id",
    )?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), Ack { at: r.get(3)?, by: r.get(4)? })))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

fn lease_label(l: &Lease) -> String {
    format!("{} {}栋 {}", l.project_name, l.building, l.unit)
}

/// Every alert of `kinds` standing on `today`, each kind in its own order (soonest first).
pub(crate) fn current(conn: &Connection, today: NaiveDate, kinds: &[AlertKind]) -> Result<Vec<Alert>> {
    let s = settings(conn)?;
    let until = today + Days::new(90);
    let mut out = Vec::new();
    for kind in kinds {
        match kind {
            AlertKind::CardExpiring => {
                let mut stmt = conn.prepare_cached(
                    "SELECT c.id, c.number, c.expires_on, t.id AS talent_id, t.name, z.name AS zone
                     FROM cards c JOIN talents t ON t.id = c.talent_id JOIN zones z ON z.id = t.zone_id
                     WHERE c.status = 'active' AND c.expires_on >= :today AND c.expires_on <= :until
                     ORDER BY c.expires_on, c.id",
                )?;
                let rows = stmt.query_map(named_params! { ":today": today, ":until": until }, |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })?;
                for row in rows {
                    let (id, number, expires, talent_id, name, zone): (i64, String, NaiveDate, i64, String, String) =
                        row?;
                    let Some(band) = expiry_band(today, expires) else { continue };
                    out.push(Alert {
                        kind: *kind,
                        subject_id: id,
                        cause: format!("{}/{band}", fmt_date(expires)),
                        talent_id,
                        talent_name: name,
                        zone_name: zone,
                        subject: number,
                        day: expires,
                        detail: Detail::Expiring { band, days: days(today, expires) },
                        ack: None,
                    });
                }
            }
            AlertKind::LeaseExpiring | AlertKind::LeaseMustLeave => {
                let leases = if *kind == AlertKind::LeaseExpiring {
                    leases_where(
                        conn,
                        "l.end_on >= :today AND l.end_on <= :until ORDER BY l.end_on, l.id",
                        named_params! { ":today": today, ":until": until },
                    )?
                } else {
                    leases_where(
                        conn,
                        "l.must_leave_by < :today ORDER BY l.must_leave_by, l.id",
                        named_params! { ":today": today },
                    )?
                };
                for l in leases {
                    let (day, detail) = match (kind, l.must_leave_by) {
                        (AlertKind::LeaseMustLeave, Some(by)) => (by, Detail::Overdue { days: days(by, today) }),
                        _ => match expiry_band(today, l.end_on) {
                            Some(band) => (l.end_on, Detail::Expiring { band, days: days(today, l.end_on) }),
                            None => continue,
                        },
                    };
                    let cause = match detail {
                        Detail::Expiring { band, .. } => format!("{}/{band}", fmt_date(day)),
                        _ => fmt_date(day),
                    };
                    out.push(lease_alert(*kind, &l, cause, day, detail));
                }
            }
            AlertKind::RentArrears => {
                for row in super::rent::arrears(conn, &Scope::All, today)? {
                    let l = &row.lease;
                    if row.arrears.fen() <= i64::from(s.arrears_months) * l.monthly_rent.fen() {
                        continue;
                    }
                    let paid: Vec<(NaiveDate, Fen)> =
                        super::rent::payments(conn, l.id)?.into_iter().map(|p| (p.paid_on, p.amount)).collect();
                    let Some(since) = arrears_since(&l.charges(today), &paid, l.monthly_rent, s.arrears_months) else {
                        continue;
                    };
                    let detail = Detail::Arrears { owed: row.arrears, months: s.arrears_months };
                    out.push(lease_alert(*kind, l, fmt_date(since), since, detail));
                }
            }
            AlertKind::ReviewWaiting => {
                let before = format!("{} 00:00:00", fmt_date(today - Days::new(u64::from(s.review_days))));
                let mut stmt = conn.prepare_cached(
                    "SELECT a.id, a.stage, a.waiting_since, t.id AS talent_id, t.name, z.name AS zone
                     FROM applications a JOIN talents t ON t.id = a.talent_id JOIN zones z ON z.id = t.zone_id
                     WHERE a.stage IN ('first_review', 'recheck', 'approval') AND a.waiting_since < :before
                     ORDER BY a.waiting_since, a.id",
                )?;
                let rows = stmt.query_map(named_params! { ":before": before }, |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })?;
                for row in rows {
                    let (id, stage, since, talent_id, name, zone): (i64, String, String, i64, String, String) = row?;
                    let (Some(step), Ok(day)) =
                        (Step::from_code(&stage), NaiveDate::parse_from_str(since.get(..10).unwrap_or(""), "%Y-%m-%d"))
                    else {
                        continue;
                    };
                    out.push(Alert {
                        kind: *kind,
                        subject_id: id,
                        cause: since,
                        talent_id,
                        talent_name: name,
                        zone_name: zone,
                        subject: format!("#{id}"),
                        day,
                        detail: Detail::Waiting { step, days: days(day, today) },
                        ack: None,
                    });
                }
            }
        }
    }
    let acks = acks(conn)?;
    for a in &mut out {
        a.ack = acks.get(&(a.kind.code().to_string(), a.subject_id, a.cause.clone())).cloned();
    }
    Ok(out)
}

/// Active leases matching `condition` (an SQL condition on `l` with its order).
fn leases_where(conn: &Connection, condition: &str, params: &[(&str, &dyn rusqlite::ToSql)]) -> Result<Vec<Lease>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE l.status = 'active' AND {condition}"))?;
    let rows = stmt.query_map(params, Lease::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn lease_alert(kind: AlertKind, l: &Lease, cause: String, day: NaiveDate, detail: Detail) -> Alert {
    Alert {
        kind,
        subject_id: l.id,
        cause,
        talent_id: l.talent_id,
        talent_name: l.talent_name.clone(),
        zone_name: l.zone_name.clone(),
        subject: lease_label(l),
        day,
        detail,
        ack: None,
    }
}

/// Records that `actor` saw an alert standing on `today`; refused if it does not stand.
fn acknowledge(
    conn: &Connection,
    actor: &Actor,
    today: NaiveDate,
    kind: AlertKind,
    subject: i64,
    cause: &str,
) -> Result<()> {
    let standing = current(conn, today, &[kind])?.into_iter().any(|a| a.subject_id == subject && a.cause == cause);
    if !standing {
        return Err(StoreError::rule("alerts.err.gone"));
    }
    super::error::unique_or(
        conn.execute(
            "INSERT INTO alert_acks (kind, subject_id, cause, user_id, at) VALUES (:k, :s, :c, :u, :now)",
            named_params! { ":k": kind.code(), ":s": subject, ":c": cause, ":u": actor.user_id, ":now": now_text() },
        ),
        "alerts.err.already",
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "alert.acknowledge",
            entity: "alert",
            entity_id: Some(conn.last_insert_rowid()),
            old: None,
            new: Some(serde_json::json!({ "kind": kind.code(), "subject": subject, "cause": cause })),
        },
    )
}

/// The latest acknowledgements, newest first, each with whether its alert still stands.
fn history(conn: &Connection, today: NaiveDate, limit: u32) -> Result<Vec<AckRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.kind, a.subject_id, a.cause, a.at, u.display_name FROM alert_acks a JOIN users u ON u.id = a.user_id
         ORDER BY a.id DESC LIMIT :limit",
    )?;
    let rows = stmt
        .query_map(named_params! { ":limit": limit }, |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, Ack { at: r.get(3)?, by: r.get(4)? }))
        })?
        .collect::<rusqlite::Result<Vec<(String, i64, String, Ack)>>>()?;
    let mut kinds: Vec<AlertKind> = rows.iter().filter_map(|r| AlertKind::from_code(&r.0)).collect();
    kinds.sort();
    kinds.dedup();
    let standing: std::collections::HashSet<(AlertKind, i64, String)> =
        current(conn, today, &kinds)?.into_iter().map(|a| (a.kind, a.subject_id, a.cause)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|(kind, subject_id, cause, ack)| {
            let kind = AlertKind::from_code(&kind)?;
            let open = standing.contains(&(kind, subject_id, cause.clone()));
            Some(AckRecord { kind, subject_id, cause, ack, open })
        })
        .collect())
}

/// The record an alert is about: a card, a lease or an application.
fn alert_subject(kind: AlertKind, subject_id: i64) -> Record {
    match kind {
        AlertKind::CardExpiring => Record::Card(subject_id),
        AlertKind::LeaseExpiring | AlertKind::LeaseMustLeave | AlertKind::RentArrears => Record::Lease(subject_id),
        AlertKind::ReviewWaiting => Record::Application(subject_id),
    }
}

impl Store {
    /// Every alert standing on `today` about talents of the scope, by kind.
    pub fn alerts(&self, today: NaiveDate) -> Result<Vec<Alert>> {
        let mut alerts = current(&self.conn, today, &AlertKind::ALL)?;
        if self.scope.is_limited() {
            alerts.retain(|a| self.visible(Record::Talent(a.talent_id)).is_ok());
        }
        Ok(alerts)
    }

    /// Acknowledges an alert standing on `today` (who and when are recorded).
    pub fn acknowledge_alert(
        &mut self,
        actor: &Actor,
        today: NaiveDate,
        kind: AlertKind,
        subject_id: i64,
        cause: &str,
    ) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, alert_subject(kind, subject_id))?;
        acknowledge(&tx, &rights.actor, today, kind, subject_id, cause)?;
        tx.commit()?;
        Ok(())
    }

    /// The latest acknowledgements with whether each alert still stands.
    pub fn alert_history(&self, today: NaiveDate, limit: u32) -> Result<Vec<AckRecord>> {
        history(&self.conn, today, limit)
    }

    /// The warning thresholds in force.
    pub fn warning_settings(&self) -> Result<WarningSettings> {
        settings(&self.conn)
    }

    /// An administrator sets the warning thresholds (each an audited setting).
    pub fn set_warning_settings(&mut self, actor: &Actor, s: WarningSettings) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        if !rights.actor.role.is_admin() {
            return Err(StoreError::NotAllowed);
        }
        for (key, value) in SETTING_KEYS.iter().zip(s.to_stored()) {
            super::settings::set(&tx, Some(&rights.actor), key, &value)?;
        }
        tx.commit()?;
        Ok(())
    }
}
