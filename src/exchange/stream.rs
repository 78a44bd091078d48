//! Rows handed from the thread that reads them to the thread that writes the file. The
//! reader ends the rows with how its reading went: a reader that failed — or panicked, or
//! stopped without saying — sends an error, and the writer then fails without putting any
//! file in place (a file that looks finished but holds only the heading, or half the rows,
//! is worse than none: the previous file of that name stays as it was).

use std::sync::mpsc::{IntoIter, Receiver, SyncSender, sync_channel};

use super::Row;
use crate::domain::Message;

/// Rows on their way at once (the reader runs at most this far ahead of the writer).
const IN_FLIGHT: usize = 4096;

/// The reading thread's end.
pub struct RowSender {
    tx: SyncSender<Result<Row, Message>>,
    /// Whether [`RowSender::finish`] said how the reading ended.
    finished: bool,
}

/// The writing thread's end: the rows one by one, in order, then the reader's error if it
/// had one. Hand it to [`super::write_rows`], which stops at the error.
pub struct RowReceiver {
    rx: Receiver<Result<Row, Message>>,
}

/// A reader of rows for [`spawn_reader`]: sends each row, stops when a send says so, and
/// tells how the reading went.
pub type ReadRows = Box<dyn FnOnce(&mut dyn FnMut(Row) -> bool) -> Result<(), Message> + Send>;

/// A new pair of ends.
pub fn row_channel() -> (RowSender, RowReceiver) {
    let (tx, rx) = sync_channel(IN_FLIGHT);
    (RowSender { tx, finished: false }, RowReceiver { rx })
}

impl RowSender {
    /// Hands over a row; false once the writer is gone (cancelled, or failed), so the
    /// reader stops.
    pub fn send(&mut self, row: Row) -> bool {
        self.tx.send(Ok(row)).is_ok()
    }

    /// Ends the rows with how the reading went: an error reaches the writer, which fails.
    pub fn finish(mut self, read: Result<(), Message>) {
        self.finished = true;
        if let Err(m) = read {
            self.fail(m);
        }
    }

    fn fail(&mut self, message: Message) {
        // A writer that is gone has already failed or been cancelled: it wrote no file.
        if self.tx.send(Err(message)).is_err() {
            log::debug!("the export's writer stopped before the reader's error");
        }
    }
}

impl Drop for RowSender {
    /// A reader that ends without [`RowSender::finish`] (it panicked, or returned early)
    /// did not read every row: the writer must not take the rows so far for the list.
    fn drop(&mut self) {
        if !self.finished {
            self.fail(Message::new("exchange.rows_stopped"));
        }
    }
}

impl IntoIterator for RowReceiver {
    type Item = Result<Row, Message>;
    type IntoIter = IntoIter<Result<Row, Message>>;

    fn into_iter(self) -> Self::IntoIter {
        self.rx.into_iter()
    }
}

/// Runs `read` on a thread of its own, which hands its rows and then its outcome to the
/// returned end (see [`RowSender::finish`]); `read` sends each row and stops when told.
pub fn spawn_reader(
    read: impl FnOnce(&mut dyn FnMut(Row) -> bool) -> Result<(), Message> + Send + 'static,
) -> Result<RowReceiver, Message> {
    let (mut tx, rx) = row_channel();
    std::thread::Builder::new()
        .name("export-rows".into())
        .spawn(move || {
            let read = read(&mut |row| tx.send(row));
            tx.finish(read);
        })
        .map_err(|_| Message::new("print.err.thread"))?;
    Ok(rx)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::exchange::Cell;

    fn collect(rx: RowReceiver) -> (usize, Option<Message>) {
        let mut rows = 0;
        for item in rx {
            match item {
                Ok(_) => rows += 1,
                Err(m) => return (rows, Some(m)),
            }
        }
        (rows, None)
    }

    #[test]
    fn the_rows_arrive_in_order_then_end_without_an_error() {
        let rx = spawn_reader(|send| {
            (0..10_000).all(|i| send(vec![Cell::Integer(i)])).then_some(()).ok_or(Message::new("x"))
        })
        .unwrap();
        let rows: Vec<Row> = rx.into_iter().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 10_000);
        assert!(rows.iter().enumerate().all(|(i, r)| r == &vec![Cell::Integer(i as i64)]));
    }

    #[test]
    fn a_reader_that_fails_or_panics_ends_the_rows_with_an_error() {
        let failed = spawn_reader(|send| {
            send(vec![Cell::Empty]);
            Err(Message::new("store.busy"))
        });
        assert_eq!(collect(failed.unwrap()), (1, Some(Message::new("store.busy"))));
        let panicked = spawn_reader(|send| {
            send(vec![Cell::Empty]);
            panic!("a bug while reading");
        });
        assert_eq!(collect(panicked.unwrap()), (1, Some(Message::new("exchange.rows_stopped"))));
    }

    #[test]
    fn a_gone_writer_stops_the_reader() {
        let (mut tx, rx) = row_channel();
        drop(rx);
        assert!(!tx.send(vec![Cell::Empty]));
        tx.finish(Err(Message::new("x")));
    }
}
