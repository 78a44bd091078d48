//! Talent apartments: floor areas, the rent of a lease, its term cap, the monthly charges of
//! the rent ledger (pro rata for part months), the must-leave-by date, and the ranking of the
//! waiting list. All money in integer fen, all days as `NaiveDate`.
//!
//! Pro-rata rule: a month in which the lease runs for only some days is charged
//! `monthly rent × days let ÷ days in that month`, rounded half-up to the fen; a whole month
//! is charged the monthly rent exactly. Both the first and the last day count as let.
//!
//! Later share: a policy may charge another share of market rent once a tenancy has lasted
//! N full years. A lease freezes both shares and N when it is signed. The later rent runs
//! from the N-th anniversary of the lease's first day (a lease from 29 February reaches it
//! on 28 February in a common year, the day its N-year term cap would also end). A renewal
//! extends the same lease, so the years keep counting from its first day. The month in
//! which the anniversary falls is charged `(first rent × days before it + later rent × days
//! from it) ÷ days in that month`, rounded half-up once; a month wholly at one rent is
//! charged that rent (pro rata when only part of it is let).

use chrono::{Datelike, Days, NaiveDate};

use super::dates::{add_months, add_years};
use super::policy::RentAfter;
use super::{Bp, Fen, Message};

/// A floor area in hundredths of a square metre (85.50 m² = 8550).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Area(pub i64);

impl Area {
    /// Parses `85.5`, `85.50`, `85.5㎡`, `85.5 m²`; 1–10,000 m², at most two decimals.
    pub fn parse(input: &str) -> Result<Area, Message> {
        let s: String = input
            .chars()
            .map(super::text::halfwidth)
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .trim_end_matches(['㎡', '²'])
            .trim_end_matches(['m', 'M'])
            .to_string();
        if s.is_empty() {
            return Err(Message::new("housing.err.area"));
        }
        let (whole, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
        let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 5 {
            return Err(Message::new("housing.err.area"));
        }
        let whole: i64 = whole.parse().map_err(|_| Message::new("housing.err.area"))?;
        let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        let area = whole * 100 + frac;
        if !(100..=1_000_000).contains(&area) {
            return Err(Message::new("housing.err.area"));
        }
        Ok(Area(area))
    }
}

/// Shows `85.50 m²`.
impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02} m²", self.0 / 100, self.0 % 100)
    }
}

/// The monthly rent of a lease: market rent × the tier's share, rounded half-up to the fen.
pub fn monthly_rent(market: Fen, share: Bp) -> Fen {
    market.percent(share)
}

/// The later rent of a lease, frozen at signing: after `years` full years the tenant pays
/// `share` of the market rent frozen on the lease, that is `monthly`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaterRent {
    /// Full years at the first share.
    pub years: u32,
    /// The share from the `years`-th anniversary on.
    pub share: Bp,
    /// The monthly rent from then on.
    pub monthly: Fen,
}

impl LaterRent {
    /// The later rent of a lease at `market` rent under the tier's rule, if it has one.
    pub fn of(market: Fen, rule: Option<RentAfter>) -> Option<LaterRent> {
        rule.map(|r| LaterRent { years: r.years, share: r.share, monthly: monthly_rent(market, r.share) })
    }

    /// The first day at the later rent for a lease starting on `start`: the anniversary.
    pub fn from_day(&self, start: NaiveDate) -> NaiveDate {
        add_years(start, self.years)
    }
}

impl From<LaterRent> for RentAfter {
    fn from(l: LaterRent) -> RentAfter {
        RentAfter { years: l.years, share: l.share }
    }
}

/// What a lease charges over time: the monthly rent, and the later rent from its day on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RentTerms {
    /// The monthly rent at the first share.
    pub monthly: Fen,
    /// The later monthly rent and its first day.
    pub later: Option<(NaiveDate, Fen)>,
}

impl RentTerms {
    /// One rent for the whole lease.
    pub fn flat(monthly: Fen) -> RentTerms {
        RentTerms { monthly, later: None }
    }

    /// The monthly rent in force on `day`.
    pub fn monthly_on(&self, day: NaiveDate) -> Fen {
        match self.later {
            Some((from, later)) if day >= from => later,
            _ => self.monthly,
        }
    }
}

/// The last day a lease starting on `start` may run under a cap of `cap_years`.
pub fn last_allowed_day(start: NaiveDate, cap_years: u32) -> NaiveDate {
    add_years(start, cap_years) - Days::new(1)
}

/// Checks a lease's dates: it ends after it starts and not beyond the term cap.
pub fn check_term(start: NaiveDate, end: NaiveDate, cap_years: u32) -> Result<(), Message> {
    if end < start {
        return Err(Message::new("lease.err.end_before_start"));
    }
    let last = last_allowed_day(start, cap_years);
    if end > last {
        return Err(Message {
            key: "lease.err.term_cap",
            args: vec![("years", cap_years.to_string()), ("date", super::dates::fmt_date(last))],
        });
    }
    Ok(())
}

/// The day a tenant must have left by after losing the card or leaving the employer.
pub fn must_leave_by(event: NaiveDate, exit_months: u32) -> NaiveDate {
    add_months(event, exit_months)
}

/// One month's charge of the rent ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charge {
    /// The first day of the month.
    pub month: NaiveDate,
    /// The first day charged.
    pub from: NaiveDate,
    /// The last day charged.
    pub to: NaiveDate,
    /// The amount.
    pub amount: Fen,
    /// The first day of the month charged at the later rent, if any (`from` when all of it).
    pub later_from: Option<NaiveDate>,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn month_end(d: NaiveDate) -> NaiveDate {
    add_months(month_start(d), 1) - Days::new(1)
}

/// Half-up `numerator ÷ denominator` of non-negative whole fen.
fn div_half_up(numerator: i128, denominator: i128) -> Fen {
    Fen(i64::try_from((numerator * 2 + denominator) / (denominator * 2)).unwrap_or(i64::MAX))
}

/// The charges of a lease on `terms` running from `start` to `end` (both let), for the
/// months that have begun on or before `until`: whole months at their monthly rent, part
/// months and the month of the later rent's anniversary pro rata (see the module's rule).
pub fn charges(start: NaiveDate, end: NaiveDate, terms: RentTerms, until: NaiveDate) -> Vec<Charge> {
    let mut out = Vec::new();
    let mut month = month_start(start);
    while month <= end && month <= until {
        let last = month_end(month);
        let from = start.max(month);
        let to = end.min(last);
        let days_in_month = i64::from(last.day());
        let days = (to - from).num_days() + 1;
        // Days at the later rent: from its first day (or the month's first day let) to `to`.
        let (later_from, later_days, later) = match terms.later {
            Some((switch, later)) if switch <= to => {
                let first = switch.max(from);
                (Some(first), (to - first).num_days() + 1, later)
            }
            _ => (None, 0, terms.monthly),
        };
        let amount = if days == days_in_month && later_days == 0 {
            terms.monthly
        } else if days == days_in_month && later_days == days {
            later
        } else {
            let sum = i128::from(terms.monthly.fen()) * i128::from(days - later_days)
                + i128::from(later.fen()) * i128::from(later_days);
            div_half_up(sum, i128::from(days_in_month))
        };
        out.push(Charge { month, from, to, amount, later_from });
        month = add_months(month, 1);
    }
    out
}

/// Why a place on the waiting list is what it is: the policy's ranking rule is tier (in the
/// policy's order, highest first), then whether the applicant's field is on the shortage
/// catalogue, then the application date, then the application number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RankKey {
    /// The tier's place in the policy (0 = highest).
    pub tier_rank: usize,
    /// 0 when the field is on the shortage catalogue, 1 otherwise.
    pub not_shortage: u8,
    /// The day of application.
    pub applied_on: NaiveDate,
    /// The application number (a stable last resort).
    pub application_id: i64,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rand::{RngExt, SeedableRng};

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rent_is_market_rent_times_share_rounded_half_up_for_any_amount() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..100_000 {
            let market = rng.random_range(0..100_000_000i64);
            let share = rng.random_range(0..=10_000u32);
            // The plain integer formula: half-up is floor(x + 1/2).
            let expected = (market * i64::from(share) * 2 + 10_000) / 20_000;
            assert_eq!(monthly_rent(Fen(market), Bp(share)), Fen(expected), "{market} × {share}");
        }
        assert_eq!(monthly_rent(Fen(333_333), Bp(5_000)), Fen(166_667), "half a fen rounds up");
        assert_eq!(monthly_rent(Fen(350_000), Bp(6_500)), Fen(227_500));
    }

    #[test]
    fn part_months_are_charged_pro_rata_and_whole_months_exactly() {
        let c = charges(d(2026, 1, 16), d(2026, 3, 31), RentTerms::flat(Fen(310_000)), d(2026, 12, 31));
        assert_eq!(c.len(), 3);
        // 16 of 31 days of January.
        assert_eq!(c[0].amount, Fen(160_000));
        assert_eq!((c[1].amount, c[2].amount), (Fen(310_000), Fen(310_000)));
        // February of a leap year, one day: 1/29 of the rent, half-up.
        let feb = charges(d(2028, 2, 29), d(2028, 2, 29), RentTerms::flat(Fen(100_000)), d(2028, 3, 1));
        assert_eq!(feb[0].amount, Fen(3_448));
        // Only months begun by `until`.
        assert_eq!(charges(d(2026, 1, 1), d(2027, 12, 31), RentTerms::flat(Fen(1)), d(2026, 3, 1)).len(), 3);
        assert!(c.iter().all(|c| c.later_from.is_none()));
    }

    fn stepped(start: NaiveDate, years: u32, first: i64, later: i64) -> RentTerms {
        let rule = LaterRent { years, share: Bp(7_000), monthly: Fen(later) };
        RentTerms { monthly: Fen(first), later: Some((rule.from_day(start), rule.monthly)) }
    }

    #[test]
    fn the_later_rent_runs_from_the_anniversary_and_splits_its_month() {
        // From 16 May 2026, three years at ¥1,000.00, then ¥1,400.00 from 16 May 2029.
        let start = d(2026, 5, 16);
        let terms = stepped(start, 3, 100_000, 140_000);
        let c = charges(start, d(2031, 5, 15), terms, d(2031, 12, 31));
        let at = |y, m| c.iter().find(|c| c.month == d(y, m, 1)).copied().unwrap();
        assert_eq!(at(2029, 4).amount, Fen(100_000), "the last whole month at the first rent");
        // May 2029: 15 days at ¥1,000.00 and 16 at ¥1,400.00 of 31, rounded once:
        // (1,000.00 × 15 + 1,400.00 × 16) ÷ 31 = 1,206.4516… → ¥1,206.45.
        let may = at(2029, 5);
        assert_eq!((may.amount, may.later_from), (Fen(120_645), Some(d(2029, 5, 16))));
        assert_eq!((at(2029, 6).amount, at(2029, 6).later_from), (Fen(140_000), Some(d(2029, 6, 1))));
        // The last month is a part month at the later rent: 15 of 31 days.
        assert_eq!(at(2031, 5).amount, Fen(67_742));
        assert_eq!(terms.monthly_on(d(2029, 5, 15)), Fen(100_000));
        assert_eq!(terms.monthly_on(d(2029, 5, 16)), Fen(140_000));
        // An anniversary on the first of a month: that month is wholly at the later rent.
        let terms = stepped(d(2026, 3, 1), 1, 100_000, 140_000);
        let c = charges(d(2026, 3, 1), d(2027, 12, 31), terms, d(2027, 12, 31));
        assert_eq!(c[11].amount, Fen(100_000));
        assert_eq!((c[12].month, c[12].amount, c[12].later_from), (d(2027, 3, 1), Fen(140_000), Some(d(2027, 3, 1))));
    }

    #[test]
    fn a_lease_from_29_february_reaches_its_anniversary_on_28_february() {
        let start = d(2028, 2, 29);
        let rule = LaterRent { years: 1, share: Bp(7_000), monthly: Fen(140_000) };
        assert_eq!(rule.from_day(start), d(2029, 2, 28), "the day its one-year term cap ends after");
        assert_eq!(last_allowed_day(start, 1), d(2029, 2, 27));
        let c = charges(start, d(2029, 12, 31), stepped(start, 1, 100_000, 140_000), d(2029, 12, 31));
        // February 2028: one day of 29 at the first rent.
        assert_eq!((c[0].amount, c[0].later_from), (Fen(3_448), None));
        // February 2029: 27 days at ¥1,000.00 and 1 at ¥1,400.00 of 28 = ¥1,014.29.
        let feb = c.iter().find(|c| c.month == d(2029, 2, 1)).copied().unwrap();
        assert_eq!((feb.amount, feb.later_from), (Fen(101_429), Some(d(2029, 2, 28))));
        // In a leap year the anniversary of 29 February is 29 February: four years on.
        assert_eq!(LaterRent { years: 4, ..rule }.from_day(start), d(2032, 2, 29));
    }

    #[test]
    fn a_part_month_at_the_start_or_end_is_pro_rata_at_the_rent_in_force() {
        // Signed 20 January, later rent from 20 January a year on, ended 10 February.
        let start = d(2026, 1, 20);
        let terms = stepped(start, 1, 310_000, 620_000);
        let c = charges(start, d(2027, 2, 10), terms, d(2027, 12, 31));
        assert_eq!(c[0].amount, Fen(120_000), "12 of 31 days at the first rent");
        // January 2027: 19 days at ¥3,100 and 12 at ¥6,200 of 31 = ¥4,300.00.
        assert_eq!(c[12].amount, Fen(430_000));
        // February 2027, 10 of 28 days at the later rent: ¥2,214.29.
        assert_eq!((c[13].amount, c[13].later_from), (Fen(221_429), Some(d(2027, 2, 1))));
        // A lease that ends before its anniversary never pays the later rent.
        let short = charges(start, d(2026, 12, 31), terms, d(2027, 12, 31));
        assert!(short.iter().all(|c| c.later_from.is_none()));
        assert_eq!(
            LaterRent::of(Fen(350_000), Some(RentAfter { years: 3, share: Bp(7_000) })).map(|l| l.monthly),
            Some(Fen(245_000))
        );
        assert_eq!(LaterRent::of(Fen(350_000), None), None);
    }

    #[test]
    fn the_term_cap_ends_the_day_before_the_anniversary() {
        assert_eq!(last_allowed_day(d(2026, 1, 1), 6), d(2031, 12, 31));
        assert!(check_term(d(2026, 1, 1), d(2031, 12, 31), 6).is_ok());
        assert_eq!(check_term(d(2026, 1, 1), d(2032, 1, 1), 6).unwrap_err().key, "lease.err.term_cap");
        // 29 February: the anniversary in a common year is 28 February.
        assert_eq!(last_allowed_day(d(2028, 2, 29), 1), d(2029, 2, 27));
        assert_eq!(check_term(d(2026, 5, 1), d(2026, 4, 30), 6).unwrap_err().key, "lease.err.end_before_start");
    }

    #[test]
    fn tenants_get_the_exit_period_from_the_event() {
        assert_eq!(must_leave_by(d(2026, 11, 30), 3), d(2027, 2, 28));
    }

    #[test]
    fn areas_read_as_clerks_type_them() {
        assert_eq!(Area::parse("85.5"), Ok(Area(8_550)));
        assert_eq!(Area::parse("１２０ ㎡"), Ok(Area(12_000)));
        assert_eq!(Area::parse("60.25m²"), Ok(Area(6_025)));
        assert!(Area::parse("85.555").is_err());
        assert!(Area::parse("0.5").is_err());
        assert_eq!(Area(8_550).to_string(), "85.50 m²");
    }

    #[test]
    fn the_waiting_list_ranks_tier_then_shortage_then_date() {
        let key = |tier, shortage: bool, day, id| RankKey {
            tier_rank: tier,
            not_shortage: u8::from(!shortage),
            applied_on: day,
            application_id: id,
        };
        let mut list = [
            key(1, true, d(2026, 1, 1), 1),
            key(0, false, d(2026, 6, 1), 2),
            key(1, false, d(2025, 1, 1), 3),
            key(0, true, d(2026, 9, 1), 4),
        ];
        list.sort();
        assert_eq!(list.iter().map(|k| k.application_id).collect::<Vec<_>>(), vec![4, 2, 1, 3]);
    }
}
