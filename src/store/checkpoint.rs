//! WAL checkpoints off the commit path. With SQLite's automatic checkpoint, the commit that
//! takes the write-ahead log past 1,000 pages also copies the log into the database: two
//! more fsyncs and the page writes land on that one clerk's commit (the tail of
//! `card_issue_commit`). So the store's connection never checkpoints, and a thread with its
//! own connection copies the log in the background, PASSIVE (it waits for no reader and
//! holds up no writer), whenever the log changed. Durability is untouched: a commit is
//! durable once the log is synced, with or without a checkpoint.

use std::path::Path;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

/// How often the thread looks at the log.
const EVERY: Duration = Duration::from_millis(500);

/// The background checkpointer of one database file; stops (and is waited for) when
/// dropped, so the file is quiet once the store is gone.
pub(crate) struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// The log's size and time of change: a commit changes at least the time.
fn stamp(wal: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(wal).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl Checkpointer {
    /// Turns the automatic checkpoint of `conn` (the store's connection to `path`) off and
    /// starts the thread. Without the thread (it could not start) the automatic checkpoint
    /// stays on.
    pub(crate) fn start(conn: &Connection, path: &Path) -> Option<Checkpointer> {
        let own =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .ok()?;
        // An encrypted file needs the key before the first read.
        super::cipher::apply(&own).ok()?;
        own.busy_timeout(Duration::from_secs(1)).ok()?;
        let (stop, stopped) = channel::<()>();
        let wal = super::paths::with_suffix(path, "-wal");
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                let mut seen = None;
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                    let now = stamp(&wal);
                    if now.is_some() && now != seen {
                        seen = now;
                        // A checkpoint that could not run now runs on the next change.
                        if let Err(e) = own.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                            log::debug!("background checkpoint: {e}");
                        }
                    }
                }
            })
            .ok()?;
        if conn.pragma_update(None, "wal_autocheckpoint", 0).is_err() {
            log::warn!("the automatic checkpoint stays on");
        }
        Some(Checkpointer { stop: Some(stop), thread: Some(thread) })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::warn!("the checkpoint thread panicked");
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_copied_into_the_database_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let conn = crate::store::open::open_file(&path).unwrap();
        let checkpointer = Checkpointer::start(&conn, &path).unwrap();
        let auto: i64 = conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap();
        assert_eq!(auto, 0, "the commit never checkpoints");
        // The migrations wait in the log; the file holds little yet.
        let before = std::fs::metadata(&path).unwrap().len();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let started = std::time::Instant::now();
        while std::fs::metadata(&path).unwrap().len() <= before.max(4096) * 4 {
            assert!(started.elapsed() < Duration::from_secs(10), "no checkpoint ran: {before} bytes");
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(checkpointer);
        drop(conn);
    }
}
