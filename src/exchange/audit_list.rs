//! The audit log as people read it: each row's action and record in words, and its old and
//! new values (stored as JSON) as `字段：旧 → 新` in the clerk's language, document numbers
//! and phones masked. The 审计日志 screen and its export share these.

use chrono::NaiveDate;
use serde_json::Value;

use super::{Cell, Column, ColumnKind, Row, TableMeta};
use crate::domain::id_number::{mask_phone, mask_stored};
use crate::domain::{DocumentType, Gender, Role};
use crate::i18n::{Lang, tr};
use crate::store::AuditEntry;

/// The text of `key`, or `None` when no locale has it.
fn known(lang: Lang, key: &str) -> Option<String> {
    let text = tr(lang, key);
    (text != key).then(|| text.into_owned())
}

/// The action in words (`talent.update` → 修改信息), or its code when it has no name.
pub fn action_label(lang: Lang, action: &str) -> String {
    known(lang, action).unwrap_or_else(|| action.to_string())
}

/// The kind of record in words (`talent` → 人才).
pub fn entity_label(lang: Lang, entity: &str) -> String {
    known(lang, &format!("audit.entity.{entity}")).unwrap_or_else(|| entity.to_string())
}

/// A field's name: the audit screen's own, else the talent form's, else the key.
fn field_label(lang: Lang, key: &str) -> String {
    known(lang, &format!("audit.field.{key}"))
        .or_else(|| known(lang, &format!("talent.{}", key.trim_end_matches("_id"))))
        .unwrap_or_else(|| key.to_string())
}

/// A value as words: codes named, personal data masked, nothing as `—`.
fn value_text(lang: Lang, key: &str, value: &Value, record: &serde_json::Map<String, Value>) -> String {
    match value {
        Value::Null => "—".to_string(),
        Value::Bool(b) => tr(lang, if *b { "audit.yes" } else { "audit.no" }).into_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|v| value_text(lang, key, v, record)).collect();
            if parts.is_empty() { "—".to_string() } else { parts.join("、") }
        }
        Value::Object(_) => value.to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => match key {
            // The names of fields, as in `shown` of an unmask.
            "shown" => field_label(lang, s),
            "doc_number" => {
                let kind = record.get("doc_type").and_then(Value::as_str).and_then(DocumentType::from_code);
                let kind =
                    kind.unwrap_or(if s.len() == 18 { DocumentType::ResidentId } else { DocumentType::Passport });
                mask_stored(kind, s)
            }
            "phone" => mask_phone(s),
            "doc_type" => {
                DocumentType::from_code(s).map_or_else(|| s.clone(), |d| tr(lang, d.label_key()).into_owned())
            }
            "gender" => Gender::from_code(s).map_or_else(|| s.clone(), |g| tr(lang, g.label_key()).into_owned()),
            "role" => Role::from_code(s).map_or_else(|| s.clone(), |r| tr(lang, r.label_key()).into_owned()),
            _ => s.clone(),
        },
    }
}

fn object(json: Option<&str>) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_str::<Value>(json?) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
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
        let label = field_label(lang, key);
        match (before.get(key), after.get(key)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), b) if old.is_some() => {
                let b = b.map_or_else(|| "—".to_string(), |b| value_text(lang, key, b, after));
                lines.push(format!("{label}：{} → {b}", value_text(lang, key, a, before)));
            }
            (_, Some(b)) => lines.push(format!("{label}：{}", value_text(lang, key, b, after))),
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
    fn odd_values_never_fail() {
        for (old, new) in [(Some("not json"), None), (None, Some("[1,2]")), (Some("{}"), Some("null")), (None, None)] {
            let _ = describe_changes(Lang::Zh, &entry("x.y", old, new));
        }
        assert_eq!(describe_changes(Lang::En, &entry("x.y", Some("not json"), None)), ["not json"]);
    }
}
