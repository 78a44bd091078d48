//! Rows handed from the thread that reads them to the thread that writes the file, in
//! batches: handing over one row at a time made the two threads wake each other a million
//! times, a fifth of a million-row CSV export.

use std::sync::mpsc::{IntoIter, Receiver, SyncSender, sync_channel};

use super::Row;

/// Rows a batch holds.
const BATCH: usize = 512;

/// Batches on their way at once (the reader runs at most this far ahead of the writer).
const IN_FLIGHT: usize = 8;

/// The reading thread's end.
pub struct RowSender {
    tx: SyncSender<Vec<Row>>,
    batch: Vec<Row>,
}

/// The writing thread's end: the rows one by one, in order, until the sender is done.
pub struct RowReceiver {
    rx: Receiver<Vec<Row>>,
}

/// A new pair of ends.
pub fn row_channel() -> (RowSender, RowReceiver) {
    let (tx, rx) = sync_channel(IN_FLIGHT);
    (RowSender { tx, batch: Vec::with_capacity(BATCH) }, RowReceiver { rx })
}

impl RowSender {
    /// Adds a row; false once the writer is gone (cancelled, or failed), so the reader stops.
    pub fn send(&mut self, row: Row) -> bool {
        self.batch.push(row);
        self.batch.len() < BATCH || self.flush()
    }

    /// Hands over the rows waiting; false once the writer is gone.
    fn flush(&mut self) -> bool {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        batch.is_empty() || self.tx.send(batch).is_ok()
    }
}

impl Drop for RowSender {
    /// The last rows go when the reader is done.
    fn drop(&mut self) {
        // A writer that is gone needs no more rows; nothing else to do about it here.
        if !self.flush() {
            log::debug!("the export's writer stopped before the last rows");
        }
    }
}

impl IntoIterator for RowReceiver {
    type Item = Row;
    type IntoIter = std::iter::Flatten<IntoIter<Vec<Row>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.rx.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Cell;

    #[test]
    fn every_row_arrives_in_order_and_a_gone_writer_stops_the_reader() {
        let (mut tx, rx) = row_channel();
        let reader = std::thread::spawn(move || {
            for i in 0..(BATCH * 3 + 7) as i64 {
                assert!(tx.send(vec![Cell::Integer(i)]));
            }
        });
        let rows: Vec<Row> = rx.into_iter().collect();
        assert!(reader.join().is_ok());
        assert_eq!(rows.len(), BATCH * 3 + 7);
        assert!(rows.iter().enumerate().all(|(i, r)| r == &vec![Cell::Integer(i as i64)]));

        let (mut tx, rx) = row_channel();
        drop(rx);
        let sent = (0..BATCH * 2).take_while(|_| tx.send(vec![Cell::Empty])).count();
        assert_eq!(sent, BATCH - 1, "the first full batch finds the writer gone");
    }
}
