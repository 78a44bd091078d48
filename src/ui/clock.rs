//! The day the desk works on: the computer's date, or, in a UI test, a day fixed on the
//! test's own thread (the UI is drawn and its commands applied on that thread), so one test
//! can sign a lease today and another after a new policy version took effect.

use std::cell::Cell;

use chrono::NaiveDate;

thread_local! {
    static FIXED: Cell<Option<NaiveDate>> = const { Cell::new(None) };
}

/// Today: the computer's local date, unless [`set_today`] fixed another on this thread.
pub fn today() -> NaiveDate {
    FIXED.with(Cell::get).unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Fixes the day of this thread's UI (`None`: the computer's date again).
pub fn set_today(day: Option<NaiveDate>) {
    FIXED.with(|f| f.set(day));
}
