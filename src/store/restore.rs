//! Restoring a backup: the backup is copied beside the database, the copy verified once
//! (SQLite, ours, quick check, schema not newer, audit chain), the current file kept as a
//! copy, and the verified copy renamed into place while this program holds the database to
//! itself ([`ExclusiveLock`]). A kill at any moment leaves the old database or the restored
//! one, never a mix and never the old one without its last commits.

use std::path::{Path, PathBuf};

use super::anchor::{self, AuditHead};
use super::lock::{self, ExclusiveLock};
use super::paths::{self, with_suffix};
use super::{Result, StoreError, audit, backup, open, schema};

/// What a verified backup holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFacts {
    /// Its schema version (never newer than this program's).
    pub schema_version: i64,
    /// The audit chain's head.
    pub audit_head: Option<AuditHead>,
    /// How many talents it holds.
    pub talents: i64,
}

/// How far a restore has come, for its progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestorePhase {
    /// Checking that the database to recover is damaged (it changed since the start).
    CheckingDamage,
    /// Copying the backup beside the database: pages done and in all.
    Copying { done: u64, total: u64 },
    /// Verifying the copy.
    Verifying,
    /// Keeping the current database as a copy.
    KeepingCurrent,
    /// Folding the old database's log into it and removing the log.
    Replacing,
    /// The old log is gone; the verified copy takes the database's name next.
    Installing,
    /// Writing the restore's audit row into the restored file.
    Recording,
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// What the restored database holds.
    pub facts: BackupFacts,
    /// The copy of the database as it was before (`-before-restore-` or `-damaged-`).
    pub kept: Option<PathBuf>,
    /// What failed after the restored file was already in place (opening it, writing the
    /// restore's audit row): the restore happened all the same.
    pub afterwards: Option<StoreError>,
}

/// Checks that `file` can be restored: an SQLite file of greencard, not newer than this
/// program, sound by `PRAGMA quick_check`, with an unbroken audit chain. Reads only.
pub fn verify(file: &Path) -> Result<BackupFacts> {
    verify_inner(file).map_err(damaged_backup)
}

/// A file SQLite cannot read through is a damaged backup, whichever check met it.
fn damaged_backup(e: StoreError) -> StoreError {
    match e {
        StoreError::Corrupt { detail } => {
            StoreError::Invalid { key: "backup.err.damaged", args: vec![("detail", detail)] }
        }
        other => other,
    }
}

fn verify_inner(file: &Path) -> Result<BackupFacts> {
    let conn = open::open_read_only(file)?;
    let problems = backup::quick_check(&conn)?;
    if !problems.is_empty() {
        return Err(StoreError::Invalid { key: "backup.err.damaged", args: vec![("detail", problems.join("; "))] });
    }
    if let Some(row) = audit::verify_chain(&conn)? {
        return Err(StoreError::Invalid { key: "backup.err.chain", args: vec![("row", row.to_string())] });
    }
    let talents: i64 = conn.query_row("SELECT count(*) FROM talents", [], |r| r.get(0))?;
    Ok(BackupFacts { schema_version: schema::user_version(&conn)?, audit_head: anchor::head(&conn)?, talents })
}

/// Replaces the database at `db` by the backup `from` (see [`restore_locked`]), taking the
/// database to itself first: refused while any greencard has it open. `by` names who asked
/// (for the audit row; `None` from the command line).
pub fn restore_file(db: &Path, from: &Path, keep_current: bool, by: Option<&str>) -> Result<Restored> {
    let lock = lock::exclusive(db)?;
    restore_locked(&lock, from, keep_current, by, &mut |_| {})
}

/// Replaces the database that `lock` holds by the backup `from`. The backup is copied and
/// the copy verified before anything else is written; with `keep_current` the database is
/// then copied aside; the copy is renamed into place; the restore is recorded in the
/// restored file's audit log (as the system, with `by` in its values: the user who asked may
/// not exist in the backup). `phase` hears how far it has come.
pub fn restore_locked(
    lock: &ExclusiveLock,
    from: &Path,
    keep_current: bool,
    by: Option<&str>,
    phase: &mut dyn FnMut(RestorePhase),
) -> Result<Restored> {
    let db = lock.db();
    if paths::same_file(db, from) {
        return Err(StoreError::rule("backup.err.same_file"));
    }
    let staging = stage(lock, from, phase)?;
    let kept = if keep_current && db.exists() {
        phase(RestorePhase::KeepingCurrent);
        match super::recovery::copy_aside(db, "before-restore") {
            Ok(copy) => Some(copy),
            Err(e) => {
                discard(&staging.0);
                return Err(e);
            }
        }
    } else {
        None
    };
    install(lock, staging, kept, by, from, phase)
}

/// Copies `from` beside the database as `<db>.restoring` and verifies the copy: what is
/// verified is exactly what takes the database's name. Refuses what is not a greencard
/// database (or is newer) before copying anything.
pub(crate) fn stage(
    lock: &ExclusiveLock,
    from: &Path,
    phase: &mut dyn FnMut(RestorePhase),
) -> Result<(PathBuf, BackupFacts)> {
    let staging = with_suffix(lock.db(), ".restoring");
    {
        let src = open::open_read_only(from).map_err(damaged_backup)?;
        backup::copy_database(&src, &staging, false, &mut |done, total| phase(RestorePhase::Copying { done, total }))
            .map_err(damaged_backup)?;
    }
    phase(RestorePhase::Verifying);
    match verify(&staging) {
        Ok(facts) => Ok((staging, facts)),
        Err(e) => {
            discard(&staging);
            Err(e)
        }
    }
}

/// Removes a staging copy that will not be used.
pub(crate) fn discard(staging: &Path) {
    if let Err(e) = paths::remove_if_there(staging) {
        log::warn!("{e}");
    }
}

/// Puts the verified staging copy in the database's place and records the restore.
pub(crate) fn install(
    lock: &ExclusiveLock,
    (staging, facts): (PathBuf, BackupFacts),
    kept: Option<PathBuf>,
    by: Option<&str>,
    from: &Path,
    phase: &mut dyn FnMut(RestorePhase),
) -> Result<Restored> {
    let db = lock.db();
    phase(RestorePhase::Replacing);
    // The restored file keeps the database's permissions (a folder shared by the office's
    // group stays shared); the staging file was made readable by its owner only.
    if let Ok(meta) = std::fs::metadata(db)
        && let Err(e) = std::fs::set_permissions(&staging, meta.permissions())
    {
        log::warn!("permissions of {}: {e}", db.display());
    }
    // What the restore replaces, for its audit row (a damaged file may not say).
    let replaced_head = open::open_read_only(db).ok().and_then(|conn| anchor::head(&conn).ok().flatten());
    settle_log(db);
    // The old log must go before the new file takes the name: SQLite would otherwise replay
    // the old database's frames onto the restored one.
    for suffix in ["-wal", "-shm"] {
        if let Err(e) = paths::remove_if_there(&with_suffix(db, suffix)) {
            discard(&staging);
            return Err(e);
        }
    }
    phase(RestorePhase::Installing);
    if let Err(e) = std::fs::rename(&staging, db) {
        discard(&staging);
        return Err(StoreError::file(db, &e));
    }
    paths::sync_dir(paths::folder_of(db));
    phase(RestorePhase::Recording);
    let afterwards = record(db, by, from, &facts, replaced_head, kept.as_deref()).err();
    Ok(Restored { facts, kept, afterwards })
}

/// Folds the database's write-ahead log into the file (a checkpoint that empties the log),
/// so that removing the log loses no commit even if the program is killed before the
/// restored file takes the name. Nobody else has the file open (the exclusive lock). A file
/// too damaged for that keeps its log in the copy made of it.
fn settle_log(db: &Path) {
    let wal = with_suffix(db, "-wal");
    if std::fs::metadata(&wal).map_or(true, |m| m.len() == 0) {
        return;
    }
    let settled = (|| -> Result<()> {
        let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        super::cipher::apply(&conn)?;
        let (busy, _, _): (i64, i64, i64) =
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if busy != 0 {
            return Err(StoreError::Busy);
        }
        Ok(())
    })();
    if let Err(e) = settled {
        log::warn!("the log of {} could not be folded in before the restore: {e}", db.display());
    }
}

/// The restore's audit row in the restored file. It tells the anchor check that backups
/// taken before it but newer than the restored one belong to a history that was undone.
/// Written as the system: the user who asked may not exist in the backup.
fn record(
    db: &Path,
    by: Option<&str>,
    from: &Path,
    facts: &BackupFacts,
    replaced_head: Option<AuditHead>,
    kept: Option<&Path>,
) -> Result<()> {
    let mut conn = open::open_file(db)?;
    let tx = conn.transaction()?;
    audit::record(
        &tx,
        None,
        audit::Change {
            action: anchor::RESTORE_ACTION,
            entity: "database",
            entity_id: None,
            // The log's last row before and after, under one key: 审计日志末行：23 → 15.
            old: replaced_head.map(|h| serde_json::json!({ "audit_head": h.id })),
            new: Some(serde_json::json!({
                "from": paths::file_name(from),
                "audit_head": facts.audit_head.as_ref().map(|h| h.id),
                "by": by,
                "kept": kept.map(paths::file_name),
            })),
        },
    )?;
    tx.commit()?;
    Ok(())
}
