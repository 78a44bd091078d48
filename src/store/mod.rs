//! SQLite persistence: one module per table group, append-only migrations, and the
//! [`Store`] facade that the UI and the CLI use. All SQL of the program lives below here.

mod audit;
mod demo_bulk;
mod error;
mod open;
mod policy;
mod registry;
mod schema;
pub mod search;
mod search_index;
mod settings;
mod users;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

pub use audit::AuditEntry;
pub use demo_bulk::{DemoEmployer, DemoTalent, DemoTeam, DemoZone};
pub use error::StoreError;
pub use registry::RegistryCounts;
pub use schema::LATEST_VERSION;
pub use search::{TalentQuery, TalentRow, TalentSort};
pub use users::{NewUser, User};

use crate::domain::PolicyVersion;
use crate::domain::account::Actor;

/// Result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The open database: the only way the rest of the program reads or writes data.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Search's copy of the employer names (see [`search`]).
    employer_names: search::EmployerNames,
}

impl Store {
    /// Opens (or creates) the database file at `path` and brings its schema up to date.
    /// Refuses, without writing a byte, a path that cannot be created, a file that is not
    /// SQLite, and a database made by a newer greencard.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = open::open_file(path)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            employer_names: Default::default(),
        })
    }

    /// A private database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let conn = open::open_memory()?;
        Ok(Store {
            conn,
            path: None,
            employer_names: Default::default(),
        })
    }

    /// The file this store works on (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
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
        Ok(problems)
    }

    // ---- users -------------------------------------------------------------------------

    /// How many user accounts exist (zero means the first start: set up an administrator).
    pub fn user_count(&self) -> Result<i64> {
        users::count(&self.conn)
    }

    /// Creates the first administrator; refused once any user exists.
    pub fn create_first_admin(&mut self, new: &NewUser) -> Result<Actor> {
        let tx = self.conn.transaction()?;
        let actor = users::create_first_admin(&tx, new)?;
        tx.commit()?;
        Ok(actor)
    }

    /// Creates a user on behalf of an administrator.
    pub fn create_user(&mut self, actor: &Actor, new: &NewUser) -> Result<User> {
        let tx = self.conn.transaction()?;
        let user = users::create(&tx, Some(actor), new)?;
        tx.commit()?;
        Ok(user)
    }

    /// Creates a user from a trusted command line (no logged-in actor).
    pub fn create_user_unattended(&mut self, new: &NewUser) -> Result<User> {
        let tx = self.conn.transaction()?;
        let user = users::create(&tx, None, new)?;
        tx.commit()?;
        Ok(user)
    }

    /// Checks a user name and password; on success returns who is now acting.
    pub fn authenticate(&mut self, username: &str, password: &str) -> Result<Actor> {
        let tx = self.conn.transaction()?;
        let result = users::authenticate(&tx, username, password, chrono::Local::now().naive_local());
        // Failed attempts are counted even though the login is refused.
        tx.commit()?;
        result
    }

    /// Every user, by user name.
    pub fn users(&self) -> Result<Vec<User>> {
        users::list(&self.conn)
    }

    /// Enables or disables a user's account.
    pub fn set_user_active(&mut self, actor: &Actor, user_id: i64, active: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        users::set_active(&tx, actor, user_id, active)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a new password for a user (administrator reset, or one's own change).
    pub fn set_password(&mut self, actor: &Actor, user_id: i64, password: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        users::set_password(&tx, actor, user_id, password)?;
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
        let tx = self.conn.transaction()?;
        settings::set(&tx, actor, key, value)?;
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
        let versions = self.policy_versions()?;
        crate::domain::policy::in_force(&versions, on)
            .cloned()
            .ok_or(StoreError::NotFound { what: "policy" })
    }

    // ---- registry ----------------------------------------------------------------------

    /// How many zones, employers, talents and teams are registered.
    pub fn registry_counts(&self) -> Result<RegistryCounts> {
        registry::counts(&self.conn)
    }

    /// Writes generated demo data in one transaction, with one audit row per kind of record.
    pub fn insert_demo(
        &mut self,
        actor: &Actor,
        zones: &[DemoZone],
        employers: &[DemoEmployer],
        talents: &[DemoTalent],
        teams: &[DemoTeam],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        demo_bulk::insert(&tx, actor, zones, employers, talents, teams)?;
        tx.commit()?;
        Ok(())
    }

    // ---- search ------------------------------------------------------------------------

    /// One page (`limit` rows from `offset`) of the talents `q` finds, in its order; see
    /// [`search`] for what matches.
    pub fn search_talents(&self, q: &TalentQuery, offset: u64, limit: u32) -> Result<Vec<TalentRow>> {
        search::search(&self.conn, &self.employer_names, q, offset, limit)
    }

    /// How many talents `q` finds.
    pub fn count_talents(&self, q: &TalentQuery) -> Result<u64> {
        search::count(&self.conn, &self.employer_names, q)
    }

    /// Re-indexes one talent from its stored name and document number (repairs an entry
    /// after a change made behind the program's back).
    pub fn reindex_talent(&mut self, id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        search_index::reindex_from_row(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    // ---- audit -------------------------------------------------------------------------

    /// The newest audit rows, newest first.
    pub fn recent_audit(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        audit::recent(&self.conn, limit)
    }
}
