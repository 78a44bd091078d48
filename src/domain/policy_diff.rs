//! What changed between two policy versions, field by field: tiers matched by their code
//! (added, removed, or each value that differs), then the general terms. The values stay
//! typed, so the screen can say them in the clerk's language (`55%` → `60%`, `5 年` → `3 年`).

use super::policy::{Policy, RentAfter, TierRule};
use super::{Bp, Fen};

/// A policy value as it was or became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A number of years.
    Years(u32),
    /// A number of days.
    Days(u32),
    /// A number of months.
    Months(u32),
    /// A share.
    Percent(Bp),
    /// An amount.
    Money(Fen),
    /// Yes or no.
    Flag(bool),
    /// A name.
    Text(String),
    /// Service codes.
    Services(Vec<String>),
    /// A later rent share, or none.
    RentAfter(Option<RentAfter>),
    /// Not there (a tier added or removed).
    Absent,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The tier it concerns (its code), or None for a general term.
    pub tier: Option<String>,
    /// The i18n key of the field's name (`policy.rent`, `policy.diff.tier` …).
    pub field: &'static str,
    /// The value in the older version.
    pub old: Value,
    /// The value in the newer version.
    pub new: Value,
}

fn tier_fields(t: &TierRule) -> [(&'static str, Value); 8] {
    [
        ("policy.name_zh", Value::Text(t.name_zh.clone())),
        ("policy.name_en", Value::Text(t.name_en.clone())),
        ("policy.validity", Value::Years(t.card_validity_years)),
        ("policy.rent", Value::Percent(t.rent)),
        ("policy.rent_after", Value::RentAfter(t.rent_after)),
        ("policy.grant_cap", Value::Money(t.grant_cap)),
        ("policy.family", Value::Flag(t.family_cards)),
        ("policy.services", Value::Services(t.services.clone())),
    ]
}

fn terms(p: &Policy) -> [(&'static str, Value); 5] {
    [
        ("policy.renewal_window", Value::Days(p.renewal_window_days)),
        ("policy.renewal_grace", Value::Days(p.renewal_grace_days)),
        ("policy.term_cap", Value::Years(p.lease_term_cap_years)),
        ("policy.exit_period", Value::Months(p.lease_exit_months)),
        ("policy.reward_share", Value::Percent(p.reward_share)),
    ]
}

/// Every difference from `old` to `new`: tiers in the newer version's order (then the
/// removed ones), each changed field in form order, then the general terms.
pub fn diff(old: &Policy, new: &Policy) -> Vec<Change> {
    let mut out = Vec::new();
    for t in &new.tiers {
        let code = Some(t.code.as_str().to_string());
        match old.tier(&t.code) {
            None => out.push(Change {
                tier: code,
                field: "policy.diff.tier",
                old: Value::Absent,
                new: Value::Text(t.name_zh.clone()),
            }),
            Some(o) => {
                for ((field, before), (_, after)) in tier_fields(o).into_iter().zip(tier_fields(t)) {
                    if before != after {
                        out.push(Change { tier: code.clone(), field, old: before, new: after });
                    }
                }
            }
        }
    }
    for o in old.tiers.iter().filter(|o| new.tier(&o.code).is_none()) {
        out.push(Change {
            tier: Some(o.code.as_str().to_string()),
            field: "policy.diff.tier",
            old: Value::Text(o.name_zh.clone()),
            new: Value::Absent,
        });
    }
    for ((field, before), (_, after)) in terms(old).into_iter().zip(terms(new)) {
        if before != after {
            out.push(Change { tier: None, field, old: before, new: after });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TierCode;

    #[test]
    fn the_same_policy_has_no_changes() {
        assert!(diff(&Policy::office_default(), &Policy::office_default()).is_empty());
    }

    #[test]
    fn each_changed_value_is_one_change_with_both_values() {
        let old = Policy::office_default();
        let mut new = old.clone();
        new.tiers[1].rent = Bp(6_000);
        new.tiers[1].card_validity_years = 3;
        new.tiers[2].rent_after = Some(RentAfter { years: 3, share: Bp(7_000) });
        new.lease_exit_months = 6;
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![
                Change { tier: Some("B".into()), field: "policy.validity", old: Value::Years(5), new: Value::Years(3) },
                Change {
                    tier: Some("B".into()),
                    field: "policy.rent",
                    old: Value::Percent(Bp(5_500)),
                    new: Value::Percent(Bp(6_000))
                },
                Change {
                    tier: Some("C".into()),
                    field: "policy.rent_after",
                    old: Value::RentAfter(None),
                    new: Value::RentAfter(Some(RentAfter { years: 3, share: Bp(7_000) }))
                },
                Change { tier: None, field: "policy.exit_period", old: Value::Months(3), new: Value::Months(6) },
            ]
        );
    }

    #[test]
    fn tiers_are_matched_by_code_so_added_and_removed_tiers_show_as_such() {
        let old = Policy::office_default();
        let mut new = old.clone();
        let mut f = new.tiers[4].clone();
        f.code = TierCode::parse("F").unwrap_or_else(|e| panic!("{e}"));
        f.name_zh = "储备人才".into();
        new.tiers.remove(0);
        new.tiers.push(f);
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 2);
        assert_eq!((changes[0].tier.as_deref(), &changes[0].old), (Some("F"), &Value::Absent));
        assert_eq!((changes[1].tier.as_deref(), &changes[1].new), (Some("A"), &Value::Absent));
        assert_eq!(changes[1].old, Value::Text("顶尖人才".into()));
    }
}
