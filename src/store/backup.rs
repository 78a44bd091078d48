//! Backups with SQLite's online backup API: a consistent copy taken while the program runs,
//! written under a temporary name, checked with `PRAGMA quick_check`, flushed to disk and
//! only then renamed into place, with its audit anchor beside it. Automatic backups live in
//! `backups/` beside the database, named `<file name>-YYYYMMDD-HHMMSS.db`, and are rotated
//! by [`crate::domain::rotation`] (see [`super::backup_list`] for the folder's reading).

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::anchor::{self, Anchor, AuditHead};
use super::backup_list::{self, BackupEntry, backups_dir, name_for};
use super::paths::{self, folder_of, with_suffix};
use super::{Result, Store, StoreError, schema};
use crate::domain::Message;
use crate::domain::rotation;

/// Pages copied per step (4 MiB at SQLite's default page size): small enough for a smooth
/// progress bar, large enough that the steps cost nothing.
const PAGES_PER_STEP: i32 = 1024;

/// How long the copy waits for a lock that another connection holds before giving up.
const BUSY_LIMIT: Duration = Duration::from_secs(30);

/// A backup that was written.
#[derive(Clone, Debug)]
pub struct BackupInfo {
    /// Where it is.
    pub path: std::path::PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// How long writing and checking it took.
    pub elapsed: Duration,
    /// Of that, the copy through the backup API, the `quick_check` and the fsync.
    pub phases: [Duration; 3],
    /// The audit chain's head it holds (read from the copy, so it is what the file anchors).
    pub audit_head: Option<AuditHead>,
    /// What went wrong around a backup that was written and checked all the same (its
    /// anchor, the rotation, backups whose time lies in the future).
    pub warnings: Vec<Message>,
}

/// `PRAGMA quick_check`: the problem lines, empty when the file is sound.
pub(crate) fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Copies the database of `src` with the online backup API into `dst`. Pages go in steps
/// for the progress bar; when another connection's commit makes SQLite start the copy over,
/// the rest goes in one step (a read transaction, which in WAL mode holds up no writer), so
/// a busy office never keeps a backup from finishing.
fn run_backup(src: &Connection, dst: &mut Connection, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    let mut pages = PAGES_PER_STEP;
    let mut last_remaining = None;
    let mut busy_since: Option<Instant> = None;
    loop {
        let step = backup.step(pages)?;
        let p = backup.progress();
        let total = u64::try_from(p.pagecount).unwrap_or(0);
        let remaining = u64::try_from(p.remaining).unwrap_or(0);
        if last_remaining.is_some_and(|r| remaining > r) {
            pages = -1;
        }
        last_remaining = Some(remaining);
        progress(total.saturating_sub(remaining), total);
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => busy_since = None,
            // Busy or Locked: another connection holds a lock for a moment; wait, as
            // SQLite's own busy handler would, but not for ever.
            _ => {
                if busy_since.get_or_insert_with(Instant::now).elapsed() > BUSY_LIMIT {
                    return Err(StoreError::Busy);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// Copies the database of `src` to `out`: online backup into a temporary file (mode 0600)
/// in the same folder, journal mode DELETE (one self-contained file), with `check` a quick
/// check, fsync, rename, fsync of the folder. `progress(done, total)` is told the pages after
/// each step. A file already at `out` is replaced only by a complete copy.
pub(crate) fn copy_database(
    src: &Connection,
    out: &Path,
    check: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    let started = Instant::now();
    let tmp = paths::temp_in(folder_of(out))?;
    let (copied, checked, audit_head);
    {
        let mut dst = Connection::open_with_flags(tmp.path(), OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // An encrypted database backs up only into a file with the same key.
        super::cipher::apply(&dst)?;
        run_backup(src, &mut dst, progress)?;
        let _mode: String = dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        copied = started.elapsed();
        audit_head = anchor::head(&dst)?;
        if check {
            // The check reads every page once: through memory-mapped I/O, not the page cache.
            dst.pragma_update(None, "mmap_size", 1_i64 << 30)?;
            let problems = quick_check(&dst)?;
            if !problems.is_empty() {
                return Err(StoreError::Invalid {
                    key: "backup.err.check_failed",
                    args: vec![("detail", problems.join("; "))],
                });
            }
        }
        checked = started.elapsed();
        dst.close().map_err(|(_, e)| StoreError::from(e))?;
    }
    paths::persist(tmp, out, true)?;
    let bytes = std::fs::metadata(out).map_err(|e| StoreError::file(out, &e))?.len();
    let elapsed = started.elapsed();
    let phases = [copied, checked - copied, elapsed - checked];
    Ok(BackupInfo { path: out.to_path_buf(), bytes, elapsed, phases, audit_head, warnings: Vec::new() })
}

/// Writes an automatic backup of `src` (the database at `db`) taken at `now` into the
/// backups folder, with its anchor, then rotates the folder. Once the backup is written and
/// checked, what goes wrong afterwards (the anchor, the rotation) is a warning, not a failure.
pub(crate) fn automatic(
    src: &Connection,
    db: &Path,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupInfo> {
    let dir = backups_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::file(&dir, &e))?;
    let out = dir.join(name_for(db, now));
    let mut info = copy_database(src, &out, true, progress)?;
    if let Err(e) = anchor_backup(src, db, &info, now) {
        log::warn!("anchor of {}: {e}", out.display());
        info.warnings.push(warning("backup.warn.anchor", &e));
    }
    match backup_list::rotate_sparing(db, rotation::DEFAULT_KEEP, Some(&out), now) {
        Ok(doubtful) => info.warnings.extend(backup_list::doubtful_warning(&doubtful)),
        Err(e) => {
            log::warn!("rotation of {}: {e}", dir.display());
            info.warnings.push(warning("backup.warn.rotate", &e));
        }
    }
    Ok(info)
}

fn warning(key: &'static str, e: &StoreError) -> Message {
    Message { key, args: vec![("detail", e.to_string())] }
}

/// Writes the side file of a backup of `db` just taken.
pub(crate) fn anchor_backup(src: &Connection, db: &Path, info: &BackupInfo, now: NaiveDateTime) -> Result<()> {
    let record = Anchor {
        taken_at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        schema_version: schema::user_version(src)?,
        bytes: info.bytes,
        audit_head: info.audit_head.clone(),
        source: Some(paths::file_name(db)),
    };
    anchor::write(&info.path, &record)
}

/// Refuses an `--out` that is the database itself or one of its companions (a backup
/// renamed over it would put a new file under the live name: every change since would be
/// lost when the program closes), and an existing file that is not a greencard backup
/// unless `force`.
fn check_out(db: &Path, out: &Path, force: bool) -> Result<()> {
    let companions = [db.to_path_buf(), with_suffix(db, "-wal"), with_suffix(db, "-shm"), with_suffix(db, ".lock")];
    if companions.iter().any(|c| paths::same_file(out, c)) {
        return Err(StoreError::Invalid {
            key: "backup.err.out_is_database",
            args: vec![("path", out.display().to_string())],
        });
    }
    if out.exists() && !force && !is_greencard_backup(out) {
        return Err(StoreError::Invalid {
            key: "backup.err.out_exists",
            args: vec![("path", out.display().to_string())],
        });
    }
    Ok(())
}

/// Whether `file` is a backup greencard wrote: greencard's application id, and one
/// self-contained file (journal mode DELETE, no log beside it), unlike a live database.
fn is_greencard_backup(file: &Path) -> bool {
    if with_suffix(file, "-wal").exists() {
        return false;
    }
    if super::cipher::in_use() {
        // An encrypted header says nothing; the key opens it or not.
        return super::open::open_read_only(file).is_ok();
    }
    let mut header = [0u8; 72];
    let read = std::fs::File::open(file).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header));
    read.is_ok()
        && header.starts_with(b"SQLite format 3\0")
        // File format versions 1/1: a rollback journal; a WAL database has 2/2.
        && header[18] == 1
        && header[19] == 1
        && header[68..72] == super::open::APPLICATION_ID.to_be_bytes()[4..]
}

impl Store {
    /// Writes a checked backup of the open database to `out`, with its audit anchor beside
    /// it. Refuses the database itself (and its `-wal`, `-shm`, `.lock`) as `out`, and an
    /// existing file that is not a greencard backup unless `force`. `progress(done, total)`
    /// counts pages.
    pub fn backup_to(&self, out: &Path, force: bool, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupInfo> {
        let Some(db) = self.path.clone() else {
            return Err(StoreError::rule("backup.err.in_memory"));
        };
        check_out(&db, out, force)?;
        paths::sweep_temp_files(folder_of(out));
        let mut info = copy_database(&self.conn, out, true, progress)?;
        if let Err(e) = anchor_backup(&self.conn, &db, &info, chrono::Local::now().naive_local()) {
            info.warnings.push(warning("backup.warn.anchor", &e));
        }
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
        let anchors: Vec<(std::path::PathBuf, Anchor)> =
            backup_list::list(db)?.into_iter().filter_map(|b: BackupEntry| b.anchor.map(|a| (b.path, a))).collect();
        anchor::problems(&self.conn, &anchors)
    }

    /// Whether the newest automatic backup is older than `max_age` (or there is none): the
    /// daily backup while the app is open is due. Backups whose time lies in the future (a
    /// clock that was wrong) do not count, or one of them would put the next backup off for
    /// ever.
    pub fn backup_due(&self, max_age: chrono::Duration) -> bool {
        let Some(db) = &self.path else { return false };
        let now = chrono::Local::now().naive_local();
        match backup_list::list_at(db, now) {
            Ok(all) => all.iter().find(|b| !b.doubtful_time).is_none_or(|newest| now - newest.taken_at >= max_age),
            Err(_) => true,
        }
    }
}
