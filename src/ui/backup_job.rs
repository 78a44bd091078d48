//! The backup that runs beside the window: started by 立即备份 or by the daily timer, it
//! reads the database through a read-only connection of its own on a named thread, so the
//! frame never waits for it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::domain::Message;
use crate::exchange::Progress;
use crate::store::{BackupInfo, Store};

/// How often the app looks whether the daily backup is due.
const DAILY_CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// How a finished backup ended, as the database tab shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupOutcome {
    /// Written and checked: where, how large, how long it took.
    Written { path: PathBuf, bytes: u64, seconds: f64 },
    /// Refused or failed, in the clerk's words.
    Failed(Message),
}

/// The running backup, if any, and how the last one ended.
#[derive(Default)]
pub struct BackupJob {
    running: Option<(Progress, Receiver<Result<BackupInfo, Message>>)>,
    last: Option<BackupOutcome>,
    last_daily_check: Option<Instant>,
}

impl BackupJob {
    /// Starts a backup of the database at `db` into its backups folder (rotated). Does
    /// nothing while one runs.
    pub fn start(&mut self, db: &Path) {
        if self.running.is_some() {
            return;
        }
        let progress = Progress::new();
        let (tx, rx) = channel();
        let (db, worker_progress) = (db.to_path_buf(), progress.clone());
        let spawned = std::thread::Builder::new().name("backup".into()).spawn(move || {
            let result = Store::open_read_only(&db)
                .and_then(|store| {
                    store.backup_now(&mut |done, total| {
                        worker_progress.set_total(Some(total));
                        worker_progress.set_done(done);
                    })
                })
                .map_err(|e| Message::of(&e));
            // The window may be closing; then nobody needs the answer.
            let _ = tx.send(result);
        });
        match spawned {
            Ok(_) => self.running = Some((progress, rx)),
            Err(_) => self.last = Some(BackupOutcome::Failed(Message::new("print.err.thread"))),
        }
    }

    /// Takes the worker's answer when it has come; true when a backup just finished.
    pub fn poll(&mut self) -> bool {
        let Some((_, rx)) = &self.running else { return false };
        let Ok(result) = rx.try_recv() else { return false };
        self.running = None;
        self.last = Some(match result {
            Ok(info) => {
                BackupOutcome::Written { path: info.path, bytes: info.bytes, seconds: info.elapsed.as_secs_f64() }
            }
            Err(m) => BackupOutcome::Failed(m),
        });
        true
    }

    /// Done over total while a backup runs.
    pub fn fraction(&self) -> Option<f32> {
        self.running.as_ref().map(|(p, _)| p.fraction().unwrap_or(0.0))
    }

    /// How the last backup ended.
    pub fn last(&self) -> Option<&BackupOutcome> {
        self.last.as_ref()
    }

    /// Starts the daily backup when the newest one in the folder is a day old (looked at
    /// every ten minutes); true when it started one.
    pub fn daily(&mut self, store: &Store) -> bool {
        let now = Instant::now();
        if self.running.is_some() || self.last_daily_check.is_some_and(|t| now - t < DAILY_CHECK_EVERY) {
            return false;
        }
        self.last_daily_check = Some(now);
        match store.path() {
            Some(db) if store.backup_due(chrono::Duration::hours(24)) => {
                self.start(db);
                true
            }
            _ => false,
        }
    }

    /// How long until the next look at the daily backup (for a repaint while idle).
    pub fn next_daily_check(&self) -> Duration {
        self.last_daily_check.map_or(Duration::ZERO, |t| DAILY_CHECK_EVERY.saturating_sub(t.elapsed()))
    }
}
