//! Opening a database file safely: refuse what is not ours before writing anything, then
//! set the connection up (WAL, foreign keys, full sync, busy timeout) and migrate.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError, cipher, schema};

/// The 16 bytes every SQLite 3 database file starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a connection waits for another program's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// `PRAGMA application_id` of a greencard database: "GRCD" in ASCII. It tells our files from
/// the SQLite files of other programs, which would otherwise look like a new database
/// (user_version 0) and be migrated.
pub(crate) const APPLICATION_ID: i64 = 0x4752_4344;

/// Whether the file may be opened as ours: refuses another program's SQLite file. A file
/// without an application id is ours if it is empty (new) or holds greencard's tables (a
/// database made before the id was set; it gets the id on its next read-write open).
fn check_identity(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        return Ok(());
    }
    let foreign = || StoreError::Foreign { path: path.to_path_buf() };
    if id != 0 {
        return Err(foreign());
    }
    let (tables, ours): (i64, i64) = conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE name IN ('audit_log', 'users', 'settings'))
         FROM sqlite_master WHERE type = 'table'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if tables == 0 || (version >= 1 && ours == 3) { Ok(()) } else { Err(foreign()) }
}

/// Refuses a directory or a file that does not start with the SQLite header. An empty file
/// is what SQLite itself makes for a new database, so it passes when `empty_is_new`, unless
/// this database's backups lie beside it: then it is a database that lost its contents.
fn check_header(path: &Path, empty_is_new: bool) -> Result<()> {
    let cannot = |reason: String| StoreError::CannotOpen { path: path.to_path_buf(), reason };
    if path.is_dir() {
        return Err(cannot("is a directory".into()));
    }
    let mut header = Vec::with_capacity(16);
    std::fs::File::open(path).and_then(|f| f.take(16).read_to_end(&mut header)).map_err(|e| cannot(e.to_string()))?;
    let not_a_database = || StoreError::NotADatabase { path: path.to_path_buf() };
    if header.is_empty() {
        let had_contents = super::backup_list::list(path).is_ok_and(|b| !b.is_empty());
        return if empty_is_new && !had_contents { Ok(()) } else { Err(not_a_database()) };
    }
    // An encrypted file has no readable header: SQLCipher judges it.
    if header.as_slice() != SQLITE_HEADER && !cipher::in_use() {
        return Err(not_a_database());
    }
    Ok(())
}

/// Reads the schema version, turning "file is not a database" into our refusal.
fn version_of(conn: &Connection, path: &Path) -> Result<i64> {
    match schema::user_version(conn) {
        Ok(v) => Ok(v),
        Err(StoreError::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            // With a key, an unreadable file is most likely a wrong key (or a plain file).
            Err(if cipher::in_use() {
                StoreError::WrongKey
            } else {
                StoreError::NotADatabase { path: path.to_path_buf() }
            })
        }
        Err(e) => Err(e),
    }
}

/// Opens an existing file read-only and unchanged, for checks.
pub(crate) fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(StoreError::CannotOpen { path: path.to_path_buf(), reason: "no such file".into() });
    }
    check_header(path, false)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| StoreError::CannotOpen { path: path.to_path_buf(), reason: e.to_string() })?;
    cipher::apply(&conn)?;
    // A reader waits for a moment's lock (a checkpoint, another program's exclusive write)
    // as the writer does, instead of failing at once.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version = version_of(&conn, path)?;
    if version > schema::LATEST_VERSION {
        return Err(StoreError::TooNew { found: version, supported: schema::LATEST_VERSION });
    }
    check_identity(&conn, path, version)?;
    Ok(conn)
}

/// Opens or creates the database at `path`, refusing foreign and newer files untouched.
pub(crate) fn open_file(path: &Path) -> Result<Connection> {
    let cannot = |reason: String| StoreError::CannotOpen { path: path.to_path_buf(), reason };
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if path.exists() {
        check_header(path, true)?;
        Connection::open_with_flags(path, flags).map_err(|e| cannot(e.to_string()))?
    } else {
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
                return Err(cannot("folder does not exist".into()));
            }
            _ => {}
        }
        Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_CREATE).map_err(|e| cannot(e.to_string()))?
    };
    cipher::apply(&conn)?;
    let version = version_of(&conn, path)?;
    if version > schema::LATEST_VERSION {
        return Err(StoreError::TooNew { found: version, supported: schema::LATEST_VERSION });
    }
    check_identity(&conn, path, version)?;
    let mut conn = conn;
    configure(&conn, true)?;
    schema::migrate(&mut conn)?;
    mark_as_ours(&conn)?;
    Ok(conn)
}

/// A fresh in-memory database with the newest schema.
pub(crate) fn open_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn, false)?;
    schema::migrate(&mut conn)?;
    mark_as_ours(&conn)?;
    Ok(conn)
}

/// Sets greencard's application id where it is missing (new files, and those made before
/// the id existed).
fn mark_as_ours(conn: &Connection) -> Result<()> {
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id != APPLICATION_ID {
        // PRAGMA takes no bound parameters; the value is our constant.
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
    }
    Ok(())
}

/// Sets the connection's pragmas. WAL lets readers (backups, exports) run beside the
/// writer; FULL sync makes a committed change survive a power cut.
fn configure(conn: &Connection, wal: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if wal {
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            log::warn!("journal mode is {mode}, not WAL");
        }
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    if wal {
        // A log that an import of a hundred thousand talents made hundreds of MB long
        // shrinks back to this when it restarts, instead of keeping that size on disk.
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    }
    // Up to 64 MiB of page cache (a ceiling, not an allocation): large transactions such as
    // an import then stay in memory instead of spilling pages to the WAL early.
    conn.pragma_update(None, "cache_size", -65_536)?;
    Ok(())
}

/// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` report, as lines.
pub(crate) fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for row in rows {
        let line = row?;
        if line != "ok" {
            problems.push(line);
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "foreign key: {} row {} -> {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
            r.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        problems.push(row?);
    }
    Ok(problems)
}
