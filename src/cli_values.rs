//! The command line's values and its refusals in Chinese: parsers for days, counts and
//! years that name the allowed range, and clap's own errors (a missing argument, an unknown
//! one, a value that does not parse) said as one clear line instead of clap's English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::{Lang, tr, tr_args};

/// The most days ahead a command looks (ten years): more would pass the last date a
/// calendar computation can hold long before it means anything.
pub const MAX_DAYS: u32 = 3650;
/// The most demo talents.
pub const MAX_TALENTS: usize = 5_000_000;

fn whole(input: &str) -> Option<u64> {
    let digits = crate::domain::text::clean(input);
    if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn in_range<T: TryFrom<u64>>(input: &str, low: u64, high: u64, key: &str) -> Result<T, String> {
    whole(input)
        .filter(|n| (low..=high).contains(n))
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| tr_args(Lang::Zh, key, &[("min", low.to_string()), ("max", high.to_string())]))
}

/// `--due-within DAYS`: a whole number of days, 0 to [`MAX_DAYS`].
pub fn days(input: &str) -> Result<u32, String> {
    in_range(input, 0, u64::from(MAX_DAYS), "cli.err.days")
}

/// `demo --talents N`: 1 to [`MAX_TALENTS`].
pub fn talents(input: &str) -> Result<usize, String> {
    in_range(input, 1, MAX_TALENTS as u64, "cli.err.talents")
}

/// `--year Y`: 2000 to 2100.
pub fn year(input: &str) -> Result<i64, String> {
    in_range(input, 2000, 2100, "cli.err.year")
}

/// `demo --seed S`: any whole number that fits 64 bits.
pub fn seed(input: &str) -> Result<u64, String> {
    in_range(input, 0, u64::MAX, "cli.err.seed")
}

/// A typed value as a message repeats it: at most 40 characters, invisible ones named.
fn quoted(value: &str) -> String {
    let mut shown: String = value.chars().take(40).map(crate::domain::text::visible).collect();
    if value.chars().count() > 40 {
        shown.push('…');
    }
    shown
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Clap's refusal of the command line as one Chinese line (help and version are not
/// refusals: `None`, clap prints them itself).
pub fn explain(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg);
    let value = quoted(&context(e, ContextKind::InvalidValue));
    let line = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        // `--out` with nothing after it: clap reports an empty value, which is no value.
        ErrorKind::InvalidValue if e.get(ContextKind::InvalidValue).is_none_or(|v| v.to_string().is_empty()) => {
            tr_args(Lang::Zh, "cli.err.no_value", &[("arg", arg)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // Our own parsers give the reason in Chinese; clap's (a path, a flag) do not.
            let reason = std::error::Error::source(e)
                .map(ToString::to_string)
                .filter(|r| r.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                .unwrap_or_else(|| tr(Lang::Zh, "cli.err.value").into_owned());
            tr_args(Lang::Zh, "cli.err.bad_value", &[("arg", arg), ("value", value), ("reason", reason)])
        }
        ErrorKind::MissingRequiredArgument => tr_args(Lang::Zh, "cli.err.missing", &[("arg", arg)]),
        ErrorKind::UnknownArgument => tr_args(Lang::Zh, "cli.err.unknown_arg", &[("arg", arg)]),
        // Clap names the unknown word under its own kind, not InvalidValue.
        ErrorKind::InvalidSubcommand => {
            let word = quoted(&context(e, ContextKind::InvalidSubcommand));
            tr_args(Lang::Zh, "cli.err.unknown_command", &[("value", word)])
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                tr_args(Lang::Zh, "cli.err.repeated", &[("arg", arg)])
            } else {
                tr_args(Lang::Zh, "cli.err.conflict", &[("arg", arg), ("prior", prior)])
            }
        }
        ErrorKind::MissingSubcommand => tr(Lang::Zh, "cli.err.missing_command").into_owned(),
        ErrorKind::InvalidUtf8 => tr(Lang::Zh, "cli.err.utf8").into_owned(),
        _ => tr(Lang::Zh, "cli.err.other").into_owned(),
    };
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_name_their_range() {
        assert_eq!(days("30"), Ok(30));
        assert_eq!(days(" ３０ "), Ok(30), "full-width digits and spaces");
        assert_eq!(days("0"), Ok(0));
        for bad in ["", "  ", "-1", "3651", "4294967295", "99999999999999999999999", "1e3", "三十", "😀", "'; --"] {
            let refused = days(bad).err().unwrap_or_default();
            assert!(refused.contains("0") && refused.contains("3650"), "{bad}: {refused}");
        }
        assert_eq!(talents("0").map_err(|e| e.contains("5000000")), Err(true));
        assert_eq!(year("2026"), Ok(2026));
        assert!(year("1999").is_err() && year("20266").is_err());
        assert_eq!(seed("18446744073709551615"), Ok(u64::MAX));
        assert!(seed("18446744073709551616").is_err());
    }

    #[test]
    fn a_long_value_is_cut_when_repeated() {
        assert_eq!(quoted(&"九".repeat(10_000)).chars().count(), 41);
        assert_eq!(quoted("a\nb"), "aU+000Ab");
    }
}
