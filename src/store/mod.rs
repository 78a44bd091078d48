//! SQLite persistence: one module per table group, append-only migrations, and the
//! [`Store`] facade that the UI and the CLI use. All SQL of the program lives below here.

mod access;
mod alerts;
mod anchor;
mod applications;
mod audit;
mod audit_query;
mod backup;
mod bulk_insert;
mod card_check;
mod card_list;
mod cards;
mod checkpoint;
mod cipher;
mod dashboard;
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
mod location;
mod lock;
mod login;
mod open;
mod policy;
mod prints;
mod registry;
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

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

pub use access::{ReaderOpener, Unmasked};
pub use alerts::{Ack, AckRecord, Alert, Detail};
pub use anchor::{Anchor, AuditHead};
pub use applications::{Application, ApplicationKind, ReviewAction};
pub use audit::{AuditEntry, ExportOrigin};
pub use audit_query::{AuditFilter, AuditUser};
pub use backup::{BackupEntry, BackupInfo, backups_dir, list as list_backups, rotate as rotate_backups};
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
pub use login::{CheckedLogin, LoginAttempt};
pub use policy::VersionNote;
pub use prints::{PrintJob, PrintState};
pub use registry::{Employer, RegistryCounts, ShortageEntry, Zone, ZoneTarget};
pub use rent::{LeaseRow, Ledger, Payment, WaitingEntry};
pub use restore::{
    BackupFacts, Damage, copy_aside, examine, quick_check_file, recover_file, restore_file, verify as verify_backup,
};
pub use schema::LATEST_VERSION;
pub use search::{TalentQuery, TalentRow, TalentSort};
pub use services::{Service, ServiceUse};
pub use talents::Talent;
pub use teams::{NewTeam, Team, TeamMember};
pub use users::{NewUser, User};

use crate::domain::account::Actor;
use crate::domain::talent::NewTalent;
use crate::domain::{CreditCode, DocumentType, PolicyVersion};

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
    /// Held while the file is open for writing, so that a restore is refused meanwhile.
    lock: Option<lock::InstanceLock>,
}

impl Store {
    /// Opens (or creates) the database file at `path` and brings its schema up to date.
    /// Refuses, without writing a byte, a path that cannot be created, a file that is not
    /// SQLite, and a database made by a newer greencard.
    pub fn open(path: &Path) -> Result<Store> {
        // The lock file comes second: a refused file gets nothing written beside it.
        let conn = open::open_file(path)?;
        let lock = lock::shared(path)?;
        let checkpointer = checkpoint::Checkpointer::start(&conn, path);
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            employer_names: Default::default(),
            scope: Default::default(),
            _checkpointer: checkpointer,
            lock,
        })
    }

    /// A private database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let conn = open::open_memory()?;
        Ok(Store {
            conn,
            path: None,
            employer_names: Default::default(),
            scope: Default::default(),
            _checkpointer: None,
            lock: None,
        })
    }

    /// Opens an existing database file read-only, exactly as it is: no migration, no change
    /// of journal mode. For `greencard check`, which must not alter what it checks.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = open::open_read_only(path)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            employer_names: Default::default(),
            scope: Default::default(),
            _checkpointer: None,
            lock: None,
        })
    }

    /// Starts a write transaction that takes the write lock at once: a deferred one that
    /// reads first would fail with "busy" instead of waiting when another program writes.
    fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// Stops the database file from growing past its current size (`PRAGMA max_page_count`,
    /// for this connection only), so that the next write that needs a new page fails as on a
    /// full disk. For tests of the disk-full path; nothing in the program calls it.
    #[doc(hidden)]
    pub fn freeze_size_for_tests(&self) -> Result<()> {
        let _pages: i64 = self.conn.pragma_update_and_check(None, "max_page_count", 1, |r| r.get(0))?;
        Ok(())
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
        let versions = self.policy_versions()?;
        crate::domain::policy::in_force(&versions, on).cloned().ok_or(StoreError::NotFound { what: "policy" })
    }

    // ---- registry ----------------------------------------------------------------------

    /// How many zones, employers, talents and teams are registered (in the scope).
    pub fn registry_counts(&self) -> Result<RegistryCounts> {
        registry::counts(&self.conn, &self.scope)
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
        self.bulk(|store| store.insert_demo_in_one_transaction(actor, zones, employers, talents, teams))
    }

    /// Runs a bulk load. It touches every index at random places, so the page cache may
    /// hold them (a ceiling of 1 GiB, given back afterwards) instead of spilling pages to
    /// the WAL early.
    fn bulk<T>(&mut self, load: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "cache_size", -1_048_576)?;
        let result = load(self);
        self.conn.pragma_update(None, "cache_size", -65_536)?;
        result
    }

    fn insert_demo_in_one_transaction(
        &mut self,
        actor: &Actor,
        zones: &[DemoZone],
        employers: &[DemoEmployer],
        talents: &[DemoTalent],
        teams: &[DemoTeam],
    ) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_every_zone()?;
        // Indexes are cheaper to build once, sorted, than to grow row by row at random
        // places: drop the talents' secondary indexes and build them again from their own
        // stored definitions (so they stay exactly as the migrations made them).
        let indexes: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'talents' AND sql IS NOT NULL",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let names: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'talents' AND sql IS NOT NULL",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        for name in &names {
            // Names come from sqlite_master, not from a user.
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        }
        demo_bulk::insert(&tx, &rights.actor, zones, employers, talents, teams)?;
        for sql in &indexes {
            tx.execute_batch(sql)?;
        }
        duplicates::flag_all(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Every zone of the scope, by code.
    pub fn zones(&self) -> Result<Vec<Zone>> {
        registry::zones(&self.conn, &self.scope)
    }

    /// Every employer of the scope, by name.
    pub fn employers(&self) -> Result<Vec<Employer>> {
        registry::employers(&self.conn, &self.scope)
    }

    /// The shortage catalogue.
    pub fn shortage_catalogue(&self) -> Result<Vec<ShortageEntry>> {
        registry::shortage_catalogue(&self.conn)
    }

    /// Creates a development zone.
    pub fn create_zone(&mut self, actor: &Actor, code: &str, name: &str) -> Result<Zone> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_every_zone()?;
        let z = registry::create_zone(&tx, &rights.actor, code, name)?;
        tx.commit()?;
        Ok(z)
    }

    /// Sets a zone's yearly targets.
    pub fn set_zone_target(&mut self, actor: &Actor, target: &ZoneTarget) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_zone(target.zone_id)?;
        registry::set_zone_target(&tx, &rights.actor, target)?;
        tx.commit()?;
        Ok(())
    }

    // ---- search ------------------------------------------------------------------------

    /// One page (`limit` rows from `offset`) of the talents `q` finds, in its order; see
    /// [`search`] for what matches.
    pub fn search_talents(&self, q: &TalentQuery, offset: u64, limit: u32) -> Result<Vec<TalentRow>> {
        search::search(&self.conn, &self.employer_names, &self.scoped(q), offset, limit)
    }

    /// `q` narrowed to the scope of the session.
    fn scoped(&self, q: &TalentQuery) -> TalentQuery {
        TalentQuery { scope: q.scope.narrowed(&self.scope), ..q.clone() }
    }

    /// Records that a list was exported with personal data unmasked, by a user with the
    /// right to see personal data in full (read again here; refused otherwise): in the app
    /// the user signed in, on the command line the account responsible for unattended
    /// changes ([`Store::first_admin`]), with the operating-system user.
    pub fn record_unmasked_export(
        &mut self,
        actor: &Actor,
        origin: &ExportOrigin,
        list: &str,
        file: &str,
    ) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_unmask()?;
        audit::record(
            &tx,
            Some(&rights.actor),
            audit::Change {
                action: "export.unmasked",
                entity: "export",
                entity_id: None,
                old: None,
                new: Some(origin.details(list, file)),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Hands every talent `q` finds to `f` in the query's order, one row at a time (an
    /// export of a million rows never holds them all), until `f` returns false.
    pub fn for_each_talent(&self, q: &TalentQuery, mut f: impl FnMut(TalentRow) -> bool) -> Result<()> {
        search::visit(&self.conn, &self.employer_names, &self.scoped(q), 0, -1, &mut f)
    }

    /// Hands the id of every talent `q` finds to `f` in the query's order, until `f`
    /// returns false: the order of a whole result, read once, so that a page anywhere in it
    /// is then read by [`Store::talents_by_id`] at the cost of the page alone.
    pub fn for_each_talent_id(&self, q: &TalentQuery, mut f: impl FnMut(i64) -> bool) -> Result<()> {
        search::visit_ids(&self.conn, &self.employer_names, &self.scoped(q), &mut f)
    }

    /// The talents with these ids as result rows, in the order of `ids` (an id that names
    /// no talent is left out).
    pub fn talents_by_id(&self, ids: &[i64]) -> Result<Vec<TalentRow>> {
        let mut rows = search::rows_by_id(&self.conn, ids)?;
        // Outside the scope a talent is not shown, whoever asks for its id.
        rows.retain(|r| self.scope.allows(r.zone_id));
        Ok(rows)
    }

    /// How many talents `q` finds.
    pub fn count_talents(&self, q: &TalentQuery) -> Result<u64> {
        search::count(&self.conn, &self.employer_names, &self.scoped(q))
    }

    /// Re-indexes one talent from its stored name and document number (repairs an entry
    /// after a change made behind the program's back).
    pub fn reindex_talent(&mut self, id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        search_index::reindex_from_row(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// The targets of every zone of the scope for a year.
    pub fn zone_targets(&self, year: i64) -> Result<Vec<ZoneTarget>> {
        let mut targets = registry::zone_targets(&self.conn, year)?;
        targets.retain(|t| self.scope.allows(t.zone_id));
        Ok(targets)
    }

    /// Registers an employer.
    pub fn create_employer(&mut self, actor: &Actor, name: &str, code: &CreditCode, zone_id: i64) -> Result<Employer> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_zone(zone_id)?;
        let e = registry::create_employer(&tx, &rights.actor, name, code, zone_id)?;
        tx.commit()?;
        Ok(e)
    }

    /// Adds a line to the shortage catalogue (its `id` is ignored).
    pub fn add_shortage(&mut self, actor: &Actor, entry: &ShortageEntry) -> Result<ShortageEntry> {
        let (tx, rights) = self.write_as(actor)?;
        let e = registry::add_shortage(&tx, &rights.actor, entry)?;
        tx.commit()?;
        Ok(e)
    }

    // ---- talents -----------------------------------------------------------------------

    /// One talent (refused outside the scope).
    pub fn talent(&self, id: i64) -> Result<Talent> {
        let t = talents::get(&self.conn, id)?;
        if self.scope.allows(t.zone_id) { Ok(t) } else { Err(StoreError::OutOfScope) }
    }

    /// Who already holds a document, as (id, name); outside the scope the name is masked
    /// (`张*`): the clerk learns the document is taken, not whose it is.
    pub fn document_holder(&self, doc_type: DocumentType, number: &str) -> Result<Option<(i64, String)>> {
        let Some((id, name)) = talents::holder_of(&self.conn, doc_type, number)? else { return Ok(None) };
        let name = match self.visible(access::Record::Talent(id)) {
            Ok(()) => name,
            Err(StoreError::OutOfScope) => crate::domain::talent::mask_name(&name),
            Err(e) => return Err(e),
        };
        Ok(Some((id, name)))
    }

    /// Registers a talent (refused if the document is taken); flags possible duplicates.
    pub fn create_talent(&mut self, actor: &Actor, talent: &NewTalent) -> Result<Talent> {
        let (tx, rights) = self.write_as(actor)?;
        access::require_talent_input(&tx, &rights, talent)?;
        let t = talents::insert(&tx, &rights.actor, talent)?;
        tx.commit()?;
        Ok(t)
    }

    /// Changes a talent's record.
    pub fn update_talent(&mut self, actor: &Actor, id: i64, talent: &NewTalent) -> Result<Talent> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, access::Record::Talent(id))?;
        access::require_talent_input(&tx, &rights, talent)?;
        let t = talents::update(&tx, &rights.actor, id, talent)?;
        tx.commit()?;
        Ok(t)
    }

    /// The history of changes to a talent's record, newest first.
    pub fn talent_history(&self, id: i64) -> Result<Vec<AuditEntry>> {
        self.visible(access::Record::Talent(id))?;
        audit::for_entity(&self.conn, "talent", id)
    }

    // ---- import -------------------------------------------------------------------------

    /// The dry run of an import: classifies checked rows against the stored talents (new,
    /// updated with the changed fields, unchanged) and adds to `rejected` the rows refused
    /// here (a document twice in the file, a merged record). Writes nothing.
    pub fn plan_import(
        &self,
        rows: Vec<crate::domain::import::ImportRow>,
        rejected: Vec<crate::domain::import::Rejection>,
    ) -> Result<ImportPlan> {
        import::plan(&self.conn, &self.scope, rows, rejected)
    }

    /// Carries out a plan in one transaction: every new and changed talent with its audit
    /// row, or, when anything fails, nothing at all. Rejected rows are not written.
    pub fn apply_import(&mut self, actor: &Actor, plan: &ImportPlan) -> Result<ImportCounts> {
        self.apply_import_cancellable(actor, plan, |_| true)
    }

    /// [`Store::apply_import`] that reports its progress and can be cancelled: `keep_going`
    /// hears the number of rows written every thousand rows (and once more before the
    /// commit); when it answers false, nothing is written and the result is
    /// [`StoreError::Cancelled`].
    pub fn apply_import_cancellable(
        &mut self,
        actor: &Actor,
        plan: &ImportPlan,
        mut keep_going: impl FnMut(usize) -> bool,
    ) -> Result<ImportCounts> {
        self.bulk(|store| {
            let (tx, rights) = store.write_as(actor)?;
            for row in &plan.new {
                access::require_talent_input(&tx, &rights, &row.talent)?;
            }
            for row in &plan.updated {
                access::require(&tx, &rights.scope, access::Record::Talent(row.talent_id))?;
                access::require_talent_input(&tx, &rights, &row.talent)?;
            }
            let counts = import::apply(&tx, &rights.actor, plan, &mut keep_going)?;
            // A cancel that arrives while the last rows were written still wins; dropping
            // the transaction rolls it all back.
            if !keep_going(counts.new + counts.updated) {
                return Err(StoreError::Cancelled);
            }
            tx.commit()?;
            Ok(counts)
        })
    }

    /// The first active administrator, who signs the audit rows of headless commands
    /// (`greencard import talents`, `greencard export … --unmasked`).
    pub fn first_admin(&self) -> Result<Actor> {
        users::first_active_admin(&self.conn)
    }

    // ---- duplicates --------------------------------------------------------------------

    /// Open possible-duplicate pairs, oldest first.
    pub fn duplicate_pairs(&self, limit: u32) -> Result<Vec<DuplicatePair>> {
        duplicates::open_pairs(&self.conn, &self.scope, limit)
    }

    /// How many possible-duplicate pairs wait for a decision.
    pub fn duplicate_count(&self) -> Result<i64> {
        duplicates::open_count(&self.conn, &self.scope)
    }

    /// Marks a flagged pair as two different people.
    pub fn mark_distinct(&mut self, actor: &Actor, flag_id: i64) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        duplicates::require_pair(&tx, &rights.scope, flag_id)?;
        duplicates::mark_distinct(&tx, &rights.actor, flag_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Merges a flagged pair, keeping the record `keep`.
    pub fn merge_duplicate(&mut self, actor: &Actor, flag_id: i64, keep: i64) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        duplicates::require_pair(&tx, &rights.scope, flag_id)?;
        duplicates::merge(&tx, &rights.actor, flag_id, keep)?;
        tx.commit()?;
        Ok(())
    }

    // ---- teams -------------------------------------------------------------------------

    /// Teams of the scope, newest first.
    pub fn teams(&self, limit: u32) -> Result<Vec<Team>> {
        teams::list(&self.conn, &self.scope, limit)
    }

    /// The teams of a talent with their role in each.
    pub fn teams_of(&self, talent_id: i64) -> Result<Vec<(Team, String)>> {
        self.visible(access::Record::Talent(talent_id))?;
        teams::of_talent(&self.conn, talent_id)
    }

    /// One team (refused outside the scope).
    pub fn team(&self, id: i64) -> Result<Team> {
        self.visible(access::Record::Team(id))?;
        teams::get(&self.conn, id)
    }

    /// The members of a team.
    pub fn team_members(&self, team_id: i64) -> Result<Vec<TeamMember>> {
        self.visible(access::Record::Team(team_id))?;
        teams::members(&self.conn, team_id)
    }

    /// Creates a team led by a talent.
    pub fn create_team(&mut self, actor: &Actor, team: &NewTeam) -> Result<Team> {
        let (tx, rights) = self.write_as(actor)?;
        rights.require_zone(team.zone_id)?;
        access::require(&tx, &rights.scope, access::Record::Talent(team.leader_id))?;
        let t = teams::create(&tx, &rights.actor, team)?;
        tx.commit()?;
        Ok(t)
    }

    /// Adds a member to a team or changes their role.
    pub fn set_team_member(&mut self, actor: &Actor, team_id: i64, talent_id: i64, role: &str) -> Result<()> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, access::Record::Team(team_id))?;
        access::require(&tx, &rights.scope, access::Record::Talent(talent_id))?;
        teams::set_member(&tx, &rights.actor, team_id, talent_id, role)?;
        tx.commit()?;
        Ok(())
    }

    // ---- audit -------------------------------------------------------------------------

    /// The newest audit rows, newest first.
    pub fn recent_audit(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        audit::recent(&self.conn, limit)
    }
}
