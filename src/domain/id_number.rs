//! Personal identity documents: the resident identity number (GB 11643-1999), the other
//! documents a talent may present instead, gender, and the masks used to show them on screen.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::domain::Problem;
use crate::domain::text::{compact, visible};

mod kinds;
pub use kinds::{DocumentType, Gender};

/// Why an identity document number was refused. Each variant maps to an "id.*" i18n key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing but whitespace was entered.
    Empty,
    /// A resident ID number that is not 18 characters long.
    WrongLength {
        /// Characters counted after normalising.
        len: usize,
    },
    /// A character that may not stand where it stands in a resident ID number.
    BadCharacter {
        /// 1-based position among the normalised characters.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// The first two digits are not a province-level region.
    UnknownRegion {
        /// The two leading digits.
        code: String,
    },
    /// Positions 7–14 are not a calendar date.
    BadBirthDate {
        /// The eight digits as entered.
        text: String,
    },
    /// The birth date lies after the day of entry.
    BirthInFuture {
        /// The birth date read from the number.
        date: NaiveDate,
    },
    /// The birth date lies before 1900-01-01.
    BirthTooEarly,
    /// The check character does not match the other 17.
    WrongCheck {
        /// What the check character should be.
        expected: char,
        /// What was entered.
        found: char,
    },
    /// A spreadsheet turned the number into a float and rounded away its last digits.
    NumberStoredAsNumber,
    /// Not a passport number (5–17 letters and digits, at least one digit).
    BadPassport,
    /// Not a Mainland Travel Permit for Hong Kong and Macao Residents number.
    BadHkMacaoPermit,
    /// Not a Mainland Travel Permit for Taiwan Residents number.
    BadTaiwanPermit,
    /// Not a Foreign Permanent Resident ID Card number.
    BadForeignPermanent,
}

impl Problem for IdError {
    fn key(&self) -> &'static str {
        match self {
            IdError::Empty => "id.empty",
            IdError::WrongLength { .. } => "id.wrong_length",
            IdError::BadCharacter { .. } => "id.bad_character",
            IdError::UnknownRegion { .. } => "id.unknown_region",
            IdError::BadBirthDate { .. } => "id.bad_birth_date",
            IdError::BirthInFuture { .. } => "id.birth_in_future",
            IdError::BirthTooEarly => "id.birth_too_early",
            IdError::WrongCheck { .. } => "id.wrong_check",
            IdError::NumberStoredAsNumber => "id.number_stored_as_number",
            IdError::BadPassport => "id.bad_passport",
            IdError::BadHkMacaoPermit => "id.bad_hk_macao_permit",
            IdError::BadTaiwanPermit => "id.bad_taiwan_permit",
            IdError::BadForeignPermanent => "id.bad_foreign_permanent",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            IdError::WrongLength { len } => vec![("len", len.to_string())],
            IdError::BadCharacter { position, ch } => {
                vec![("position", position.to_string()), ("ch", visible(*ch))]
            }
            IdError::UnknownRegion { code } => vec![("code", code.clone())],
            IdError::BadBirthDate { text } => vec![("text", text.clone())],
            IdError::BirthInFuture { date } => vec![("date", date.to_string())],
            IdError::WrongCheck { expected, found } => {
                vec![("expected", expected.to_string()), ("found", found.to_string())]
            }
            IdError::Empty
            | IdError::BirthTooEarly
            | IdError::NumberStoredAsNumber
            | IdError::BadPassport
            | IdError::BadHkMacaoPermit
            | IdError::BadTaiwanPermit
            | IdError::BadForeignPermanent => Vec::new(),
        }
    }
}

crate::impl_problem_display!(IdError);

/// True for text that a spreadsheet produced by storing an 18-digit number as a float:
/// "1.10105194912E+17" or "110105194912310000.0". A float keeps only 15–17 significant
/// digits, so the real number cannot be recovered from it.
fn looks_like_spreadsheet_number(s: &str) -> bool {
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let exponent = s.split_once("E+").or_else(|| s.split_once("e+"));
    if let Some((mantissa, power)) = exponent {
        let mantissa_ok = match mantissa.split_once('.') {
            Some((int, frac)) => all_digits(int) && all_digits(frac),
            None => all_digits(mantissa),
        };
        return mantissa_ok && all_digits(power);
    }
    match s.split_once('.') {
        Some((int, frac)) => all_digits(int) && all_digits(frac) && frac.bytes().all(|b| b == b'0'),
        None => false,
    }
}

/// Province-level codes (first two digits) of GB/T 2260.
///
/// The full county-level list is deliberately not used: it is revised almost every year,
/// and a card keeps the code of the county that issued it even after that county is
/// merged or renamed, so a current list would refuse valid old cards and an old list
/// would refuse new ones. Provinces are stable. 81/82/83 are the codes given to the
/// residence permits of Hong Kong, Macao and Taiwan residents, which follow GB 11643 too.
fn is_province_code(code: [u8; 2]) -> bool {
    if !code.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = u32::from(code[0] - b'0') * 10 + u32::from(code[1] - b'0');
    // No 9x: an 18-character number starting with 9 is the 2023 foreigner's permanent
    // residence card, which must not pass as a resident ID.
    matches!(n, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// ISO 7064 MOD 11-2 weights for the first 17 digits (2^(18-i) mod 11).
const GB11643_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character by remainder of the weighted sum mod 11.
const GB11643_CHECK: [u8; 11] = *b"10X98765432";

/// MOD 11-2 check character of 17 ASCII digits.
fn gb11643_check(first17: &[u8; 17]) -> Option<char> {
    let mut sum = 0u32;
    for (&b, &w) in first17.iter().zip(GB11643_WEIGHTS.iter()) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * w;
    }
    GB11643_CHECK.get((sum % 11) as usize).map(|&b| char::from(b))
}

/// Value of eight ASCII digits taken as YYYYMMDD, if it is a real calendar date.
fn yyyymmdd(digits: &[u8]) -> Option<NaiveDate> {
    if digits.len() != 8 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |range: std::ops::Range<usize>| {
        digits.get(range).map(|d| d.iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0')))
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(4..6)?, num(6..8)?)
}

/// Earliest birth date accepted; older dates are typing errors in a talent register.
const EARLIEST_BIRTH: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// Reads and checks the birth date at positions 7–14 of an 18-character number.
fn birth_date_of(number: &[u8; 18], today: NaiveDate) -> Result<NaiveDate, IdError> {
    let digits = &number[6..14];
    let Some(date) = yyyymmdd(digits) else {
        return Err(IdError::BadBirthDate { text: String::from_utf8_lossy(digits).into_owned() });
    };
    if date < EARLIEST_BIRTH {
        return Err(IdError::BirthTooEarly);
    }
    if date > today {
        return Err(IdError::BirthInFuture { date });
    }
    Ok(date)
}

/// A checked 18-character resident identity number (公民身份号码, GB 11643-1999).
///
/// Holding one means the format, province, birth date and check character were all
/// verified; the birth date and gender are read once at parse time.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId {
    number: String,
    birth: NaiveDate,
    gender: Gender,
}

impl ResidentId {
    /// Parses a resident identity number as a clerk may type or paste it: surrounding and
    /// inner spaces, full-width digits and a lower-case x are accepted; `today` bounds the
    /// birth date.
    pub fn parse(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
        let text = compact(input);
        if text.is_empty() {
            return Err(IdError::Empty);
        }
        if looks_like_spreadsheet_number(&text) {
            return Err(IdError::NumberStoredAsNumber);
        }
        let len = text.chars().count();
        if len != 18 {
            return Err(IdError::WrongLength { len });
        }
        for (i, ch) in text.chars().enumerate() {
            let allowed = ch.is_ascii_digit() || (i == 17 && matches!(ch, 'X' | 'x'));
            if !allowed {
                return Err(IdError::BadCharacter { position: i + 1, ch });
            }
        }
        let upper = text.to_ascii_uppercase();
        // All 18 characters were just shown to be ASCII, so this conversion cannot fail;
        // the fallback only keeps the function total.
        let Ok(bytes) = <[u8; 18]>::try_from(upper.as_bytes()) else {
            return Err(IdError::WrongLength { len });
        };
        let region = [bytes[0], bytes[1]];
        if !is_province_code(region) {
            return Err(IdError::UnknownRegion { code: String::from_utf8_lossy(&region).into_owned() });
        }
        let birth = birth_date_of(&bytes, today)?;
        let found = char::from(bytes[17]);
        let expected = first17(&bytes).and_then(gb11643_check).unwrap_or('?');
        if expected != found {
            return Err(IdError::WrongCheck { expected, found });
        }
        Ok(ResidentId { number: upper, birth, gender: gender_of_sequence_digit(bytes[16]) })
    }

    /// Builds a valid number from its parts, for generated demo data. `region` must be six
    /// digits starting with a province code, `seq` at most 999, `birth` from 1900 on; the
    /// gender follows the parity of `seq` (odd = male). The birth date is not compared
    /// with today, so a future date gives a number that [`ResidentId::parse`] refuses.
    pub fn from_parts(region: &str, birth: NaiveDate, seq: u16) -> Option<ResidentId> {
        let region_bytes = <[u8; 6]>::try_from(region.as_bytes()).ok()?;
        if !region_bytes.iter().all(u8::is_ascii_digit)
            || !is_province_code([region_bytes[0], region_bytes[1]])
            || seq > 999
            || birth < EARLIEST_BIRTH
        {
            return None;
        }
        if birth.year() > 9999 {
            return None;
        }
        let body = format!("{region}{:04}{:02}{:02}{seq:03}", birth.year(), birth.month(), birth.day());
        let check = ResidentId::check_char(&body)?;
        let number = format!("{body}{check}");
        let gender = if seq % 2 == 1 { Gender::Male } else { Gender::Female };
        Some(ResidentId { number, birth, gender })
    }

    /// The check character for the first 17 digits of a number, or `None` unless given
    /// exactly 17 ASCII digits. Used to generate valid demo numbers.
    pub fn check_char(first17: &str) -> Option<char> {
        let bytes = <[u8; 17]>::try_from(first17.as_bytes()).ok()?;
        gb11643_check(&bytes)
    }

    /// The number as stored: 18 characters, an upper-case X if any.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// Date of birth encoded at positions 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// Gender encoded by the 17th digit (odd = male).
    pub fn gender(&self) -> Gender {
        self.gender
    }

    /// Form safe to show on screens and print-outs: region, eight asterisks, last four
    /// (`110105********002X`).
    pub fn masked(&self) -> String {
        let head = self.number.get(..6).unwrap_or_default();
        let tail = self.number.get(14..).unwrap_or_default();
        format!("{head}********{tail}")
    }
}

/// Full numbers stay out of logs and panic messages, which end up in bug reports.
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

/// The first 17 bytes of a checked 18-byte number.
fn first17(bytes: &[u8; 18]) -> Option<&[u8; 17]> {
    bytes.first_chunk::<17>()
}

/// Odd sequence digits are given to men, even ones to women.
fn gender_of_sequence_digit(digit: u8) -> Gender {
    if digit % 2 == 1 { Gender::Male } else { Gender::Female }
}

/// A checked number of any accepted identity document, with its type.
///
/// Formats accepted (after trimming, full-width → half-width, upper-casing and removing
/// spaces):
/// - resident ID: see [`ResidentId`];
/// - passport: 5–17 letters A–Z and digits with at least one digit, which covers Chinese
///   passports (E12345678) and foreign ones without knowing every country's scheme;
/// - Hong Kong/Macao permit: `H` or `M` and 8 digits (card since 2013), or `H`/`M` and 10
///   digits (the older booklet, whose last two digits count renewals);
/// - Taiwan permit: 8 digits (card since 2015), or 10 digits (older booklet);
/// - foreign permanent resident ID: the 2017 card's 3 letters and 12 digits, or the 2023
///   card's 18 characters starting with `9`, whose birth date and MOD 11-2 check
///   character are verified as on a resident ID.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber {
    kind: DocumentType,
    value: String,
    resident: Option<ResidentId>,
}

impl DocumentNumber {
    /// Parses `input` as a number of document `kind`; `today` bounds birth dates.
    pub fn parse(kind: DocumentType, input: &str, today: NaiveDate) -> Result<DocumentNumber, IdError> {
        if kind == DocumentType::ResidentId {
            return ResidentId::parse(input, today).map(DocumentNumber::from);
        }
        let value = compact(input).to_ascii_uppercase();
        if value.is_empty() {
            return Err(IdError::Empty);
        }
        let ok = match kind {
            DocumentType::ResidentId => false,
            DocumentType::Passport => is_passport(&value),
            DocumentType::HkMacaoPermit => is_hk_macao_permit(&value),
            DocumentType::TaiwanPermit => is_taiwan_permit(&value),
            DocumentType::ForeignPermanentResident => {
                if looks_like_spreadsheet_number(&value) {
                    return Err(IdError::NumberStoredAsNumber);
                }
                is_foreign_permanent(&value, today)
            }
        };
        if !ok {
            return Err(match kind {
                DocumentType::Passport => IdError::BadPassport,
                DocumentType::HkMacaoPermit => IdError::BadHkMacaoPermit,
                DocumentType::TaiwanPermit => IdError::BadTaiwanPermit,
                DocumentType::ResidentId | DocumentType::ForeignPermanentResident => IdError::BadForeignPermanent,
            });
        }
        Ok(DocumentNumber { kind, value, resident: None })
    }

    /// The document type.
    pub fn kind(&self) -> DocumentType {
        self.kind
    }

    /// The normalised number as stored.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The resident ID, when the document is one (it carries birth date and gender).
    pub fn resident_id(&self) -> Option<ResidentId> {
        self.resident.clone()
    }

    /// Form safe to show on screens: resident IDs as [`ResidentId::masked`]; other
    /// numbers keep their first two and last two characters, and numbers of six
    /// characters or fewer keep only the last one, since four of six would give too much away.
    pub fn masked(&self) -> String {
        match &self.resident {
            Some(id) => id.masked(),
            None => mask_middle(&self.value),
        }
    }
}

impl From<ResidentId> for DocumentNumber {
    fn from(id: ResidentId) -> DocumentNumber {
        DocumentNumber { kind: DocumentType::ResidentId, value: id.as_str().to_string(), resident: Some(id) }
    }
}

/// Full numbers stay out of logs and panic messages, which end up in bug reports.
impl fmt::Debug for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentNumber").field("kind", &self.kind).field("value", &self.masked()).finish()
    }
}

/// 5–17 of A–Z/0–9 with a digit: ICAO allows up to 9 characters in the machine-readable
/// zone but some countries print longer numbers, and a digit rules out names typed in
/// the wrong field.
fn is_passport(value: &str) -> bool {
    (5..=17).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_digit())
}

/// `H`/`M` (Hong Kong/Macao) plus 8 digits, or plus 10 on the pre-2013 booklet.
fn is_hk_macao_permit(value: &str) -> bool {
    match value.as_bytes().split_first() {
        Some((b'H' | b'M', digits)) => matches!(digits.len(), 8 | 10) && digits.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// 8 digits on the card issued since 2015, 10 on the older booklet.
fn is_taiwan_permit(value: &str) -> bool {
    matches!(value.len(), 8 | 10) && value.bytes().all(|b| b.is_ascii_digit())
}

/// Foreign permanent resident ID, in either of the forms in circulation:
///
/// - 2017 card, 15 characters: 3-letter nationality code (ISO 3166-1 alpha-3), 2-digit
///   issuing-office code, birth date YYMMDD, 3-digit sequence, 1 check digit. Its check
///   algorithm is not published and YYMMDD has no century, so only the shape is checked.
/// - 2023 card, 18 characters laid out like a resident ID: `9`, 2-digit issuing province,
///   3-digit numeric nationality code, birth date YYYYMMDD at positions 7–14, 3-digit
///   sequence, and the GB 11643 MOD 11-2 check character, all of which are checked.
fn is_foreign_permanent(value: &str, today: NaiveDate) -> bool {
    let bytes = value.as_bytes();
    if let Ok(old) = <&[u8; 15]>::try_from(bytes) {
        return old[..3].iter().all(u8::is_ascii_uppercase) && old[3..].iter().all(u8::is_ascii_digit);
    }
    let Ok(new) = <&[u8; 18]>::try_from(bytes) else {
        return false;
    };
    new[0] == b'9'
        && new[..17].iter().all(u8::is_ascii_digit)
        && birth_date_of(new, today).is_ok()
        && first17(new).and_then(gb11643_check).is_some_and(|c| u32::from(c) == u32::from(new[17]))
}

/// The masked form of a stored (already checked) document number, without checking it
/// again: what lists and exports show for each of a million rows.
pub fn mask_stored(kind: DocumentType, number: &str) -> String {
    match kind {
        DocumentType::ResidentId if number.len() == 18 && number.is_ascii() => {
            format!("{}********{}", &number[..6], &number[14..])
        }
        _ => mask_middle(number),
    }
}

/// Keeps the first two and last two characters of `s`, or only the last one when `s`
/// has six characters or fewer.
pub(crate) fn mask_middle(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0 => (0, 0),
        1..=6 => (0, 1),
        _ => (2, 2),
    };
    let mut out = String::with_capacity(n + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i < head || i >= n - tail {
            out.push(c);
        } else {
            out.push('*');
        }
    }
    out
}

/// Masks a telephone number for display: an 11-digit mainland mobile (optionally with
/// +86) becomes `138****5678`; anything else keeps its first two and last two characters
/// (only the last one when six characters or fewer).
pub fn mask_phone(phone: &str) -> String {
    let compacted: String = compact(phone).chars().filter(|&c| c != '-').collect();
    let (prefix, rest) = match compacted.strip_prefix("+86") {
        Some(rest) => ("+86 ", rest),
        None => ("", compacted.as_str()),
    };
    if rest.len() == 11 && rest.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with('1') {
        let head = rest.get(..3).unwrap_or_default();
        let tail = rest.get(7..).unwrap_or_default();
        return format!("{prefix}{head}****{tail}");
    }
    mask_middle(&compacted)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
