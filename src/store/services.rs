//! The service catalogue (一卡通用) and the log of each use of a service against a card.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::{Result, Store, StoreError};
use crate::domain::card::CardState;
use crate::domain::family::{NewServiceUse, ServiceNames};
use crate::domain::{Actor, Role, TierCode};
use crate::i18n::Lang;

/// A service of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// Stable code, named by policy versions.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Place in the office's order.
    pub position: i64,
    /// Whether it is still offered.
    pub active: bool,
}

impl Service {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Service> {
        Ok(Service {
            code: r.get("code")?,
            name_zh: r.get("name_zh")?,
            name_en: r.get("name_en")?,
            position: r.get("position")?,
            active: r.get("active")?,
        })
    }

    /// The name in the clerk's language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// One logged use of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceUse {
    /// Row id.
    pub id: i64,
    /// Service code.
    pub service: String,
    /// The attached card that was shown, if it was one.
    pub family_card_id: Option<i64>,
    /// Day of use.
    pub used_on: NaiveDate,
    /// Provider.
    pub provider: String,
    /// Note.
    pub note: String,
    /// Who logged it.
    pub username: String,
}

/// The whole catalogue in the office's order, retired services included.
pub(crate) fn catalogue(conn: &Connection) -> Result<Vec<Service>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM services ORDER BY position, code")?;
    let rows = stmt.query_map([], Service::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn admin_only(actor: &Actor) -> Result<()> {
    if actor.role == Role::Admin { Ok(()) } else { Err(StoreError::NotAllowed) }
}

/// Adds a service; its code is made from the next free number (`service_N`).
fn add(conn: &Connection, actor: &Actor, names: &ServiceNames) -> Result<Service> {
    admin_only(actor)?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM services WHERE name_zh = :zh OR name_en = :en COLLATE NOCASE)",
        named_params! { ":zh": names.name_zh, ":en": names.name_en },
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::rule("service.err.taken"));
    }
    let (n, position): (i64, i64) =
        conn.query_row("SELECT count(*) + 1, coalesce(max(position), 0) + 1 FROM services", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let mut code = format!("service_{n}");
    while conn
        .query_row("SELECT 1 FROM services WHERE code = :c", named_params! { ":c": code }, |_| Ok(()))
        .optional()?
        .is_some()
    {
        code.push('x');
    }
    let now = now_text();
    conn.execute(
        "INSERT INTO services (code, name_zh, name_en, position, created_at, updated_at)
         VALUES (:code, :zh, :en, :pos, :now, :now)",
        named_params! { ":code": code, ":zh": names.name_zh, ":en": names.name_en, ":pos": position, ":now": now },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "service.add",
            entity: "service",
            entity_id: None,
            old: None,
            new: Some(serde_json::json!({ "code": code, "name_zh": names.name_zh, "name_en": names.name_en })),
        },
    )?;
    get(conn, &code)
}

fn get(conn: &Connection, code: &str) -> Result<Service> {
    conn.query_row("SELECT * FROM services WHERE code = :c", named_params! { ":c": code }, Service::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "service" })
}

/// Renames a service and sets whether it is offered.
fn update(conn: &Connection, actor: &Actor, code: &str, names: &ServiceNames, active: bool) -> Result<Service> {
    admin_only(actor)?;
    let old = get(conn, code)?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM services WHERE code <> :code AND (name_zh = :zh OR name_en = :en COLLATE NOCASE))",
        named_params! { ":code": code, ":zh": names.name_zh, ":en": names.name_en },
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::rule("service.err.taken"));
    }
    conn.execute(
        "UPDATE services SET name_zh = :zh, name_en = :en, active = :active, updated_at = :now WHERE code = :code",
        named_params! { ":zh": names.name_zh, ":en": names.name_en, ":active": active, ":now": now_text(), ":code": code },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "service.update",
            entity: "service",
            entity_id: None,
            old: Some(
                serde_json::json!({ "code": code, "name_zh": old.name_zh, "name_en": old.name_en, "active": old.active }),
            ),
            new: Some(
                serde_json::json!({ "code": code, "name_zh": names.name_zh, "name_en": names.name_en, "active": active }),
            ),
        },
    )?;
    get(conn, code)
}

/// The codes of the services a tier is entitled to on `on`, under the policy then in force,
/// leaving out retired services.
pub(crate) fn entitled(conn: &Connection, tier: &str, on: NaiveDate) -> Result<Vec<Service>> {
    let versions = super::policy::versions(conn)?;
    let Some(version) = crate::domain::policy::in_force(&versions, on) else { return Ok(Vec::new()) };
    let codes = TierCode::parse(tier)
        .ok()
        .and_then(|t| version.policy.tier(&t).map(|r| r.services.clone()))
        .unwrap_or_default();
    Ok(catalogue(conn)?.into_iter().filter(|s| s.active && codes.contains(&s.code)).collect())
}

/// Logs a use of a service against a card (or one of its attached cards): the card must
/// be valid on the day of use and entitle its holder to the service.
fn log_use(
    conn: &Connection,
    actor: &Actor,
    card_id: i64,
    family_card_id: Option<i64>,
    u: &NewServiceUse,
) -> Result<ServiceUse> {
    super::error::counter_only(actor)?;
    let card = super::cards::get(conn, card_id)?;
    if u.used_on < card.issued_on || card.state_on(u.used_on) != CardState::Valid {
        return Err(StoreError::rule("service.err.card_not_valid"));
    }
    if let Some(f) = family_card_id {
        let fc = super::family::get(conn, f)?;
        if fc.main_card_id != card_id || fc.cancelled_on.is_some_and(|c| c <= u.used_on) {
            return Err(StoreError::rule("service.err.card_not_valid"));
        }
    }
    if !entitled(conn, &card.tier, u.used_on)?.iter().any(|s| s.code == u.service) {
        return Err(StoreError::rule("service.err.not_entitled"));
    }
    conn.execute(
        "INSERT INTO service_uses (card_id, family_card_id, service, used_on, provider, note, user_id, at)
         VALUES (:card, :family, :service, :on, :provider, :note, :user, :now)",
        named_params! {
            ":card": card_id, ":family": family_card_id, ":service": u.service, ":on": u.used_on,
            ":provider": u.provider, ":note": u.note, ":user": actor.user_id, ":now": now_text(),
        },
    )?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "service.use",
            entity: "card",
            entity_id: Some(card_id),
            old: None,
            new: Some(serde_json::json!({
                "service": u.service, "on": u.used_on, "provider": u.provider, "family_card": family_card_id,
            })),
        },
    )?;
    uses_of(conn, card_id)?.into_iter().find(|x| x.id == id).ok_or(StoreError::NotFound { what: "service" })
}

/// Every use logged against a card, newest first.
pub(crate) fn uses_of(conn: &Connection, card_id: i64) -> Result<Vec<ServiceUse>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.*, coalesce(u.username, 'system') AS username FROM service_uses s
         LEFT JOIN users u ON u.id = s.user_id WHERE s.card_id = :c ORDER BY s.used_on DESC, s.id DESC",
    )?;
    let rows = stmt.query_map(named_params! { ":c": card_id }, |r| {
        Ok(ServiceUse {
            id: r.get("id")?,
            service: r.get("service")?,
            family_card_id: r.get("family_card_id")?,
            used_on: r.get("used_on")?,
            provider: r.get("provider")?,
            note: r.get("note")?,
            username: r.get("username")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The service catalogue in the office's order, retired services included.
    pub fn services(&self) -> Result<Vec<Service>> {
        catalogue(&self.conn)
    }

    /// An administrator adds a service to the catalogue.
    pub fn add_service(&mut self, actor: &Actor, names: &ServiceNames) -> Result<Service> {
        let (tx, rights) = self.write_as(actor)?;
        let s = add(&tx, &rights.actor, names)?;
        tx.commit()?;
        Ok(s)
    }

    /// An administrator renames a service or retires it (or offers it again).
    pub fn update_service(&mut self, actor: &Actor, code: &str, names: &ServiceNames, active: bool) -> Result<Service> {
        let (tx, rights) = self.write_as(actor)?;
        let s = update(&tx, &rights.actor, code, names, active)?;
        tx.commit()?;
        Ok(s)
    }

    /// The services a card of `tier` entitles its holder to on `on`.
    pub fn entitled_services(&self, tier: &str, on: NaiveDate) -> Result<Vec<Service>> {
        entitled(&self.conn, tier, on)
    }

    /// Logs a use of a service against a card (or one of its attached cards).
    pub fn log_service_use(
        &mut self,
        actor: &Actor,
        card_id: i64,
        family_card_id: Option<i64>,
        service_use: &NewServiceUse,
    ) -> Result<ServiceUse> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Card(card_id))?;
        let u = log_use(&tx, &rights.actor, card_id, family_card_id, service_use)?;
        tx.commit()?;
        Ok(u)
    }

    /// Every use logged against a card, newest first.
    pub fn service_uses(&self, card_id: i64) -> Result<Vec<ServiceUse>> {
        self.visible(Record::Card(card_id))?;
        uses_of(&self.conn, card_id)
    }
}
