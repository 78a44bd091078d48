//! The instance lock: every greencard that opens a database file for writing holds a shared
//! lock on `<file>.lock` beside it, and a restore takes that lock exclusively, so a database
//! is never replaced under a running program.
//!
//! SQLite's own locking already keeps two writers apart (the busy timeout makes the second
//! one wait); this lock only answers "is this file open anywhere on this machine?". The OS
//! drops it when the process dies, SIGKILL included, so a crash never leaves a stale lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::paths::with_suffix;
use super::{Result, StoreError};

/// A held shared lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub(crate) struct InstanceLock {
    _file: File,
}

/// The database to oneself: held while a restore replaces the file, so that no greencard
/// opens it meanwhile (they are told it is being restored). Released when dropped.
#[derive(Debug)]
pub struct ExclusiveLock {
    _file: File,
    db: PathBuf,
}

impl ExclusiveLock {
    /// The database this lock keeps to itself.
    pub fn db(&self) -> &Path {
        &self.db
    }
}

/// The lock file of the database at `db`: `greencard.db.lock`.
pub(crate) fn lock_path(db: &Path) -> PathBuf {
    with_suffix(db, ".lock")
}

/// Opens the lock file, creating it if needed; tells whether it was created now.
fn open_lock_file(db: &Path) -> std::io::Result<(File, bool)> {
    let path = lock_path(db);
    match OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
        Ok(f) => Ok((f, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok((OpenOptions::new().read(true).write(true).open(&path)?, false))
        }
        Err(e) => Err(e),
    }
}

/// Takes the shared lock of a program that has the database open; tells whether the lock
/// file was made for it (so a refused open can take it away again). No lock where no lock
/// file can be made (a read-only folder): the program then works without this protection,
/// as SQLite's own locking still keeps the data safe.
pub(crate) fn shared(db: &Path) -> Result<(Option<InstanceLock>, bool)> {
    let (file, created) = match open_lock_file(db) {
        Ok(f) => f,
        Err(e) => {
            log::warn!("no instance lock for {}: {e}", db.display());
            return Ok((None, false));
        }
    };
    match file.try_lock_shared() {
        Ok(()) => Ok((Some(InstanceLock { _file: file }), created)),
        Err(TryLockError::WouldBlock) => Err(StoreError::BeingRestored { path: db.to_path_buf() }),
        Err(TryLockError::Error(e)) => {
            log::warn!("no instance lock for {}: {e}", db.display());
            Ok((None, created))
        }
    }
}

/// Gives up a shared lock taken for an open that was then refused, and removes the lock
/// file if that open had made it: a refused file gets nothing left beside it.
pub(crate) fn release_refused(db: &Path, lock: Option<InstanceLock>, created: bool) {
    drop(lock);
    if created && let Err(e) = std::fs::remove_file(lock_path(db)) {
        log::warn!("{}: {e}", lock_path(db).display());
    }
}

/// Takes the lock exclusively, as a restore must: refused while any greencard has the
/// database open.
pub fn exclusive(db: &Path) -> Result<ExclusiveLock> {
    let (file, _) = open_lock_file(db).map_err(|e| StoreError::file(&lock_path(db), &e))?;
    match file.try_lock() {
        Ok(()) => Ok(ExclusiveLock { _file: file, db: db.to_path_buf() }),
        Err(TryLockError::WouldBlock) => Err(StoreError::OpenElsewhere { path: db.to_path_buf() }),
        Err(TryLockError::Error(e)) => Err(StoreError::file(&lock_path(db), &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_holder_refuses_the_exclusive_lock_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("office.db");
        let (first, created) = shared(&db).unwrap_or_else(|e| panic!("{e}"));
        assert!(first.is_some() && created);
        let (second, created) = shared(&db).unwrap_or_else(|e| panic!("{e}"));
        assert!(second.is_some() && !created, "two programs may have the file open");
        assert!(matches!(exclusive(&db), Err(StoreError::OpenElsewhere { .. })));
        drop((first, second));
        let restoring = exclusive(&db).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(shared(&db), Err(StoreError::BeingRestored { .. })));
        drop(restoring);
        assert!(shared(&db).is_ok());
    }
}
