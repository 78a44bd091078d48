//! Calendar rules: parsing dates as clerks and spreadsheets write them, and adding years
//! or months the way contracts count them (a period that starts on 29 February ends on
//! 28 February in a common year; month ends stay month ends).

use chrono::{Datelike, Months, NaiveDate};

use super::Problem;

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing was typed.
    Empty,
    /// Not in one of the accepted shapes.
    Unrecognised { text: String },
    /// The shape is right but the day does not exist (2023-02-29).
    NoSuchDay { text: String },
}

impl Problem for DateError {
    fn key(&self) -> &'static str {
        match self {
            DateError::Empty => "date.empty",
            DateError::Unrecognised { .. } => "date.unrecognised",
            DateError::NoSuchDay { .. } => "date.no_such_day",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            DateError::Empty => Vec::new(),
            DateError::Unrecognised { text } | DateError::NoSuchDay { text } => {
                vec![("text", text.clone())]
            }
        }
    }
}
crate::impl_problem_display!(DateError);

/// Parses `2024-01-05`, `2024/1/5`, `2024.1.5`, `2024年1月5日` and `20240105`
/// (full-width digits too).
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let s = super::text::clean(input);
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let shown: String = s.chars().take(40).collect();
    let unrecognised = || DateError::Unrecognised { text: shown.clone() };
    let parts: Vec<&str> = if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        vec![&s[0..4], &s[4..6], &s[6..8]]
    } else {
        let s = s.strip_suffix('日').unwrap_or(&s);
        s.split(['-', '/', '.', '年', '月']).map(str::trim).collect()
    };
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return Err(unrecognised());
    }
    if parts[0].len() != 4 || parts[1].len() > 2 || parts[2].len() > 2 {
        return Err(unrecognised());
    }
    let (Ok(y), Ok(m), Ok(d)) = (parts[0].parse::<i32>(), parts[1].parse::<u32>(), parts[2].parse::<u32>()) else {
        return Err(unrecognised());
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::NoSuchDay { text: shown.clone() })
}

/// `date` plus whole months; a day past the end of the target month becomes its last day
/// (2024-01-31 + 1 month = 2024-02-29).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// `date` plus whole years; 29 February becomes 28 February in a common year.
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    add_months(date, years.saturating_mul(12))
}

/// Full years between `birth` and `on` (age on a date).
pub fn years_between(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Formats a date as `YYYY-MM-DD`, the one form the app shows.
pub fn fmt_date(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_date(&mut out, date);
    out
}

/// Appends `date` as `YYYY-MM-DD` (a million rows of an export format no pattern).
pub fn push_date(out: &mut String, date: NaiveDate) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&date.format("%Y-%m-%d").to_string());
        return;
    }
    let digits = |n: u32, width: usize, out: &mut String| {
        for i in (0..width).rev() {
            let digit = (n / 10u32.pow(i as u32)) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    };
    digits(year as u32, 4, out);
    out.push('-');
    digits(date.month(), 2, out);
    out.push('-');
    digits(date.day(), 2, out);
}

/// Reads a stored `YYYY-MM-DD` date; anything else is not one.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    #[test]
    fn stored_dates_read_and_print_as_chrono_does() {
        for (y, m, d) in [(2026, 11, 29), (1, 1, 1), (9999, 12, 31), (1985, 6, 1), (2024, 2, 29)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
            assert_eq!(fmt_date(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(parse_iso(&fmt_date(date)), Some(date));
        }
        for bad in ["2026-02-30", "2026-1-05", "2026/01/05", "20260105", "２０２６-01-05", "abcd-ef-gh", ""] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn parses_the_shapes_clerks_type() {
        for s in
            ["2024-01-05", "2024/1/5", "2024.1.5", "2024年1月5日", "20240105", "２０２４－０１－０５", " 2024-1-05 "]
        {
            assert_eq!(parse_date(s), Ok(d(2024, 1, 5)), "{s}");
        }
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert!(matches!(parse_date("2023-02-29"), Err(DateError::NoSuchDay { .. })));
        assert!(matches!(parse_date("2024-13-01"), Err(DateError::NoSuchDay { .. })));
        assert_eq!(parse_date("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert!(matches!(parse_date("5/1/2024"), Err(DateError::Unrecognised { .. })));
        assert!(matches!(parse_date("yesterday"), Err(DateError::Unrecognised { .. })));
        assert!(parse_date(&"9".repeat(10_000)).is_err());
    }

    #[test]
    fn adds_years_over_leap_days() {
        assert_eq!(add_years(d(2024, 2, 29), 1), d(2025, 2, 28));
        assert_eq!(add_years(d(2024, 2, 29), 4), d(2028, 2, 29));
        assert_eq!(add_years(d(2023, 3, 1), 5), d(2028, 3, 1));
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(add_months(d(2023, 1, 31), 1), d(2023, 2, 28));
    }

    #[test]
    fn counts_age() {
        assert_eq!(years_between(d(1990, 6, 15), d(2026, 6, 14)), 35);
        assert_eq!(years_between(d(1990, 6, 15), d(2026, 6, 15)), 36);
        assert_eq!(fmt_date(d(2026, 1, 5)), "2026-01-05");
    }
}
