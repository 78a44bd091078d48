//! Reads the dashboard and the alerts off the UI thread: a named worker with its own
//! read-only connection (WAL lets it read beside the writer) answers each request, the
//! dashboard first so it shows before the longer alert list, and wakes the UI. A newer
//! request, or the screen going away, cancels the worker before its next read. A database
//! in memory (tests, previews) has no file to open a second connection on: it is read at
//! once on the UI thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use chrono::NaiveDate;

use crate::domain::Message;
use crate::store::{AckRecord, Alert, Dashboard, ReaderOpener, Store};

/// The alerts standing today and the latest acknowledgements.
pub type AlertRows = (Vec<Alert>, Vec<AckRecord>);

/// One answer of the worker.
pub enum Answer {
    /// The dashboard's figures.
    Dashboard(Result<Dashboard, Message>),
    /// The alerts standing today and the latest acknowledgements.
    Alerts(Result<AlertRows, Message>),
}

/// The reads in flight.
#[derive(Default)]
pub struct Reader {
    inbox: Option<Receiver<Answer>>,
    /// Set to stop the worker of the read in flight: a newer read replaced it, or the
    /// screen is gone. It stops before its next step (a step is one read: the dashboard,
    /// or the alerts).
    cancel: Option<Arc<AtomicBool>>,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.stop();
    }
}

fn alerts(store: &Store, today: NaiveDate) -> Result<AlertRows, Message> {
    let alerts = store.alerts(today).map_err(|e| Message::of(&e))?;
    let history = store.alert_history(&alerts, 300).map_err(|e| Message::of(&e))?;
    Ok((alerts, history))
}

/// The worker: every answer in turn, unless cancelled before a step.
fn work(opener: &ReaderOpener, today: NaiveDate, cancel: &AtomicBool, tx: &Sender<Answer>, wake: &dyn Fn()) {
    // A send fails only when the screen dropped its reader (then nobody needs the answer),
    // which also cancels: the worker stops at its next check.
    let send = |answer| {
        if tx.send(answer).is_ok() {
            wake();
        }
    };
    // A reader of its own with the session's zone scope, opened here, off the UI thread.
    let store = match opener.open() {
        Ok(s) => s,
        Err(e) => {
            // Both tabs say why, rather than one of them waiting for ever.
            send(Answer::Dashboard(Err(Message::of(&e))));
            send(Answer::Alerts(Err(Message::of(&e))));
            return;
        }
    };
    if cancel.load(Ordering::Relaxed) {
        return;
    }
    send(Answer::Dashboard(store.dashboard(today).map_err(|e| Message::of(&e))));
    if cancel.load(Ordering::Relaxed) {
        return;
    }
    send(Answer::Alerts(alerts(&store, today)));
}

impl Reader {
    /// Whether a read is still running.
    pub fn busy(&self) -> bool {
        self.inbox.is_some()
    }

    /// Cancels the read in flight, if any; its answers are no longer looked at.
    fn stop(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            cancel.store(true, Ordering::Relaxed);
        }
        self.inbox = None;
    }

    /// Starts reading everything as of `today` (a read still in flight is cancelled);
    /// answers arrive through [`Reader::answers`].
    pub fn start(&mut self, store: &Store, today: NaiveDate, wake: impl Fn() + Send + 'static) -> Vec<Answer> {
        self.stop();
        let Some(opener) = store.reader_opener() else {
            return vec![
                Answer::Dashboard(store.dashboard(today).map_err(|e| Message::of(&e))),
                Answer::Alerts(alerts(store, today)),
            ];
        };
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("stats-reader".into())
            .spawn(move || work(&opener, today, &flag, &tx, &wake));
        match spawned {
            Ok(_) => {
                self.inbox = Some(rx);
                self.cancel = Some(cancel);
                Vec::new()
            }
            Err(_) => {
                let failed = Message::new("print.err.thread");
                vec![Answer::Dashboard(Err(failed.clone())), Answer::Alerts(Err(failed))]
            }
        }
    }

    /// The answers that arrived since the last call.
    pub fn answers(&mut self) -> Vec<Answer> {
        let mut out = Vec::new();
        let Some(rx) = &self.inbox else { return out };
        loop {
            match rx.try_recv() {
                Ok(answer) => out.push(answer),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.inbox = None;
                    self.cancel = None;
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Waits (up to ten seconds) until the worker has said all it will say.
    fn all_answers(reader: &mut Reader) -> Vec<Answer> {
        let mut out = Vec::new();
        for _ in 0..1000 {
            out.extend(reader.answers());
            if !reader.busy() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        out
    }

    #[test]
    fn a_database_that_cannot_be_opened_answers_both_tabs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        let store = Store::open(&path).unwrap();
        // The file goes away under the open store: the worker's own connection fails.
        std::fs::remove_file(&path).unwrap();
        let mut reader = Reader::default();
        let mut answers = reader.start(&store, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), || {});
        answers.extend(all_answers(&mut reader));
        assert!(answers.iter().any(|a| matches!(a, Answer::Dashboard(Err(_)))));
        assert!(answers.iter().any(|a| matches!(a, Answer::Alerts(Err(_)))), "the alerts tab is told too");
    }

    #[test]
    fn a_new_read_cancels_the_one_in_flight() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("office.db")).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut reader = Reader::default();
        reader.start(&store, day, || {});
        let first = Arc::clone(reader.cancel.as_ref().unwrap());
        reader.start(&store, day, || {});
        assert!(first.load(Ordering::Relaxed), "the first worker is told to stop");
        let second = Arc::clone(reader.cancel.as_ref().unwrap());
        let answers = all_answers(&mut reader);
        assert_eq!(answers.len(), 2, "the second read answers both tabs");
        // A finished read is not cancelled; a reader dropped with a read in flight is.
        assert!(!second.load(Ordering::Relaxed));
        reader.start(&store, day, || {});
        let third = Arc::clone(reader.cancel.as_ref().unwrap());
        drop(reader);
        assert!(third.load(Ordering::Relaxed), "the screen gone, its worker stops");
    }
}
