//! The display preferences kept in the settings table (设置 → 界面): their settings keys and
//! the theme's codes and names. The settings screen offers these choices and the audit log
//! names a stored code with the same words, so both read them from here.

/// The settings key of the interface language (its codes: [`crate::i18n::Lang::code`]).
pub const LANGUAGE_SETTING: &str = "ui.language";

/// The settings key of the theme (its codes: [`ThemeChoice::code`]).
pub const THEME_SETTING: &str = "ui.theme";

/// Light or dark, as chosen in Settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Light surfaces (the default for office daylight).
    #[default]
    Light,
    /// Dark surfaces.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in the order the settings screen offers them.
    pub const ALL: [ThemeChoice; 2] = [ThemeChoice::Light, ThemeChoice::Dark];

    /// The code stored in settings.
    pub fn code(self) -> &'static str {
        match self {
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// The choice a stored code names, if it names one.
    pub fn parse(code: &str) -> Option<ThemeChoice> {
        ThemeChoice::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The choice for a stored code; unknown codes mean light.
    pub fn from_code(code: &str) -> ThemeChoice {
        ThemeChoice::parse(code).unwrap_or_default()
    }

    /// The i18n key of the choice's name (浅色, 深色).
    pub fn label_key(self) -> &'static str {
        match self {
            ThemeChoice::Light => "settings.theme_light",
            ThemeChoice::Dark => "settings.theme_dark",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_reads_back_from_its_code_and_unknown_codes_are_light() {
        for t in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::parse(t.code()), Some(t));
            assert_eq!(ThemeChoice::from_code(t.code()), t);
        }
        assert_eq!(ThemeChoice::parse("system"), None);
        assert_eq!(ThemeChoice::from_code("system"), ThemeChoice::Light);
    }
}
