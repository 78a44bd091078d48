//! Backups with SQLite's online backup API: a consistent copy taken while the program runs,
//! written under a temporary name, checked with `PRAGMA quick_check`, flushed to disk and
//! only then renamed into place, with its audit anchor beside it. Automatic backups live in
//! `backups/` beside the database, named `<name>-YYYYMMDD-HHMMSS.db`, and are rotated by
//! [`crate::domain::rotation`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::anchor::{self, Anchor, AuditHead};
use super::{Result, Store, StoreError, schema};
use crate::domain::rotation::{self, Keep};

/// Pages copied per step (4 MiB at SQLite's default page size): small enough for a smooth
/// progress bar, large enough that the steps cost nothing.
const PAGES_PER_STEP: i32 = 1024;

/// The time format inside backup file names.
const NAME_STAMP: &str = "%Y%m%d-%H%M%S";

/// A backup that was written.
#[derive(Clone, Debug)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// How long writing and checking it took.
    pub elapsed: Duration,
    /// Of that, the copy through the backup API, the `quick_check` and the fsync.
    pub phases: [Duration; 3],
    /// The audit chain's head it anchors.
    pub audit_head: Option<AuditHead>,
}

/// A backup found in the backups folder.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupEntry {
    /// The file.
    pub path: PathBuf,
    /// When it was taken (from its name).
    pub taken_at: NaiveDateTime,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its side file, if there is one.
    pub anchor: Option<Anchor>,
}

/// The folder of the automatic backups of the database at `db`: `backups/` beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new(".")).join("backups")
}

/// The file name's stem that every file derived from `db` starts with.
fn stem(db: &Path) -> String {
    db.file_stem().map_or_else(|| "greencard".to_string(), |s| s.to_string_lossy().into_owned())
}

/// `<stem>-YYYYMMDD-HHMMSS.db` → its time; anything else → `None`.
fn taken_at(db: &Path, file_name: &str) -> Option<NaiveDateTime> {
    let stamp = file_name.strip_prefix(&stem(db))?.strip_prefix('-')?.strip_suffix(".db")?;
    // The stamp has a fixed width; this refuses `office-2-…` for the database `office`.
    if stamp.len() != 15 {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, NAME_STAMP).ok()
}

/// Flushes a folder's entry list, so a rename survives a power cut (a no-op off Unix).
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        log::warn!("fsync {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn file_error(path: &Path, e: &std::io::Error) -> StoreError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        StoreError::DiskFull
    } else {
        StoreError::FileError { path: path.to_path_buf(), reason: e.to_string() }
    }
}

/// `PRAGMA quick_check`: the problem lines, empty when the file is sound.
pub(crate) fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Copies the database of `src` to `out`: online backup into a temporary file in the same
/// folder, journal mode DELETE (one self-contained file), quick check, fsync, rename, fsync of
/// the folder. `progress(done, total)` is told the pages after each step. A file already at
/// `out` is replaced only by a complete, checked copy.
pub(crate) fn write(src: &Connection, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupInfo> {
    let started = Instant::now();
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".greencard-backup-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| file_error(dir, &e))?;
    let audit_head = anchor::head(src)?;
    let (copied, checked);
    {
        let mut dst = Connection::open_with_flags(tmp.path(), OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // An encrypted database backs up only into a file with the same key.
        super::cipher::apply(&dst)?;
        {
            let backup = Backup::new(src, &mut dst)?;
            loop {
                let step = backup.step(PAGES_PER_STEP)?;
                let p = backup.progress();
                let total = u64::try_from(p.pagecount).unwrap_or(0);
                progress(total.saturating_sub(u64::try_from(p.remaining).unwrap_or(0)), total);
                match step {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Busy or Locked: another connection holds a lock for a moment; wait, as
                    // SQLite's own busy handler would.
                    _ => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        }
        let _mode: String = dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        copied = started.elapsed();
        // The check reads every page once: through memory-mapped I/O rather than the page cache.
        dst.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        let problems = quick_check(&dst)?;
        checked = started.elapsed();
        if !problems.is_empty() {
            return Err(StoreError::Invalid {
                key: "backup.err.check_failed",
                args: vec![("detail", problems.join("; "))],
            });
        }
        dst.close().map_err(|(_, e)| StoreError::from(e))?;
    }
    tmp.as_file().sync_all().map_err(|e| file_error(tmp.path(), &e))?;
    tmp.persist(out).map_err(|e| file_error(out, &e.error))?;
    sync_dir(dir);
    let bytes = std::fs::metadata(out).map_err(|e| file_error(out, &e))?.len();
    let elapsed = started.elapsed();
    let phases = [copied, checked - copied, elapsed - checked];
    Ok(BackupInfo { path: out.to_path_buf(), bytes, elapsed, phases, audit_head })
}

/// The automatic backups of `db`, newest first (files whose names do not fit are not ours
/// and are left alone).
pub fn list(db: &Path) -> Result<Vec<BackupEntry>> {
    let dir = backups_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(file_error(&dir, &e)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(at) = taken_at(db, &name) else { continue };
        let path = entry.path();
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        found.push(BackupEntry { anchor: anchor::read(&path), path, taken_at: at, bytes });
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.path.cmp(&a.path)));
    Ok(found)
}

/// Deletes the automatic backups (and their side files) that `keep` does not keep; returns
/// the files deleted.
pub fn rotate(db: &Path, keep: Keep) -> Result<Vec<PathBuf>> {
    let all = list(db)?;
    let stamps: Vec<NaiveDateTime> = all.iter().map(|b| b.taken_at).collect();
    let kept = rotation::to_keep(&stamps, keep);
    let mut removed = Vec::new();
    for (i, backup) in all.into_iter().enumerate() {
        if kept.contains(&i) {
            continue;
        }
        std::fs::remove_file(&backup.path).map_err(|e| file_error(&backup.path, &e))?;
        // A backup without a side file is still a backup; a missing one is no error.
        let _ = std::fs::remove_file(anchor::side_file(&backup.path));
        removed.push(backup.path);
    }
    Ok(removed)
}

/// Writes an automatic backup of `src` (the database at `db`) taken at `now` into the
/// backups folder, with its anchor, then rotates the folder.
pub(crate) fn automatic(
    src: &Connection,
    db: &Path,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    let dir = backups_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| file_error(&dir, &e))?;
    let out = dir.join(format!("{}-{}.db", stem(db), now.format(NAME_STAMP)));
    let info = write(src, &out, progress)?;
    anchor_backup(src, &info, now)?;
    rotate(db, rotation::DEFAULT_KEEP)?;
    Ok(info)
}

/// Writes the side file of a backup just taken.
pub(crate) fn anchor_backup(src: &Connection, info: &BackupInfo, now: NaiveDateTime) -> Result<()> {
    let record = Anchor {
        taken_at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        schema_version: schema::user_version(src)?,
        bytes: info.bytes,
        audit_head: info.audit_head.clone(),
    };
    anchor::write(&info.path, &record).map_err(|e| file_error(&anchor::side_file(&info.path), &e))
}

impl Store {
    /// Writes a checked backup of the open database to `out` (any path), with its audit
    /// anchor beside it. `progress(done, total)` counts pages.
    pub fn backup_to(&self, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupInfo> {
        let info = write(&self.conn, out, progress)?;
        anchor_backup(&self.conn, &info, chrono::Local::now().naive_local())?;
        Ok(info)
    }

    /// Writes an automatic backup into the backups folder beside the database and rotates
    /// it (the 3 newest, 7 daily, 4 weekly, 12 monthly). Refused for a database in memory.
    pub fn backup_now(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupInfo> {
        let Some(db) = self.path.clone() else {
            return Err(StoreError::rule("backup.err.in_memory"));
        };
        automatic(&self.conn, &db, chrono::Local::now().naive_local(), progress)
    }

    /// The audit chain's newest row (what a backup taken now would anchor).
    pub fn audit_head(&self) -> Result<Option<AuditHead>> {
        anchor::head(&self.conn)
    }

    /// Compares the audit anchors of the backups beside the database with the live log:
    /// one line per backup whose recorded head is gone (rows deleted) or differs (rewritten).
    pub fn anchor_problems(&self) -> Result<Vec<String>> {
        let Some(db) = &self.path else { return Ok(Vec::new()) };
        let anchors: Vec<(PathBuf, Anchor)> =
            list(db)?.into_iter().filter_map(|b| b.anchor.map(|a| (b.path, a))).collect();
        anchor::problems(&self.conn, &anchors)
    }

    /// Whether the newest automatic backup is older than `max_age` (or there is none): the
    /// daily backup while the app is open is due.
    pub fn backup_due(&self, max_age: chrono::Duration) -> bool {
        let Some(db) = &self.path else { return false };
        let now = chrono::Local::now().naive_local();
        match list(db) {
            Ok(all) => all.first().is_none_or(|newest| now - newest.taken_at >= max_age),
            Err(_) => true,
        }
    }
}
