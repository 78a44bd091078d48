//! The policy as an administrator types it: every value as text, turned into a checked
//! [`Policy`] and effective date in one function, with each problem tied to its field so
//! the editor shows it there. Nothing past [`PolicyDraft::parse`] checks again.

use chrono::NaiveDate;

use super::dates::{fmt_date, parse_date};
use super::policy::{Policy, RentAfter, TierCode, TierRule};
use super::{Bp, Fen, Message, Problem};

/// The field of the policy form a problem belongs to (tiers by their row).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyField {
    /// The day the version takes effect.
    EffectiveFrom,
    /// The list of tiers as a whole (none at all).
    Tiers,
    /// A tier's code.
    TierCode(usize),
    /// A tier's Chinese name.
    TierNameZh(usize),
    /// A tier's English name.
    TierNameEn(usize),
    /// A tier's card validity in years.
    Validity(usize),
    /// A tier's share of market rent.
    Rent(usize),
    /// The years of tenancy after which a tier's later share applies.
    RentAfterYears(usize),
    /// A tier's later share of market rent.
    RentAfterShare(usize),
    /// A tier's grant cap.
    GrantCap(usize),
    /// Days before expiry from which a card can be renewed.
    RenewalWindow,
    /// Days after expiry during which a card can still be renewed.
    RenewalGrace,
    /// The longest stay in an apartment, in years.
    TermCap,
    /// Months to leave an apartment.
    ExitMonths,
    /// The key-technology reward share.
    RewardShare,
}

/// One tier as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TierDraft {
    /// Code, e.g. `A`.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Card validity in years.
    pub validity: String,
    /// Share of market rent, e.g. `55` or `55%`.
    pub rent: String,
    /// Years at that share before the later one applies, e.g. `3` (empty: no later share).
    pub after_years: String,
    /// The later share, e.g. `70%` (empty: no later share).
    pub after_share: String,
    /// Grant cap in yuan, e.g. `1,000,000`.
    pub grant_cap: String,
    /// Whether attached family cards are allowed.
    pub family_cards: bool,
    /// Codes of the services the tier gets.
    pub services: Vec<String>,
}

/// A whole policy version as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyDraft {
    /// The day it takes effect, `YYYY-MM-DD`.
    pub effective_from: String,
    /// The tiers, highest first.
    pub tiers: Vec<TierDraft>,
    /// Renewal window in days.
    pub renewal_window: String,
    /// Grace period in days.
    pub renewal_grace: String,
    /// Lease term cap in years.
    pub term_cap: String,
    /// Exit period in months.
    pub exit_months: String,
    /// Reward share, e.g. `10%`.
    pub reward_share: String,
    /// Why the policy changes (the document it follows), kept with the version.
    pub note: String,
}

/// The problems of a draft, each at its field, in form order.
pub type FieldErrors = Vec<(PolicyField, Message)>;

fn plain_percent(bp: Bp) -> String {
    bp.to_string()
}

fn plain_yuan(fen: Fen) -> String {
    fen.to_string().trim_start_matches('¥').to_string()
}

impl TierDraft {
    /// A tier's values as the form shows them.
    pub fn of(t: &TierRule) -> TierDraft {
        TierDraft {
            code: t.code.as_str().to_string(),
            name_zh: t.name_zh.clone(),
            name_en: t.name_en.clone(),
            validity: t.card_validity_years.to_string(),
            rent: plain_percent(t.rent),
            after_years: t.rent_after.map(|a| a.years.to_string()).unwrap_or_default(),
            after_share: t.rent_after.map(|a| plain_percent(a.share)).unwrap_or_default(),
            grant_cap: plain_yuan(t.grant_cap),
            family_cards: t.family_cards,
            services: t.services.clone(),
        }
    }
}

/// A whole number of days, months or years within `range`; `key` names the field's rule.
fn count(text: &str, range: std::ops::RangeInclusive<u32>, key: &'static str) -> Result<u32, Message> {
    let t = super::text::compact(text);
    let rule = || Message { key, args: vec![("min", range.start().to_string()), ("max", range.end().to_string())] };
    match t.parse::<i64>() {
        Ok(n) if n >= i64::from(*range.start()) && n <= i64::from(*range.end()) => Ok(n as u32),
        Ok(_) => Err(rule()),
        Err(_) if t.is_empty() => Err(Message::new("policy.err.empty")),
        Err(_) => Err(rule()),
    }
}

/// Keeps a field's value, or its problem at the field.
fn take<T>(errors: &mut FieldErrors, field: PolicyField, r: Result<T, Message>) -> Option<T> {
    r.map_err(|m| errors.push((field, m))).ok()
}

/// A tier's later share: both fields empty is none; one without the other is an error at
/// the empty one; the years must end before the longest stay `cap` (when it is known), or
/// the later share would never apply.
fn rent_after(errors: &mut FieldErrors, i: usize, t: &TierDraft, cap: Option<u32>) -> Option<Option<RentAfter>> {
    let (years, share) = (super::text::compact(&t.after_years), super::text::compact(&t.after_share));
    if years.is_empty() && share.is_empty() {
        return Some(None);
    }
    let max = cap.map_or(49, |c| c.saturating_sub(1).max(1));
    let years = if years.is_empty() {
        Err(Message::new("policy.err.after_years_missing"))
    } else {
        count(&years, 1..=max, "policy.err.after_years").and_then(|y| match cap {
            Some(c) if y >= c => Err(Message {
                key: "policy.err.after_years",
                args: vec![("min", "1".into()), ("max", max.to_string())],
            }),
            _ => Ok(y),
        })
    };
    let share = if share.is_empty() { Err(Message::new("policy.err.after_share_missing")) } else { percent(&share) };
    let years = take(errors, PolicyField::RentAfterYears(i), years);
    let share = take(errors, PolicyField::RentAfterShare(i), share);
    Some(Some(RentAfter { years: years?, share: share? }))
}

fn percent(text: &str) -> Result<Bp, Message> {
    Bp::parse_percent(text).map_err(|e| match e {
        super::money::PercentError::OutOfRange => Message::new("policy.err.percent_range"),
        other => Message::of(&other),
    })
}

impl PolicyDraft {
    /// The form filled with `policy`, to take effect on `effective_from`.
    pub fn of(policy: &Policy, effective_from: NaiveDate) -> PolicyDraft {
        PolicyDraft {
            effective_from: fmt_date(effective_from),
            tiers: policy.tiers.iter().map(TierDraft::of).collect(),
            renewal_window: policy.renewal_window_days.to_string(),
            renewal_grace: policy.renewal_grace_days.to_string(),
            term_cap: policy.lease_term_cap_years.to_string(),
            exit_months: policy.lease_exit_months.to_string(),
            reward_share: plain_percent(policy.reward_share),
            note: String::new(),
        }
    }

    /// Checks every field and builds the policy. `earliest` is the first day a new version
    /// may take effect (today, or the day after the latest decision already made, whichever
    /// is later) and `today` tells a date in the past from one before a decision.
    pub fn parse(&self, today: NaiveDate, earliest: NaiveDate) -> Result<(NaiveDate, Policy), FieldErrors> {
        let mut errors: FieldErrors = Vec::new();
        let from = take(
            &mut errors,
            PolicyField::EffectiveFrom,
            parse_date(&self.effective_from).map_err(|e| Message::of(&e)).and_then(|d| {
                if d < today {
                    Err(Message::new("policy.effective_in_past"))
                } else if d < earliest {
                    Err(Message { key: "policy.err.before_decisions", args: vec![("date", fmt_date(earliest))] })
                } else {
                    Ok(d)
                }
            }),
        );
        if self.tiers.is_empty() {
            take(&mut errors, PolicyField::Tiers, Err::<(), _>(Message::new("policy.no_tiers")));
        }
        // The longest stay first: a tier's later share must begin within it.
        let cap = take(&mut errors, PolicyField::TermCap, count(&self.term_cap, 1..=50, "policy.err.term_cap"));
        let mut tiers = Vec::with_capacity(self.tiers.len());
        for (i, t) in self.tiers.iter().enumerate() {
            let code = take(
                &mut errors,
                PolicyField::TierCode(i),
                TierCode::parse(&t.code).map_err(|_| Message::new("policy.err.code")).and_then(|c| {
                    let taken = self.tiers[..i].iter().any(|o| TierCode::parse(&o.code).ok().as_ref() == Some(&c));
                    if taken { Err(Message::new("policy.err.code_taken")) } else { Ok(c) }
                }),
            );
            let name = |text: &str| {
                let n = super::text::clean(text);
                if n.is_empty() || n.chars().count() > 30 { Err(Message::new("policy.err.name")) } else { Ok(n) }
            };
            let name_zh = take(&mut errors, PolicyField::TierNameZh(i), name(&t.name_zh));
            let name_en = take(&mut errors, PolicyField::TierNameEn(i), name(&t.name_en));
            let validity =
                take(&mut errors, PolicyField::Validity(i), count(&t.validity, 1..=30, "policy.err.validity"));
            let rent = take(&mut errors, PolicyField::Rent(i), percent(&t.rent));
            let after = rent_after(&mut errors, i, t, cap);
            let grant = take(
                &mut errors,
                PolicyField::GrantCap(i),
                Fen::parse(&t.grant_cap)
                    .map_err(|e| Message::of(&e))
                    .and_then(|f| if f.fen() < 0 { Err(Message::new("policy.err.negative_cap")) } else { Ok(f) }),
            );
            if let (
                Some(code),
                Some(name_zh),
                Some(name_en),
                Some(validity),
                Some(rent),
                Some(rent_after),
                Some(grant_cap),
            ) = (code, name_zh, name_en, validity, rent, after, grant)
            {
                tiers.push(TierRule {
                    code,
                    name_zh,
                    name_en,
                    card_validity_years: validity,
                    family_cards: t.family_cards,
                    services: t.services.clone(),
                    rent,
                    rent_after,
                    grant_cap,
                });
            }
        }
        let window =
            take(&mut errors, PolicyField::RenewalWindow, count(&self.renewal_window, 0..=366, "policy.err.days"));
        let grace =
            take(&mut errors, PolicyField::RenewalGrace, count(&self.renewal_grace, 0..=366, "policy.err.days"));
        let exit =
            take(&mut errors, PolicyField::ExitMonths, count(&self.exit_months, 1..=24, "policy.err.exit_months"));
        let reward = take(&mut errors, PolicyField::RewardShare, percent(&self.reward_share));
        match (from, window, grace, cap, exit, reward) {
            (Some(from), Some(w), Some(g), Some(c), Some(e), Some(r)) if errors.is_empty() => {
                let policy = Policy {
                    tiers,
                    renewal_window_days: w,
                    renewal_grace_days: g,
                    lease_term_cap_years: c,
                    lease_exit_months: e,
                    reward_share: r,
                };
                // The field checks above cover every rule; this is the same rule set the
                // store applies, kept as the last word.
                policy.validate().map_err(|e| vec![(PolicyField::Tiers, Message::of(&e as &dyn Problem))])?;
                Ok((from, policy))
            }
            _ => Err(errors),
        }
    }
}

/// The first error at `field`, if any.
pub fn error_at(errors: &FieldErrors, field: PolicyField) -> Option<&Message> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn draft() -> PolicyDraft {
        PolicyDraft::of(&Policy::office_default(), d(2027, 1, 1))
    }

    #[test]
    fn the_form_of_a_policy_reads_back_as_the_same_policy() {
        let (from, policy) = draft().parse(d(2026, 12, 1), d(2026, 12, 2)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(from, d(2027, 1, 1));
        assert_eq!(policy, Policy::office_default());
        assert_eq!(draft().tiers[1].rent, "55%");
        assert_eq!(draft().tiers[0].grant_cap, "3,000,000.00");
    }

    #[test]
    fn each_bad_value_is_refused_at_its_field() {
        let mut f = draft();
        f.tiers[0].rent = "-5".into();
        f.tiers[1].grant_cap = "-1".into();
        f.tiers[2].validity = "0".into();
        f.tiers[3].code = "C".into();
        f.tiers[4].name_zh = " ".into();
        f.reward_share = "120%".into();
        f.exit_months = "abc".into();
        let errors = f.parse(d(2026, 12, 1), d(2026, 12, 1)).err().unwrap_or_default();
        let key = |field| error_at(&errors, field).map(|m| m.key);
        assert_eq!(key(PolicyField::Rent(0)), Some("policy.err.percent_range"));
        assert_eq!(key(PolicyField::GrantCap(1)), Some("policy.err.negative_cap"));
        assert_eq!(key(PolicyField::Validity(2)), Some("policy.err.validity"));
        assert_eq!(key(PolicyField::TierCode(3)), Some("policy.err.code_taken"));
        assert_eq!(key(PolicyField::TierNameZh(4)), Some("policy.err.name"));
        assert_eq!(key(PolicyField::RewardShare), Some("policy.err.percent_range"));
        assert_eq!(key(PolicyField::ExitMonths), Some("policy.err.exit_months"));
        assert_eq!(key(PolicyField::EffectiveFrom), None);
        assert_eq!(errors.len(), 7);
    }

    #[test]
    fn the_effective_date_is_never_in_the_past_nor_before_a_decision() {
        let mut f = draft();
        f.effective_from = "2026-11-30".into();
        let errors = f.parse(d(2026, 12, 1), d(2026, 12, 1)).err().unwrap_or_default();
        assert_eq!(error_at(&errors, PolicyField::EffectiveFrom).map(|m| m.key), Some("policy.effective_in_past"));
        // Today is allowed unless a decision was already made today.
        f.effective_from = "2026-12-01".into();
        assert!(f.parse(d(2026, 12, 1), d(2026, 12, 1)).is_ok());
        let errors = f.parse(d(2026, 12, 1), d(2026, 12, 2)).err().unwrap_or_default();
        let m = error_at(&errors, PolicyField::EffectiveFrom).cloned();
        assert_eq!(m.as_ref().map(|m| m.key), Some("policy.err.before_decisions"));
        assert_eq!(m.map(|m| m.args), Some(vec![("date", "2026-12-02".to_string())]));
        f.effective_from = "2026-13-01".into();
        assert!(f.parse(d(2026, 12, 1), d(2026, 12, 1)).is_err());
    }

    #[test]
    fn a_later_share_needs_both_fields_and_must_begin_within_the_longest_stay() {
        let mut f = draft();
        f.tiers[1].after_years = "3".into();
        f.tiers[1].after_share = "70%".into();
        let (_, p) = f.parse(d(2026, 12, 1), d(2026, 12, 1)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.tiers[1].rent_after, Some(RentAfter { years: 3, share: Bp(7_000) }));
        assert_eq!(p.tiers[0].rent_after, None, "both empty: one share throughout");
        assert_eq!(PolicyDraft::of(&p, d(2027, 1, 1)).tiers[1].after_share, "70%", "the form shows it again");
        f.tiers[2].after_years = "2".into();
        f.tiers[3].after_share = "80".into();
        f.tiers[4].after_years = "6".into();
        f.tiers[4].after_share = "-1".into();
        let errors = f.parse(d(2026, 12, 1), d(2026, 12, 1)).err().unwrap_or_default();
        let key = |field| error_at(&errors, field).map(|m| m.key);
        assert_eq!(key(PolicyField::RentAfterShare(2)), Some("policy.err.after_share_missing"));
        assert_eq!(key(PolicyField::RentAfterYears(3)), Some("policy.err.after_years_missing"));
        assert_eq!(key(PolicyField::RentAfterYears(4)), Some("policy.err.after_years"), "6 years never ends within 6");
        assert_eq!(key(PolicyField::RentAfterShare(4)), Some("policy.err.percent_range"));
        assert_eq!(errors.len(), 4);
        // A longer stay makes room for it.
        f.term_cap = "8".into();
        f.tiers[2].after_years.clear();
        f.tiers[3].after_share.clear();
        f.tiers[4].after_share = "75".into();
        assert!(f.parse(d(2026, 12, 1), d(2026, 12, 1)).is_ok());
    }

    #[test]
    fn no_tiers_is_refused() {
        let mut f = draft();
        f.tiers.clear();
        let errors = f.parse(d(2026, 12, 1), d(2026, 12, 1)).err().unwrap_or_default();
        assert_eq!(error_at(&errors, PolicyField::Tiers).map(|m| m.key), Some("policy.no_tiers"));
    }
}
