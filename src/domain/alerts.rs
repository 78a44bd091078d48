//! Early warnings (预警): what they are about, the office's thresholds, and the rules that
//! say when a cause exists. Alerts are derived from the data on the day they are looked at,
//! never written by a job; an alert is its kind, its subject and its cause, so a later cause
//! of the same subject (a new expiry band, a new spell of arrears) is a new alert.

use chrono::NaiveDate;

use super::housing::Charge;
use super::{Bp, Fen, Message};

/// What an alert is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertKind {
    /// An active green card expires within 90 days.
    CardExpiring,
    /// A lease ends within 90 days.
    LeaseExpiring,
    /// A lease's agreed end has passed but it was never ended: the tenant stayed on.
    LeaseOverstay,
    /// A tenant is past the must-leave-by date of the exit rule.
    LeaseMustLeave,
    /// A tenant owes more than the set number of months' rent.
    RentArrears,
    /// An application has waited longer than the set number of days at its review step.
    ReviewWaiting,
}

impl AlertKind {
    /// Every kind, in the order the list shows them.
    pub const ALL: [AlertKind; 6] = [
        AlertKind::CardExpiring,
        AlertKind::LeaseExpiring,
        AlertKind::LeaseOverstay,
        AlertKind::LeaseMustLeave,
        AlertKind::RentArrears,
        AlertKind::ReviewWaiting,
    ];

    /// The code stored with an acknowledgement.
    pub fn code(self) -> &'static str {
        match self {
            AlertKind::CardExpiring => "card_expiring",
            AlertKind::LeaseExpiring => "lease_expiring",
            AlertKind::LeaseOverstay => "lease_overstay",
            AlertKind::LeaseMustLeave => "lease_must_leave",
            AlertKind::RentArrears => "rent_arrears",
            AlertKind::ReviewWaiting => "review_waiting",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The i18n key of the kind's name.
    pub fn label_key(self) -> &'static str {
        match self {
            AlertKind::CardExpiring => "alerts.kind.card_expiring",
            AlertKind::LeaseExpiring => "alerts.kind.lease_expiring",
            AlertKind::LeaseOverstay => "alerts.kind.lease_overstay",
            AlertKind::LeaseMustLeave => "alerts.kind.lease_must_leave",
            AlertKind::RentArrears => "alerts.kind.rent_arrears",
            AlertKind::ReviewWaiting => "alerts.kind.review_waiting",
        }
    }
}

/// How many days a lease that ended on `end_on` has been overstayed on `today`, if any: the
/// end day itself is still let, the day after is the first day over.
pub fn overstay_days(today: NaiveDate, end_on: NaiveDate) -> Option<i64> {
    let days = (today - end_on).num_days();
    (days > 0).then_some(days)
}

/// The expiry bands: within 30, 60 and 90 days.
pub const EXPIRY_BANDS: [i64; 3] = [30, 60, 90];

/// The band (30, 60 or 90) an expiry on `expires_on` falls in on `today`, if any: the
/// expiry day itself counts as within 0 days.
pub fn expiry_band(today: NaiveDate, expires_on: NaiveDate) -> Option<i64> {
    let days = (expires_on - today).num_days();
    if days < 0 {
        return None;
    }
    EXPIRY_BANDS.into_iter().find(|band| days <= *band)
}

/// The office's thresholds, kept as settings (设置 → 预警参数).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarningSettings {
    /// Arrears above this many months' rent raise an alert.
    pub arrears_months: u32,
    /// An application waiting longer than this many days at one step raises an alert.
    pub review_days: u32,
    /// Below this share of the straight-line pace a zone is red, not amber.
    pub far_behind: Bp,
}

impl Default for WarningSettings {
    /// Two months of arrears, fifteen days at a step, 80 % of pace.
    fn default() -> WarningSettings {
        WarningSettings { arrears_months: 2, review_days: 15, far_behind: Bp(8_000) }
    }
}

/// The settings keys, in the order above.
pub const SETTING_KEYS: [&str; 3] = ["warnings.arrears_months", "warnings.review_days", "warnings.far_behind_bp"];

impl WarningSettings {
    /// The settings from stored values (`None` or damaged: the default).
    pub fn from_stored(values: [Option<String>; 3]) -> WarningSettings {
        let d = WarningSettings::default();
        let n = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<u32>().ok());
        WarningSettings {
            arrears_months: n(&values[0]).filter(|m| (1..=24).contains(m)).unwrap_or(d.arrears_months),
            review_days: n(&values[1]).filter(|m| (1..=365).contains(m)).unwrap_or(d.review_days),
            far_behind: n(&values[2]).filter(|b| *b <= 10_000).map_or(d.far_behind, Bp),
        }
    }

    /// The values to store, in [`SETTING_KEYS`] order.
    pub fn to_stored(self) -> [String; 3] {
        [self.arrears_months.to_string(), self.review_days.to_string(), self.far_behind.0.to_string()]
    }

    /// Parses the form: months 1–24, days 1–365, a share 1–100 %; each problem at its field
    /// (0: months, 1: days, 2: share).
    pub fn parse(months: &str, days: &str, share: &str) -> Result<WarningSettings, Vec<(usize, Message)>> {
        let mut errors = Vec::new();
        let number = |t: &str, range: std::ops::RangeInclusive<u32>, key| {
            super::text::compact(t).parse::<u32>().ok().filter(|n| range.contains(n)).ok_or(Message::new(key))
        };
        let months = number(months, 1..=24, "alerts.err.months").map_err(|m| errors.push((0, m))).ok();
        let days = number(days, 1..=365, "alerts.err.days").map_err(|m| errors.push((1, m))).ok();
        let share = Bp::parse_percent(share)
            .ok()
            .filter(|b| b.0 > 0)
            .ok_or(Message::new("alerts.err.share"))
            .map_err(|m| errors.push((2, m)))
            .ok();
        match (months, days, share) {
            (Some(arrears_months), Some(review_days), Some(far_behind)) => {
                Ok(WarningSettings { arrears_months, review_days, far_behind })
            }
            _ => Err(errors),
        }
    }
}

/// Since when a tenant has owed more than `months` × `monthly` without a break, if they do
/// on the last day of the charges and payments given: each month's charge falls due on its
/// first day let, each payment on its day. Paying below the line ends a spell; falling
/// behind again starts a new one (a new alert).
pub fn arrears_since(
    charges: &[Charge],
    payments: &[(NaiveDate, Fen)],
    monthly: Fen,
    months: u32,
) -> Option<NaiveDate> {
    let line = i128::from(monthly.fen()) * i128::from(months);
    // Payments on a day count before that day's charge: paying on the first of the month
    // for the month before is not a day in arrears.
    let mut events: Vec<(NaiveDate, u8, i64)> = charges.iter().map(|c| (c.from, 1, c.amount.fen())).collect();
    events.extend(payments.iter().map(|(d, a)| (*d, 0, -a.fen())));
    events.sort();
    let mut balance: i128 = 0;
    let mut since = None;
    for (day, _, amount) in events {
        balance += i128::from(amount);
        if balance > line {
            since.get_or_insert(day);
        } else {
            since = None;
        }
    }
    since
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::housing::{RentTerms, charges};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn expiry_bands_are_30_60_and_90_days() {
        let today = d(2026, 12, 1);
        assert_eq!(expiry_band(today, today), Some(30));
        assert_eq!(expiry_band(today, d(2026, 12, 31)), Some(30));
        assert_eq!(expiry_band(today, d(2027, 1, 1)), Some(60));
        assert_eq!(expiry_band(today, d(2027, 3, 1)), Some(90));
        assert_eq!(expiry_band(today, d(2027, 3, 2)), None);
        assert_eq!(expiry_band(today, d(2026, 11, 30)), None, "expired is not expiring");
    }

    #[test]
    fn a_lease_is_overstayed_from_the_day_after_its_end() {
        let end = d(2026, 11, 30);
        assert_eq!(overstay_days(d(2026, 11, 30), end), None, "the last day is still let");
        assert_eq!(overstay_days(d(2026, 12, 1), end), Some(1));
        assert_eq!(overstay_days(d(2027, 1, 30), end), Some(61));
        assert_eq!(AlertKind::from_code("lease_overstay"), Some(AlertKind::LeaseOverstay));
        assert!(AlertKind::ALL.iter().all(|k| AlertKind::from_code(k.code()) == Some(*k)));
    }

    #[test]
    fn arrears_over_the_line_date_from_when_they_crossed_it() {
        let monthly = Fen(100_000);
        let c = charges(d(2026, 1, 1), d(2026, 12, 31), RentTerms::flat(monthly), d(2026, 12, 1));
        // Paid January to August on time: owes September to December, four months.
        let paid: Vec<(NaiveDate, Fen)> = (1..=8).map(|m| (d(2026, m, 1), monthly)).collect();
        assert_eq!(arrears_since(&c, &paid, monthly, 2), Some(d(2026, 11, 1)), "the third month owed");
        assert_eq!(arrears_since(&c, &paid, monthly, 4), None, "four months is not over four");
        // A part payment that keeps them over the line keeps the same spell.
        let mut more = paid.clone();
        more.push((d(2026, 11, 20), Fen(50_000)));
        assert_eq!(arrears_since(&c, &more, monthly, 2), Some(d(2026, 11, 1)));
        // Paying down below the line ends it; falling behind again is a new spell.
        more.push((d(2026, 11, 25), Fen(100_000)));
        assert_eq!(arrears_since(&c, &more, monthly, 2), Some(d(2026, 12, 1)));
        more.push((d(2026, 12, 1), Fen(100_000)));
        assert_eq!(arrears_since(&c, &more, monthly, 2), None);
    }

    #[test]
    fn settings_parse_at_their_fields_and_fall_back_to_defaults() {
        assert_eq!(
            WarningSettings::parse("3", "20", "75%"),
            Ok(WarningSettings { arrears_months: 3, review_days: 20, far_behind: Bp(7_500) })
        );
        let errors = WarningSettings::parse("0", "x", "0").err().unwrap_or_default();
        assert_eq!(errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(), vec![0, 1, 2]);
        let s = WarningSettings { arrears_months: 4, review_days: 9, far_behind: Bp(6_000) };
        assert_eq!(WarningSettings::from_stored(s.to_stored().map(Some)), s);
        assert_eq!(WarningSettings::from_stored([None, Some("bad".into()), None]), WarningSettings::default());
    }
}
