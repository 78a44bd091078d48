//! Early warnings derived from the data on the day they are read: cards and leases expiring
//! within 30/60/90 days, leases past their end that were never ended (the tenant stayed on),
//! tenants past their must-leave-by date, arrears over the set months, applications waiting
//! too long at a review step. Only acknowledgements are stored (who, when); their record is
//! [`super::alert_history`].

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::leases::{Lease, SELECT};
use super::{Result, Store, StoreError};
use crate::domain::access::Scope;
use crate::domain::alerts::{AlertKind, SETTING_KEYS, WarningSettings, arrears_since, expiry_band, overstay_days};
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
    /// `days` past the lease's agreed end, still not ended.
    Overstay { days: i64 },
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

/// Which alerts to work out: every one of a kind, or only those of one subject (an
/// acknowledgement checks its own alert, never every alert of its kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    All,
    Subject(i64),
}

impl Reach {
    /// The SQL condition on `column` that keeps the reach ('' for all).
    fn condition(self, column: &str) -> String {
        match self {
            Reach::All => String::new(),
            Reach::Subject(_) => format!("AND {column} = :subject"),
        }
    }
}

/// `base` plus the reach's subject, as named parameters for [`Reach::condition`].
fn with_subject<'a>(
    base: &[(&'a str, &'a dyn rusqlite::ToSql)],
    reach: &'a Reach,
) -> Vec<(&'a str, &'a dyn rusqlite::ToSql)> {
    let mut params = base.to_vec();
    if let Reach::Subject(id) = reach {
        params.push((":subject", id as &dyn rusqlite::ToSql));
    }
    params
}

/// Every alert of `kinds` standing on `today`, each kind in its own order (soonest first),
/// with its acknowledgement.
pub(crate) fn current(conn: &Connection, today: NaiveDate, kinds: &[AlertKind]) -> Result<Vec<Alert>> {
    let mut out = standing(conn, today, kinds, Reach::All)?;
    let acks = acks(conn)?;
    for a in &mut out {
        a.ack = acks.get(&(a.kind.code().to_string(), a.subject_id, a.cause.clone())).cloned();
    }
    Ok(out)
}

/// The alerts of `kinds` in `reach` standing on `today`, without acknowledgements.
fn standing(conn: &Connection, today: NaiveDate, kinds: &[AlertKind], reach: Reach) -> Result<Vec<Alert>> {
    let s = settings(conn)?;
    let until = today + Days::new(90);
    let mut out = Vec::new();
    for kind in kinds {
        match kind {
            AlertKind::CardExpiring => cards_expiring(conn, today, reach, &mut out)?,
            AlertKind::LeaseExpiring => {
                let condition = "l.end_on >= :today AND l.end_on <= :until";
                for l in leases_where(conn, condition, named_params! { ":today": today, ":until": until }, reach)? {
                    let Some(band) = expiry_band(today, l.end_on) else { continue };
                    let detail = Detail::Expiring { band, days: days(today, l.end_on) };
                    out.push(lease_alert(*kind, &l, format!("{}/{band}", fmt_date(l.end_on)), l.end_on, detail));
                }
            }
            AlertKind::LeaseOverstay => {
                for l in leases_where(conn, "l.end_on < :today", named_params! { ":today": today }, reach)? {
                    let Some(over) = overstay_days(today, l.end_on) else { continue };
                    out.push(lease_alert(*kind, &l, fmt_date(l.end_on), l.end_on, Detail::Overstay { days: over }));
                }
            }
            AlertKind::LeaseMustLeave => {
                for l in leases_where(conn, "l.must_leave_by < :today", named_params! { ":today": today }, reach)? {
                    let Some(by) = l.must_leave_by else { continue };
                    out.push(lease_alert(*kind, &l, fmt_date(by), by, Detail::Overdue { days: days(by, today) }));
                }
            }
            AlertKind::RentArrears => {
                let rows = match reach {
                    Reach::All => super::rent::arrears(conn, &Scope::All, today)?,
                    Reach::Subject(id) => super::rent::arrears_of(conn, id, today)?.into_iter().collect(),
                };
                for row in rows {
                    let l = &row.lease;
                    // The line is the rent of the month looked at (the later rent once due).
                    let monthly = l.monthly_on(today);
                    if row.arrears.fen() <= i64::from(s.arrears_months) * monthly.fen() {
                        continue;
                    }
                    let paid: Vec<(NaiveDate, Fen)> =
                        super::rent::payments(conn, l.id)?.into_iter().map(|p| (p.paid_on, p.amount)).collect();
                    let Some(since) = arrears_since(&l.charges(today), &paid, monthly, s.arrears_months) else {
                        continue;
                    };
                    let detail = Detail::Arrears { owed: row.arrears, months: s.arrears_months };
                    out.push(lease_alert(*kind, l, fmt_date(since), since, detail));
                }
            }
            AlertKind::ReviewWaiting => reviews_waiting(conn, today, s.review_days, reach, &mut out)?,
        }
    }
    Ok(out)
}

fn cards_sql(reach: Reach) -> String {
    format!(
        "SELECT c.id, c.number, c.expires_on, t.id AS talent_id, t.name, z.name AS zone
         FROM cards c JOIN talents t ON t.id = c.talent_id JOIN zones z ON z.id = t.zone_id
         WHERE c.status = 'active' AND c.expires_on >= :today AND c.expires_on <= :until {}
         ORDER BY c.expires_on, c.id",
        reach.condition("c.id")
    )
}

fn cards_expiring(conn: &Connection, today: NaiveDate, reach: Reach, out: &mut Vec<Alert>) -> Result<()> {
    let until = today + Days::new(90);
    let mut stmt = conn.prepare_cached(&cards_sql(reach))?;
    let params = with_subject(named_params! { ":today": today, ":until": until }, &reach);
    let rows =
        stmt.query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    for row in rows {
        let (id, number, expires, talent_id, name, zone): (i64, String, NaiveDate, i64, String, String) = row?;
        let Some(band) = expiry_band(today, expires) else { continue };
        out.push(Alert {
            kind: AlertKind::CardExpiring,
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
    Ok(())
}

fn reviews_sql(reach: Reach) -> String {
    format!(
        "SELECT a.id, a.stage, a.waiting_since, t.id AS talent_id, t.name, z.name AS zone
         FROM applications a JOIN talents t ON t.id = a.talent_id JOIN zones z ON z.id = t.zone_id
         WHERE a.stage IN ('first_review', 'recheck', 'approval') AND a.waiting_since < :before {}
         ORDER BY a.waiting_since, a.id",
        reach.condition("a.id")
    )
}

fn reviews_waiting(conn: &Connection, today: NaiveDate, limit: u32, reach: Reach, out: &mut Vec<Alert>) -> Result<()> {
    let before = format!("{} 00:00:00", fmt_date(today - Days::new(u64::from(limit))));
    let mut stmt = conn.prepare_cached(&reviews_sql(reach))?;
    let params = with_subject(named_params! { ":before": before }, &reach);
    let rows =
        stmt.query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    for row in rows {
        let (id, stage, since, talent_id, name, zone): (i64, String, String, i64, String, String) = row?;
        let (Some(step), Ok(day)) =
            (Step::from_code(&stage), NaiveDate::parse_from_str(since.get(..10).unwrap_or(""), "%Y-%m-%d"))
        else {
            continue;
        };
        out.push(Alert {
            kind: AlertKind::ReviewWaiting,
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
    Ok(())
}

fn leases_sql(condition: &str, reach: Reach) -> String {
    let order = if condition.contains("must_leave_by") { "l.must_leave_by" } else { "l.end_on" };
    format!("{SELECT} WHERE l.status = 'active' AND {condition} {} ORDER BY {order}, l.id", reach.condition("l.id"))
}

/// Active leases matching `condition` (an SQL condition on `l`) in `reach`, by the day the
/// condition is about (its must-leave-by date, or its end), then by id.
fn leases_where(
    conn: &Connection,
    condition: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
    reach: Reach,
) -> Result<Vec<Lease>> {
    let mut stmt = conn.prepare_cached(&leases_sql(condition, reach))?;
    let params = with_subject(params, &reach);
    let rows = stmt.query_map(params.as_slice(), Lease::from_row)?;
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
    // Only this subject's alerts are worked out: at a million talents every alert of the
    // kind would take a tenth of a second, and this runs while the clerk waits.
    let stands = standing(conn, today, &[kind], Reach::Subject(subject))?
        .into_iter()
        .any(|a| a.subject_id == subject && a.cause == cause);
    if !stands {
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

/// The record an alert is about: a card, a lease or an application.
fn alert_subject(kind: AlertKind, subject_id: i64) -> Record {
    match kind {
        AlertKind::CardExpiring => Record::Card(subject_id),
        AlertKind::LeaseExpiring | AlertKind::LeaseOverstay | AlertKind::LeaseMustLeave | AlertKind::RentArrears => {
            Record::Lease(subject_id)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap_or_else(|e| panic!("{e}"));
        // The plan does not depend on the values: run it with every parameter unbound (NULL).
        let mut rows = stmt.raw_query();
        let mut lines = Vec::new();
        while let Ok(Some(r)) = rows.next() {
            lines.push(r.get::<_, String>(3).unwrap_or_default());
        }
        lines.join("\n")
    }

    #[test]
    fn an_acknowledgement_reads_only_its_own_subject_by_key() {
        let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let scoped = [
            ("c", cards_sql(Reach::Subject(1))),
            ("a", reviews_sql(Reach::Subject(1))),
            ("l", leases_sql("l.end_on < :today", Reach::Subject(1))),
            ("l", leases_sql("l.must_leave_by < :today", Reach::Subject(1))),
        ];
        for (table, sql) in scoped {
            let p = plan(&store.conn, &sql);
            assert!(p.contains(&format!("SEARCH {table} USING INTEGER PRIMARY KEY")), "{table}: {p}");
        }
        // Every alert of the kind is read from the index of the day that matters instead.
        let all = plan(&store.conn, &cards_sql(Reach::All));
        assert!(all.contains("SEARCH c USING INDEX cards_status_expiry"), "{all}");
        let all = plan(&store.conn, &leases_sql("l.end_on < :today", Reach::All));
        assert!(all.contains("SEARCH l USING INDEX leases_active_end"), "{all}");
    }
}
