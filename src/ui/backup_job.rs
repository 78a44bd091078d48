//! The backup that runs beside the window: started by 立即备份 or by the daily timer, it
//! reads the database through a read-only connection of its own (holding the shared
//! instance lock, so no restore replaces the file under it) on a named thread, so the frame
//! never waits for it. A window closed meanwhile waits for the backup to finish.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::domain::Message;
use crate::exchange::Progress;
use crate::store::{BackupInfo, Store};

/// How often the app looks whether the daily backup is due.
const DAILY_CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// How a finished backup ended, as the database tab shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupOutcome {
    /// Written and checked: where, how large, how long it took, and what went wrong
    /// around it (the rotation, a clock that was wrong).
    Written { path: PathBuf, bytes: u64, seconds: f64, warnings: Vec<Message> },
    /// Refused or failed, in the clerk's words.
    Failed(Message),
}

/// The running backup, if any, and how the last one ended.
#[derive(Default)]
pub struct BackupJob {
    running: Option<(Progress, Receiver<Result<BackupInfo, Message>>)>,
    thread: Option<JoinHandle<()>>,
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
            if tx.send(result).is_err() {
                log::info!("backup finished after the window closed");
            }
        });
        match spawned {
            Ok(thread) => {
                self.running = Some((progress, rx));
                self.thread = Some(thread);
            }
            Err(_) => self.last = Some(BackupOutcome::Failed(Message::new("print.err.thread"))),
        }
    }

    /// Takes the worker's answer when it has come; true when a backup just finished.
    pub fn poll(&mut self) -> bool {
        let Some((_, rx)) = &self.running else { return false };
        let Ok(result) = rx.try_recv() else { return false };
        self.running = None;
        self.join();
        self.last = Some(match result {
            Ok(info) => BackupOutcome::Written {
                path: info.path,
                bytes: info.bytes,
                seconds: info.elapsed.as_secs_f64(),
                warnings: info.warnings,
            },
            Err(m) => BackupOutcome::Failed(m),
        });
        true
    }

    fn join(&mut self) {
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::warn!("the backup thread panicked");
        }
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

impl Drop for BackupJob {
    /// A window closed while the daily backup is written waits for it: the program would
    /// otherwise end (after its backup on close) with the copy half made.
    fn drop(&mut self) {
        self.join();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_job_dropped_while_its_backup_runs_waits_for_the_backup_to_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        {
            let mut store = Store::open(&db).unwrap();
            store.set_setting(None, "filler", &"满".repeat(200_000)).unwrap();
        }
        let mut job = BackupJob::default();
        job.start(&db);
        assert!(job.fraction().is_some());
        // The window closes at once: the drop waits for the thread, so the backup is whole.
        drop(job);
        let backups = crate::store::list_backups(&db).unwrap();
        assert_eq!(backups.len(), 1, "written before the drop returned");
        assert!(crate::store::verify_backup(&backups[0].path).is_ok());
    }
}
