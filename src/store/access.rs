//! Who may see and change what, enforced here in the store: every write reads the actor's
//! rights again inside its transaction (a disabled account or a changed scope takes effect
//! at once) and refuses records of zones outside their scope; reads are narrowed by the
//! scope of the session the store serves ([`Store::set_scope`]).

use rusqlite::{Connection, OptionalExtension, Transaction, named_params};

use super::audit::{self, Change, now_text};
use super::users::{self, require_admin};
use super::{Result, Store, StoreError};
use crate::domain::access::{Rights, Scope};
use crate::domain::talent::NewTalent;
use crate::domain::{Actor, PersonalNumber};

/// A record whose zone decides who may see it. Cards, leases, grants and applications
/// belong to the zone of their talent; apartments to their project's zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Record {
    Talent(i64),
    Team(i64),
    Employer(i64),
    Card(i64),
    FamilyCard(i64),
    PrintJob(i64),
    Application(i64),
    Lease(i64),
    Grant(i64),
    Tranche(i64),
    Project(i64),
    Unit(i64),
}

impl Record {
    /// The query of the record's zone (`:id` the record), and what it is called when missing.
    fn zone_query(self) -> (&'static str, i64, &'static str) {
        match self {
            Record::Talent(id) => ("SELECT zone_id FROM talents WHERE id = :id", id, "talent"),
            Record::Team(id) => ("SELECT zone_id FROM teams WHERE id = :id", id, "team"),
            Record::Employer(id) => ("SELECT zone_id FROM employers WHERE id = :id", id, "employer"),
            Record::Card(id) => {
                ("SELECT t.zone_id FROM cards c JOIN talents t ON t.id = c.talent_id WHERE c.id = :id", id, "card")
            }
            Record::FamilyCard(id) => (
                "SELECT t.zone_id FROM family_cards f JOIN cards c ON c.id = f.main_card_id
                   JOIN talents t ON t.id = c.talent_id WHERE f.id = :id",
                id,
                "card",
            ),
            Record::PrintJob(id) => (
                "SELECT t.zone_id FROM card_prints p JOIN cards c ON c.id = p.card_id
                   JOIN talents t ON t.id = c.talent_id WHERE p.id = :id",
                id,
                "print",
            ),
            Record::Application(id) => (
                "SELECT t.zone_id FROM applications a JOIN talents t ON t.id = a.talent_id WHERE a.id = :id",
                id,
                "application",
            ),
            Record::Lease(id) => {
                ("SELECT t.zone_id FROM leases l JOIN talents t ON t.id = l.talent_id WHERE l.id = :id", id, "lease")
            }
            Record::Grant(id) => {
                ("SELECT t.zone_id FROM grants g JOIN talents t ON t.id = g.talent_id WHERE g.id = :id", id, "grant")
            }
            Record::Tranche(id) => (
                "SELECT t.zone_id FROM grant_tranches r JOIN grants g ON g.id = r.grant_id
                   JOIN talents t ON t.id = g.talent_id WHERE r.id = :id",
                id,
                "grant",
            ),
            Record::Project(id) => ("SELECT zone_id FROM apt_projects WHERE id = :id", id, "project"),
            Record::Unit(id) => (
                "SELECT p.zone_id FROM apt_units u JOIN apt_projects p ON p.id = u.project_id WHERE u.id = :id",
                id,
                "unit",
            ),
        }
    }
}

/// The zone a record belongs to.
pub(crate) fn zone_of(conn: &Connection, record: Record) -> Result<i64> {
    let (sql, id, what) = record.zone_query();
    conn.prepare_cached(sql)?
        .query_row(named_params! { ":id": id }, |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound { what })
}

/// Refuses a record outside `scope` (a missing record is `NotFound`, as before).
pub(crate) fn require(conn: &Connection, scope: &Scope, record: Record) -> Result<()> {
    if !scope.is_limited() {
        return Ok(());
    }
    if scope.allows(zone_of(conn, record)?) { Ok(()) } else { Err(StoreError::OutOfScope) }
}

/// Refuses a talent record (new or changed) of a zone or employer outside the scope.
pub(crate) fn require_talent_input(conn: &Connection, rights: &Rights, t: &NewTalent) -> Result<()> {
    rights.require_zone(t.zone_id)?;
    match t.employer_id {
        Some(e) => require(conn, &rights.scope, Record::Employer(e)),
        None => Ok(()),
    }
}

/// `AND column IN (…)` for a limited scope, nothing for every zone. The ids are integers
/// the store read, never text from a user, so they are written into the SQL; `column` is
/// a column name of the caller's query.
pub(crate) fn condition(scope: &Scope, column: &str) -> String {
    match scope.zone_ids() {
        None => String::new(),
        Some([]) => " AND 0".to_string(),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!(" AND {column} IN ({})", list.join(","))
        }
    }
}

/// The rights of user `user_id` as stored now; a disabled or missing account has none.
pub(crate) fn rights(conn: &Connection, user_id: i64) -> Result<Rights> {
    let user = match users::by_id(conn, user_id) {
        Err(StoreError::NotFound { .. }) => return Err(StoreError::NotAllowed),
        other => other?,
    };
    if !user.active {
        return Err(StoreError::AccountDisabled);
    }
    // Administrators manage everything; a scope on them would not hold (they could lift it).
    let scope =
        if user.zones.is_empty() || user.role.is_admin() { Scope::All } else { Scope::only(user.zones.clone()) };
    Ok(Rights { actor: user.actor(), scope, can_unmask: user.can_unmask })
}

/// Opens a read-only connection on a store's file with that store's zone scope, on
/// whichever thread calls [`ReaderOpener::open`].
#[derive(Clone, Debug)]
pub struct ReaderOpener {
    path: std::path::PathBuf,
    scope: Scope,
}

impl ReaderOpener {
    /// The reader, narrowed to the scope of the store it came from.
    pub fn open(&self) -> Result<Store> {
        let mut reader = Store::open_read_only(&self.path)?;
        reader.scope = self.scope.clone();
        Ok(reader)
    }
}

/// A talent's personal data in full, as [`Store::unmask_talent`] hands it out (its Debug,
/// like the talent's, shows only the ends).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmasked {
    /// The document number.
    pub doc_number: PersonalNumber,
    /// The phone (empty when none).
    pub phone: PersonalNumber,
}

impl Store {
    /// Starts a write on behalf of `actor`: takes the write lock, then reads the actor's
    /// rights again, so the write is judged by what the database says now.
    pub(crate) fn write_as(&mut self, actor: &Actor) -> Result<(Transaction<'_>, Rights)> {
        let tx = self.write()?;
        let rights = rights(&tx, actor.user_id)?;
        Ok((tx, rights))
    }

    /// The rights of `actor` as stored now (refused for a disabled account).
    pub fn rights(&self, actor: &Actor) -> Result<Rights> {
        rights(&self.conn, actor.user_id)
    }

    /// Narrows every read of this store (lists, searches, opened records) to `scope`: the
    /// app sets its logged-in user's scope; the command line keeps every zone.
    pub fn set_scope(&mut self, scope: Scope) {
        self.scope = scope;
    }

    /// The scope reads are narrowed to.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Refuses to show a record outside the scope of the session.
    pub(crate) fn visible(&self, record: Record) -> Result<()> {
        require(&self.conn, &self.scope, record)
    }

    /// A read-only connection of its own on the same file, with this store's scope, for a
    /// worker thread (`None` for a database in memory).
    pub fn open_reader(&self) -> Option<Result<Store>> {
        self.reader_opener().map(|opener| opener.open())
    }

    /// [`Store::open_reader`] for a worker that lives as long as a screen of the window (the
    /// talent and card lists): without the instance lock, which the window's own store holds
    /// for it. The window drops its screens, and so these workers, after a restore; holding
    /// the lock themselves, they would keep the window from ever restoring. Their read-only
    /// connections neither checkpoint nor remove the log when they close, so one still open
    /// on a replaced file touches nothing of the new one.
    pub fn open_list_reader(&self) -> Option<Result<Store>> {
        let path = self.path.clone()?;
        Some(Store::open_unlocked_reader(&path).map(|mut reader| {
            reader.scope = self.scope.clone();
            reader
        }))
    }

    /// What [`Store::open_reader`] needs, to open the reader later on the worker itself
    /// (`None` for a database in memory).
    pub fn reader_opener(&self) -> Option<ReaderOpener> {
        let path = self.path.clone()?;
        Some(ReaderOpener { path, scope: self.scope.clone() })
    }

    /// Stores an office-wide setting only an administrator may change (the idle minutes).
    pub fn set_admin_setting(&mut self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        require_admin(Some(&rights.actor))?;
        super::settings::set(&tx, Some(&rights.actor), key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// Shows one talent's document number and phone in full to a user with the right: the
    /// audit row (who, which record, when) is the whole transaction, and the values come
    /// back only once it is committed.
    pub fn unmask_talent(&mut self, actor: &Actor, talent_id: i64) -> Result<Unmasked> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_unmask()?;
        require(&tx, &rights.scope, Record::Talent(talent_id))?;
        let talent = super::talents::get(&tx, talent_id)?;
        audit::record(
            &tx,
            Some(&rights.actor),
            Change {
                action: "talent.unmask",
                entity: "talent",
                entity_id: Some(talent_id),
                old: None,
                new: Some(serde_json::json!({ "shown": ["doc_number", "phone"] })),
            },
        )?;
        tx.commit()?;
        Ok(Unmasked { doc_number: talent.doc_number, phone: talent.phone })
    }

    /// An administrator limits a user to `zones` (empty: every zone) and grants or takes
    /// away the right to see personal data in full; one audit row says what changed.
    pub fn set_user_access(&mut self, actor: &Actor, user_id: i64, zones: &[i64], can_unmask: bool) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        set_access(&tx, &rights.actor, user_id, zones, can_unmask)?;
        tx.commit()?;
        Ok(())
    }
}

fn set_access(conn: &Connection, actor: &Actor, user_id: i64, zones: &[i64], can_unmask: bool) -> Result<()> {
    require_admin(Some(actor))?;
    let before = users::by_id(conn, user_id)?;
    if before.role.is_admin() && !zones.is_empty() {
        return Err(StoreError::rule("access.admin_unscoped"));
    }
    for zone in zones {
        let known: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM zones WHERE id = :z)", named_params! { ":z": zone }, |r| {
                r.get(0)
            })?;
        if !known {
            return Err(StoreError::NotFound { what: "zone" });
        }
    }
    conn.execute("DELETE FROM user_zones WHERE user_id = :u", named_params! { ":u": user_id })?;
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO user_zones (user_id, zone_id) VALUES (:u, :z)")?;
    for zone in zones {
        insert.execute(named_params! { ":u": user_id, ":z": zone })?;
    }
    conn.execute(
        "UPDATE users SET can_unmask = :c, updated_at = :now WHERE id = :id",
        named_params! { ":c": i64::from(can_unmask), ":now": now_text(), ":id": user_id },
    )?;
    let after = users::by_id(conn, user_id)?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "user.set_access",
            entity: "user",
            entity_id: Some(user_id),
            old: Some(serde_json::json!({ "zones": before.zones, "can_unmask": before.can_unmask })),
            new: Some(serde_json::json!({ "zones": after.zones, "can_unmask": after.can_unmask })),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_name_the_zones_or_nothing() {
        assert_eq!(condition(&Scope::All, "t.zone_id"), "");
        assert_eq!(condition(&Scope::only([2, 1]), "t.zone_id"), " AND t.zone_id IN (1,2)");
        assert_eq!(condition(&Scope::only([]), "t.zone_id"), " AND 0");
    }
}
