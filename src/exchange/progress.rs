//! Progress and cancellation of one export, shared between the thread that writes and the
//! UI that polls it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::ExchangeError;

/// How many rows pass between two progress updates (and cancel checks).
pub const STEP: u64 = 1000;

/// Marks an unknown total.
const UNKNOWN: u64 = u64::MAX;

/// The progress of one export. Clones share the same counters: give one clone to the writer
/// thread, keep one in the UI to draw a progress bar and to cancel.
#[derive(Clone, Debug)]
pub struct Progress {
    inner: Arc<Counters>,
}

#[derive(Debug)]
struct Counters {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
    saving: AtomicBool,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress::new()
    }
}

impl Progress {
    /// Fresh counters: nothing done, total unknown, not cancelled.
    pub fn new() -> Progress {
        Progress {
            inner: Arc::new(Counters {
                done: AtomicU64::new(0),
                total: AtomicU64::new(UNKNOWN),
                cancel: AtomicBool::new(false),
                saving: AtomicBool::new(false),
            }),
        }
    }

    /// Rows written so far (updated every [`STEP`] rows and at the end).
    pub fn done(&self) -> u64 {
        self.inner.done.load(Ordering::Relaxed)
    }

    /// The number of rows, when the caller knew it.
    pub fn total(&self) -> Option<u64> {
        Some(self.inner.total.load(Ordering::Relaxed)).filter(|t| *t != UNKNOWN)
    }

    /// Done over total, 0.0–1.0, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total()?;
        if total == 0 {
            return Some(1.0);
        }
        Some((self.done() as f64 / total as f64).min(1.0) as f32)
    }

    /// Asks the writer to stop; it returns [`ExchangeError::Cancelled`] and leaves no file.
    pub fn cancel(&self) {
        self.inner.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.load(Ordering::Relaxed)
    }

    /// Whether every row is laid out and the file is being finished (a PDF's font subset
    /// and pages compressed, seconds for a long list): nothing is left to count, and a
    /// cancel still stops it at once.
    pub fn is_saving(&self) -> bool {
        self.inner.saving.load(Ordering::Relaxed)
    }

    pub(crate) fn set_saving(&self) {
        self.inner.saving.store(true, Ordering::Relaxed);
    }

    pub(crate) fn set_total(&self, total: Option<u64>) {
        self.inner.total.store(total.unwrap_or(UNKNOWN), Ordering::Relaxed);
    }

    /// Called before row `index` (0-based) is written: publishes the count every
    /// [`STEP`] rows and stops there when cancelled.
    pub(crate) fn step(&self, index: u64) -> Result<(), ExchangeError> {
        if index.is_multiple_of(STEP) {
            self.set_done(index);
            self.check()?;
        }
        Ok(())
    }

    /// Stops when cancelled.
    pub(crate) fn check(&self) -> Result<(), ExchangeError> {
        if self.is_cancelled() { Err(ExchangeError::Cancelled) } else { Ok(()) }
    }

    pub(crate) fn set_done(&self, done: u64) {
        self.inner.done.store(done, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_sees_the_writer_and_can_cancel_it() {
        let ui = Progress::new();
        assert_eq!(ui.fraction(), None);
        let writer = ui.clone();
        writer.set_total(Some(4000));
        assert!(writer.step(0).is_ok());
        assert!(writer.step(2000).is_ok());
        assert_eq!(ui.fraction(), Some(0.5));
        ui.cancel();
        assert!(writer.step(2001).is_ok(), "only every STEP rows is checked");
        assert!(matches!(writer.step(3000), Err(ExchangeError::Cancelled)));
    }
}
