//! The backups folder: which files in it are this database's backups, when each was taken,
//! and the rotation. A backup is `<file name>-YYYYMMDD-HHMMSS.db` (`office.db-20261201-…`);
//! the older `<stem>-YYYYMMDD-HHMMSS.db` is still read, and a backup's anchor names the
//! database it came from, so `office.db` and `office.sqlite` never take (or rotate away)
//! each other's backups. A time in the future means the clock was wrong when the backup was
//! taken, or is wrong now: such a backup is listed last, warned about, and never rotated.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::anchor::{self, Anchor};
use super::paths::{self, folder_of};
use super::{Result, StoreError};
use crate::domain::Message;
use crate::domain::rotation::{self, Keep};

/// The time format inside backup file names.
const NAME_STAMP: &str = "%Y%m%d-%H%M%S";

/// How far in the future a backup's time may lie before it is doubted: the hour a clock
/// goes back in autumn, and a margin.
const FUTURE_SLACK: chrono::Duration = chrono::Duration::hours(2);

/// A backup found in the backups folder.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupEntry {
    /// The file.
    pub path: PathBuf,
    /// When it was taken (from its name; from the file's time when the name lies in the
    /// future and the file's time does not).
    pub taken_at: NaiveDateTime,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its side file, if there is one.
    pub anchor: Option<Anchor>,
    /// Its time lies in the future: the clock was (or is) wrong. Never rotated away.
    pub doubtful_time: bool,
}

/// The folder of the automatic backups of the database at `db`: `backups/` beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    folder_of(db).join("backups")
}

/// The file name of the automatic backup of `db` taken at `at`.
pub(crate) fn name_for(db: &Path, at: NaiveDateTime) -> String {
    format!("{}-{}.db", paths::file_name(db), at.format(NAME_STAMP))
}

/// `<prefix>-YYYYMMDD-HHMMSS.db` → its time.
fn stamp_after(prefix: &str, file_name: &str) -> Option<NaiveDateTime> {
    let stamp = file_name.strip_prefix(prefix)?.strip_prefix('-')?.strip_suffix(".db")?;
    // The stamp has a fixed width; this refuses `office-2-…` for the database `office`.
    if stamp.len() != 15 {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, NAME_STAMP).ok()
}

/// The time in a backup's name, if the name is one of `db`'s (new or older style).
fn taken_at(db: &Path, file_name: &str) -> Option<NaiveDateTime> {
    stamp_after(&paths::file_name(db), file_name).or_else(|| stamp_after(&paths::stem(db), file_name))
}

/// The file's modification time in local time.
fn modified(meta: &std::fs::Metadata) -> Option<NaiveDateTime> {
    meta.modified().ok().map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local())
}

/// The automatic backups of `db`, newest first, those with a doubtful time last (files
/// whose names do not fit, or whose anchor names another database, are not ours).
pub fn list(db: &Path) -> Result<Vec<BackupEntry>> {
    list_at(db, chrono::Local::now().naive_local())
}

/// [`list`] as the clock reads `now`.
pub(crate) fn list_at(db: &Path, now: NaiveDateTime) -> Result<Vec<BackupEntry>> {
    let dir = backups_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::file(&dir, &e)),
    };
    let source = paths::file_name(db);
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(mut at) = taken_at(db, &name) else { continue };
        let path = entry.path();
        let anchor = anchor::read(&path);
        if anchor.as_ref().and_then(|a| a.source.as_deref()).is_some_and(|s| s != source) {
            continue;
        }
        let meta = entry.metadata().ok();
        let mut doubtful = false;
        if at > now + FUTURE_SLACK {
            match meta.as_ref().and_then(modified) {
                Some(m) if m <= now + FUTURE_SLACK => at = m,
                _ => doubtful = true,
            }
        }
        let bytes = meta.map_or(0, |m| m.len());
        found.push(BackupEntry { anchor, path, taken_at: at, bytes, doubtful_time: doubtful });
    }
    found.sort_by(|a, b| {
        a.doubtful_time
            .cmp(&b.doubtful_time)
            .then_with(|| b.taken_at.cmp(&a.taken_at))
            .then_with(|| b.path.cmp(&a.path))
    });
    Ok(found)
}

/// Deletes the automatic backups (and their side files) that `keep` does not keep; returns
/// the files deleted. Backups with a doubtful time are never deleted.
pub fn rotate(db: &Path, keep: Keep) -> Result<Vec<PathBuf>> {
    let now = chrono::Local::now().naive_local();
    let all = list_at(db, now)?;
    remove_unkept(all, keep, None).map(|(removed, _)| removed)
}

/// Rotates as [`rotate`] does, but never deletes `spare` (the backup just written, whatever
/// the clock says); returns the backups left alone for their doubtful time.
pub(crate) fn rotate_sparing(
    db: &Path,
    keep: Keep,
    spare: Option<&Path>,
    now: NaiveDateTime,
) -> Result<Vec<BackupEntry>> {
    remove_unkept(list_at(db, now)?, keep, spare).map(|(_, doubtful)| doubtful)
}

fn remove_unkept(all: Vec<BackupEntry>, keep: Keep, spare: Option<&Path>) -> Result<(Vec<PathBuf>, Vec<BackupEntry>)> {
    let (doubtful, plausible): (Vec<_>, Vec<_>) = all.into_iter().partition(|b| b.doubtful_time);
    let stamps: Vec<NaiveDateTime> = plausible.iter().map(|b| b.taken_at).collect();
    let kept = rotation::to_keep(&stamps, keep);
    let mut removed = Vec::new();
    for (i, backup) in plausible.into_iter().enumerate() {
        if kept.contains(&i) || spare.is_some_and(|s| s == backup.path) {
            continue;
        }
        std::fs::remove_file(&backup.path).map_err(|e| StoreError::file(&backup.path, &e))?;
        // A backup without a side file is still a backup: a missing one is no error.
        if let Err(e) = paths::remove_if_there(&anchor::side_file(&backup.path)) {
            log::warn!("{e}");
        }
        removed.push(backup.path);
    }
    Ok((removed, doubtful))
}

/// The warning about backups whose time lies in the future, if there are any.
pub(crate) fn doubtful_warning(doubtful: &[BackupEntry]) -> Option<Message> {
    let first = doubtful.first()?;
    Some(Message {
        key: "backup.warn.future",
        args: vec![("n", doubtful.len().to_string()), ("when", first.taken_at.format("%Y-%m-%d %H:%M:%S").to_string())],
    })
}
