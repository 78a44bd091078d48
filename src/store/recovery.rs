//! What a damaged database needs: the start-up check (on its own read-only connection), a
//! byte-for-byte copy of the damaged file kept before anything replaces it, the newest
//! backup that verifies, and the restore of it without a login.

use std::path::{Path, PathBuf};

use super::lock::{self, ExclusiveLock};
use super::paths::{self, folder_of, with_suffix};
use super::restore::{self, BackupFacts, RestorePhase, Restored};
use super::{BackupEntry, Result, StoreError, backup, backup_list, open};

/// The quick check a start-up runs in the background on its own read-only connection:
/// the problems found (empty when the file is sound). A file SQLite cannot even read (its
/// header or first page destroyed) counts as damaged, with SQLite's words as the problem.
pub fn quick_check_file(db: &Path) -> Result<Vec<String>> {
    let conn = match open::open_read_only(db) {
        Ok(c) => c,
        Err(StoreError::Corrupt { detail }) => return Ok(vec![detail]),
        Err(e @ StoreError::NotADatabase { .. }) => return Ok(vec![e.to_string()]),
        Err(e) => return Err(e),
    };
    match backup::quick_check(&conn) {
        Err(StoreError::Corrupt { detail }) => Ok(vec![detail]),
        other => other,
    }
}

/// Whether a database that failed to open with `e` should get the recovery window rather
/// than a refusal: damaged, or (header gone) not readable as SQLite while this database's
/// backups lie beside it.
pub fn offers_recovery(db: &Path, e: &StoreError) -> bool {
    match e {
        StoreError::Corrupt { .. } => true,
        StoreError::NotADatabase { .. } => {
            db.is_file() && backup_list::list(db).is_ok_and(|backups| !backups.is_empty())
        }
        _ => false,
    }
}

/// Copies the database file (and its write-ahead log, if any) as it is, byte for byte, to
/// `<name>-<label>-YYYYMMDD-HHMMSS.db` beside it; returns the copy's path. A damaged file is
/// kept this way before anything replaces it. Each copy is readable by its owner only and
/// appears whole or not at all; the log's copy comes first, so a copy never lacks its log.
pub fn copy_aside(db: &Path, label: &str) -> Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let stem = paths::stem(db);
    let mut copy = db.with_file_name(format!("{stem}-{label}-{stamp}.db"));
    // Two copies in one second (a restore right after a recovery) get their own names.
    for n in 2.. {
        if !copy.exists() && !with_suffix(&copy, "-wal").exists() {
            break;
        }
        copy = db.with_file_name(format!("{stem}-{label}-{stamp}-{n}.db"));
    }
    let wal = with_suffix(db, "-wal");
    if wal.exists() {
        paths::copy_whole(&wal, &with_suffix(&copy, "-wal"))?;
    }
    paths::copy_whole(db, &copy)?;
    Ok(copy)
}

/// A copy made earlier by [`copy_aside`] with `label` that is byte for byte the file as it is
/// now (with the same log), so that a damaged file found at every start is kept once.
fn earlier_copy(db: &Path, label: &str) -> Option<PathBuf> {
    let prefix = format!("{}-{label}-", paths::stem(db));
    let same = |a: &Path, b: &Path| -> bool {
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(ma), Ok(mb)) if ma.len() == mb.len() => same_bytes(a, b).unwrap_or(false),
            (Err(_), Err(_)) => true,
            _ => false,
        }
    };
    std::fs::read_dir(folder_of(db)).ok()?.flatten().map(|e| e.path()).find(|copy| {
        let name = paths::file_name(copy);
        name.starts_with(&prefix)
            && name.ends_with(".db")
            && same(db, copy)
            && same(&with_suffix(db, "-wal"), &with_suffix(copy, "-wal"))
    })
}

/// Whether two files of equal length hold the same bytes, read a megabyte at a time.
fn same_bytes(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let (mut fa, mut fb) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut ba, mut bb) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let n = fa.read(&mut ba)?;
        if n == 0 {
            return Ok(true);
        }
        fb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

/// What the start-up check found wrong with a database, and what it did about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Damage {
    /// SQLite's findings (the first few lines of `quick_check`).
    pub problems: Vec<String>,
    /// How many lines `quick_check` reported in all.
    pub problem_count: usize,
    /// The copy of the damaged file that was kept, or why none could be made.
    pub kept: std::result::Result<PathBuf, String>,
    /// The newest automatic backup that verifies, with what it holds.
    pub newest_good: Option<(BackupEntry, BackupFacts)>,
}

/// The start-up check, for a background thread: `None` when the database passes
/// `quick_check`. A damaged file is copied aside at once (so nothing done later can lose
/// it), and the backups are verified newest first until one is sound. Holds the shared
/// instance lock meanwhile, like every reader.
pub fn examine(db: &Path) -> Result<Option<Damage>> {
    let (_lock, _) = lock::shared(db)?;
    // One row of quick_check may hold many lines.
    let mut problems: Vec<String> =
        quick_check_file(db)?.iter().flat_map(|row| row.lines().map(str::to_string)).collect();
    if problems.is_empty() {
        return Ok(None);
    }
    let problem_count = problems.len();
    problems.truncate(6);
    let kept = match earlier_copy(db, "damaged") {
        Some(copy) => Ok(copy),
        None => copy_aside(db, "damaged").map_err(|e| e.to_string()),
    };
    let newest_good = backup_list::list(db)?
        .into_iter()
        .find_map(|entry| restore::verify(&entry.path).ok().map(|facts| (entry, facts)));
    Ok(Some(Damage { problems, problem_count, kept, newest_good }))
}

/// [`recover_locked`], taking the database to itself first.
pub fn recover_file(db: &Path, from: &Path) -> Result<Restored> {
    let lock = lock::exclusive(db)?;
    recover_locked(&lock, from, &mut |_| {})
}

/// Restores `from` over a damaged database without a login (the damaged file may not even
/// let anyone log in). Refused for a sound database: restoring one is an administrator's
/// decision. The damaged file as it is now is kept first: the start-up check's copy if the
/// file has not changed since (byte for byte), a new copy otherwise, so that nothing
/// written after that check is lost.
pub fn recover_locked(lock: &ExclusiveLock, from: &Path, phase: &mut dyn FnMut(RestorePhase)) -> Result<Restored> {
    let db = lock.db();
    let unchanged = earlier_copy(db, "damaged");
    if unchanged.is_none() {
        phase(RestorePhase::CheckingDamage);
        if quick_check_file(db)?.is_empty() {
            return Err(StoreError::rule("backup.err.not_damaged"));
        }
    }
    let staging = restore::stage(lock, from, phase)?;
    let kept = match unchanged {
        Some(copy) => copy,
        None => {
            phase(RestorePhase::KeepingCurrent);
            match copy_aside(db, "damaged") {
                Ok(copy) => copy,
                Err(e) => {
                    restore::discard(&staging.0);
                    return Err(e);
                }
            }
        }
    };
    restore::install(lock, staging, Some(kept), None, from, phase)
}
