//! The real desktop: rfd's native dialogs (Windows' and macOS' own, the XDG desktop portal or
//! zenity on Linux) and the file manager through `opener`.
//!
//! rfd answers "no file" both when the clerk cancels and when no dialog could be shown. The
//! two are told apart by what rfd reports on failure: it logs an error (no libdbus, no
//! portal, no zenity), which the small logger below counts; and a dialog that comes back
//! empty sooner than a person can close one never appeared.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{Desktop, FileKind, FileRequest, Picked};
use crate::domain::Message;

/// Sooner than this no person closes a dialog: an empty answer this fast means none was shown.
const FASTEST_CANCEL: Duration = Duration::from_millis(120);

/// Errors rfd logged so far.
static DIALOG_ERRORS: AtomicU64 = AtomicU64::new(0);

/// Writes warnings and errors to standard error (the program had no logger) and counts
/// the errors of the dialog library.
struct WarningLog;

impl log::Log for WarningLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        if record.level() == log::Level::Error && record.target().starts_with("rfd") {
            DIALOG_ERRORS.fetch_add(1, Ordering::Relaxed);
        }
        eprintln!("greencard: {} {}: {}", record.level(), record.target(), record.args());
    }

    fn flush(&self) {}
}

static LOG: WarningLog = WarningLog;

/// The desktop the program runs on.
#[derive(Debug, Default)]
pub struct NativeDesktop;

impl NativeDesktop {
    /// The desktop; installs the warning logger unless the program set its own (then only
    /// the timing tells a failed dialog from a cancelled one).
    pub fn new() -> NativeDesktop {
        if log::set_logger(&LOG).is_ok() {
            log::set_max_level(log::LevelFilter::Warn);
        }
        NativeDesktop
    }
}

impl Desktop for NativeDesktop {
    fn pick(&self, request: &FileRequest) -> Picked {
        let errors_before = DIALOG_ERRORS.load(Ordering::Relaxed);
        let started = Instant::now();
        let dialog = rfd::FileDialog::new().add_filter(&request.filter_name, &request.extensions);
        let answer = match request.kind {
            FileKind::Save => dialog.set_file_name(&request.file_name).save_file(),
            FileKind::Open => dialog.pick_file(),
        };
        match answer {
            Some(path) => Picked::Chosen(path),
            None if DIALOG_ERRORS.load(Ordering::Relaxed) > errors_before => Picked::Unavailable,
            None if started.elapsed() < FASTEST_CANCEL => Picked::Unavailable,
            None => Picked::Cancelled,
        }
    }

    fn reveal(&self, path: &Path) -> Result<(), Message> {
        opener::reveal(path).map_err(|e| Message { key: "file.err.reveal", args: vec![("reason", e.to_string())] })
    }
}
