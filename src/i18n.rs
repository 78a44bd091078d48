//! The two languages of the program. Texts live in `locales/*.yml` (rust-i18n, both
//! languages side by side per key); this module turns a key and its arguments into text.

use std::borrow::Cow;

/// A language the program speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Chinese first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The locale code used in the locale files and stored in settings.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language a stored code names (in any case), if it names one.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// The language for a stored code; unknown codes fall back to Chinese.
    pub fn from_code(code: &str) -> Lang {
        Lang::parse(code).unwrap_or_default()
    }

    /// The language's own name, as shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "简体中文",
            Lang::En => "English",
        }
    }
}

/// The text of `key` in `lang`; a missing key shows as the key itself (a test makes sure
/// none is missing).
pub fn tr(lang: Lang, key: &str) -> Cow<'static, str> {
    crate::_rust_i18n_try_translate(lang.code(), key).unwrap_or_else(|| Cow::Owned(key.to_string()))
}

/// The text of `key` in `lang` with each `%{name}` replaced by its argument. One pass over
/// the text: an argument (often what the clerk typed) is never searched for placeholders
/// itself, so typing `%{n}` into a field shows `%{n}`, not another argument.
pub fn tr_args(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    let template = tr(lang, key);
    let mut text = String::with_capacity(template.len());
    let mut rest: &str = &template;
    while let Some(start) = rest.find("%{") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find('}').and_then(|end| {
            let name = &after[..end];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (v, end))
        });
        match value {
            Some((v, end)) => {
                text.push_str(v);
                rest = &after[end + 1..];
            }
            None => {
                text.push_str("%{");
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

/// Every key with its text in `lang`, sorted by key.
pub fn all_texts(lang: Lang) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = crate::_rust_i18n_backend()
        .messages_for_locale(lang.code())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    all.sort();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_put_in_once_and_never_read_as_placeholders() {
        let args = [("amount", "%{amount}%{path}".to_string()), ("path", "/tmp".to_string())];
        // store.cannot_open has %{path} and %{reason}.
        let text = tr_args(Lang::En, "store.cannot_open", &[("path", "%{reason}".into()), ("reason", "gone".into())]);
        assert!(text.contains("%{reason}") && text.contains("gone"), "{text}");
        assert_eq!(tr_args(Lang::En, "no.such.key %{amount}", &args), "no.such.key %{amount}%{path}");
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let zh: std::collections::BTreeMap<_, _> = all_texts(Lang::Zh).into_iter().collect();
        let en: std::collections::BTreeMap<_, _> = all_texts(Lang::En).into_iter().collect();
        assert!(zh.len() > 50, "the locale files were not loaded");
        let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        assert!(only_zh.is_empty(), "keys without English: {only_zh:?}");
        assert!(only_en.is_empty(), "keys without Chinese: {only_en:?}");
        for (k, v) in &zh {
            assert!(!v.trim().is_empty(), "empty Chinese text for {k}");
        }
        for (k, v) in &en {
            assert!(!v.trim().is_empty(), "empty English text for {k}");
            let placeholders = |s: &str| {
                let mut p: Vec<String> =
                    s.split("%{").skip(1).filter_map(|r| r.split('}').next()).map(str::to_string).collect();
                p.sort();
                p
            };
            assert_eq!(placeholders(v), placeholders(&zh[k]), "placeholders differ for {k}");
        }
    }

    #[test]
    fn arguments_are_substituted() {
        let text = tr_args(Lang::Zh, "account.password_too_short", &[("min", "8".into())]);
        assert!(text.contains('8') && !text.contains("%{"), "{text}");
        assert_eq!(tr(Lang::En, "no.such.key"), "no.such.key");
    }
}
