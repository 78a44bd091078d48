//! The files that live beside a database and how they are written: its companions
//! (`-wal`, `-shm`, `.lock`, `.restoring`), the folder it lies in, and copies that appear
//! whole or not at all (a temporary file, readable by its owner only, fsynced and renamed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{Result, StoreError};

/// The prefix of the temporary files a backup or a copy is written under.
pub(crate) const TEMP_PREFIX: &str = ".greencard-backup-";
/// Their suffix.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// How old a temporary file must be before a start-up sweeps it away: a backup being
/// written changes its file all the time, and even its quick check of a large database
/// takes seconds, not an hour.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// `greencard.db` + `-wal` → `greencard.db-wal`.
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The folder a file lies in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."))
}

/// The file's name as text (`greencard` when it has none).
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| "greencard".to_string(), |n| n.to_string_lossy().into_owned())
}

/// The file's name without its extension (`greencard` when it has none).
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(|| "greencard".to_string(), |s| s.to_string_lossy().into_owned())
}

/// Flushes a folder's entry list, so a rename survives a power cut (a no-op off Unix).
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        log::warn!("fsync {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _unsupported = dir;
}

/// A new temporary file in `dir`, mode 0600 on Unix (it may hold personal data).
pub(crate) fn temp_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| StoreError::file(dir, &e))
}

/// Flushes a finished temporary file and gives it the name `dest`; with `replace` false an
/// existing `dest` is left alone and refused. The folder is flushed too.
pub(crate) fn persist(tmp: tempfile::NamedTempFile, dest: &Path, replace: bool) -> Result<()> {
    tmp.as_file().sync_all().map_err(|e| StoreError::file(tmp.path(), &e))?;
    if replace {
        tmp.persist(dest).map_err(|e| StoreError::file(dest, &e.error))?;
    } else {
        tmp.persist_noclobber(dest).map_err(|e| StoreError::file(dest, &e.error))?;
    }
    sync_dir(folder_of(dest));
    Ok(())
}

/// Copies `src` byte for byte to the new file `dest` (never replacing one): written under a
/// temporary name with mode 0600, fsynced, then renamed, so `dest` is whole or absent.
pub(crate) fn copy_whole(src: &Path, dest: &Path) -> Result<()> {
    let mut tmp = temp_in(folder_of(dest))?;
    let mut from = std::fs::File::open(src).map_err(|e| StoreError::file(src, &e))?;
    std::io::copy(&mut from, tmp.as_file_mut()).map_err(|e| StoreError::file(dest, &e))?;
    persist(tmp, dest, false)
}

/// Writes `bytes` to `dest` (replacing it) the same way: whole or not at all.
pub(crate) fn write_whole(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_in(folder_of(dest))?;
    tmp.as_file_mut().write_all(bytes).map_err(|e| StoreError::file(dest, &e))?;
    persist(tmp, dest, true)
}

/// Removes a file; one that is already gone is no error.
pub(crate) fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::file(path, &e)),
    }
}

/// Removes the temporary files in `dir` that a backup or copy killed midway left behind
/// (older than an hour: a running one keeps its file fresh). Returns how many went.
pub(crate) fn sweep_temp_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let now = SystemTime::now();
    let mut swept = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| now.duration_since(t).ok());
        if age.is_some_and(|a| a >= STALE_AFTER) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => swept += 1,
                Err(e) => log::warn!("stale {}: {e}", entry.path().display()),
            }
        }
    }
    swept
}

/// Whether two paths name the same file: the same place once links are resolved (a file
/// that does not exist yet by its folder), or on Unix the same inode (a hard link).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    fn resolved(p: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(p).ok().or_else(|| Some(std::fs::canonicalize(folder_of(p)).ok()?.join(p.file_name()?)))
    }
    if let (Some(x), Some(y)) = (resolved(a), resolved(b))
        && x == y
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_private_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let (src, dest) = (dir.path().join("a.db"), dir.path().join("a-copy.db"));
        std::fs::write(&src, b"data").unwrap();
        copy_whole(&src, &dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"data");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert!(copy_whole(&src, &dest).is_err(), "an existing copy stays");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file is left behind");
    }

    #[test]
    fn only_old_temporary_files_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(format!("{TEMP_PREFIX}old{TEMP_SUFFIX}"));
        let fresh = dir.path().join(format!("{TEMP_PREFIX}fresh{TEMP_SUFFIX}"));
        let other = dir.path().join("notes.tmp");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
        std::fs::File::options().write(true).open(&old).unwrap().set_modified(two_hours_ago).unwrap();
        std::fs::File::options().write(true).open(&other).unwrap().set_modified(two_hours_ago).unwrap();
        assert_eq!(sweep_temp_files(dir.path()), 1);
        assert!(!old.exists() && fresh.exists() && other.exists());
    }

    #[test]
    fn a_link_or_a_relative_path_is_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        std::fs::write(&db, b"x").unwrap();
        assert!(same_file(&db, &dir.path().join(".").join("office.db")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.db");
            std::os::unix::fs::symlink(&db, &link).unwrap();
            assert!(same_file(&link, &db));
            let hard = dir.path().join("hard.db");
            std::fs::hard_link(&db, &hard).unwrap();
            assert!(same_file(&hard, &db));
        }
        assert!(!same_file(&db, &dir.path().join("other.db")));
        assert!(same_file(&dir.path().join("new.db"), &dir.path().join("new.db")), "not there yet, same name");
    }
}
