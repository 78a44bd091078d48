//! Money in integer fen (分) and percentages in basis points: never floating point.

use std::fmt;

use super::Problem;

/// An amount of money in fen (1 yuan = 100 fen). Negative amounts are allowed (refunds, clawbacks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why a text is not an amount of money.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was typed.
    Empty,
    /// Characters other than digits, one decimal point, thousands separators and ¥.
    NotANumber { text: String },
    /// More than two digits after the decimal point.
    TooManyDecimals,
    /// Larger than any amount the office handles (¥10,000,000,000,000).
    TooLarge,
    /// A negative amount where only positive ones make sense.
    Negative,
}

impl Problem for MoneyError {
    fn key(&self) -> &'static str {
        match self {
            MoneyError::Empty => "money.empty",
            MoneyError::NotANumber { .. } => "money.not_a_number",
            MoneyError::TooManyDecimals => "money.too_many_decimals",
            MoneyError::TooLarge => "money.too_large",
            MoneyError::Negative => "money.negative",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            MoneyError::NotANumber { text } => vec![("text", text.clone())],
            _ => Vec::new(),
        }
    }
}
crate::impl_problem_display!(MoneyError);

/// The largest amount accepted from input: 10^13 yuan, far above any budget, far below i64::MAX.
const MAX_FEN: i64 = 1_000_000_000_000_000;

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// An amount of whole yuan.
    pub const fn yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// Parses what a clerk or a spreadsheet writes: `1234.5`, `1,234.56`, `¥1234`, `￥ 1 234.00`,
    /// `-12.30`, full-width digits. At most two decimals; no rounding is ever done silently.
    pub fn parse(input: &str) -> Result<Fen, MoneyError> {
        let not_a_number = || MoneyError::NotANumber { text: input.trim().chars().take(40).collect() };
        let spaced: String = input
            .chars()
            .map(super::text::halfwidth)
            .map(|c| if c == '￥' { '¥' } else { c })
            .filter(|c| !matches!(c, ' ' | '\u{a0}'))
            .collect();
        // The currency sign may lead (after a minus) and 元 may end; nowhere else.
        let unsigned = spaced.strip_prefix('-');
        let body = unsigned.unwrap_or(&spaced);
        let body = body.strip_prefix('¥').unwrap_or(body);
        let body = body.strip_suffix('元').unwrap_or(body);
        if body.contains(['¥', '元']) {
            return Err(not_a_number());
        }
        // Commas only as thousands separators: 1,234,567.89 — never as a decimal comma.
        let whole_part = body.split('.').next().unwrap_or_default();
        if body.split('.').skip(1).any(|f| f.contains(',')) {
            return Err(not_a_number());
        }
        if whole_part.contains(',') {
            let groups: Vec<&str> = whole_part.split(',').collect();
            let ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
                && groups.iter().skip(1).all(|g| g.len() == 3);
            if !ok {
                return Err(not_a_number());
            }
        }
        let normalized: String = format!("{}{}", if unsigned.is_some() { "-" } else { "" }, body.replace(',', ""));
        if normalized.is_empty() || normalized == "-" {
            return Err(if spaced.is_empty() { MoneyError::Empty } else { not_a_number() });
        }
        let (negative, digits) = match normalized.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, normalized.as_str()),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(not_a_number());
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(not_a_number());
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let mut fen: i64 = 0;
        for c in whole.chars() {
            let d = i64::from(c as u8 - b'0');
            fen = fen
                .checked_mul(10)
                .and_then(|v| v.checked_add(d))
                .filter(|v| *v <= MAX_FEN / 100)
                .ok_or(MoneyError::TooLarge)?;
        }
        fen *= 100;
        let mut frac_fen: i64 = 0;
        for (i, c) in frac.chars().enumerate() {
            let d = i64::from(c as u8 - b'0');
            frac_fen += d * if i == 0 { 10 } else { 1 };
        }
        fen += frac_fen;
        Ok(Fen(if negative { -fen } else { fen }))
    }

    /// Like [`Fen::parse`] but refuses negative amounts.
    pub fn parse_non_negative(input: &str) -> Result<Fen, MoneyError> {
        let fen = Fen::parse(input)?;
        if fen.0 < 0 {
            return Err(MoneyError::Negative);
        }
        Ok(fen)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// `self × pct`, rounded half-up (away from zero) to the fen, in integers only.
    pub fn percent(self, pct: Bp) -> Fen {
        let product = i128::from(self.0) * i128::from(pct.0);
        let half = 5_000i128;
        let rounded = if product >= 0 { (product + half) / 10_000 } else { (product - half) / 10_000 };
        Fen(i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN }))
    }

    /// The amount as plain text without separators, e.g. `1234.50`, for CSV and forms.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Saturating sum, for totals that must never wrap around.
    pub fn saturating_add(self, other: Fen) -> Fen {
        Fen(self.0.saturating_add(other.0))
    }
}

/// Shows `¥1,234,567.89`.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let grouped = super::text::group_thousands(abs / 100);
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

/// A percentage in basis points: 10000 = 100 %, 6500 = 65 %.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Bp(pub u32);

/// Why a text is not a percentage.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    /// Nothing was typed.
    Empty,
    /// Not a number like `65` or `62.5`.
    NotANumber,
    /// Below 0 % or above 100 %.
    OutOfRange,
    /// More than two decimals.
    TooManyDecimals,
}

impl Problem for PercentError {
    fn key(&self) -> &'static str {
        match self {
            PercentError::Empty => "percent.empty",
            PercentError::NotANumber => "percent.not_a_number",
            PercentError::OutOfRange => "percent.out_of_range",
            PercentError::TooManyDecimals => "percent.too_many_decimals",
        }
    }
}
crate::impl_problem_display!(PercentError);

impl Bp {
    /// Parses `65`, `65%`, `62.5 %`, `６５％` into basis points; 0–100 % only.
    pub fn parse_percent(input: &str) -> Result<Bp, PercentError> {
        let s: String = input.chars().map(super::text::halfwidth).filter(|c| !matches!(c, '%' | ' ')).collect();
        if s.is_empty() {
            return Err(PercentError::Empty);
        }
        if s.starts_with('-') {
            return Err(PercentError::OutOfRange);
        }
        let (whole, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
        if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(PercentError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(PercentError::TooManyDecimals);
        }
        if whole.len() > 3 {
            return Err(PercentError::OutOfRange);
        }
        let whole: u32 = whole.parse().map_err(|_| PercentError::NotANumber)?;
        let mut f: u32 = 0;
        for (i, c) in frac.chars().enumerate() {
            f += u32::from(c as u8 - b'0') * if i == 0 { 10 } else { 1 };
        }
        let bp = whole * 100 + f;
        if bp > 10_000 {
            return Err(PercentError::OutOfRange);
        }
        Ok(Bp(bp))
    }
}

/// Shows `65%` or `62.5%`.
impl fmt::Display for Bp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        if frac == 0 {
            write!(f, "{whole}%")
        } else if frac.is_multiple_of(10) {
            write!(f, "{whole}.{}%", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_clerks_type() {
        assert_eq!(Fen::parse("1,234.56"), Ok(Fen(123_456)));
        assert_eq!(Fen::parse("¥1234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse("￥ 1 234"), Ok(Fen(123_400)));
        assert_eq!(Fen::parse("１２３．４５"), Ok(Fen(12_345)));
        assert_eq!(Fen::parse("-12.30"), Ok(Fen(-1_230)));
        assert_eq!(Fen::parse(".5"), Ok(Fen(50)));
        assert_eq!(Fen::parse("3000000元"), Ok(Fen(300_000_000)));
    }

    #[test]
    fn refuses_what_is_not_money() {
        assert_eq!(Fen::parse(""), Err(MoneyError::Empty));
        assert_eq!(Fen::parse("  "), Err(MoneyError::Empty));
        assert!(matches!(Fen::parse("12a"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Fen::parse("1.2.3"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Fen::parse("."), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Fen::parse("--1"), Err(MoneyError::NotANumber { .. })));
        assert_eq!(Fen::parse("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Fen::parse("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(Fen::parse_non_negative("-1"), Err(MoneyError::Negative));
        assert!(Fen::parse("😀").is_err());
        // A decimal comma or a stray sign is refused, never read as something else.
        assert!(matches!(Fen::parse("12,5"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Fen::parse("3,000,00"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Fen::parse("1¥2"), Err(MoneyError::NotANumber { .. })));
        assert!(matches!(Fen::parse("1.2,3"), Err(MoneyError::NotANumber { .. })));
        assert_eq!(Fen::parse("-¥1,000.00"), Ok(Fen(-100_000)));
        assert_eq!(Fen::parse("12,345,678元"), Ok(Fen(1_234_567_800)));
    }

    #[test]
    fn displays_with_separators() {
        assert_eq!(Fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(-100_000).to_string(), "-¥1,000.00");
        assert_eq!(Fen(100_000).plain(), "1000.00");
        assert_eq!(Fen(-5).plain(), "-0.05");
    }

    #[test]
    fn display_round_trips_through_parse() {
        for v in [0, 1, 99, 100, 123_456, 100_000_000, -5, -123_456_789] {
            assert_eq!(Fen::parse(&Fen(v).to_string()), Ok(Fen(v)));
            assert_eq!(Fen::parse(&Fen(v).plain()), Ok(Fen(v)));
        }
    }

    #[test]
    fn percent_rounds_half_up_in_integers() {
        // 3333.33 × 65% = 2166.6645 → 2166.66
        assert_eq!(Fen(333_333).percent(Bp(6500)), Fen(216_666));
        // 0.01 × 50% = 0.005 → 0.01 (half up)
        assert_eq!(Fen(1).percent(Bp(5000)), Fen(1));
        assert_eq!(Fen(3).percent(Bp(5000)), Fen(2));
        assert_eq!(Fen(-3).percent(Bp(5000)), Fen(-2));
        assert_eq!(Fen(100).percent(Bp(10_000)), Fen(100));
    }

    #[test]
    fn percent_matches_a_plain_integer_formula() {
        // A deterministic sweep instead of a random property test: every fen value up to
        // 20,000 against every percentage step of 0.25 %.
        for fen in (0..20_000i64).step_by(7) {
            for bp in (0..=10_000u32).step_by(25) {
                let expected = (fen * i64::from(bp) * 2 + 10_000) / 20_000;
                assert_eq!(Fen(fen).percent(Bp(bp)), Fen(expected), "{fen} × {bp}");
            }
        }
    }

    #[test]
    fn parses_percentages() {
        assert_eq!(Bp::parse_percent("65"), Ok(Bp(6500)));
        assert_eq!(Bp::parse_percent("62.5%"), Ok(Bp(6250)));
        assert_eq!(Bp::parse_percent("６５％"), Ok(Bp(6500)));
        assert_eq!(Bp::parse_percent("100"), Ok(Bp(10_000)));
        assert_eq!(Bp::parse_percent("-5"), Err(PercentError::OutOfRange));
        assert_eq!(Bp::parse_percent("101"), Err(PercentError::OutOfRange));
        assert_eq!(Bp::parse_percent("12.345"), Err(PercentError::TooManyDecimals));
        assert_eq!(Bp::parse_percent(""), Err(PercentError::Empty));
        assert_eq!(Bp::parse_percent("abc"), Err(PercentError::NotANumber));
        assert_eq!(Bp(6250).to_string(), "62.5%");
        assert_eq!(Bp(6525).to_string(), "65.25%");
        assert_eq!(Bp(7000).to_string(), "70%");
    }
}
