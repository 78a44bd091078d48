//! Rows handed from the thread that reads them to the thread that writes the file, in
//! batches, ended by how the reading went.
//!
//! Batches: handing over one row at a time made the two threads wake each other a million
//! times, a fifth of a million-row CSV export. The end: a reader that failed — or panicked,
//! or stopped without saying — sends an error after its last rows, and the writer then
//! fails without putting any file in place (a file that looks finished but holds only the
//! heading, or half the rows, is worse than none: the previous file of that name stays as
//! it was).

use std::sync::mpsc::{IntoIter, Receiver, SyncSender, sync_channel};

use super::Row;
use crate::domain::Message;

/// Rows a batch holds.
const BATCH: usize = 512;

/// Batches on their way at once (the reader runs at most this far ahead of the writer).
const IN_FLIGHT: usize = 8;

/// What travels: a batch of rows, or the reader's error, which is the last thing sent.
type Item = Result<Vec<Row>, Message>;

/// The reading thread's end.
pub struct RowSender {
    tx: SyncSender<Item>,
    batch: Vec<Row>,
    /// Whether [`RowSender::finish`] said how the reading ended.
    finished: bool,
}

/// The writing thread's end: the rows one by one, in order, then the reader's error if it
/// had one. Hand it to [`super::write_rows`], which stops at the error.
pub struct RowReceiver {
    rx: Receiver<Item>,
}

/// A reader of rows for [`spawn_reader`]: sends each row, stops when a send says so, and
/// tells how the reading went.
pub type ReadRows = Box<dyn FnOnce(&mut dyn FnMut(Row) -> bool) -> Result<(), Message> + Send>;

/// A new pair of ends.
pub fn row_channel() -> (RowSender, RowReceiver) {
    let (tx, rx) = sync_channel(IN_FLIGHT);
    (RowSender { tx, batch: Vec::with_capacity(BATCH), finished: false }, RowReceiver { rx })
}

impl RowSender {
    /// Adds a row; false once the writer is gone (cancelled, or failed), so the reader stops.
    pub fn send(&mut self, row: Row) -> bool {
        self.batch.push(row);
        self.batch.len() < BATCH || self.flush()
    }

    /// Ends the rows with how the reading went: the rows waiting go, then an error reaches
    /// the writer, which fails.
    pub fn finish(mut self, read: Result<(), Message>) {
        self.finished = true;
        self.end(read);
    }

    /// Hands over the rows waiting; false once the writer is gone.
    fn flush(&mut self) -> bool {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        batch.is_empty() || self.tx.send(Ok(batch)).is_ok()
    }

    /// The last rows, then the error if the reading had one.
    fn end(&mut self, read: Result<(), Message>) {
        let delivered = self.flush() && read.map_or_else(|m| self.tx.send(Err(m)).is_ok(), |()| true);
        if !delivered {
            // A writer that is gone has already failed or been cancelled: it wrote no file.
            log::debug!("the export's writer stopped before the end of the rows");
        }
    }
}

impl Drop for RowSender {
    /// A reader that ends without [`RowSender::finish`] (it panicked, or returned early)
    /// did not read every row: the writer must not take the rows so far for the list.
    fn drop(&mut self) {
        if !self.finished {
            self.end(Err(Message::new("exchange.rows_stopped")));
        }
    }
}

/// The rows of a [`RowReceiver`] one by one, then the reader's error if it had one.
pub struct ReceivedRows {
    batches: IntoIter<Item>,
    batch: std::vec::IntoIter<Row>,
}

impl Iterator for ReceivedRows {
    type Item = Result<Row, Message>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(Ok(row));
            }
            match self.batches.next()? {
                Ok(batch) => self.batch = batch.into_iter(),
                Err(m) => return Some(Err(m)),
            }
        }
    }
}

impl IntoIterator for RowReceiver {
    type Item = Result<Row, Message>;
    type IntoIter = ReceivedRows;

    fn into_iter(self) -> Self::IntoIter {
        ReceivedRows { batches: self.rx.into_iter(), batch: Vec::new().into_iter() }
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
    fn every_row_arrives_in_order_and_a_gone_writer_stops_the_reader() {
        let (mut tx, rx) = row_channel();
        let reader = std::thread::spawn(move || {
            for i in 0..(BATCH * 3 + 7) as i64 {
                assert!(tx.send(vec![Cell::Integer(i)]));
            }
            tx.finish(Ok(()));
        });
        let rows: Vec<Row> = rx.into_iter().map(Result::unwrap).collect();
        assert!(reader.join().is_ok());
        assert_eq!(rows.len(), BATCH * 3 + 7);
        assert!(rows.iter().enumerate().all(|(i, r)| r == &vec![Cell::Integer(i as i64)]));

        let (mut tx, rx) = row_channel();
        drop(rx);
        let sent = (0..BATCH * 2).take_while(|_| tx.send(vec![Cell::Empty])).count();
        assert_eq!(sent, BATCH - 1, "the first full batch finds the writer gone");
        tx.finish(Err(Message::new("x")));
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
    fn a_reader_that_stops_without_saying_ends_the_rows_with_an_error() {
        let (mut tx, rx) = row_channel();
        for i in 0..(BATCH + 3) as i64 {
            assert!(tx.send(vec![Cell::Integer(i)]));
        }
        drop(tx);
        assert_eq!(collect(rx), (BATCH + 3, Some(Message::new("exchange.rows_stopped"))));
    }
}
