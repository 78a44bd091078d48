//! Zone targets and the straight-line pace: by a day of the year a zone should have reached
//! `target × days elapsed ÷ days in year`. Behind that pace is amber; below a share of it
//! (the office's "far behind" setting, 80 % by default) is red.
//!
//! Days elapsed count the day itself: on 1 January one day of the year has passed, on
//! 31 December all of it (365, or 366 in a leap year), so the whole target is due.

use chrono::{Datelike, NaiveDate};

use super::Bp;

/// The four things a zone is measured by each year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    /// Talents brought in (arrived in the year).
    Talents,
    /// High-level talent teams brought in (introduced in the year).
    Teams,
    /// Talent apartments let (leases starting in the year).
    Apartments,
    /// Grants awarded in the year, as an amount in fen.
    Grants,
}

impl TargetKind {
    /// Every kind, in the order the dashboard shows them.
    pub const ALL: [TargetKind; 4] =
        [TargetKind::Talents, TargetKind::Teams, TargetKind::Apartments, TargetKind::Grants];

    /// The i18n key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            TargetKind::Talents => "targets.talents",
            TargetKind::Teams => "targets.teams",
            TargetKind::Apartments => "targets.apartments",
            TargetKind::Grants => "targets.grants",
        }
    }

    /// Whether the figures are money (fen) rather than counts.
    pub fn is_money(self) -> bool {
        self == TargetKind::Grants
    }
}

/// Where a figure stands against the pace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PaceStatus {
    /// At or ahead of the straight line (or nothing is due).
    OnPace,
    /// Behind the line but within the far-behind share of it: amber.
    Behind,
    /// Below the far-behind share of the line: red.
    FarBehind,
}

impl PaceStatus {
    /// The i18n key of the status's name.
    pub fn label_key(self) -> &'static str {
        match self {
            PaceStatus::OnPace => "targets.on_pace",
            PaceStatus::Behind => "targets.behind",
            PaceStatus::FarBehind => "targets.far_behind",
        }
    }
}

/// One figure against its target on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    /// The year's target.
    pub target: i64,
    /// Reached so far.
    pub actual: i64,
    /// Due by the day on the straight line, rounded half-up to a whole talent (or fen): the
    /// status compares against this figure, so the colour always agrees with the numbers shown.
    pub expected: i64,
    /// The status.
    pub status: PaceStatus,
}

/// How many days of `year` have passed on `on` (the day counted), and how many the year has.
/// Before the year nothing has passed; after it, all of it.
pub fn days_elapsed(year: i32, on: NaiveDate) -> (i64, i64) {
    let days_in_year = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
    let elapsed = if on.year() < year {
        0
    } else if on.year() > year {
        days_in_year
    } else {
        i64::from(on.ordinal())
    };
    (elapsed, days_in_year)
}

/// The pace of `actual` against `target` for `year` on `on`; `far_behind` is the share of
/// the pace below which a figure is red (8000 = 80 %).
pub fn pace(target: i64, actual: i64, year: i32, on: NaiveDate, far_behind: Bp) -> Pace {
    let (elapsed, days) = days_elapsed(year, on);
    let target = target.max(0);
    let due = i128::from(target) * i128::from(elapsed);
    let expected = i64::try_from((due * 2 + i128::from(days)) / (i128::from(days) * 2)).unwrap_or(i64::MAX);
    let status = if actual >= expected {
        PaceStatus::OnPace
    } else if i128::from(actual) * 10_000 >= i128::from(expected) * i128::from(far_behind.0) {
        PaceStatus::Behind
    } else {
        PaceStatus::FarBehind
    };
    Pace { target, actual, expected, status }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    const EIGHTY: Bp = Bp(8_000);

    #[test]
    fn days_elapsed_counts_the_day_itself_and_knows_leap_years() {
        assert_eq!(days_elapsed(2026, d(2026, 1, 1)), (1, 365));
        assert_eq!(days_elapsed(2026, d(2026, 12, 31)), (365, 365));
        assert_eq!(days_elapsed(2028, d(2028, 12, 31)), (366, 366));
        assert_eq!(days_elapsed(2028, d(2028, 3, 1)), (61, 366));
        assert_eq!(days_elapsed(2027, d(2026, 12, 31)), (0, 365));
        assert_eq!(days_elapsed(2025, d(2026, 6, 1)), (365, 365));
    }

    #[test]
    fn on_the_first_of_january_almost_nothing_is_due() {
        let p = pace(365, 0, 2026, d(2026, 1, 1), EIGHTY);
        assert_eq!((p.expected, p.status), (1, PaceStatus::FarBehind));
        assert_eq!(pace(365, 1, 2026, d(2026, 1, 1), EIGHTY).status, PaceStatus::OnPace);
        // 100 a year: a quarter of a talent is due on 1 January, which rounds to none.
        assert_eq!(pace(100, 0, 2026, d(2026, 1, 1), EIGHTY).expected, 0);
        assert_eq!(pace(100, 0, 2026, d(2026, 1, 1), EIGHTY).status, PaceStatus::OnPace);
    }

    #[test]
    fn on_the_thirty_first_of_december_the_whole_target_is_due() {
        assert_eq!(pace(120, 120, 2026, d(2026, 12, 31), EIGHTY).status, PaceStatus::OnPace);
        let p = pace(120, 119, 2026, d(2026, 12, 31), EIGHTY);
        assert_eq!((p.expected, p.status), (120, PaceStatus::Behind));
        assert_eq!(pace(120, 96, 2026, d(2026, 12, 31), EIGHTY).status, PaceStatus::Behind);
        assert_eq!(pace(120, 95, 2026, d(2026, 12, 31), EIGHTY).status, PaceStatus::FarBehind);
        // In a leap year too.
        assert_eq!(pace(366, 365, 2028, d(2028, 12, 31), EIGHTY).expected, 366);
    }

    #[test]
    fn a_leap_year_spreads_the_target_over_366_days() {
        // 29 February 2028 is day 60 of 366: 60 of a 366 target are due.
        let p = pace(366, 60, 2028, d(2028, 2, 29), EIGHTY);
        assert_eq!((p.expected, p.status), (60, PaceStatus::OnPace));
        assert_eq!(pace(366, 59, 2028, d(2028, 2, 29), EIGHTY).status, PaceStatus::Behind);
        // 1 March is day 60 in a common year.
        assert_eq!(pace(365, 60, 2026, d(2026, 3, 1), EIGHTY).status, PaceStatus::OnPace);
    }

    #[test]
    fn the_far_behind_share_is_a_setting_and_the_line_between_is_exact() {
        // Mid-year (day 182 of 365) with a target of 730: 364 are due.
        let on = d(2026, 7, 1);
        assert_eq!(pace(730, 364, 2026, on, EIGHTY).status, PaceStatus::OnPace);
        assert_eq!(pace(730, 292, 2026, on, EIGHTY).status, PaceStatus::Behind, "291.2 is 80 %");
        assert_eq!(pace(730, 291, 2026, on, EIGHTY).status, PaceStatus::FarBehind);
        assert_eq!(pace(730, 291, 2026, on, Bp(5_000)).status, PaceStatus::Behind);
        // Nothing to reach, nothing behind; a year not begun is never behind.
        assert_eq!(pace(0, 0, 2026, on, EIGHTY).status, PaceStatus::OnPace);
        assert_eq!(pace(500, 0, 2027, on, EIGHTY).status, PaceStatus::OnPace);
        // Money targets work the same in fen.
        assert_eq!(pace(100_000_000, 49_863_014, 2026, on, EIGHTY).status, PaceStatus::OnPace);
    }
}
