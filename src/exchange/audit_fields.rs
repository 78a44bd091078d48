//! What each key of an audit row's values is called and how its value reads: money from
//! fen as `¥1,430,000.00`, counts with separators, shares as percentages, areas in m².
//! A few keys mean different things in different actions (a zone target's `grants` is
//! money, the demo generator's `grants` a count; a restore's `from` is the backup file, not
//! the start of a range), so a key is named in its action.

use serde_json::Value;

use crate::domain::housing::Area;
use crate::domain::text::group_thousands;
use crate::domain::{Bp, Fen};
use crate::i18n::{Lang, tr, tr_args};

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
    /// A lease's later rent, `{years, share, monthly_rent}`: `第 4 年起 70%，月租金 ¥2,450.00`.
    LaterRent,
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
    // The backup file the database was restored from.
    ("database.restore", "from", "audit.field.restored_from", Shape::Plain),
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
    ("rent_after", Shape::LaterRent),
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

/// The later share of a rent rule as the policy screen says it: from the year after
/// `years` on (`第 4 年起 70%`).
pub fn later_share(lang: Lang, years: u32, share: Bp) -> String {
    tr_args(lang, "policy.rent_after_value", &[("next", (years + 1).to_string()), ("later", share.to_string())])
}

/// A lease's later rent as words, `None` when the value is not one (then it is shown as
/// stored). A lease without one (`null`) has one share throughout.
pub fn later_rent(lang: Lang, value: &Value) -> Option<String> {
    let map = match value {
        Value::Null => return Some(tr(lang, "policy.rent_after_none").into_owned()),
        Value::Object(map) => map,
        _ => return None,
    };
    let years = u32::try_from(map.get("years")?.as_u64()?).ok()?;
    let share = later_share(lang, years, Bp(u32::try_from(map.get("share")?.as_u64()?).ok()?));
    Some(match map.get("monthly_rent").and_then(Value::as_i64) {
        Some(fen) => tr_args(lang, "audit.value.later_rent", &[("share", share), ("monthly", Fen(fen).to_string())]),
        None => share,
    })
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

    #[test]
    fn a_restores_from_is_the_backup_and_a_leases_later_rent_reads_in_words() {
        assert_eq!(label_keys("database.restore", "from")[0], "audit.field.restored_from");
        assert_eq!(label_keys("housing.market_rent", "from")[0], "audit.field.from", "elsewhere a date");
        assert_eq!(shape("lease.sign", "rent_after"), Shape::LaterRent);
        let later = serde_json::json!({ "years": 3, "share": 7000, "monthly_rent": 245_000 });
        assert_eq!(later_rent(Lang::Zh, &later).as_deref(), Some("第 4 年起 70%，月租金 ¥2,450.00"));
        assert_eq!(later_rent(Lang::En, &later).as_deref(), Some("70% from year 4, monthly rent ¥2,450.00"));
        assert_eq!(later_rent(Lang::Zh, &Value::Null).as_deref(), Some("无（整个租期同一比例）"));
        assert_eq!(later_rent(Lang::Zh, &serde_json::json!({ "years": "x" })), None);
    }
}
