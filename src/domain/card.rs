//! The talent green card's rules: the card number and its check character, the expiry
//! date of an issue or a renewal, the renewal window, and the status a card has on a day
//! (expiry is derived from the date, never written by a nightly job).
//!
//! Card number scheme (printed on the card and carried in its QR code):
//! `GC` + the issue year (4 digits) + a sequence (6 digits) + a check character, e.g.
//! `GC2026000123` + check → `GC20260001237`. The check character is ISO 7064 MOD 11-2
//! over the 10 digits (the same algorithm as the resident ID), so it is `0`–`9` or `X` and
//! catches every single-digit error and every swap of two adjacent digits.

use chrono::NaiveDate;

use super::Problem;
use super::dates::add_years;

/// A checked green-card number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardNumber(String);

/// Why a text is not a card number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CardNumberError {
    /// Nothing was typed.
    Empty,
    /// Not `GC` + 10 digits + check character.
    Format,
    /// The check character does not match.
    WrongCheck { expected: char },
}

impl Problem for CardNumberError {
    fn key(&self) -> &'static str {
        match self {
            CardNumberError::Empty => "card.err.empty",
            CardNumberError::Format => "card.err.format",
            CardNumberError::WrongCheck { .. } => "card.err.check",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CardNumberError::WrongCheck { expected } => vec![("expected", expected.to_string())],
            _ => Vec::new(),
        }
    }
}
crate::impl_problem_display!(CardNumberError);

/// ISO 7064 MOD 11-2 check character of a digit string.
fn mod11_2(digits: &str) -> Option<char> {
    let mut sum: u32 = 0;
    for c in digits.chars() {
        let d = c.to_digit(10)?;
        sum = (sum * 2 + d) % 11;
    }
    let check = (12 - (sum * 2) % 11) % 11;
    Some(if check == 10 { 'X' } else { char::from_digit(check, 10)? })
}

impl CardNumber {
    /// The number of the `seq`-th card issued in `year` (seq 1–999,999).
    pub fn new(year: i32, seq: u32) -> Option<CardNumber> {
        if !(2000..=9999).contains(&year) || !(1..=999_999).contains(&seq) {
            return None;
        }
        let digits = format!("{year:04}{seq:06}");
        Some(CardNumber(format!("GC{digits}{}", mod11_2(&digits)?)))
    }

    /// Parses a typed or scanned number: spaces and case do not matter.
    pub fn parse(input: &str) -> Result<CardNumber, CardNumberError> {
        let s = super::text::compact(input).to_ascii_uppercase();
        if s.is_empty() {
            return Err(CardNumberError::Empty);
        }
        let Some(rest) = s.strip_prefix("GC") else { return Err(CardNumberError::Format) };
        // ASCII first: a byte count of 11 with a character of several bytes must not be cut.
        if !rest.is_ascii() || rest.len() != 11 || !rest[..10].chars().all(|c| c.is_ascii_digit()) {
            return Err(CardNumberError::Format);
        }
        let found = rest[10..].chars().next().ok_or(CardNumberError::Format)?;
        let expected = mod11_2(&rest[..10]).ok_or(CardNumberError::Format)?;
        if found != expected {
            return Err(CardNumberError::WrongCheck { expected });
        }
        Ok(CardNumber(s))
    }

    /// The number as printed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The stored state of a card (expiry is not stored: see [`CardState::on`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardStatus {
    /// Valid until its expiry date.
    Active,
    /// Suspended with a reason; can be resumed.
    Suspended,
    /// Revoked with a reason; final.
    Revoked,
    /// Reported lost and replaced by a new number; final.
    Voided,
}

/// What a card is on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardState {
    /// Valid.
    Valid,
    /// Past its expiry date.
    Expired,
    /// Suspended.
    Suspended,
    /// Revoked.
    Revoked,
    /// Voided after a loss.
    Voided,
}

impl CardState {
    /// Every state, in the order lists and filters show them.
    pub const ALL: [CardState; 5] =
        [CardState::Valid, CardState::Expired, CardState::Suspended, CardState::Revoked, CardState::Voided];

    /// The state's code, as the command line and queries name it.
    pub fn code(self) -> &'static str {
        match self {
            CardState::Valid => "valid",
            CardState::Expired => "expired",
            CardState::Suspended => "suspended",
            CardState::Revoked => "revoked",
            CardState::Voided => "voided",
        }
    }

    /// The state of a code (any case).
    pub fn from_code(code: &str) -> Option<CardState> {
        CardState::ALL.into_iter().find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The i18n key of the state's label.
    pub fn label_key(self) -> &'static str {
        match self {
            CardState::Valid => "verify.valid",
            CardState::Expired => "verify.expired",
            CardState::Suspended => "verify.suspended",
            CardState::Revoked => "verify.revoked",
            CardState::Voided => "verify.voided",
        }
    }

    /// The state of a card with `status` and `expiry` on `day`: an active card past its
    /// expiry date is expired, without anybody writing that down.
    pub fn on(status: CardStatus, expiry: NaiveDate, day: NaiveDate) -> CardState {
        match status {
            CardStatus::Active if day > expiry => CardState::Expired,
            CardStatus::Active => CardState::Valid,
            CardStatus::Suspended => CardState::Suspended,
            CardStatus::Revoked => CardState::Revoked,
            CardStatus::Voided => CardState::Voided,
        }
    }
}

/// The expiry of a card issued (or renewed) from `start` for `years`, never beyond the end
/// of the holder's recognition term.
pub fn expiry(start: NaiveDate, years: u32, recognised_until: Option<NaiveDate>) -> NaiveDate {
    let full = add_years(start, years);
    match recognised_until {
        Some(end) if end < full => end,
        _ => full,
    }
}

/// Why a card cannot be renewed on a day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenewalError {
    /// The renewal window has not opened yet.
    TooEarly { opens_on: NaiveDate },
    /// The grace period after expiry is over.
    TooLate { closed_on: NaiveDate },
    /// The recognition term ends on or before the current expiry: nothing to extend.
    TermEnded,
}

impl Problem for RenewalError {
    fn key(&self) -> &'static str {
        match self {
            RenewalError::TooEarly { .. } => "card.err.too_early",
            RenewalError::TooLate { .. } => "card.err.too_late",
            RenewalError::TermEnded => "card.err.term_ended",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            RenewalError::TooEarly { opens_on } => vec![("date", super::dates::fmt_date(*opens_on))],
            RenewalError::TooLate { closed_on } => vec![("date", super::dates::fmt_date(*closed_on))],
            RenewalError::TermEnded => Vec::new(),
        }
    }
}
crate::impl_problem_display!(RenewalError);

/// The new expiry of a renewal on `today`: from `window_days` before the old expiry until
/// `grace_days` after it; the new term runs from the old expiry, not from today.
pub fn renew(
    old_expiry: NaiveDate,
    today: NaiveDate,
    years: u32,
    window_days: u32,
    grace_days: u32,
    recognised_until: Option<NaiveDate>,
) -> Result<NaiveDate, RenewalError> {
    let opens_on = old_expiry - chrono::Days::new(u64::from(window_days));
    let closed_on = old_expiry + chrono::Days::new(u64::from(grace_days));
    if today < opens_on {
        return Err(RenewalError::TooEarly { opens_on });
    }
    if today > closed_on {
        return Err(RenewalError::TooLate { closed_on });
    }
    let new = expiry(old_expiry, years, recognised_until);
    if new <= old_expiry {
        return Err(RenewalError::TermEnded);
    }
    Ok(new)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_state_has_one_code_and_one_label() {
        for state in CardState::ALL {
            assert_eq!(CardState::from_code(state.code()), Some(state));
            assert_eq!(CardState::from_code(&format!(" {} ", state.code().to_uppercase())), Some(state));
        }
        let labels: std::collections::HashSet<_> = CardState::ALL.iter().map(|s| s.label_key()).collect();
        assert_eq!(labels.len(), CardState::ALL.len());
        assert_eq!(CardState::from_code("active"), None, "a stored status is not a state");
    }

    #[test]
    fn card_numbers_carry_a_check_character() {
        let n = CardNumber::new(2026, 123).unwrap();
        assert_eq!(n.as_str().len(), 13);
        assert_eq!(CardNumber::parse(&n.as_str().to_lowercase()), Ok(n.clone()));
        assert_eq!(CardNumber::parse(&format!(" {} ", n.as_str().to_lowercase().replace("gc", "gc "))), Ok(n.clone()));
        // Every single-digit change and every adjacent swap is caught.
        let digits: Vec<char> = n.as_str()[2..12].chars().collect();
        for i in 0..10 {
            for d in '0'..='9' {
                if d == digits[i] {
                    continue;
                }
                let mut changed = digits.clone();
                changed[i] = d;
                let text = format!("GC{}{}", changed.iter().collect::<String>(), &n.as_str()[12..]);
                assert!(CardNumber::parse(&text).is_err(), "{text}");
            }
            if i < 9 && digits[i] != digits[i + 1] {
                let mut swapped = digits.clone();
                swapped.swap(i, i + 1);
                let text = format!("GC{}{}", swapped.iter().collect::<String>(), &n.as_str()[12..]);
                assert!(CardNumber::parse(&text).is_err(), "{text}");
            }
        }
        assert_eq!(CardNumber::parse(""), Err(CardNumberError::Empty));
        assert_eq!(CardNumber::parse("GC123"), Err(CardNumberError::Format));
        assert_eq!(CardNumber::parse("XX20260001230"), Err(CardNumberError::Format));
        assert!(CardNumber::new(2026, 0).is_none());
        assert!(CardNumber::new(2026, 1_000_000).is_none());
    }

    #[test]
    fn expiry_never_passes_the_recognition_term() {
        assert_eq!(expiry(d(2026, 3, 1), 5, None), d(2031, 3, 1));
        assert_eq!(expiry(d(2024, 2, 29), 5, None), d(2029, 2, 28));
        assert_eq!(expiry(d(2024, 2, 29), 4, None), d(2028, 2, 29));
        assert_eq!(expiry(d(2026, 3, 1), 5, Some(d(2028, 12, 31))), d(2028, 12, 31));
        assert_eq!(expiry(d(2026, 1, 31), 5, Some(d(2040, 1, 1))), d(2031, 1, 31));
    }

    #[test]
    fn renewal_runs_from_the_old_expiry_inside_its_window() {
        let old = d(2026, 12, 31);
        assert_eq!(renew(old, d(2026, 12, 1), 5, 30, 90, None), Ok(d(2031, 12, 31)));
        assert_eq!(
            renew(old, d(2026, 11, 30), 5, 30, 90, None),
            Err(RenewalError::TooEarly { opens_on: d(2026, 12, 1) })
        );
        assert_eq!(renew(old, d(2027, 3, 31), 5, 30, 90, None), Ok(d(2031, 12, 31)));
        assert_eq!(
            renew(old, d(2027, 4, 1), 5, 30, 90, None),
            Err(RenewalError::TooLate { closed_on: d(2027, 3, 31) })
        );
        assert_eq!(renew(old, d(2026, 12, 15), 5, 30, 90, Some(d(2026, 12, 31))), Err(RenewalError::TermEnded));
        // A card expiring on a leap day renews to 28 February.
        assert_eq!(renew(d(2028, 2, 29), d(2028, 2, 1), 1, 30, 0, None), Ok(d(2029, 2, 28)));
        // End of month: 31 March minus 30 days opens on 1 March.
        assert_eq!(
            renew(d(2027, 3, 31), d(2027, 2, 28), 5, 30, 0, None),
            Err(RenewalError::TooEarly { opens_on: d(2027, 3, 1) })
        );
    }

    #[test]
    fn expired_is_derived_from_the_date() {
        let expiry = d(2026, 11, 29);
        assert_eq!(CardState::on(CardStatus::Active, expiry, d(2026, 11, 29)), CardState::Valid);
        assert_eq!(CardState::on(CardStatus::Active, expiry, d(2026, 11, 30)), CardState::Expired);
        assert_eq!(CardState::on(CardStatus::Suspended, expiry, d(2026, 1, 1)), CardState::Suspended);
        assert_eq!(CardState::on(CardStatus::Revoked, expiry, d(2026, 1, 1)), CardState::Revoked);
    }

    #[test]
    fn a_number_with_characters_of_several_bytes_is_refused_not_cut() {
        // Eleven bytes after GC, but not eleven ASCII characters (found by the fuzz test).
        assert_eq!(CardNumber::parse("GC20260001\u{fffd}"), Err(CardNumberError::Format));
        assert_eq!(CardNumber::parse("GC20260000😀"), Err(CardNumberError::Format));
    }
}
