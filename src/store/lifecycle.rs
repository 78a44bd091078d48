//! Opening and closing the [`Store`]: the instance lock comes before the file is touched,
//! what a killed backup or restore left behind is swept at start, and a restore closes the
//! store explicitly (it is unusable, and says so, until it opens again).

use std::path::Path;

use rusqlite::Connection;

use super::lock::{self, ExclusiveLock, InstanceLock};
use super::paths::{self, with_suffix};
use super::{Result, Store, StoreError, backup_list, checkpoint, open};
use crate::domain::Actor;

impl Store {
    /// Opens (or creates) the database file at `path` and brings its schema up to date.
    /// Refuses, without writing a byte, a path that cannot be created, a file that is not
    /// SQLite, and a database made by a newer greencard.
    pub fn open(path: &Path) -> Result<Store> {
        // The shared lock comes first, so that no restore replaces the file while it is
        // opened and migrated; a refused open takes a lock file it made away again.
        let (lock, created) = lock::shared(path)?;
        let conn = match open::open_file(path) {
            Ok(c) => c,
            Err(e) => {
                lock::release_refused(path, lock, created);
                return Err(e);
            }
        };
        sweep_leftovers(path);
        let checkpointer = checkpoint::Checkpointer::start(&conn, path);
        Ok(Store::on_file(conn, path, checkpointer, lock))
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
            closed: false,
        })
    }

    /// Opens an existing database file read-only, exactly as it is: no migration, no change
    /// of journal mode. For `greencard check`, backups and the workers that read beside the
    /// window. It holds the shared instance lock too, so no restore replaces the file under it.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let (lock, created) = lock::shared(path)?;
        match open::open_read_only(path) {
            Ok(conn) => Ok(Store::on_file(conn, path, None, lock)),
            Err(e) => {
                lock::release_refused(path, lock, created);
                Err(e)
            }
        }
    }

    /// [`Store::open_read_only`] without the instance lock, for the list workers that live
    /// as long as a screen of the window (see [`Store::open_list_reader`]).
    pub(super) fn open_unlocked_reader(path: &Path) -> Result<Store> {
        open::open_read_only(path).map(|conn| Store::on_file(conn, path, None, None))
    }

    fn on_file(
        conn: Connection,
        path: &Path,
        checkpointer: Option<checkpoint::Checkpointer>,
        lock: Option<InstanceLock>,
    ) -> Store {
        Store {
            conn,
            path: Some(path.to_path_buf()),
            employer_names: Default::default(),
            scope: Default::default(),
            _checkpointer: checkpointer,
            lock,
            closed: false,
        }
    }

    /// Starts a write transaction that takes the write lock at once: a deferred one that
    /// reads first would fail with "busy" instead of waiting when another program writes.
    /// Refused while the store is closed.
    pub(super) fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        if self.closed {
            return Err(self.closed_error());
        }
        Ok(self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    fn closed_error(&self) -> StoreError {
        StoreError::Closed { path: self.path.clone().unwrap_or_default() }
    }

    /// The file this store works on (`None` in memory); still named while it is closed.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the store is closed for a restore, or could not be opened again after one:
    /// nothing is read or written until [`Store::reopen`] succeeds.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Closes the database so that an administrator's restore can replace it, and returns
    /// the file to itself ([`ExclusiveLock`]). Refused for anyone but an administrator (as
    /// the database says now), and
    /// while any other greencard (a window, a command, a backup or export of this window)
    /// has the file open: then the store stays open as it was.
    pub fn close_for_restore(&mut self, actor: &Actor) -> Result<ExclusiveLock> {
        // The role as stored now: an account demoted or disabled since its login may not.
        if !self.rights(actor)?.actor.role.is_admin() {
            return Err(StoreError::NotAllowed);
        }
        self.close_for_replace()
    }

    /// [`Store::close_for_restore`] for the recovery of a damaged file, which needs no
    /// login (the damaged file may not let anyone log in); the restore itself refuses a
    /// sound file (see [`super::recover_locked`]).
    pub fn close_for_recovery(&mut self) -> Result<ExclusiveLock> {
        self.close_for_replace()
    }

    fn close_for_replace(&mut self) -> Result<ExclusiveLock> {
        let Some(db) = self.path.clone() else {
            return Err(StoreError::rule("backup.err.in_memory"));
        };
        if self.closed {
            return Err(self.closed_error());
        }
        let placeholder = Connection::open_in_memory()?;
        // This store's own shared lock would refuse the exclusive one.
        self.lock = None;
        let exclusive = match lock::exclusive(&db) {
            Ok(l) => l,
            Err(e) => {
                self.lock = lock::shared(&db).ok().and_then(|(l, _)| l);
                return Err(e);
            }
        };
        // The checkpoint thread's connection first, then the store's own.
        self._checkpointer = None;
        let old = std::mem::replace(&mut self.conn, placeholder);
        if let Err((_, e)) = old.close() {
            log::warn!("closing before restore: {e}");
        }
        self.employer_names = Default::default();
        self.closed = true;
        Ok(exclusive)
    }

    /// Opens the file again after a restore (or tries once more after a failed attempt).
    /// On failure the store stays closed, naming its file, and says why.
    pub fn reopen(&mut self) -> Result<()> {
        let Some(db) = self.path.clone() else {
            return Err(StoreError::rule("backup.err.in_memory"));
        };
        *self = Store::open(&db)?;
        Ok(())
    }
}

/// What a backup or restore killed midway left beside the database: the temporary files of
/// a backup (old ones only: another program may be writing one now) and the staging file of
/// a restore (none can be running: this program holds the shared lock).
fn sweep_leftovers(db: &Path) {
    for dir in [paths::folder_of(db).to_path_buf(), backup_list::backups_dir(db)] {
        let swept = paths::sweep_temp_files(&dir);
        if swept > 0 {
            log::info!("removed {swept} unfinished backup file(s) in {}", dir.display());
        }
    }
    if let Err(e) = paths::remove_if_there(&with_suffix(db, ".restoring")) {
        log::warn!("{e}");
    }
}
