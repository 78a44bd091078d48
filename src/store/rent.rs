//! The rent ledger and the housing lists: payments against a lease, the ledger of charges
//! (derived from the lease's frozen terms) and payments, arrears, the ranked waiting list,
//! the allocation list clerks send out, and the tenants who must leave.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::leases::{Lease, SELECT};
use super::{Application, Result, Store, StoreError};
use crate::domain::access::Scope;
use crate::domain::housing::{Charge, RankKey};
use crate::domain::{Actor, Bp, Fen};

/// One payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    /// Row id.
    pub id: i64,
    /// Day paid.
    pub paid_on: NaiveDate,
    /// Amount.
    pub amount: Fen,
    /// Note (receipt number …).
    pub note: String,
}

/// A lease's ledger on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    /// Monthly charges of the months begun by the day.
    pub charges: Vec<Charge>,
    /// Payments, oldest first.
    pub payments: Vec<Payment>,
    /// Charged minus paid (negative: paid ahead).
    pub balance: Fen,
}

/// A lease with its arrears and its rent on the list's day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaseRow {
    /// The lease.
    pub lease: Lease,
    /// The share of market rent in force on the list's day (the later share once due).
    pub share: Bp,
    /// The monthly rent in force on the list's day.
    pub monthly: Fen,
    /// Charged to date minus paid (positive: owed).
    pub arrears: Fen,
    /// The tenant's masked document number.
    pub document_masked: String,
    /// The tenant's document number, whole (for an audited unmasked export only).
    pub document_number: crate::domain::PersonalNumber,
}

/// A place on the waiting list, with the reason for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingEntry {
    /// The approved application.
    pub application: Application,
    /// The applicant's tier.
    pub tier: String,
    /// The applicant's field.
    pub field: String,
    /// Whether the field is on this year's shortage catalogue.
    pub shortage: bool,
    /// The day the application was made.
    pub applied_on: NaiveDate,
    /// The sort key (the ranking rule).
    pub key: RankKey,
}

pub(crate) fn payments(conn: &Connection, lease_id: i64) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM rent_payments WHERE lease_id = :l ORDER BY paid_on, id")?;
    let rows = stmt.query_map(named_params! { ":l": lease_id }, |r| {
        Ok(Payment {
            id: r.get("id")?,
            paid_on: r.get("paid_on")?,
            amount: Fen(r.get("amount")?),
            note: r.get("note")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn paid_by_lease(conn: &Connection) -> Result<std::collections::HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached("SELECT lease_id, sum(amount) FROM rent_payments GROUP BY lease_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn charged(lease: &Lease, day: NaiveDate) -> Fen {
    Fen(lease.charges(day).iter().map(|c| c.amount.fen()).sum())
}

/// The tenant's document number: masked, and whole.
fn document(conn: &Connection, talent_id: i64) -> Result<(String, crate::domain::PersonalNumber)> {
    let t = super::talents::get(conn, talent_id)?;
    let masked = crate::domain::DocumentNumber::parse(t.doc_type, t.doc_number.whole(), NaiveDate::MAX)
        .map(|d| d.masked())
        .unwrap_or_else(|_| "****".into());
    Ok((masked, t.doc_number))
}

/// Leases let on `day` (active or not yet moved out), with arrears; filtered by project and zone.
pub(crate) fn allocations(
    conn: &Connection,
    scope: &Scope,
    day: NaiveDate,
    project_id: Option<i64>,
    zone_id: Option<i64>,
) -> Result<Vec<LeaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE l.start_on <= :day AND coalesce(min(l.ended_on, l.end_on), l.end_on) >= :day
           AND (:project IS NULL OR p.id = :project) AND (:zone IS NULL OR p.zone_id = :zone){}
         ORDER BY p.name, u.building, length(u.unit), u.unit",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let leases = stmt
        .query_map(named_params! { ":day": day, ":project": project_id, ":zone": zone_id }, Lease::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows_with_arrears(conn, leases, day)
}

/// A lease's row of a list on `day`: its arrears, its rent then, its tenant's document.
fn lease_row(conn: &Connection, lease: Lease, arrears: Fen, day: NaiveDate) -> Result<LeaseRow> {
    let (document_masked, document_number) = document(conn, lease.talent_id)?;
    let (share, monthly) = (lease.share_on(day), lease.monthly_on(day));
    Ok(LeaseRow { lease, share, monthly, arrears, document_masked, document_number })
}

fn rows_with_arrears(conn: &Connection, leases: Vec<Lease>, day: NaiveDate) -> Result<Vec<LeaseRow>> {
    let paid = paid_by_lease(conn)?;
    leases
        .into_iter()
        .map(|lease| {
            let arrears = Fen(charged(&lease, day).fen() - paid.get(&lease.id).copied().unwrap_or(0));
            lease_row(conn, lease, arrears, day)
        })
        .collect()
}

/// Every lease with money owed on `day`, largest debt first.
pub(crate) fn arrears(conn: &Connection, scope: &Scope, day: NaiveDate) -> Result<Vec<LeaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE l.start_on <= :day{} ORDER BY l.id",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let leases =
        stmt.query_map(named_params! { ":day": day }, Lease::from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rows: Vec<LeaseRow> =
        rows_with_arrears(conn, leases, day)?.into_iter().filter(|r| r.arrears.fen() > 0).collect();
    rows.sort_by(|a, b| b.arrears.cmp(&a.arrears).then(a.lease.id.cmp(&b.lease.id)));
    Ok(rows)
}

/// One lease's row if money is owed on it on `day` (it must have started by then).
pub(crate) fn arrears_of(conn: &Connection, lease_id: i64, day: NaiveDate) -> Result<Option<LeaseRow>> {
    let lease = super::leases::get(conn, lease_id)?;
    if lease.start_on > day {
        return Ok(None);
    }
    let paid: i64 = payments(conn, lease_id)?.iter().map(|p| p.amount.fen()).sum();
    let arrears = Fen(charged(&lease, day).fen() - paid);
    if arrears.fen() <= 0 {
        return Ok(None);
    }
    lease_row(conn, lease, arrears, day).map(Some)
}

/// Active leases whose tenant must leave (exit rule), soonest deadline first.
pub(crate) fn must_leave(conn: &Connection, scope: &Scope) -> Result<Vec<Lease>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE l.status = 'active' AND l.must_leave_by IS NOT NULL{} ORDER BY l.must_leave_by, l.id",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt.query_map([], Lease::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every lease of a talent, newest first.
pub(crate) fn of_talent(conn: &Connection, talent_id: i64) -> Result<Vec<Lease>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE l.talent_id = :t ORDER BY l.id DESC"))?;
    let rows = stmt.query_map(named_params! { ":t": talent_id }, Lease::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Approved apartment applications without a lease, ranked by the policy's rule: tier (the
/// policy's order), shortage field, application day, number.
pub(crate) fn waiting_list(conn: &Connection, scope: &Scope, today: NaiveDate) -> Result<Vec<WaitingEntry>> {
    let versions = super::policy::versions(conn)?;
    let tiers: Vec<String> = crate::domain::policy::in_force(&versions, today)
        .map(|v| v.policy.tiers.iter().map(|t| t.code.to_string()).collect())
        .unwrap_or_default();
    let year = chrono::Datelike::year(&today);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, t.tier, t.field, substr(a.created_at, 1, 10) AS applied_on,
                EXISTS (SELECT 1 FROM shortage_catalogue s WHERE s.field = t.field AND s.year = :year) AS shortage
         FROM applications a JOIN talents t ON t.id = a.talent_id
         WHERE a.kind = 'apartment' AND a.stage = 'approved'
           AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.application_id = a.id)
           AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.talent_id = a.talent_id AND l.status = 'active'){}",
        super::access::condition(scope, "t.zone_id")
    ))?;
    let rows = stmt
        .query_map(named_params! { ":year": year }, |r| {
            Ok((
                r.get::<_, i64>("id")?,
                r.get::<_, String>("tier")?,
                r.get::<_, String>("field")?,
                r.get::<_, String>("applied_on")?,
                r.get::<_, bool>("shortage")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, tier, field, applied, shortage) in rows {
        let applied_on = NaiveDate::parse_from_str(&applied, "%Y-%m-%d").unwrap_or(today);
        let key = RankKey {
            tier_rank: tiers.iter().position(|t| *t == tier).unwrap_or(tiers.len()),
            not_shortage: u8::from(!shortage),
            applied_on,
            application_id: id,
        };
        let application = super::applications::get(conn, id)?;
        out.push(WaitingEntry { application, tier, field, shortage, applied_on, key });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

fn record_payment(
    conn: &Connection,
    actor: &Actor,
    lease_id: i64,
    paid_on: NaiveDate,
    amount: Fen,
    note: &str,
) -> Result<()> {
    super::error::counter_only(actor)?;
    if amount.fen() <= 0 {
        return Err(StoreError::Invalid { key: "rent.err.amount", args: Vec::new() });
    }
    let lease = super::leases::get(conn, lease_id)?;
    if paid_on < lease.start_on {
        return Err(StoreError::Invalid { key: "rent.err.before_lease", args: Vec::new() });
    }
    conn.execute(
        "INSERT INTO rent_payments (lease_id, paid_on, amount, note, user_id, at) VALUES (:l, :d, :a, :n, :u, :now)",
        named_params! {
            ":l": lease_id, ":d": paid_on, ":a": amount.fen(), ":n": note.trim(), ":u": actor.user_id, ":now": now_text(),
        },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "rent.payment",
            entity: "lease",
            entity_id: Some(lease_id),
            old: None,
            new: Some(serde_json::json!({ "paid_on": paid_on, "amount": amount.fen(), "note": note.trim() })),
        },
    )
}

impl Store {
    /// Records a rent payment against a lease.
    pub fn record_rent_payment(
        &mut self,
        actor: &Actor,
        lease_id: i64,
        paid_on: NaiveDate,
        amount: Fen,
        note: &str,
    ) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Lease(lease_id))?;
        record_payment(&tx, &rights.actor, lease_id, paid_on, amount, note)?;
        tx.commit()?;
        Ok(())
    }

    /// A lease's ledger on `day`.
    pub fn lease_ledger(&self, lease_id: i64, day: NaiveDate) -> Result<Ledger> {
        self.visible(Record::Lease(lease_id))?;
        let lease = super::leases::get(&self.conn, lease_id)?;
        let charges = lease.charges(day);
        let payments = payments(&self.conn, lease_id)?;
        let balance =
            Fen(charges.iter().map(|c| c.amount.fen()).sum::<i64>()
                - payments.iter().map(|p| p.amount.fen()).sum::<i64>());
        Ok(Ledger { charges, payments, balance })
    }

    /// The allocation list on `day`, optionally of one project and/or zone.
    pub fn allocations(&self, day: NaiveDate, project_id: Option<i64>, zone_id: Option<i64>) -> Result<Vec<LeaseRow>> {
        allocations(&self.conn, &self.scope, day, project_id, zone_id)
    }

    /// Everyone owing rent on `day`, largest debt first.
    pub fn rent_arrears(&self, day: NaiveDate) -> Result<Vec<LeaseRow>> {
        arrears(&self.conn, &self.scope, day)
    }

    /// Tenants who must leave under the exit rule.
    pub fn must_leave(&self) -> Result<Vec<Lease>> {
        must_leave(&self.conn, &self.scope)
    }

    /// Every lease of a talent, newest first.
    pub fn leases_of(&self, talent_id: i64) -> Result<Vec<Lease>> {
        self.visible(Record::Talent(talent_id))?;
        of_talent(&self.conn, talent_id)
    }

    /// The ranked waiting list.
    pub fn waiting_list(&self, today: NaiveDate) -> Result<Vec<WaitingEntry>> {
        waiting_list(&self.conn, &self.scope, today)
    }
}
