//! Policy: the tiers of talent and every rate, cap and term the office applies to them.
//! Policy changes over time, so it comes in versions with an effective date; a decision
//! uses the version in force on its own date and records which one that was.

use chrono::NaiveDate;

use super::{Bp, Fen, Problem};

/// The code of a talent tier (人才分类), e.g. `A`: 1–4 upper-case letters or digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TierCode(String);

impl TierCode {
    /// Parses a tier code; lower case and full-width letters are accepted.
    pub fn parse(input: &str) -> Result<TierCode, PolicyError> {
        let s: String = super::text::clean(input).to_ascii_uppercase();
        if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
            return Err(PolicyError::BadTierCode { text: input.chars().take(20).collect() });
        }
        Ok(TierCode(s))
    }

    /// The code as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TierCode {
    type Error = PolicyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TierCode::parse(&s)
    }
}

impl From<TierCode> for String {
    fn from(t: TierCode) -> String {
        t.0
    }
}

impl std::fmt::Display for TierCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the policy grants one tier.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TierRule {
    /// The tier's code, e.g. `A`.
    pub code: TierCode,
    /// Its name in Chinese, e.g. 顶尖人才.
    pub name_zh: String,
    /// Its name in English, e.g. Top talent.
    pub name_en: String,
    /// How many years a green card is valid for this tier.
    pub card_validity_years: u32,
    /// Whether holders may get attached cards (附属卡) for spouse, minor children and parents.
    pub family_cards: bool,
    /// Codes of the card services this tier is entitled to, in the catalogue's order.
    pub services: Vec<String>,
    /// Rent of a talent apartment as a share of market rent.
    pub rent: Bp,
    /// A different share from the N-th anniversary of the lease's start, if the policy has
    /// one (old policy texts have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rent_after: Option<RentAfter>,
    /// The cap of a startup grant for this tier.
    pub grant_cap: Fen,
}

/// The share of market rent a tenancy pays once it has lasted `years` full years: from the
/// `years`-th anniversary of the lease's first day (a clerk says "前 3 年 55%，第 4 年起 70%").
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RentAfter {
    /// Full years at the tier's first share.
    pub years: u32,
    /// The share from then on.
    pub share: Bp,
}

/// One complete set of policy values.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Policy {
    /// The tiers, highest first.
    pub tiers: Vec<TierRule>,
    /// Days before expiry from which a card can be renewed.
    pub renewal_window_days: u32,
    /// Days after expiry during which a card can still be renewed.
    pub renewal_grace_days: u32,
    /// The longest total stay in a talent apartment, in years.
    pub lease_term_cap_years: u32,
    /// Months a tenant has to leave after leaving the employer or losing the card.
    pub lease_exit_months: u32,
    /// Key-technology reward as a share of reported commercialisation income.
    pub reward_share: Bp,
}

/// A version of the policy and the day from which it applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyVersion {
    /// The stored version number; decisions record it.
    pub id: i64,
    /// The first day on which this version applies.
    pub effective_from: NaiveDate,
    /// The values.
    pub policy: Policy,
}

/// Why a policy value is not acceptable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A tier code that is not 1–4 letters or digits.
    BadTierCode { text: String },
    /// The same tier code twice.
    DuplicateTier { code: String },
    /// No tier at all.
    NoTiers,
    /// A tier without a name.
    EmptyTierName { code: String },
    /// A card validity of zero years (or absurdly long).
    BadValidity { code: String },
    /// A negative grant cap.
    NegativeCap { code: String },
    /// A rent share above 100 %.
    BadRent { code: String },
    /// A later rent share above 100 %, or one that starts at or after the longest stay (it
    /// would never apply).
    BadRentAfter { code: String },
    /// A lease term cap of zero years (or absurdly long).
    BadTermCap,
    /// A version that would start before today.
    EffectiveInPast,
    /// A service code that is not in the catalogue.
    UnknownService { code: String },
    /// A renewal window or grace period over a year, or an exit period outside 1–24 months.
    BadTerms,
    /// A reward share above 100 %.
    BadRewardShare,
}

impl Problem for PolicyError {
    fn key(&self) -> &'static str {
        match self {
            PolicyError::BadTierCode { .. } => "policy.bad_tier_code",
            PolicyError::DuplicateTier { .. } => "policy.duplicate_tier",
            PolicyError::NoTiers => "policy.no_tiers",
            PolicyError::EmptyTierName { .. } => "policy.empty_tier_name",
            PolicyError::BadValidity { .. } => "policy.bad_validity",
            PolicyError::NegativeCap { .. } => "policy.negative_cap",
            PolicyError::BadRent { .. } => "policy.bad_rent",
            PolicyError::BadRentAfter { .. } => "policy.bad_rent_after",
            PolicyError::BadTermCap => "policy.bad_term_cap",
            PolicyError::EffectiveInPast => "policy.effective_in_past",
            PolicyError::UnknownService { .. } => "policy.unknown_service",
            PolicyError::BadTerms => "policy.bad_terms",
            PolicyError::BadRewardShare => "policy.bad_reward_share",
        }
    }
    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PolicyError::BadTierCode { text } => vec![("text", text.clone())],
            PolicyError::UnknownService { code } => vec![("code", code.clone())],
            PolicyError::DuplicateTier { code }
            | PolicyError::EmptyTierName { code }
            | PolicyError::BadValidity { code }
            | PolicyError::NegativeCap { code }
            | PolicyError::BadRent { code }
            | PolicyError::BadRentAfter { code } => vec![("code", code.clone())],
            PolicyError::NoTiers
            | PolicyError::BadTermCap
            | PolicyError::EffectiveInPast
            | PolicyError::BadTerms
            | PolicyError::BadRewardShare => Vec::new(),
        }
    }
}
crate::impl_problem_display!(PolicyError);

/// The services a card can bundle, by code, in the order the office lists them.
pub const DEFAULT_SERVICES: [&str; 7] =
    ["housing", "medical_green_channel", "health_check", "schooling", "spouse_employment", "transport", "airport_vip"];

impl Policy {
    /// The defaults of ../shared/DOMAIN.md: five tiers A–E, 5-year cards renewable from 30
    /// days before expiry, rent 50 %–70 % of market rent, grant caps ¥3,000,000 down to
    /// ¥200,000, at most 6 years in an apartment and 3 months to leave.
    pub fn office_default() -> Policy {
        let tier = |code: &str, zh: &str, en: &str, rent: u32, cap_yuan: i64, services: usize| TierRule {
            code: TierCode(code.to_string()),
            name_zh: zh.to_string(),
            name_en: en.to_string(),
            card_validity_years: 5,
            family_cards: code == "A",
            services: DEFAULT_SERVICES[..services].iter().map(|s| s.to_string()).collect(),
            rent: Bp(rent),
            rent_after: None,
            grant_cap: Fen::yuan(cap_yuan),
        };
        Policy {
            tiers: vec![
                tier("A", "顶尖人才", "Top talent", 5000, 3_000_000, 7),
                tier("B", "国家级领军人才", "National leading talent", 5500, 1_000_000, 6),
                tier("C", "省级领军人才", "Provincial leading talent", 6000, 500_000, 5),
                tier("D", "市级高层次人才", "Municipal high-level talent", 6500, 300_000, 4),
                tier("E", "高级人才与青年人才", "Senior and young talent", 7000, 200_000, 3),
            ],
            renewal_window_days: 30,
            renewal_grace_days: 90,
            lease_term_cap_years: 6,
            lease_exit_months: 3,
            reward_share: Bp(1000),
        }
    }

    /// The rule of a tier, if the policy has it.
    pub fn tier(&self, code: &TierCode) -> Option<&TierRule> {
        self.tiers.iter().find(|t| &t.code == code)
    }

    /// Checks every value but the service codes (see [`Policy::check_services`]); the first
    /// problem found is returned.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.tiers.is_empty() {
            return Err(PolicyError::NoTiers);
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in &self.tiers {
            let code = t.code.as_str().to_string();
            if !seen.insert(code.clone()) {
                return Err(PolicyError::DuplicateTier { code });
            }
            if t.name_zh.trim().is_empty() || t.name_en.trim().is_empty() {
                return Err(PolicyError::EmptyTierName { code });
            }
            if t.card_validity_years == 0 || t.card_validity_years > 30 {
                return Err(PolicyError::BadValidity { code });
            }
            if t.grant_cap.fen() < 0 {
                return Err(PolicyError::NegativeCap { code });
            }
            if t.rent.0 > 10_000 {
                return Err(PolicyError::BadRent { code });
            }
            if let Some(after) = t.rent_after
                && (after.share.0 > 10_000 || after.years == 0 || after.years >= self.lease_term_cap_years)
            {
                return Err(PolicyError::BadRentAfter { code });
            }
        }
        if self.lease_term_cap_years == 0 || self.lease_term_cap_years > 50 {
            return Err(PolicyError::BadTermCap);
        }
        if self.renewal_window_days > 366
            || self.renewal_grace_days > 366
            || !(1..=24).contains(&self.lease_exit_months)
        {
            return Err(PolicyError::BadTerms);
        }
        if self.reward_share.0 > 10_000 {
            return Err(PolicyError::BadRewardShare);
        }
        Ok(())
    }

    /// Checks that every service a tier names is one of `known` (the catalogue's codes:
    /// the office adds services, so the list is the store's, not a constant).
    pub fn check_services(&self, known: &[&str]) -> Result<(), PolicyError> {
        for t in &self.tiers {
            if let Some(unknown) = t.services.iter().find(|s| !known.contains(&s.as_str())) {
                return Err(PolicyError::UnknownService { code: unknown.clone() });
            }
        }
        Ok(())
    }
}

/// The version in force on `on`: the one with the latest effective date not after `on`.
/// Versions may come in any order.
pub fn in_force(versions: &[PolicyVersion], on: NaiveDate) -> Option<&PolicyVersion> {
    versions.iter().filter(|v| v.effective_from <= on).max_by_key(|v| (v.effective_from, v.id))
}

/// Checks that a new version may start on `effective_from` when today is `today`:
/// never back-dated over decisions already made.
pub fn check_effective_date(effective_from: NaiveDate, today: NaiveDate) -> Result<(), PolicyError> {
    if effective_from < today {
        return Err(PolicyError::EffectiveInPast);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn default_policy_is_valid_and_has_five_tiers() {
        let p = Policy::office_default();
        assert_eq!(p.validate(), Ok(()));
        let codes: Vec<&str> = p.tiers.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes, ["A", "B", "C", "D", "E"]);
        let a = p.tier(&TierCode::parse("a").unwrap_or_else(|_| TierCode("?".into())));
        assert_eq!(a.map(|t| t.grant_cap), Some(Fen::yuan(3_000_000)));
        assert!(a.is_some_and(|t| t.family_cards));
    }

    #[test]
    fn refuses_bad_values() {
        let mut p = Policy::office_default();
        p.tiers[1].card_validity_years = 0;
        assert_eq!(p.validate(), Err(PolicyError::BadValidity { code: "B".into() }));
        let mut p = Policy::office_default();
        p.tiers[2].grant_cap = Fen(-1);
        assert_eq!(p.validate(), Err(PolicyError::NegativeCap { code: "C".into() }));
        let mut p = Policy::office_default();
        p.tiers[0].rent = Bp(10_001);
        assert_eq!(p.validate(), Err(PolicyError::BadRent { code: "A".into() }));
        let mut p = Policy::office_default();
        p.tiers[0].rent_after = Some(RentAfter { years: 6, share: Bp(7_000) });
        assert_eq!(p.validate(), Err(PolicyError::BadRentAfter { code: "A".into() }), "never within a 6-year stay");
        p.tiers[0].rent_after = Some(RentAfter { years: 5, share: Bp(7_000) });
        assert_eq!(p.validate(), Ok(()));
        p.tiers[0].rent_after = Some(RentAfter { years: 3, share: Bp(10_001) });
        assert_eq!(p.validate(), Err(PolicyError::BadRentAfter { code: "A".into() }));
        let mut p = Policy::office_default();
        p.tiers[4].code = p.tiers[3].code.clone();
        assert_eq!(p.validate(), Err(PolicyError::DuplicateTier { code: "D".into() }));
        let mut p = Policy::office_default();
        p.tiers.clear();
        assert_eq!(p.validate(), Err(PolicyError::NoTiers));
        let mut p = Policy::office_default();
        p.reward_share = Bp(10_001);
        assert_eq!(p.validate(), Err(PolicyError::BadRewardShare));
        let mut p = Policy::office_default();
        p.lease_exit_months = 0;
        assert_eq!(p.validate(), Err(PolicyError::BadTerms));
        let mut p = Policy::office_default();
        p.tiers[0].services.push("yacht".into());
        assert_eq!(p.check_services(&DEFAULT_SERVICES), Err(PolicyError::UnknownService { code: "yacht".into() }));
        assert_eq!(p.check_services(&[DEFAULT_SERVICES.as_slice(), &["yacht"]].concat()), Ok(()));
        assert!(TierCode::parse("").is_err());
        assert!(TierCode::parse("甲").is_err());
        assert!(TierCode::parse("ABCDE").is_err());
    }

    #[test]
    fn version_in_force_is_chosen_by_the_decision_date() {
        let v = |id, from| PolicyVersion { id, effective_from: from, policy: Policy::office_default() };
        let versions = vec![v(2, d(2026, 7, 1)), v(1, d(2000, 1, 1)), v(3, d(2027, 1, 1))];
        assert_eq!(in_force(&versions, d(2026, 6, 30)).map(|v| v.id), Some(1));
        assert_eq!(in_force(&versions, d(2026, 7, 1)).map(|v| v.id), Some(2));
        assert_eq!(in_force(&versions, d(2030, 1, 1)).map(|v| v.id), Some(3));
        assert_eq!(in_force(&versions, d(1999, 12, 31)).map(|v| v.id), None);
    }

    #[test]
    fn effective_dates_are_never_in_the_past() {
        assert_eq!(check_effective_date(d(2026, 1, 1), d(2026, 1, 2)), Err(PolicyError::EffectiveInPast));
        assert_eq!(check_effective_date(d(2026, 1, 2), d(2026, 1, 2)), Ok(()));
    }

    #[test]
    fn policy_round_trips_through_json() {
        let p = Policy::office_default();
        let json = serde_json::to_string(&p).unwrap_or_default();
        let back: Result<Policy, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(p));
        let bad: Result<Policy, _> = serde_json::from_str(&json.replace("\"A\"", "\"a b\""));
        assert!(bad.is_err());
        assert!(!json.contains("rent_after"), "a tier without a later share writes none");
        let mut stepped = Policy::office_default();
        stepped.tiers[1].rent_after = Some(RentAfter { years: 3, share: Bp(7_000) });
        let json = serde_json::to_string(&stepped).unwrap_or_default();
        assert!(json.contains(r#""rent_after":{"years":3,"share":7000}"#), "{json}");
        let back: Result<Policy, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(stepped));
    }
}
