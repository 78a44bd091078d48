//! Plain types and rules of the talent office: money, identity documents, credit codes,
//! tiers, policy, accounts. No egui, no SQL, no I/O here; every rule has its unit tests
//! in the same file.

pub mod access;
pub mod account;
pub mod alerts;
pub mod card;
pub mod credit_code;
pub mod dates;
pub mod family;
pub mod grants;
pub mod housing;
pub mod id_number;
pub mod import;
pub mod money;
pub mod personal;
pub mod pinyin;
pub mod policy;
pub mod policy_diff;
pub mod policy_form;
pub mod preferences;
pub mod review;
pub mod rotation;
pub mod talent;
pub mod targets;
pub mod text;

pub use account::{Actor, Role, Username};
pub use credit_code::CreditCode;
pub use id_number::{DocumentNumber, DocumentType, Gender, ResidentId};
pub use money::{Bp, Fen};
pub use personal::PersonalNumber;
pub use policy::{Policy, PolicyVersion, RentAfter, TierCode, TierRule};

/// A rule that user input broke, described as an i18n key plus named arguments, so the UI
/// can show it in the clerk's language.
pub trait Problem {
    /// The i18n key, e.g. "id.wrong_check".
    fn key(&self) -> &'static str;
    /// Named arguments substituted for `%{name}` in the message.
    fn args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The message in `lang`.
    fn text(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::tr_args(lang, self.key(), &self.args())
    }
}

/// A problem as plain data (an i18n key and its arguments), for errors that are collected
/// per field or carried across layers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The i18n key.
    pub key: &'static str,
    /// Named arguments.
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(key: &'static str) -> Message {
        Message { key, args: Vec::new() }
    }

    /// Captures any problem.
    pub fn of(problem: &dyn Problem) -> Message {
        Message { key: problem.key(), args: problem.args() }
    }
}

impl Problem for Message {
    fn key(&self) -> &'static str {
        self.key
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        self.args.clone()
    }
}

/// Implements `Display` for a [`Problem`] as its Chinese message, the users' language.
#[macro_export]
macro_rules! impl_problem_display {
    ($t:ty) => {
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&$crate::i18n::tr_args(
                    $crate::i18n::Lang::Zh,
                    $crate::domain::Problem::key(self),
                    &$crate::domain::Problem::args(self),
                ))
            }
        }
    };
}

impl_problem_display!(Message);
