//! A personal number held whole — a stored document number or phone — whose `Debug`
//! shows only its ends: records that carry one may be printed in a log, a panic message
//! or a failed assertion without spelling the number out (the rule of
//! [`super::id_number`]: full numbers stay out of what ends up in bug reports).

use std::fmt;

use super::id_number::mask_middle;

/// A document number or phone as stored, whole. It has no `Display`: where the full
/// number is meant to be shown or written (an audited unmasked export, the store's own
/// queries), [`PersonalNumber::whole`] says so.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonalNumber(String);

impl PersonalNumber {
    /// Holds `whole`.
    pub fn new(whole: impl Into<String>) -> PersonalNumber {
        PersonalNumber(whole.into())
    }

    /// The number, every character of it.
    pub fn whole(&self) -> &str {
        &self.0
    }

    /// The number as a string of its own.
    pub fn into_whole(self) -> String {
        self.0
    }

    /// Whether there is no number (a talent without a phone).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for PersonalNumber {
    fn from(whole: String) -> PersonalNumber {
        PersonalNumber(whole)
    }
}

impl From<&str> for PersonalNumber {
    fn from(whole: &str) -> PersonalNumber {
        PersonalNumber(whole.to_string())
    }
}

/// The first two and the last two characters (only the last of a short one).
impl fmt::Debug for PersonalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PersonalNumber").field(&mask_middle(&self.0)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_only_the_ends_of_the_number() {
        let id = PersonalNumber::from("11010519491231002X");
        let shown = format!("{id:?}");
        assert_eq!(shown, "PersonalNumber(\"11**************2X\")");
        assert!(!format!("{:?}", PersonalNumber::from("13800138000")).contains("0013800"));
        assert_eq!(id.whole(), "11010519491231002X");
        assert!(PersonalNumber::default().is_empty());
    }
}
