//! Atomic output: a file appears under its name only when it is complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::{ExchangeError, Progress};

/// Writes `dest` through a temporary file in the same folder and renames it into place
/// only when `write` succeeded and the export was not cancelled. On any failure the
/// temporary file is removed and an existing `dest` keeps its old content.
pub(crate) fn write_atomically<T>(
    dest: &Path,
    progress: &Progress,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    let cannot_create =
        |e: &dyn std::fmt::Display| ExchangeError::CannotCreate { path: dest.to_path_buf(), reason: e.to_string() };
    progress.check()?;
    let dir = match dest.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".greencard-export-").suffix(".part");
    // A temporary file is private (0600); the finished file is an ordinary one, which the
    // clerk's colleagues and their programs may read as the umask allows.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(|e| cannot_create(&e))?;
    // Large writes: a million-row CSV is some 150 MB.
    let mut out = BufWriter::with_capacity(1 << 18, temp.as_file_mut());
    let value = write(&mut out)?;
    out.flush().map_err(|e| ExchangeError::io(dest, &e))?;
    drop(out);
    temp.as_file().sync_all().map_err(|e| ExchangeError::io(dest, &e))?;
    // A cancel that arrives while the last bytes were written still wins.
    progress.check()?;
    temp.persist(dest).map_err(|e| cannot_create(&e.error))?;
    Ok(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("名单.csv");
        std::fs::write(&dest, "old").unwrap();
        let result: Result<(), _> = write_atomically(&dest, &Progress::new(), |out| {
            out.write_all(b"half").map_err(|e| ExchangeError::io(&dest, &e))?;
            Err(ExchangeError::Cancelled)
        });
        assert!(matches!(result, Err(ExchangeError::Cancelled)));
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the temporary file was left behind");
    }

    #[cfg(unix)]
    #[test]
    fn the_finished_file_is_readable_by_others_as_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("名单.csv");
        write_atomically(&dest, &Progress::new(), |out| out.write_all(b"a").map_err(|e| ExchangeError::io(&dest, &e)))
            .unwrap();
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_ne!(mode & 0o044, 0, "not private to the writer: {mode:o}");
    }

    #[test]
    fn a_folder_that_does_not_exist_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("no-such-folder").join("a.csv");
        let result = write_atomically(&dest, &Progress::new(), |_| Ok(()));
        assert!(matches!(result, Err(ExchangeError::CannotCreate { ref path, .. }) if path == &dest));
    }
}
