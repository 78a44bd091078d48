//! The instance lock: every greencard that opens a database file for writing holds a shared
//! lock on `<file>.lock` beside it, and a restore takes that lock exclusively, so a database
//! is never replaced under a running program.
//!
//! SQLite's own locking already keeps two writers apart (the busy timeout makes the second
//! one wait); this lock only answers "is this file open anywhere on this machine?". The OS
//! drops it when the process dies, SIGKILL included, so a crash never leaves a stale lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::{Result, StoreError};

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub(crate) struct InstanceLock {
    _file: File,
}

/// The lock file of the database at `db`: `greencard.db.lock`.
pub(crate) fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock_file(db: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).write(true).create(true).truncate(false).open(lock_path(db))
}

/// Takes the shared lock of a program that has the database open. `None` where no lock file
/// can be made (a read-only folder): the program then works without this protection, as
/// SQLite's own locking still keeps the data safe.
pub(crate) fn shared(db: &Path) -> Result<Option<InstanceLock>> {
    let file = match open_lock_file(db) {
        Ok(f) => f,
        Err(e) => {
            log::warn!("no instance lock for {}: {e}", db.display());
            return Ok(None);
        }
    };
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(InstanceLock { _file: file })),
        Err(TryLockError::WouldBlock) => Err(StoreError::BeingRestored { path: db.to_path_buf() }),
        Err(TryLockError::Error(e)) => {
            log::warn!("no instance lock for {}: {e}", db.display());
            Ok(None)
        }
    }
}

/// Takes the lock exclusively, as a restore must: refused while any greencard has the
/// database open.
pub(crate) fn exclusive(db: &Path) -> Result<InstanceLock> {
    let file = open_lock_file(db).map_err(|e| StoreError::FileError { path: lock_path(db), reason: e.to_string() })?;
    match file.try_lock() {
        Ok(()) => Ok(InstanceLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(StoreError::OpenElsewhere { path: db.to_path_buf() }),
        Err(TryLockError::Error(e)) => Err(StoreError::FileError { path: lock_path(db), reason: e.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_holder_refuses_the_exclusive_lock_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("office.db");
        let first = shared(&db).unwrap_or_else(|e| panic!("{e}"));
        assert!(first.is_some());
        let second = shared(&db).unwrap_or_else(|e| panic!("{e}"));
        assert!(second.is_some(), "two programs may have the file open");
        assert!(matches!(exclusive(&db), Err(StoreError::OpenElsewhere { .. })));
        drop((first, second));
        let restoring = exclusive(&db).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(shared(&db), Err(StoreError::BeingRestored { .. })));
        drop(restoring);
        assert!(shared(&db).is_ok());
    }
}
