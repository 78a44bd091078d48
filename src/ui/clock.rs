//! Where the window reads the time: the system clock, or (in tests) a clock that moves
//! only when told, so the idle lock and the wait after a failed login are tested without
//! sleeping; and the day the desk works on, which a UI test may fix on its own thread (the
//! UI is drawn and its commands applied on that thread), so one test can sign a lease today
//! and another after a new policy version took effect.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};

/// The time source of the app. Cloning shares it: a test keeps a clone and moves it.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    manual: Option<Arc<Manual>>,
}

#[derive(Debug)]
struct Manual {
    instant: Instant,
    wall: NaiveDateTime,
    /// How far the clock was moved, in milliseconds.
    offset_ms: AtomicU64,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock standing at the present moment that moves only by [`Clock::advance`].
    pub fn manual() -> Clock {
        let manual = Manual { instant: Instant::now(), wall: chrono::Local::now().naive_local(), offset_ms: 0.into() };
        Clock { manual: Some(Arc::new(manual)) }
    }

    /// Moves a manual clock on (the system clock cannot be moved: nothing happens).
    pub fn advance(&self, by: Duration) {
        if let Some(m) = &self.manual {
            let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
            m.offset_ms.fetch_add(ms, Ordering::SeqCst);
        }
    }

    fn offset(m: &Manual) -> Duration {
        Duration::from_millis(m.offset_ms.load(Ordering::SeqCst))
    }

    /// The monotonic now, for measuring idle time and waits.
    pub fn now(&self) -> Instant {
        match &self.manual {
            None => Instant::now(),
            Some(m) => m.instant + Clock::offset(m),
        }
    }

    /// The local wall time, for what the store records (waits after failed logins).
    pub fn wall(&self) -> NaiveDateTime {
        match &self.manual {
            None => chrono::Local::now().naive_local(),
            Some(m) => {
                let offset = chrono::TimeDelta::from_std(Clock::offset(m)).unwrap_or(chrono::TimeDelta::MAX);
                m.wall.checked_add_signed(offset).unwrap_or(m.wall)
            }
        }
    }
}

thread_local! {
    static FIXED_DAY: Cell<Option<NaiveDate>> = const { Cell::new(None) };
}

/// Today: the computer's local date, unless [`set_today`] fixed another on this thread.
pub fn today() -> NaiveDate {
    FIXED_DAY.with(Cell::get).unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Fixes the day of this thread's UI (`None`: the computer's date again).
pub fn set_today(day: Option<NaiveDate>) {
    FIXED_DAY.with(|f| f.set(day));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let clock = Clock::manual();
        let (t0, w0) = (clock.now(), clock.wall());
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now(), t0);
        let shared = clock.clone();
        shared.advance(Duration::from_secs(90));
        assert_eq!(clock.now() - t0, Duration::from_secs(90));
        assert_eq!((clock.wall() - w0).num_seconds(), 90);
    }
}
