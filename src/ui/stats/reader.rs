//! Reads the dashboard and the alerts off the UI thread: a named worker with its own
//! read-only connection (WAL lets it read beside the writer) answers each request, the
//! dashboard first so it shows before the longer alert list, and wakes the UI. A database
//! in memory (tests, previews) has no file to open a second connection on: it is read at
//! once on the UI thread.

use std::sync::mpsc::{Receiver, channel};

use chrono::NaiveDate;

use crate::domain::Message;
use crate::store::{AckRecord, Alert, Dashboard, Store};

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
}

fn alerts(store: &Store, today: NaiveDate) -> Result<AlertRows, Message> {
    let alerts = store.alerts(today).map_err(|e| Message::of(&e))?;
    let history = store.alert_history(today, 300).map_err(|e| Message::of(&e))?;
    Ok((alerts, history))
}

impl Reader {
    /// Whether a read is still running.
    pub fn busy(&self) -> bool {
        self.inbox.is_some()
    }

    /// Starts reading everything as of `today`; answers arrive through [`Reader::answers`].
    pub fn start(&mut self, store: &Store, today: NaiveDate, wake: impl Fn() + Send + 'static) -> Vec<Answer> {
        // A reader of its own with the session's zone scope (none for a database in memory).
        let Some(reader) = store.open_reader() else {
            self.inbox = None;
            return vec![
                Answer::Dashboard(store.dashboard(today).map_err(|e| Message::of(&e))),
                Answer::Alerts(alerts(store, today)),
            ];
        };
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new().name("stats-reader".into()).spawn(move || {
            let store = match reader {
                Ok(s) => s,
                Err(e) => {
                    // The screen may be gone by now; then nobody needs the answer.
                    let _ = tx.send(Answer::Dashboard(Err(Message::of(&e))));
                    wake();
                    return;
                }
            };
            let _ = tx.send(Answer::Dashboard(store.dashboard(today).map_err(|e| Message::of(&e))));
            wake();
            let _ = tx.send(Answer::Alerts(alerts(&store, today)));
            wake();
        });
        match spawned {
            Ok(_) => {
                self.inbox = Some(rx);
                Vec::new()
            }
            Err(_) => vec![Answer::Dashboard(Err(Message::new("print.err.thread")))],
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
                    break;
                }
            }
        }
        out
    }
}
