//! The audit log as people read it: each row's action and record in words, and its old and
//! new values (stored as JSON) as `字段：旧 → 新` in the clerk's language, document numbers
//! and phones masked. The 审计日志 screen and its export share these.

use chrono::NaiveDate;
use serde_json::Value;

use super::audit_fields::{self, Shape};
use super::{Cell, Column, ColumnKind, Row, TableMeta};
use crate::domain::alerts::AlertKind;
use crate::domain::family::Relation;
use crate::domain::grants::Limit;
use crate::domain::id_number::{mask_phone, mask_stored};
use crate::domain::preferences::{LANGUAGE_SETTING, THEME_SETTING, ThemeChoice};
use crate::domain::review::Step;
use crate::domain::{DocumentType, Gender, Role};
use crate::exchange::import::{MAPPING_SETTING, SavedMapping};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::AuditEntry;

/// The text of `key`, or `None` when no locale has it.
fn known(lang: Lang, key: &str) -> Option<String> {
    let text = tr(lang, key);
    (text != key).then(|| text.into_owned())
}

/// The action in words (`talent.update` → 修改信息), or its code when it has no name. An
/// action whose code is also a button's text (`grant.pay`: 拨付%{label}) is named under
/// `audit.action.`.
pub fn action_label(lang: Lang, action: &str) -> String {
    known(lang, &format!("audit.action.{action}")).or_else(|| known(lang, action)).unwrap_or_else(|| action.to_string())
}

/// The kind of record in words (`talent` → 人才).
pub fn entity_label(lang: Lang, entity: &str) -> String {
    known(lang, &format!("audit.entity.{entity}")).unwrap_or_else(|| entity.to_string())
}

/// A field's name in a row of `action` (see [`audit_fields::label_keys`]), else the key.
pub fn field_label(lang: Lang, action: &str, key: &str) -> String {
    audit_fields::label_keys(action, key).iter().find_map(|k| known(lang, k)).unwrap_or_else(|| key.to_string())
}

/// A value as words: money, counts and shares in their shape, codes named, personal data
/// masked, nothing as `—`.
fn value_text(lang: Lang, action: &str, key: &str, value: &Value, record: &serde_json::Map<String, Value>) -> String {
    let shape = audit_fields::shape(action, key);
    if let Some(text) = audit_fields::shaped(shape, value) {
        return text;
    }
    if shape == Shape::LaterRent
        && let Some(text) = audit_fields::later_rent(lang, value)
    {
        return text;
    }
    match value {
        Value::Null => "—".to_string(),
        Value::Bool(b) => tr(lang, if *b { "audit.yes" } else { "audit.no" }).into_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|v| value_text(lang, action, key, v, record)).collect();
            if parts.is_empty() { "—".to_string() } else { parts.join("、") }
        }
        Value::Object(_) if shape == Shape::Summary => tr(lang, "audit.value.summary").into_owned(),
        Value::Object(_) => value.to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => match key {
            // The names of fields, as in `shown` of an unmask.
            "shown" => field_label(lang, action, s),
            "doc_number" => {
                let kind = record.get("doc_type").and_then(Value::as_str).and_then(DocumentType::from_code);
                let kind =
                    kind.unwrap_or(if s.len() == 18 { DocumentType::ResidentId } else { DocumentType::Passport });
                mask_stored(kind, s)
            }
            "phone" => mask_phone(s),
            // The settings screen names a language in its own words (简体中文, English).
            LANGUAGE_SETTING => Lang::parse(s).map_or_else(|| s.clone(), |l| l.native_name().to_string()),
            _ => code_label_key(key, s).and_then(|k| known(lang, &k)).unwrap_or_else(|| s.clone()),
        },
    }
}

/// The i18n key of the name of a code stored under `key` (`gender`: `m` → 男), if it is one.
fn code_label_key(key: &str, code: &str) -> Option<String> {
    let fixed = |k: &'static str| Some(k.to_string());
    match key {
        "doc_type" => DocumentType::from_code(code).and_then(|d| fixed(d.label_key())),
        "gender" => Gender::from_code(code).and_then(|g| fixed(g.label_key())),
        "role" => Role::from_code(code).and_then(|r| fixed(r.label_key())),
        "relation" => Relation::from_code(code).and_then(|r| fixed(r.label_key())),
        "limit" => Limit::from_code(code).and_then(|l| fixed(l.label_key())),
        "kind" => AlertKind::from_code(code).and_then(|k| fixed(k.label_key())),
        // A review step, or where an application ended (`approved`, `rejected`).
        "stage" => Step::from_code(code).map_or_else(|| Some(format!("audit.value.{code}")), |s| fixed(s.label_key())),
        "decision" => Some(format!("review.{code}")),
        "event" => Some(format!("card.event.{code}")),
        "via" => Some(format!("audit.value.via.{}", code.replace(' ', "_"))),
        THEME_SETTING => ThemeChoice::parse(code).and_then(|t| fixed(t.label_key())),
        _ => None,
    }
}

fn object(json: Option<&str>) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_str::<Value>(json?) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// The remembered import mapping (JSON text of heading → column code) that `new` holds
/// and `old` did not, as `“身份证号”列导入为证件号码、“备注”列不导入`; `None` when a value is
/// not a mapping. Each save keeps every heading seen before, so only the news is named.
fn mapping_change(lang: Lang, old: Option<&Value>, new: &Value) -> Option<String> {
    let read = |v: &Value| v.as_str().and_then(|t| serde_json::from_str::<SavedMapping>(t).ok());
    let new = read(new)?;
    let old = match old {
        Some(v) => read(v)?,
        None => SavedMapping::default(),
    };
    let parts: Vec<String> = new
        .0
        .iter()
        .filter(|(heading, column)| old.0.get(*heading) != Some(*column))
        .map(|(heading, column)| match column {
            Some(c) => tr_args(
                lang,
                "audit.value.mapping_column",
                &[("heading", heading.clone()), ("column", c.name(lang).to_string())],
            ),
            None => tr_args(lang, "audit.value.mapping_skipped", &[("heading", heading.clone())]),
        })
        .collect();
    Some(if parts.is_empty() { "—".to_string() } else { parts.join("、") })
}

/// What a row changed, one line per field: `字段：旧 → 新` where both exist and differ,
/// `字段：新` for a new record's values (and `字段：旧 → —` for a value that went away).
pub fn describe_changes(lang: Lang, entry: &AuditEntry) -> Vec<String> {
    let old = object(entry.old_value.as_deref());
    let new = object(entry.new_value.as_deref());
    let empty = serde_json::Map::new();
    let (before, after) = (old.as_ref().unwrap_or(&empty), new.as_ref().unwrap_or(&empty));
    let mut keys: Vec<&String> = after.keys().chain(before.keys().filter(|k| !after.contains_key(*k))).collect();
    keys.sort();
    let mut lines = Vec::new();
    for key in keys {
        let label = field_label(lang, &entry.action, key);
        if key == MAPPING_SETTING
            && let Some(b) = after.get(key)
            && let Some(text) = mapping_change(lang, before.get(key), b)
        {
            lines.push(format!("{label}：{text}"));
            continue;
        }
        match (before.get(key), after.get(key)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), b) if old.is_some() => {
                let b = b.map_or_else(|| "—".to_string(), |b| value_text(lang, &entry.action, key, b, after));
                lines.push(format!("{label}：{} → {b}", value_text(lang, &entry.action, key, a, before)));
            }
            (_, Some(b)) => lines.push(format!("{label}：{}", value_text(lang, &entry.action, key, b, after))),
            _ => {}
        }
    }
    // A value that is not an object (rare) is shown as it was stored.
    for raw in [&entry.old_value, &entry.new_value].into_iter().flatten() {
        if object(Some(raw)).is_none() {
            lines.push(raw.clone());
        }
    }
    lines
}

/// Who did it: the user name, or 系统 for unattended commands.
pub fn user_label(lang: Lang, entry: &AuditEntry) -> String {
    if entry.username == "system" { tr(lang, "audit.system_short").into_owned() } else { entry.username.clone() }
}

/// The record a row is about, in words: `人才 #42`.
pub fn record_label(lang: Lang, entry: &AuditEntry) -> String {
    match entry.entity_id {
        Some(id) => format!("{} #{id}", entity_label(lang, &entry.entity)),
        None => entity_label(lang, &entry.entity),
    }
}

/// The columns of the exported audit log.
pub fn audit_meta(filter: String, generated: NaiveDate, lang: Lang) -> TableMeta {
    let column = |key: &str, kind, width_chars| Column { header: tr(lang, key).into_owned(), kind, width_chars };
    let columns = vec![
        column("audit.col.id", ColumnKind::Integer, 9),
        column("audit.col.at", ColumnKind::Text, 19),
        column("audit.col.user", ColumnKind::Text, 12),
        column("audit.col.action", ColumnKind::Text, 16),
        column("audit.col.record", ColumnKind::Text, 14),
        column("audit.col.changes", ColumnKind::Text, 60),
    ];
    TableMeta { title: tr(lang, "audit.export_title").into_owned(), filter, generated, columns, lang }
}

/// One audit row as a row of the export.
pub fn audit_row(lang: Lang, entry: &AuditEntry) -> Row {
    vec![
        Cell::Integer(entry.id),
        Cell::Text(entry.at.clone()),
        Cell::Text(user_label(lang, entry)),
        Cell::Text(action_label(lang, &entry.action)),
        Cell::Text(record_label(lang, entry)),
        Cell::Text(describe_changes(lang, entry).join("；")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, old: Option<&str>, new: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 7,
            at: "2026-11-29 09:30:00".into(),
            username: "clerk".into(),
            action: action.into(),
            entity: "talent".into(),
            entity_id: Some(42),
            old_value: old.map(str::to_string),
            new_value: new.map(str::to_string),
        }
    }

    #[test]
    fn changes_read_as_field_old_to_new_with_personal_data_masked() {
        let e = entry(
            "talent.update",
            Some(
                r#"{"name":"张伟","phone":"13812345678","doc_type":"resident_id","doc_number":"11010519491231002X","tier":"C"}"#,
            ),
            Some(
                r#"{"name":"张伟","phone":"13900001111","doc_type":"resident_id","doc_number":"11010519491231002X","tier":"B"}"#,
            ),
        );
        assert_eq!(describe_changes(Lang::Zh, &e), ["手机号码：138****5678 → 139****1111", "人才类别：C → B"]);
        assert_eq!(action_label(Lang::Zh, &e.action), "修改信息");
        assert_eq!(record_label(Lang::Zh, &e), "人才 #42");
    }

    #[test]
    fn a_new_record_lists_its_values_and_codes_are_named() {
        let e = entry(
            "user.create",
            None,
            Some(r#"{"username":"wang","role":"clerk","active":true,"zones":[],"doc_number":"E12345678"}"#),
        );
        let lines = describe_changes(Lang::Zh, &e);
        assert!(lines.contains(&"角色：经办".to_string()), "{lines:?}");
        assert!(lines.contains(&"状态：是".to_string()) || lines.iter().any(|l| l.ends_with("：是")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("E1*****78")), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("E12345678")));
    }

    #[test]
    fn a_zone_target_reads_as_counts_and_money_and_the_demos_row_as_counts() {
        let mut e = entry(
            "zone.target",
            Some(r#"{"year":2026,"talents":1200,"teams":8,"apartments":40,"grants":120000000}"#),
            Some(r#"{"year":2026,"talents":1500,"teams":8,"apartments":45,"grants":143000000}"#),
        );
        e.entity = "zone".into();
        e.entity_id = Some(3);
        assert_eq!(
            describe_changes(Lang::Zh, &e),
            ["公寓目标：40 → 45", "资助目标：¥1,200,000.00 → ¥1,430,000.00", "人才目标：1,200 → 1,500"]
        );
        assert_eq!(action_label(Lang::Zh, &e.action), "设定年度目标");
        assert_eq!(record_label(Lang::Zh, &e), "开发区 #3");

        let mut demo = entry("demo.generate", None, Some(r#"{"zones":6,"renewals":12}"#));
        demo.entity = "zone_target".into();
        demo.entity_id = None;
        assert_eq!(describe_changes(Lang::Zh, &demo), ["续期数：12", "开发区数：6"]);
        assert_eq!(record_label(Lang::Zh, &demo), "开发区年度目标");
        let grants = entry("demo.generate", None, Some(r#"{"grants":1234}"#));
        assert_eq!(describe_changes(Lang::Zh, &grants), ["资助项数：1,234"]);
    }

    #[test]
    fn money_shares_and_areas_read_in_their_units() {
        let e = entry(
            "lease.sign",
            None,
            Some(r#"{"monthly_rent":192500,"rent_share":6500,"deposit":385000,"start":"2026-01-01"}"#),
        );
        assert_eq!(
            describe_changes(Lang::Zh, &e),
            ["押金：¥3,850.00", "月租金：¥1,925.00", "租金比例：65%", "开始：2026-01-01"]
        );
        let later = entry(
            "lease.sign",
            None,
            Some(r#"{"rent_after":{"years":3,"share":7000,"monthly_rent":245000},"signed_on":"2026-01-01"}"#),
        );
        assert_eq!(
            describe_changes(Lang::Zh, &later),
            ["租满年限后的租金：第 4 年起 70%，月租金 ¥2,450.00", "签约日期：2026-01-01"]
        );
        let restore = entry("database.restore", None, Some(r#"{"from":"greencard-2026-11-30.db"}"#));
        assert_eq!(describe_changes(Lang::Zh, &restore), ["恢复自的备份：greencard-2026-11-30.db"]);
        let unit = entry("housing.unit_add", None, Some(r#"{"area":8550,"market_rent":350000}"#));
        assert_eq!(describe_changes(Lang::Zh, &unit), ["面积：85.50 m²", "市场租金：¥3,500.00"]);
        let back = entry("grant.claw_back", None, Some(r#"{"amount":-5000000}"#));
        assert_eq!(describe_changes(Lang::Zh, &back), ["金额：-¥50,000.00"]);
        assert_eq!(action_label(Lang::Zh, "grant.pay"), "拨付资金");
    }

    #[test]
    fn stored_codes_are_named() {
        let e = entry(
            "application.decide",
            Some(r#"{"stage":"recheck"}"#),
            Some(r#"{"stage":"approved","decision":"approve","flagged":false}"#),
        );
        let lines = describe_changes(Lang::Zh, &e);
        assert!(lines.contains(&"决定：通过".to_string()), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("环节：") && l.ends_with(" → 已通过")), "{lines:?}");
        let card = entry("card.renew", None, Some(r#"{"event":"renewed","on":"2026-11-29"}"#));
        assert!(!describe_changes(Lang::Zh, &card).iter().any(|l| l.contains("renewed")));
        let export = entry("export.unmasked", None, Some(r#"{"via":"command line"}"#));
        assert_eq!(describe_changes(Lang::Zh, &export), ["途径：命令行"]);
    }

    #[test]
    fn odd_values_never_fail() {
        for (old, new) in [(Some("not json"), None), (None, Some("[1,2]")), (Some("{}"), Some("null")), (None, None)] {
            let _ = describe_changes(Lang::Zh, &entry("x.y", old, new));
        }
        assert_eq!(describe_changes(Lang::En, &entry("x.y", Some("not json"), None)), ["not json"]);
    }
}
