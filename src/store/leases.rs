//! Leases (配租): allocation of a unit to a talent on the waiting list, renewal within the
//! term cap, the end of a lease, the exit rule, and cash rent subsidies. Every refusal is
//! checked inside the write transaction, so two clerks letting the same unit at once cannot
//! both succeed (the second waits for the first's IMMEDIATE transaction, then sees its lease).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::{Result, Store, StoreError};
use crate::domain::card::CardState;
use crate::domain::housing::{self, Area, LaterRent, RentTerms};
use crate::domain::{Actor, Bp, Fen, Message, PolicyVersion, TierCode};

/// A lease as stored, with what lists show about its unit and tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    /// Row id.
    pub id: i64,
    /// The unit.
    pub unit_id: i64,
    /// Project name.
    pub project_name: String,
    /// Building.
    pub building: String,
    /// Unit number.
    pub unit: String,
    /// Floor area.
    pub area: Area,
    /// The project's zone.
    pub zone_name: String,
    /// The tenant.
    pub talent_id: i64,
    /// The tenant's name.
    pub talent_name: String,
    /// The tenant's tier.
    pub tier: String,
    /// The tenant's employer ('' when none).
    pub employer_name: String,
    /// The application it came from.
    pub application_id: Option<i64>,
    /// First day.
    pub start_on: NaiveDate,
    /// Last day as agreed.
    pub end_on: NaiveDate,
    /// Share of market rent, frozen at signing.
    pub rent_share: Bp,
    /// Market rent at signing.
    pub market_rent: Fen,
    /// Monthly rent (at the first share).
    pub monthly_rent: Fen,
    /// The later share and rent after N full years, frozen at signing, if the policy had one.
    pub later: Option<LaterRent>,
    /// Deposit.
    pub deposit: Fen,
    /// The policy version used (the one in force on `signed_on`).
    pub policy_version: i64,
    /// The day it was signed (recorded).
    pub signed_on: NaiveDate,
    /// Whether it still runs.
    pub active: bool,
    /// The move-out day of an ended lease.
    pub ended_on: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: String,
    /// The day the tenant must have left by (exit rule), if it applies.
    pub must_leave_by: Option<NaiveDate>,
    /// Why the exit rule applies.
    pub must_leave_why: String,
}

impl Lease {
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Lease> {
        Ok(Lease {
            id: r.get("id")?,
            unit_id: r.get("unit_id")?,
            project_name: r.get("project_name")?,
            building: r.get("building")?,
            unit: r.get("unit")?,
            area: Area(r.get("area")?),
            zone_name: r.get("zone_name")?,
            talent_id: r.get("talent_id")?,
            talent_name: r.get("talent_name")?,
            tier: r.get("tier")?,
            employer_name: r.get("employer_name")?,
            application_id: r.get("application_id")?,
            start_on: r.get("start_on")?,
            end_on: r.get("end_on")?,
            rent_share: Bp(r.get("rent_share")?),
            market_rent: Fen(r.get("market_rent")?),
            monthly_rent: Fen(r.get("monthly_rent")?),
            later: later_from_row(r)?,
            deposit: Fen(r.get("deposit")?),
            policy_version: r.get("policy_version")?,
            signed_on: r.get("signed_on")?,
            active: r.get::<_, String>("status")? == "active",
            ended_on: r.get("ended_on")?,
            end_reason: r.get("end_reason")?,
            must_leave_by: r.get("must_leave_by")?,
            must_leave_why: r.get("must_leave_why")?,
        })
    }

    /// What the lease charges over time: its rent, and the later rent from its anniversary.
    pub fn terms(&self) -> RentTerms {
        RentTerms { monthly: self.monthly_rent, later: self.later.map(|l| (l.from_day(self.start_on), l.monthly)) }
    }

    /// The share of market rent in force on `day`.
    pub fn share_on(&self, day: NaiveDate) -> Bp {
        match self.later {
            Some(l) if day >= l.from_day(self.start_on) => l.share,
            _ => self.rent_share,
        }
    }

    /// The monthly rent in force on `day`.
    pub fn monthly_on(&self, day: NaiveDate) -> Fen {
        self.terms().monthly_on(day)
    }

    /// The last day let: the move-out day of an ended lease, the agreed end otherwise.
    pub fn last_day(&self) -> NaiveDate {
        self.ended_on.map_or(self.end_on, |e| e.min(self.end_on))
    }

    /// The monthly charges up to `until` (derived from the frozen terms).
    pub fn charges(&self, until: NaiveDate) -> Vec<housing::Charge> {
        housing::charges(self.start_on, self.last_day(), self.terms(), until)
    }
}

fn later_from_row(r: &Row<'_>) -> rusqlite::Result<Option<LaterRent>> {
    let years: Option<u32> = r.get("rent_after_years")?;
    let share: Option<u32> = r.get("rent_after_share")?;
    let monthly: Option<i64> = r.get("rent_after_monthly")?;
    // The schema keeps the three together.
    Ok(match (years, share, monthly) {
        (Some(years), Some(share), Some(monthly)) => Some(LaterRent { years, share: Bp(share), monthly: Fen(monthly) }),
        _ => None,
    })
}

pub(crate) const SELECT: &str = "SELECT l.*, p.name AS project_name, u.building, u.unit, u.area, z.name AS zone_name,
        t.name AS talent_name, t.tier AS tier, coalesce(e.name, '') AS employer_name
     FROM leases l JOIN apt_units u ON u.id = l.unit_id JOIN apt_projects p ON p.id = u.project_id
     JOIN zones z ON z.id = p.zone_id JOIN talents t ON t.id = l.talent_id LEFT JOIN employers e ON e.id = t.employer_id";

/// A lease to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLease {
    /// The approved apartment application it answers (None: a direct allocation).
    pub application_id: Option<i64>,
    /// The tenant.
    pub talent_id: i64,
    /// The unit.
    pub unit_id: i64,
    /// First day.
    pub start_on: NaiveDate,
    /// Last day.
    pub end_on: NaiveDate,
    /// Deposit.
    pub deposit: Fen,
}

fn from_message(m: Message) -> StoreError {
    StoreError::Invalid { key: m.key, args: m.args }
}

/// One lease.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Lease> {
    conn.query_row(&format!("{SELECT} WHERE l.id = :id"), named_params! { ":id": id }, Lease::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "lease" })
}

/// Whether another lease of the unit covers any day of `[from, to]`.
fn unit_taken(conn: &Connection, unit_id: i64, from: NaiveDate, to: NaiveDate, except: Option<i64>) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM leases WHERE unit_id = :u AND id IS NOT :except
             AND start_on <= :to AND coalesce(min(ended_on, end_on), end_on) >= :from)",
        named_params! { ":u": unit_id, ":from": from, ":to": to, ":except": except },
        |r| r.get(0),
    )?)
}

/// Whether a cash rent subsidy of the talent covers any day of `[from, to]`.
fn subsidy_overlaps(conn: &Connection, talent_id: i64, from: NaiveDate, to: NaiveDate) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM rent_subsidies WHERE talent_id = :t AND from_on <= :to AND to_on >= :from)",
        named_params! { ":t": talent_id, ":from": from, ":to": to },
        |r| r.get(0),
    )?)
}

/// Signs a lease on `signed_on` under `policy` (the version in force that day).
pub(crate) fn allocate(
    conn: &Connection,
    actor: &Actor,
    new: &NewLease,
    signed_on: NaiveDate,
    policy: &PolicyVersion,
) -> Result<Lease> {
    super::error::counter_only(actor)?;
    housing::check_term(new.start_on, new.end_on, policy.policy.lease_term_cap_years).map_err(from_message)?;
    if new.deposit.fen() < 0 {
        return Err(StoreError::rule("lease.err.deposit"));
    }
    if let Some(app_id) = new.application_id {
        let app = super::applications::get(conn, app_id)?;
        if app.kind != super::ApplicationKind::Apartment
            || app.stage != crate::domain::review::Stage::Approved
            || app.talent_id != new.talent_id
        {
            return Err(StoreError::rule("lease.err.not_approved"));
        }
    }
    let talent = super::talents::get(conn, new.talent_id)?;
    let valid_card =
        super::cards::of_talent(conn, talent.id)?.iter().any(|c| c.state_on(new.start_on) == CardState::Valid);
    if !valid_card {
        return Err(StoreError::rule("lease.err.no_card"));
    }
    let has_lease: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM leases WHERE talent_id = :t AND status = 'active')",
        named_params! { ":t": talent.id },
        |r| r.get(0),
    )?;
    if has_lease {
        return Err(StoreError::rule("lease.err.has_lease"));
    }
    if subsidy_overlaps(conn, talent.id, new.start_on, new.end_on)? {
        return Err(StoreError::rule("lease.err.subsidy"));
    }
    let unit = super::housing::unit(conn, new.unit_id, new.start_on)?;
    if unit.state == super::UnitState::Repair {
        return Err(StoreError::rule("lease.err.repair"));
    }
    if unit_taken(conn, unit.id, new.start_on, new.end_on, None)? {
        return Err(StoreError::rule("lease.err.unit_taken"));
    }
    let market = unit.market_rent.ok_or_else(|| StoreError::rule("lease.err.no_market_rent"))?;
    let tier = TierCode::parse(&talent.tier).map_err(|e| StoreError::invalid(&e))?;
    let rule = policy.policy.tier(&tier).ok_or_else(|| StoreError::rule("card.err.no_tier_rule"))?;
    let share = rule.rent;
    let monthly = housing::monthly_rent(market, share);
    let later = LaterRent::of(market, rule.rent_after);
    let now = now_text();
    conn.execute(
        "INSERT INTO leases (unit_id, talent_id, application_id, start_on, end_on, rent_share, market_rent, monthly_rent,
                             rent_after_years, rent_after_share, rent_after_monthly,
                             deposit, policy_version, signed_on, status, created_at, updated_at)
         VALUES (:unit, :talent, :app, :start, :end, :share, :market, :monthly, :after_years, :after_share,
                 :after_monthly, :deposit, :policy, :signed, 'active', :now, :now)",
        named_params! {
            ":unit": unit.id, ":talent": talent.id, ":app": new.application_id, ":start": new.start_on,
            ":end": new.end_on, ":share": share.0, ":market": market.fen(), ":monthly": monthly.fen(),
            ":after_years": later.map(|l| l.years), ":after_share": later.map(|l| l.share.0),
            ":after_monthly": later.map(|l| l.monthly.fen()),
            ":deposit": new.deposit.fen(), ":policy": policy.id, ":signed": signed_on, ":now": now,
        },
    )?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "lease.sign",
            entity: "lease",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({
                "unit_id": unit.id, "talent_id": talent.id, "start": new.start_on, "end": new.end_on,
                "rent_share": share.0, "market_rent": market.fen(), "monthly_rent": monthly.fen(),
                "rent_after": later.map(|l| serde_json::json!({
                    "years": l.years, "share": l.share.0, "monthly_rent": l.monthly.fen(),
                })),
                "deposit": new.deposit.fen(), "policy_version": policy.id, "signed_on": signed_on,
            })),
        },
    )?;
    get(conn, id)
}

/// Extends an active lease to `new_end`, within the term cap counted from its start. A
/// renewal continues the same tenancy: the shares, the years before the later share and
/// the rents frozen at signing stay, and the years keep counting from the first day.
pub(crate) fn renew(
    conn: &Connection,
    actor: &Actor,
    id: i64,
    new_end: NaiveDate,
    policy: &PolicyVersion,
) -> Result<Lease> {
    super::error::counter_only(actor)?;
    let lease = get(conn, id)?;
    if !lease.active {
        return Err(StoreError::rule("lease.err.not_active"));
    }
    if new_end <= lease.end_on {
        return Err(StoreError::rule("lease.err.not_longer"));
    }
    housing::check_term(lease.start_on, new_end, policy.policy.lease_term_cap_years).map_err(from_message)?;
    if unit_taken(conn, lease.unit_id, lease.start_on, new_end, Some(id))? {
        return Err(StoreError::rule("lease.err.unit_taken"));
    }
    conn.execute(
        "UPDATE leases SET end_on = :e, updated_at = :now WHERE id = :id",
        named_params! { ":e": new_end, ":now": now_text(), ":id": id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "lease.renew",
            entity: "lease",
            entity_id: Some(id),
            old: Some(serde_json::json!({ "end": lease.end_on })),
            new: Some(serde_json::json!({ "end": new_end, "policy_version": policy.id })),
        },
    )?;
    get(conn, id)
}

/// Ends an active lease on the move-out day, with a reason.
pub(crate) fn end(conn: &Connection, actor: &Actor, id: i64, on: NaiveDate, reason: &str) -> Result<Lease> {
    super::error::counter_only(actor)?;
    let lease = get(conn, id)?;
    if !lease.active {
        return Err(StoreError::rule("lease.err.not_active"));
    }
    let reason = super::error::reason(reason)?;
    let reason = reason.as_str();
    if on < lease.start_on {
        return Err(StoreError::rule("lease.err.end_before_start"));
    }
    conn.execute(
        "UPDATE leases SET status = 'ended', ended_on = :on, end_reason = :r, updated_at = :now WHERE id = :id",
        named_params! { ":on": on.min(lease.end_on), ":r": reason.trim(), ":now": now_text(), ":id": id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "lease.end",
            entity: "lease",
            entity_id: Some(id),
            old: None,
            new: Some(serde_json::json!({ "ended_on": on, "reason": reason.trim() })),
        },
    )?;
    get(conn, id)
}

/// The exit rule: the talent's active lease must end within the policy's exit period of
/// `event` (card revoked, employer left). An earlier deadline is kept.
pub(crate) fn mark_exit(conn: &Connection, talent_id: i64, event: NaiveDate, why: &str) -> Result<()> {
    let versions = super::policy::versions(conn)?;
    let months = crate::domain::policy::in_force(&versions, event).map_or(3, |v| v.policy.lease_exit_months);
    let by = housing::must_leave_by(event, months);
    let changed = conn.execute(
        "UPDATE leases SET must_leave_by = :by, must_leave_why = :why, updated_at = :now
         WHERE talent_id = :t AND status = 'active' AND (must_leave_by IS NULL OR must_leave_by > :by)",
        named_params! { ":by": by, ":why": why, ":now": now_text(), ":t": talent_id },
    )?;
    if changed > 0 {
        audit::record(
            conn,
            None,
            Change {
                action: "lease.exit_rule",
                entity: "talent",
                entity_id: Some(talent_id),
                old: None,
                new: Some(serde_json::json!({ "must_leave_by": by, "why": why })),
            },
        )?;
    }
    Ok(())
}

/// Records a cash rent subsidy; refused while the talent holds a discounted apartment then.
fn add_subsidy(
    conn: &Connection,
    actor: &Actor,
    talent_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    monthly: Fen,
) -> Result<()> {
    super::error::counter_only(actor)?;
    if to < from || monthly.fen() <= 0 {
        return Err(StoreError::rule("subsidy.err.values"));
    }
    let overlaps: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM leases WHERE talent_id = :t AND start_on <= :to
             AND coalesce(min(ended_on, end_on), end_on) >= :from)",
        named_params! { ":t": talent_id, ":from": from, ":to": to },
        |r| r.get(0),
    )?;
    if overlaps {
        return Err(StoreError::rule("lease.err.subsidy"));
    }
    conn.execute(
        "INSERT INTO rent_subsidies (talent_id, from_on, to_on, monthly, created_at) VALUES (:t, :f, :to, :m, :now)",
        named_params! { ":t": talent_id, ":f": from, ":to": to, ":m": monthly.fen(), ":now": now_text() },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "subsidy.add",
            entity: "talent",
            entity_id: Some(talent_id),
            old: None,
            new: Some(serde_json::json!({ "from": from, "to": to, "monthly": monthly.fen() })),
        },
    )
}

impl Store {
    /// Signs a lease on `today` under the policy in force that day (not on its start day:
    /// the office applies the terms in force when the lease is signed).
    pub fn allocate_unit(&mut self, actor: &Actor, new: &NewLease, today: NaiveDate) -> Result<Lease> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Talent(new.talent_id))?;
        let policy = super::policy::in_force_on(&tx, today)?;
        let l = allocate(&tx, &rights.actor, new, today, &policy)?;
        tx.commit()?;
        Ok(l)
    }

    /// Extends a lease within the term cap (policy in force today).
    pub fn renew_lease(&mut self, actor: &Actor, id: i64, new_end: NaiveDate, today: NaiveDate) -> Result<Lease> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Lease(id))?;
        let policy = super::policy::in_force_on(&tx, today)?;
        let l = renew(&tx, &rights.actor, id, new_end, &policy)?;
        tx.commit()?;
        Ok(l)
    }

    /// Ends a lease on the move-out day.
    pub fn end_lease(&mut self, actor: &Actor, id: i64, on: NaiveDate, reason: &str) -> Result<Lease> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Lease(id))?;
        let l = end(&tx, &rights.actor, id, on, reason)?;
        tx.commit()?;
        Ok(l)
    }

    /// One lease (refused outside the scope).
    pub fn lease(&self, id: i64) -> Result<Lease> {
        self.visible(Record::Lease(id))?;
        get(&self.conn, id)
    }

    /// Records a cash rent subsidy (refused while the talent holds a discounted apartment).
    pub fn add_rent_subsidy(
        &mut self,
        actor: &Actor,
        talent_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        monthly: Fen,
    ) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Talent(talent_id))?;
        add_subsidy(&tx, &rights.actor, talent_id, from, to, monthly)?;
        tx.commit()?;
        Ok(())
    }
}
