//! Which backups to keep: the 3 newest, and the newest of each of the last 7 days, 4 weeks
//! and 12 months that have a backup (the grandfather-father-son scheme of borg and restic's
//! `--keep-last`, `--keep-daily`, `--keep-weekly`, `--keep-monthly`). A pure rule over
//! timestamps; the store deletes the rest.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDateTime};

/// How many days, weeks and months keep their newest backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    /// The newest backups, whenever they were taken (a backup made before a risky import
    /// survives the one made on closing the same day).
    pub last: usize,
    /// Days (calendar days with a backup, newest first).
    pub daily: usize,
    /// ISO weeks.
    pub weekly: usize,
    /// Calendar months.
    pub monthly: usize,
}

/// The office's default: the 3 newest, 7 daily, 4 weekly, 12 monthly backups.
pub const DEFAULT_KEEP: Keep = Keep { last: 3, daily: 7, weekly: 4, monthly: 12 };

/// A period a backup falls in (a day, an ISO week or a month), as a comparable key.
type PeriodOf = fn(&NaiveDateTime) -> (i32, u32, u32);

/// The indices (into `stamps`, in any order) of the backups to keep. The newest backup is
/// always kept, whatever `keep` says, so a rotation never leaves nothing.
pub fn to_keep(stamps: &[NaiveDateTime], keep: Keep) -> BTreeSet<usize> {
    let mut newest_first: Vec<usize> = (0..stamps.len()).collect();
    newest_first.sort_by(|a, b| stamps[*b].cmp(&stamps[*a]).then(a.cmp(b)));
    let mut kept = BTreeSet::new();
    kept.extend(newest_first.iter().take(keep.last.max(1)).copied());
    let periods: [(usize, PeriodOf); 3] = [
        (keep.daily, |t| (t.year(), t.month(), t.day())),
        (keep.weekly, |t| (t.iso_week().year(), t.iso_week().week(), 0)),
        (keep.monthly, |t| (t.year(), t.month(), 0)),
    ];
    for (count, period_of) in periods {
        let mut last = None;
        let mut periods_kept = 0;
        for &i in &newest_first {
            let period = period_of(&stamps[i]);
            if last == Some(period) {
                continue;
            }
            last = Some(period);
            if periods_kept == count {
                break;
            }
            // The first backup met in a period is its newest.
            kept.insert(i);
            periods_kept += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|day| day.and_hms_opt(h, 0, 0)).unwrap_or_default()
    }

    #[test]
    fn keeps_the_newest_of_each_day_for_seven_days() {
        // Two backups a day (open and close) for ten days in June.
        let stamps: Vec<_> = (1..=10).flat_map(|d| [at(2026, 6, d, 9), at(2026, 6, d, 18)]).collect();
        let kept = to_keep(&stamps, Keep { last: 0, daily: 7, weekly: 0, monthly: 0 });
        let days: Vec<_> = kept.iter().map(|&i| stamps[i]).collect();
        assert_eq!(days.len(), 7);
        assert!(days.iter().all(|t| t.format("%H").to_string() == "18"), "the evening one of each day");
        assert_eq!(days.iter().min(), Some(&at(2026, 6, 4, 18)));
    }

    #[test]
    fn a_year_of_daily_backups_keeps_seven_plus_four_weeks_plus_twelve_months() {
        let start = at(2025, 1, 1, 18);
        let stamps: Vec<_> = (0..400).map(|d| start + chrono::Duration::days(d)).collect();
        let kept: Vec<_> = to_keep(&stamps, DEFAULT_KEEP).into_iter().map(|i| stamps[i]).collect();
        let newest = stamps[399];
        // The last seven days.
        for d in 0..7 {
            assert!(kept.contains(&(newest - chrono::Duration::days(d))));
        }
        // The last day of each of the eleven months before the current one.
        assert!(kept.contains(&at(2025, 12, 31, 18)));
        assert!(kept.contains(&at(2025, 3, 31, 18)));
        assert!(!kept.contains(&at(2025, 2, 28, 18)), "only twelve months");
        // Sundays (ISO week ends) of the last weeks.
        assert!(kept.contains(&at(2026, 1, 25, 18)));
        // Days, weeks and months overlap, so fewer than 3 + 7 + 4 + 12 files remain.
        assert!(kept.len() <= 26 && kept.len() >= 12, "{}", kept.len());
    }

    #[test]
    fn the_newest_backup_always_stays_and_nothing_is_kept_twice() {
        let stamps = vec![at(2026, 1, 1, 8), at(2026, 1, 1, 8), at(2025, 12, 1, 8)];
        let kept = to_keep(&stamps, Keep { last: 0, daily: 0, weekly: 0, monthly: 0 });
        assert_eq!(kept.into_iter().collect::<Vec<_>>(), vec![0]);
        assert!(to_keep(&[], DEFAULT_KEEP).is_empty());
        let kept = to_keep(&stamps, Keep { last: 1, ..DEFAULT_KEEP });
        assert_eq!(kept.into_iter().collect::<Vec<_>>(), vec![0, 2], "the older twin goes");
    }

    #[test]
    fn the_three_newest_stay_even_on_one_day() {
        let stamps: Vec<_> = (8..=17).map(|h| at(2026, 6, 1, h)).collect();
        let kept: Vec<_> = to_keep(&stamps, DEFAULT_KEEP).into_iter().map(|i| stamps[i]).collect();
        assert_eq!(kept, vec![at(2026, 6, 1, 15), at(2026, 6, 1, 16), at(2026, 6, 1, 17)]);
    }
}
