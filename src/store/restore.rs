//! Restoring a backup, and what a damaged database needs: a backup is verified before it is
//! used (SQLite, ours, quick check, schema not newer, audit chain); the current file is kept
//! as a copy; the replacement is written completely and renamed into place while no
//! greencard has the database open.

use std::path::{Path, PathBuf};

use super::anchor::{self, AuditHead};
use super::backup::{self, sync_dir};
use super::{Result, Store, StoreError, audit, lock, open, schema};
use crate::domain::Actor;

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

/// Checks that `file` can be restored: an SQLite file of greencard, not newer than this
/// program, sound by `PRAGMA quick_check`, with an unbroken audit chain. Reads only.
pub fn verify(file: &Path) -> Result<BackupFacts> {
    verify_inner(file).map_err(|e| match e {
        // A file SQLite cannot read through is a damaged backup, whichever check met it.
        StoreError::Corrupt { detail } => {
            StoreError::Invalid { key: "backup.err.damaged", args: vec![("detail", detail)] }
        }
        other => other,
    })
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
    let talents: i64 = conn.query_row("SELECT count(*) FROM talents", [], |r| r.get(0)).unwrap_or(0);
    Ok(BackupFacts { schema_version: schema::user_version(&conn)?, audit_head: anchor::head(&conn)?, talents })
}

/// The quick check a start-up runs in the background on its own read-only connection:
/// the problems found (empty when the file is sound). A file SQLite cannot even read counts
/// as damaged, with SQLite's words as the problem.
pub fn quick_check_file(db: &Path) -> Result<Vec<String>> {
    let conn = match open::open_read_only(db) {
        Ok(c) => c,
        Err(StoreError::Corrupt { detail }) => return Ok(vec![detail]),
        Err(e) => return Err(e),
    };
    match backup::quick_check(&conn) {
        Err(StoreError::Corrupt { detail }) => Ok(vec![detail]),
        other => other,
    }
}

/// Copies the database file (and its write-ahead log, if any) as it is, byte for byte, to
/// `<name>-<label>-YYYYMMDD-HHMMSS.db` beside it; returns the copy's path. A damaged file is
/// kept this way before anything replaces it.
pub fn copy_aside(db: &Path, label: &str) -> Result<PathBuf> {
    let stem = db.file_stem().map_or_else(|| "greencard".into(), |s| s.to_string_lossy().into_owned());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let copy = db.with_file_name(format!("{stem}-{label}-{stamp}.db"));
    let fail =
        |path: &Path, e: std::io::Error| StoreError::FileError { path: path.to_path_buf(), reason: e.to_string() };
    std::fs::copy(db, &copy).map_err(|e| fail(&copy, e))?;
    std::fs::File::open(&copy).and_then(|f| f.sync_all()).map_err(|e| fail(&copy, e))?;
    let wal = companion(db, "-wal");
    if wal.exists() {
        let copy_wal = companion(&copy, "-wal");
        std::fs::copy(&wal, &copy_wal).map_err(|e| fail(&copy_wal, e))?;
        std::fs::File::open(&copy_wal).and_then(|f| f.sync_all()).map_err(|e| fail(&copy_wal, e))?;
    }
    if let Some(dir) = copy.parent() {
        sync_dir(dir);
    }
    Ok(copy)
}

/// A copy made earlier by [`copy_aside`] with `label` that is byte for byte the file as it is
/// now (with the same log), so that a damaged file found at every start is kept once.
fn earlier_copy(db: &Path, label: &str) -> Option<PathBuf> {
    let stem = db.file_stem()?.to_string_lossy().into_owned();
    let prefix = format!("{stem}-{label}-");
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    let same = |a: &Path, b: &Path| -> bool {
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(ma), Ok(mb)) if ma.len() == mb.len() => same_bytes(a, b).unwrap_or(false),
            (Err(_), Err(_)) => true,
            _ => false,
        }
    };
    std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).find(|copy| {
        let name = copy.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        name.starts_with(&prefix)
            && name.ends_with(".db")
            && same(db, copy)
            && same(&companion(db, "-wal"), &companion(copy, "-wal"))
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

/// `greencard.db` + `-wal` → `greencard.db-wal`.
fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Replaces the database at `db` by the backup `from`, after verifying it; refused while any
/// greencard has `db` open. With `keep_current` the file being replaced is first copied aside
/// (its path is returned). The new file is complete and on disk before it takes the old
/// one's name, so a crash midway leaves either the old database or the restored one.
pub fn restore_file(db: &Path, from: &Path, keep_current: bool, actor: Option<&Actor>) -> Result<Option<PathBuf>> {
    let facts = verify(from)?;
    if same_file(db, from) {
        return Err(StoreError::rule("backup.err.same_file"));
    }
    let _lock = lock::exclusive(db)?;
    // What the restore replaces, for its audit row (a damaged file may not say).
    let replaced_head = open::open_read_only(db).ok().and_then(|conn| anchor::head(&conn).ok().flatten());
    let kept = if keep_current && db.exists() { Some(copy_aside(db, "before-restore")?) } else { None };
    let staging = companion(db, ".restoring");
    {
        let src = open::open_read_only(from)?;
        backup::write(&src, &staging, &mut |_, _| {})?;
    }
    // The old log must go before the new file takes the name: SQLite would otherwise replay
    // the old database's frames onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let path = companion(db, suffix);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::FileError { path, reason: e.to_string() }),
        }
    }
    std::fs::rename(&staging, db)
        .map_err(|e| StoreError::FileError { path: db.to_path_buf(), reason: e.to_string() })?;
    if let Some(dir) = db.parent() {
        sync_dir(dir);
    }
    // The restore is itself a change: its audit row tells the anchor check that backups
    // taken before it but newer than the restored one belong to a history that was undone.
    let mut conn = open::open_file(db)?;
    let tx = conn.transaction()?;
    audit::record(
        &tx,
        actor,
        audit::Change {
            action: anchor::RESTORE_ACTION,
            entity: "database",
            entity_id: None,
            old: replaced_head.map(|h| serde_json::json!({ "audit_head": h.id })),
            new: Some(serde_json::json!({
                "from": from.file_name().map(|n| n.to_string_lossy().into_owned()),
                "restored_head": facts.audit_head.as_ref().map_or(0, |h| h.id),
            })),
        },
    )?;
    tx.commit()?;
    Ok(kept)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
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
    pub newest_good: Option<(super::BackupEntry, BackupFacts)>,
}

/// The start-up check, for a background thread: `None` when the database passes
/// `quick_check`. A damaged file is copied aside at once (so nothing done later can lose
/// it), and the backups are verified newest first until one is sound.
pub fn examine(db: &Path) -> Result<Option<Damage>> {
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
    let newest_good =
        backup::list(db)?.into_iter().find_map(|entry| verify(&entry.path).ok().map(|facts| (entry, facts)));
    Ok(Some(Damage { problems, problem_count, kept, newest_good }))
}

/// Restores `from` over a database that fails its quick check, without a login (the damaged
/// file may not even let anyone log in). Refused for a sound database: restoring one is an
/// administrator's decision in the app. The damaged file was kept by [`examine`].
pub fn recover_file(db: &Path, from: &Path) -> Result<()> {
    if quick_check_file(db)?.is_empty() {
        return Err(StoreError::rule("backup.err.not_damaged"));
    }
    restore_file(db, from, false, None).map(|_| ())
}

impl Store {
    /// Restores the backup `from` over the open database: closes this connection, replaces
    /// the file (see [`restore_file`]) and opens the result. Refused while another greencard
    /// has the file open; then, and on any other failure, the store reopens what was there.
    pub fn restore_from(&mut self, actor: &Actor, from: &Path, keep_current: bool) -> Result<Option<PathBuf>> {
        if !actor.role.is_admin() {
            return Err(StoreError::NotAllowed);
        }
        self.replace_file(from, |db| restore_file(db, from, keep_current, Some(actor)))
    }

    /// [`recover_file`] on the open (damaged) database: closes it, restores `from`, reopens.
    pub fn recover_from(&mut self, from: &Path) -> Result<()> {
        self.replace_file(from, |db| recover_file(db, from))
    }

    /// Closes the connection and the instance lock, runs `replace` on the file, and opens
    /// the file again whatever happened.
    fn replace_file<T>(&mut self, from: &Path, replace: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        let Some(db) = self.path.clone() else {
            return Err(StoreError::rule("backup.err.in_memory"));
        };
        // Checked first, so a bad backup never closes the working database.
        verify(from)?;
        let placeholder = rusqlite::Connection::open_in_memory()?;
        let old = std::mem::replace(&mut self.conn, placeholder);
        if let Err((_, e)) = old.close() {
            log::warn!("closing before restore: {e}");
        }
        self.lock = None;
        let result = replace(&db);
        // Whatever happened, the store works on the file at `db` again.
        let reopened = Store::open(&db)?;
        *self = reopened;
        result
    }
}
