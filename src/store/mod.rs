//! SQLite persistence: one module per table group, append-only migrations, and the
//! [`Store`] facade that the UI and the CLI use. All SQL of the program lives below here.

mod access;
mod alert_history;
mod alerts;
mod anchor;
mod applications;
mod audit;
mod audit_query;
mod backup;
mod backup_list;
mod bulk_insert;
mod card_check;
mod card_list;
mod cards;
mod checkpoint;
mod cipher;
mod dashboard;
mod dashboard_counts;
mod demo_audit;
mod demo_bulk;
mod demo_cards;
mod demo_grants;
mod demo_housing;
mod demo_policy;
mod digest;
mod duplicates;
mod entitlements;
mod error;
mod family;
mod grant_money;
mod grants;
mod housing;
mod import;
mod import_new;
mod leases;
mod lifecycle;
mod location;
mod lock;
mod login;
mod open;
mod paths;
mod policy;
mod prints;
mod recovery;
mod registry;
mod registry_api;
mod rent;
mod restore;
mod schema;
pub mod search;
mod search_index;
mod services;
mod settings;
mod talents;
mod teams;
mod users;
mod workflow;

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::Connection;

pub use access::{ReaderOpener, Unmasked};
pub use alert_history::{AckRecord, AckStatus};
pub use alerts::{Ack, Alert, Detail};
pub use anchor::{Anchor, AuditHead};
pub use applications::{Application, ApplicationKind, ReviewAction};
pub use audit::{AuditEntry, ExportOrigin};
pub use audit_query::{AuditFilter, AuditUser};
pub use backup::BackupInfo;
pub use backup_list::{BackupEntry, backups_dir, list as list_backups, rotate as rotate_backups};
pub use card_check::CardCheck;
pub use card_list::CardQuery;
pub use cards::{Card, CardEvent, ExpiringFilter};
pub use cipher::{AVAILABLE as ENCRYPTION_AVAILABLE, use_key};
pub use dashboard::{Actuals, CardStates, Dashboard, MonthCards, Occupancy, ZoneFigures};
pub use demo_bulk::{DemoEmployer, DemoTalent, DemoTeam, DemoZone};
pub use demo_cards::DemoCard;
pub use duplicates::DuplicatePair;
pub use entitlements::Entitlements;
pub use error::StoreError;
pub use family::FamilyCard;
pub use grant_money::{GrantEntry, Tranche};
pub use grants::{Grant, GrantKind, NewGrant, Programme};
pub use housing::{AptProject, AptUnit, NewUnit, UnitState};
pub use import::{ImportCounts, ImportPlan, PlannedNew, PlannedUpdate};
pub use leases::{Lease, NewLease};
pub use location::{NetworkDrive, network_drive};
pub use lock::{ExclusiveLock, exclusive as take_exclusive};
pub use login::{CheckedLogin, LoginAttempt};
pub use policy::VersionNote;
pub use prints::{PrintJob, PrintState};
pub use recovery::{Damage, copy_aside, examine, offers_recovery, quick_check_file, recover_file, recover_locked};
pub use registry::{Employer, RegistryCounts, ShortageEntry, Zone, ZoneTarget};
pub use rent::{LeaseRow, Ledger, Payment, WaitingEntry};
pub use restore::{BackupFacts, RestorePhase, Restored, restore_file, restore_locked, verify as verify_backup};
pub use schema::LATEST_VERSION;
pub use search::{TalentQuery, TalentRow, TalentSort};
pub use services::{Service, ServiceUse};
pub use talents::Talent;
pub use teams::{NewTeam, Team, TeamMember};
pub use users::{NewUser, User};

use crate::domain::PolicyVersion;
use crate::domain::account::Actor;

/// A zone and one talent (单伟, passport E12345678), the smallest registry store tests need.
#[cfg(test)]
pub(crate) const ONE_TALENT_SQL: &str = "INSERT INTO zones (code, name, created_at, updated_at) VALUES ('GX', '高新区', '', '');
     INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, zone_id, tier, created_at, updated_at)
     VALUES ('单伟', 'M', '1990-03-07', '中国', 'passport', 'E12345678', 1, 'C', '', '');";

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The open database: the only way the rest of the program reads or writes data.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Search's copy of the employer names (see [`search`]).
    employer_names: search::EmployerNames,
    /// The zones every read is narrowed to (see [`Store::set_scope`]).
    scope: crate::domain::access::Scope,
    /// Copies the write-ahead log into the file off the commit path (files only). Before
    /// the lock: its connection is closed (and its thread ended) before the lock goes.
    _checkpointer: Option<checkpoint::Checkpointer>,
    /// Held while the file is open, so that a restore is refused meanwhile.
    lock: Option<lock::InstanceLock>,
    /// Closed for a restore, or not opened again after one (see [`Store::is_closed`]).
    closed: bool,
}

impl Store {
    /// Stops the database file from growing past its current size (`PRAGMA max_page_count`,
    /// for this connection only), so that the next write that needs a new page fails as on a
    /// full disk. For tests of the disk-full path; nothing in the program calls it.
    #[doc(hidden)]
    pub fn freeze_size_for_tests(&self) -> Result<()> {
        let _pages: i64 = self.conn.pragma_update_and_check(None, "max_page_count", 1, |r| r.get(0))?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::user_version(&self.conn)
    }

    /// Runs SQLite's integrity and foreign-key checks, the schema version check and the
    /// audit hash chain; returns the problems found (empty when all is well).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = open::integrity_problems(&self.conn)?;
        let version = self.schema_version()?;
        if version != LATEST_VERSION {
            problems.push(format!("schema version {version}, expected {LATEST_VERSION}"));
        }
        if let Some(broken) = audit::verify_chain(&self.conn)? {
            problems.push(format!("audit chain broken at row {broken}"));
        }
        problems.extend(self.anchor_problems()?);
        Ok(problems)
    }

    // ---- users -------------------------------------------------------------------------

    /// How many user accounts exist (zero means the first start: set up an administrator).
    pub fn user_count(&self) -> Result<i64> {
        users::count(&self.conn)
    }

    /// Creates the first administrator; refused once any user exists.
    pub fn create_first_admin(&mut self, new: &NewUser) -> Result<Actor> {
        let tx = self.write()?;
        let actor = users::create_first_admin(&tx, new)?;
        tx.commit()?;
        Ok(actor)
    }

    /// Creates a user on behalf of an administrator.
    pub fn create_user(&mut self, actor: &Actor, new: &NewUser) -> Result<User> {
        let (tx, rights) = self.write_as(actor)?;
        let user = users::create(&tx, Some(&rights.actor), new)?;
        tx.commit()?;
        Ok(user)
    }

    /// Creates a user from a trusted command line (no logged-in actor).
    pub fn create_user_unattended(&mut self, new: &NewUser) -> Result<User> {
        let tx = self.write()?;
        let user = users::create(&tx, None, new)?;
        tx.commit()?;
        Ok(user)
    }

    /// Every user, by user name.
    pub fn users(&self) -> Result<Vec<User>> {
        users::list(&self.conn)
    }

    /// Enables or disables a user's account.
    pub fn set_user_active(&mut self, actor: &Actor, user_id: i64, active: bool) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        users::set_active(&tx, &rights.actor, user_id, active)?;
        tx.commit()?;
        Ok(())
    }

    /// Changes one's own password after checking the current one.
    pub fn change_own_password(&mut self, actor: &Actor, current: &str, new: &str) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        users::change_own_password(&tx, &rights.actor, current, new)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a new password for a user (administrator reset, or one's own change).
    pub fn set_password(&mut self, actor: &Actor, user_id: i64, password: &str) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        users::set_password(&tx, &rights.actor, user_id, password)?;
        tx.commit()?;
        Ok(())
    }

    // ---- settings ----------------------------------------------------------------------

    /// A stored setting, if any.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        settings::get(&self.conn, key)
    }

    /// Stores a setting, with its audit row.
    pub fn set_setting(&mut self, actor: Option<&Actor>, key: &str, value: &str) -> Result<()> {
        let (tx, actor) = match actor {
            Some(a) => {
                let (tx, rights) = self.write_as(a)?;
                (tx, Some(rights.actor))
            }
            None => (self.write()?, None),
        };
        settings::set(&tx, actor.as_ref(), key, value)?;
        tx.commit()?;
        Ok(())
    }

    // ---- policy ------------------------------------------------------------------------

    /// Every policy version, oldest first.
    pub fn policy_versions(&self) -> Result<Vec<PolicyVersion>> {
        policy::versions(&self.conn)
    }

    /// The policy version in force on `on`.
    pub fn policy_in_force(&self, on: NaiveDate) -> Result<PolicyVersion> {
        policy::in_force_on(&self.conn, on)
    }
}
