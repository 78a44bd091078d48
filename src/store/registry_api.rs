//! The registry's part of [`Store`]: zones, employers, the shortage catalogue, talents and
//! their search, import, duplicates and teams, each a thin method over the module that holds
//! its SQL.

use super::{
    AuditEntry, DemoEmployer, DemoTalent, DemoTeam, DemoZone, DuplicatePair, Employer, ExportOrigin, ImportCounts,
    ImportPlan, NewTeam, RegistryCounts, Result, ShortageEntry, Store, StoreError, Talent, TalentQuery, TalentRow,
    Team, TeamMember, Zone, ZoneTarget, access, audit, demo_bulk, duplicates, import, registry, search, search_index,
    talents, teams, users,
};
use crate::domain::account::Actor;
use crate::domain::talent::NewTalent;
use crate::domain::{CreditCode, DocumentType};

impl Store {
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

    /// Runs a bulk load (the demo, an import). It touches every index at random places, so
    /// the page cache may hold them (a ceiling of 1 GiB, not an allocation) instead of
    /// spilling pages to the WAL before the commit; the connection's own ceiling is put back
    /// afterwards.
    pub(super) fn bulk<T>(&mut self, load: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -1_048_576)?;
        let result = load(self);
        self.conn.pragma_update(None, "cache_size", cache)?;
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
        super::dashboard_counts::without_triggers(&tx, || {
            demo_bulk::insert(&tx, &rights.actor, zones, employers, talents, teams)
        })?;
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
