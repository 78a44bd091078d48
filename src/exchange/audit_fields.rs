//! What each key of an audit row's values is called and how its value reads: money from
//! fen as `¥1,430,000.00`, counts with separators, shares as percentages, areas in m².
//! A few keys mean different things in different actions (a zone target's `grants` is
//! money, the demo generator's `grants` a count), so a key is named in its action.

use serde_json::Value;

use crate::domain::housing::Area;
use crate::domain::text::group_thousands;
use crate::domain::{Bp, Fen};

/// How a field's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// As stored (text, dates `YYYY-MM-DD`, ids).
    Plain,
    /// Integer fen, shown as `¥1,234.56`.
    Money,
    /// A number of things, shown with thousands separators.
    Count,
    /// Basis points, shown as `65%`.
    Percent,
    /// Hundredths of a square metre, shown as `85.50 m²`.
    Area,
    /// A whole record (a policy's terms): too long for a line, named only.
    Summary,
}

/// Keys whose name or shape depends on the action: (action, key, i18n key, shape).
const IN_ACTION: &[(&str, &str, &str, Shape)] = &[
    ("zone.target", "grants", "audit.field.grants_target", Shape::Money),
    ("zone.target", "talents", "audit.field.talents", Shape::Count),
    ("zone.target", "teams", "audit.field.teams", Shape::Count),
    ("zone.target", "apartments", "audit.field.apartments", Shape::Count),
    ("demo.generate", "zones", "audit.field.zone_count", Shape::Count),
    // The name of a zone, team, employer, programme or housing project, not of a person.
    ("zone.create", "name", "audit.field.title", Shape::Plain),
    ("team.create", "name", "audit.field.title", Shape::Plain),
    ("employer.create", "name", "audit.field.title", Shape::Plain),
    ("grant.programme_add", "name", "audit.field.title", Shape::Plain),
    ("housing.project_add", "name", "audit.field.title", Shape::Plain),
];

/// The shape of every other key that is not [`Shape::Plain`].
const SHAPES: &[(&str, Shape)] = &[
    ("amount", Shape::Money),
    ("award", Shape::Money),
    ("budget", Shape::Money),
    ("cap", Shape::Money),
    ("deposit", Shape::Money),
    ("market_rent", Shape::Money),
    ("monthly", Shape::Money),
    ("monthly_rent", Shape::Money),
    ("rent_share", Shape::Percent),
    ("warnings.far_behind_bp", Shape::Percent),
    ("area", Shape::Area),
    ("count", Shape::Count),
    ("grants", Shape::Count),
    ("leases", Shape::Count),
    ("renewals", Shape::Count),
    ("new", Shape::Count),
    ("updated", Shape::Count),
    ("unchanged", Shape::Count),
    ("rejected", Shape::Count),
    ("team_memberships_moved", Shape::Count),
    ("teams_led_moved", Shape::Count),
    ("policy", Shape::Summary),
];

/// The i18n keys that may name `key` in a row of `action`, the first that exists wins:
/// the action's own, the audit screen's, the talent form's (`employer_id` → 用人单位).
pub fn label_keys(action: &str, key: &str) -> Vec<String> {
    let own = IN_ACTION.iter().find(|(a, k, ..)| *a == action && *k == key).map(|(_, _, label, _)| label.to_string());
    own.into_iter().chain([format!("audit.field.{key}"), format!("talent.{}", key.trim_end_matches("_id"))]).collect()
}

/// How the value of `key` in a row of `action` reads.
pub fn shape(action: &str, key: &str) -> Shape {
    IN_ACTION
        .iter()
        .find(|(a, k, ..)| *a == action && *k == key)
        .map(|(.., shape)| *shape)
        .or_else(|| SHAPES.iter().find(|(k, _)| *k == key).map(|(_, s)| *s))
        .unwrap_or(Shape::Plain)
}

/// The value in its shape, or `None` when it is plain or does not fit the shape (then it
/// is shown as stored). Settings store numbers as text, so numeric text counts too.
pub fn shaped(shape: Shape, value: &Value) -> Option<String> {
    let number = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match (shape, number) {
        (Shape::Money, Some(fen)) => Some(Fen(fen).to_string()),
        (Shape::Count, Some(n)) => {
            let sign = if n < 0 { "-" } else { "" };
            Some(format!("{sign}{}", group_thousands(n.unsigned_abs())))
        }
        (Shape::Percent, Some(bp)) => u32::try_from(bp).ok().map(|bp| Bp(bp).to_string()),
        (Shape::Area, Some(area)) => Some(Area(area).to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_targets_grants_are_money_and_the_demos_a_count() {
        assert_eq!(shape("zone.target", "grants"), Shape::Money);
        assert_eq!(shape("demo.generate", "grants"), Shape::Count);
        assert_eq!(shaped(Shape::Money, &Value::from(143_000_000)), Some("¥1,430,000.00".into()));
        assert_eq!(shaped(Shape::Count, &Value::from(20_000)), Some("20,000".into()));
        assert_eq!(shaped(Shape::Count, &Value::from(-1_200)), Some("-1,200".into()));
        assert_eq!(shaped(Shape::Percent, &Value::from("2000")), Some("20%".into()));
        assert_eq!(shaped(Shape::Area, &Value::from(8_550)), Some("85.50 m²".into()));
        assert_eq!(shaped(Shape::Money, &Value::from("not a number")), None);
        assert_eq!(shaped(Shape::Percent, &Value::from(-5)), None);
        assert_eq!(label_keys("zone.target", "grants")[0], "audit.field.grants_target");
        assert_eq!(label_keys("talent.update", "employer_id")[1], "talent.employer");
    }
}
