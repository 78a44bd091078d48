//! The registry's part of [`Store`]: zones, employers, the shortage catalogue, talents and
//! their search, import, duplicates and teams, each a thin method over the module that holds
//! its SQL.

use super::{
    AuditEntry, DemoEmployer, DemoTalent, DemoTeam, DemoZone, DuplicatePair, Employer, ExportOrigin, ImportCounts,
    ImportPlan, NewTeam, RegistryCounts, Result, ShortageEntry, Store, StoreError, Talent, TalentQuery, TalentRow,
    Team, TeamMember, Zone, ZoneTarget, audit, demo_bulk, duplicates, import, registry, search, search_index, talents,
    teams, users,
};
use crate::domain::account::Actor;
use crate::domain::talent::NewTalent;
use crate::domain::{CreditCode, DocumentType};

impl Store {
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
        self.bulk(|store| store.insert_demo_in_one_transaction(actor, zones, employers, talents, teams))
    }

    /// Runs a bulk load. It touches every index at random places, so the page cache may
    /// hold them (a ceiling of 1 GiB, given back afterwards) instead of spilling pages to
    /// the WAL early.
    pub(super) fn bulk<T>(&mut self, load: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
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
        let tx = self.write()?;
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
        demo_bulk::insert(&tx, actor, zones, employers, talents, teams)?;
        for sql in &indexes {
            tx.execute_batch(sql)?;
        }
        duplicates::flag_all(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Every zone, by code.
    pub fn zones(&self) -> Result<Vec<Zone>> {
        registry::zones(&self.conn)
    }

    /// Every employer, by name.
    pub fn employers(&self) -> Result<Vec<Employer>> {
        registry::employers(&self.conn)
    }

    /// The shortage catalogue.
    pub fn shortage_catalogue(&self) -> Result<Vec<ShortageEntry>> {
        registry::shortage_catalogue(&self.conn)
    }

    /// Creates a development zone.
    pub fn create_zone(&mut self, actor: &Actor, code: &str, name: &str) -> Result<Zone> {
        let tx = self.write()?;
        let z = registry::create_zone(&tx, actor, code, name)?;
        tx.commit()?;
        Ok(z)
    }

    /// Sets a zone's yearly targets.
    pub fn set_zone_target(&mut self, actor: &Actor, target: &ZoneTarget) -> Result<()> {
        let tx = self.write()?;
        registry::set_zone_target(&tx, actor, target)?;
        tx.commit()?;
        Ok(())
    }

    // ---- search ------------------------------------------------------------------------

    /// One page (`limit` rows from `offset`) of the talents `q` finds, in its order; see
    /// [`search`] for what matches.
    pub fn search_talents(&self, q: &TalentQuery, offset: u64, limit: u32) -> Result<Vec<TalentRow>> {
        search::search(&self.conn, &self.employer_names, q, offset, limit)
    }

    /// Records that a list was exported with personal data unmasked, by an administrator:
    /// in the app the user signed in, on the command line the account responsible for
    /// unattended changes ([`Store::first_admin`]), with the operating-system user.
    pub fn record_unmasked_export(
        &mut self,
        actor: &Actor,
        origin: &ExportOrigin,
        list: &str,
        file: &str,
    ) -> Result<()> {
        if !actor.role.is_admin() {
            return Err(StoreError::NotAllowed);
        }
        let tx = self.write()?;
        audit::record(
            &tx,
            Some(actor),
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
        search::visit(&self.conn, &self.employer_names, q, 0, -1, &mut f)
    }

    /// Hands the id of every talent `q` finds to `f` in the query's order, until `f`
    /// returns false: the order of a whole result, read once, so that a page anywhere in it
    /// is then read by [`Store::talents_by_id`] at the cost of the page alone.
    pub fn for_each_talent_id(&self, q: &TalentQuery, mut f: impl FnMut(i64) -> bool) -> Result<()> {
        search::visit_ids(&self.conn, &self.employer_names, q, &mut f)
    }

    /// The talents with these ids as result rows, in the order of `ids` (an id that names
    /// no talent is left out).
    pub fn talents_by_id(&self, ids: &[i64]) -> Result<Vec<TalentRow>> {
        search::rows_by_id(&self.conn, ids)
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

    /// Every zone's targets for a year.
    pub fn zone_targets(&self, year: i64) -> Result<Vec<ZoneTarget>> {
        registry::zone_targets(&self.conn, year)
    }

    /// Registers an employer.
    pub fn create_employer(&mut self, actor: &Actor, name: &str, code: &CreditCode, zone_id: i64) -> Result<Employer> {
        let tx = self.write()?;
        let e = registry::create_employer(&tx, actor, name, code, zone_id)?;
        tx.commit()?;
        Ok(e)
    }

    /// Adds a line to the shortage catalogue (its `id` is ignored).
    pub fn add_shortage(&mut self, actor: &Actor, entry: &ShortageEntry) -> Result<ShortageEntry> {
        let tx = self.write()?;
        let e = registry::add_shortage(&tx, actor, entry)?;
        tx.commit()?;
        Ok(e)
    }

    // ---- talents -----------------------------------------------------------------------

    /// One talent.
    pub fn talent(&self, id: i64) -> Result<Talent> {
        talents::get(&self.conn, id)
    }

    /// Who already holds a document, as (id, name).
    pub fn document_holder(&self, doc_type: DocumentType, number: &str) -> Result<Option<(i64, String)>> {
        talents::holder_of(&self.conn, doc_type, number)
    }

    /// Registers a talent (refused if the document is taken); flags possible duplicates.
    pub fn create_talent(&mut self, actor: &Actor, talent: &NewTalent) -> Result<Talent> {
        let tx = self.write()?;
        let t = talents::insert(&tx, actor, talent)?;
        tx.commit()?;
        Ok(t)
    }

    /// Changes a talent's record.
    pub fn update_talent(&mut self, actor: &Actor, id: i64, talent: &NewTalent) -> Result<Talent> {
        let tx = self.write()?;
        let t = talents::update(&tx, actor, id, talent)?;
        tx.commit()?;
        Ok(t)
    }

    /// The history of changes to a talent's record, newest first.
    pub fn talent_history(&self, id: i64) -> Result<Vec<AuditEntry>> {
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
        import::plan(&self.conn, rows, rejected)
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
            let tx = store.write()?;
            let counts = import::apply(&tx, actor, plan, &mut keep_going)?;
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
        duplicates::open_pairs(&self.conn, limit)
    }

    /// How many possible-duplicate pairs wait for a decision.
    pub fn duplicate_count(&self) -> Result<i64> {
        duplicates::open_count(&self.conn)
    }

    /// Marks a flagged pair as two different people.
    pub fn mark_distinct(&mut self, actor: &Actor, flag_id: i64) -> Result<()> {
        let tx = self.write()?;
        duplicates::mark_distinct(&tx, actor, flag_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Merges a flagged pair, keeping the record `keep`.
    pub fn merge_duplicate(&mut self, actor: &Actor, flag_id: i64, keep: i64) -> Result<()> {
        let tx = self.write()?;
        duplicates::merge(&tx, actor, flag_id, keep)?;
        tx.commit()?;
        Ok(())
    }

    // ---- teams -------------------------------------------------------------------------

    /// Teams, newest first.
    pub fn teams(&self, limit: u32) -> Result<Vec<Team>> {
        teams::list(&self.conn, limit)
    }

    /// The teams of a talent with their role in each.
    pub fn teams_of(&self, talent_id: i64) -> Result<Vec<(Team, String)>> {
        teams::of_talent(&self.conn, talent_id)
    }

    /// One team.
    pub fn team(&self, id: i64) -> Result<Team> {
        teams::get(&self.conn, id)
    }

    /// The members of a team.
    pub fn team_members(&self, team_id: i64) -> Result<Vec<TeamMember>> {
        teams::members(&self.conn, team_id)
    }

    /// Creates a team led by a talent.
    pub fn create_team(&mut self, actor: &Actor, team: &NewTeam) -> Result<Team> {
        let tx = self.write()?;
        let t = teams::create(&tx, actor, team)?;
        tx.commit()?;
        Ok(t)
    }

    /// Adds a member to a team or changes their role.
    pub fn set_team_member(&mut self, actor: &Actor, team_id: i64, talent_id: i64, role: &str) -> Result<()> {
        let tx = self.write()?;
        teams::set_member(&tx, actor, team_id, talent_id, role)?;
        tx.commit()?;
        Ok(())
    }

    // ---- audit -------------------------------------------------------------------------

    /// The newest audit rows, newest first.
    pub fn recent_audit(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        audit::recent(&self.conn, limit)
    }
}
