//! Startup grants and rewards: the capped award, the budget that never goes below zero, the
//! tranche plan that splits an award exactly, and the key-technology reward. Integer fen
//! throughout.

use super::{Bp, Fen, Message};

/// Which limit fixed an award.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The amount requested was below the cap: it is awarded in full.
    Requested,
    /// The tier's cap under the policy in force.
    TierCap,
}

impl Limit {
    /// Stable storage code.
    pub fn code(self) -> &'static str {
        match self {
            Limit::Requested => "requested",
            Limit::TierCap => "tier_cap",
        }
    }

    /// Reads a storage code back.
    pub fn from_code(code: &str) -> Option<Limit> {
        match code {
            "requested" => Some(Limit::Requested),
            "tier_cap" => Some(Limit::TierCap),
            _ => None,
        }
    }

    /// The i18n key of the limit's short name (for lists).
    pub fn short_key(self) -> &'static str {
        match self {
            Limit::Requested => "grant.limit_short.requested",
            Limit::TierCap => "grant.limit_short.tier_cap",
        }
    }

    /// The i18n key saying which limit applied.
    pub fn label_key(self) -> &'static str {
        match self {
            Limit::Requested => "grant.limit.requested",
            Limit::TierCap => "grant.limit.tier_cap",
        }
    }
}

/// The award: the smaller of the amount requested and the tier's cap, and which it was.
pub fn award(requested: Fen, cap: Fen) -> (Fen, Limit) {
    if requested <= cap { (requested, Limit::Requested) } else { (cap, Limit::TierCap) }
}

/// The budget left after `award`, or the refusal when it would go below zero.
pub fn after_award(remaining: Fen, award: Fen) -> Result<Fen, Message> {
    if award.fen() > remaining.fen() {
        return Err(Message {
            key: "grant.err.over_budget",
            args: vec![("award", award.to_string()), ("remaining", remaining.to_string())],
        });
    }
    Ok(Fen(remaining.fen() - award.fen()))
}

/// The key-technology reward: reported commercialisation income × the policy's share,
/// rounded half-up to the fen.
pub fn reward(income: Fen, share: Bp) -> Fen {
    income.percent(share)
}

/// One step of a tranche plan: its label (签约 / 中期评估 / 验收) and share of the award.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TrancheStep {
    /// What the payment waits for.
    pub label: String,
    /// The share of the award.
    pub share: Bp,
}

/// Parses a plan as clerks write it: `签约 40%, 中期评估 30%, 验收 30%` (commas, semicolons,
/// slashes or new lines between steps; full-width characters accepted). Shares must add up
/// to 100 %.
pub fn parse_plan(input: &str) -> Result<Vec<TrancheStep>, Message> {
    let text: String = input.chars().map(super::text::halfwidth).collect();
    let mut steps = Vec::new();
    for part in text.split([',', ';', '/', '\n', '、']).map(str::trim).filter(|p| !p.is_empty()) {
        let (label, pct) = part.rsplit_once(' ').ok_or_else(|| Message::new("grant.err.plan"))?;
        let share = Bp::parse_percent(pct).map_err(|_| Message::new("grant.err.plan"))?;
        let label = label.trim();
        if label.is_empty() || share.0 == 0 {
            return Err(Message::new("grant.err.plan"));
        }
        steps.push(TrancheStep { label: label.to_string(), share });
    }
    if steps.is_empty() || steps.len() > 10 {
        return Err(Message::new("grant.err.plan"));
    }
    if steps.iter().map(|s| s.share.0).sum::<u32>() != 10_000 {
        return Err(Message::new("grant.err.plan_total"));
    }
    Ok(steps)
}

/// The plan as clerks write it.
pub fn plan_text(plan: &[TrancheStep]) -> String {
    plan.iter().map(|s| format!("{} {}", s.label, s.share)).collect::<Vec<_>>().join("，")
}

/// The planned amount of each tranche: the award × each share, rounded half-up, with the
/// last tranche taking what is left, so the tranches always add up to the award exactly.
pub fn split(award: Fen, plan: &[TrancheStep]) -> Vec<Fen> {
    let mut out: Vec<Fen> = plan.iter().map(|s| award.percent(s.share)).collect();
    if let Some(last) = out.last_mut() {
        let others: i64 = plan.iter().take(plan.len() - 1).map(|s| award.percent(s.share).fen()).sum();
        *last = Fen(award.fen() - others);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rand::{RngExt, SeedableRng};

    use super::*;

    #[test]
    fn the_award_is_the_smaller_of_request_and_cap_and_says_which() {
        assert_eq!(award(Fen::yuan(800_000), Fen::yuan(1_000_000)), (Fen::yuan(800_000), Limit::Requested));
        assert_eq!(award(Fen::yuan(2_000_000), Fen::yuan(1_000_000)), (Fen::yuan(1_000_000), Limit::TierCap));
        assert_eq!(award(Fen::yuan(1_000_000), Fen::yuan(1_000_000)).1, Limit::Requested, "equal: nothing was cut");
    }

    #[test]
    fn awards_and_budgets_hold_for_any_amounts() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for _ in 0..100_000 {
            let requested = Fen(rng.random_range(0..1_000_000_000_000i64));
            let cap = Fen(rng.random_range(0..1_000_000_000_000i64));
            let remaining = Fen(rng.random_range(0..1_000_000_000_000i64));
            let (a, limit) = award(requested, cap);
            assert!(a <= requested && a <= cap);
            assert!(a == requested || a == cap);
            assert_eq!(limit == Limit::TierCap, requested > cap);
            match after_award(remaining, a) {
                Ok(left) => {
                    assert!(left.fen() >= 0);
                    assert_eq!(left.fen() + a.fen(), remaining.fen());
                }
                Err(_) => assert!(a > remaining),
            }
        }
    }

    #[test]
    fn tranches_add_up_to_the_award_exactly() {
        let plan = parse_plan("签约 40%，中期评估 30%，验收 30%").unwrap();
        assert_eq!(plan.len(), 3);
        assert_eq!(
            split(Fen::yuan(1_000_000), &plan),
            vec![Fen::yuan(400_000), Fen::yuan(300_000), Fen::yuan(300_000)]
        );
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let thirds = parse_plan("a 33.33%; b 33.33%; c 33.34%").unwrap();
        for _ in 0..10_000 {
            let a = Fen(rng.random_range(0..10_000_000_000i64));
            assert_eq!(split(a, &thirds).iter().map(|f| f.fen()).sum::<i64>(), a.fen());
        }
        assert_eq!(plan_text(&plan), "签约 40%，中期评估 30%，验收 30%");
    }

    #[test]
    fn a_plan_must_add_up_to_one_hundred_percent() {
        assert_eq!(parse_plan("签约 40%, 验收 50%").unwrap_err().key, "grant.err.plan_total");
        assert_eq!(parse_plan("签约").unwrap_err().key, "grant.err.plan");
        assert_eq!(parse_plan("").unwrap_err().key, "grant.err.plan");
        assert!(parse_plan("一次性拨付 100%").is_ok());
    }

    #[test]
    fn rewards_are_a_share_of_income_rounded_half_up() {
        assert_eq!(reward(Fen::yuan(5_000_000), Bp(1_000)), Fen::yuan(500_000));
        assert_eq!(reward(Fen(5), Bp(1_000)), Fen(1), "0.5 fen rounds up");
    }

    #[test]
    fn over_budget_says_both_amounts() {
        let e = after_award(Fen::yuan(100), Fen::yuan(200)).unwrap_err();
        assert_eq!(e.key, "grant.err.over_budget");
        assert_eq!(after_award(Fen::yuan(200), Fen::yuan(200)), Ok(Fen::ZERO));
    }
}
