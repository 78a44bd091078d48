//! Every action, kind of record and value key the store writes into the audit log has a
//! name in Chinese and in English on the 审计日志 screen. The store's sources are read for
//! what they write (`action: "…"`, `entity: "…"`, the keys of each `json!({ … })`), so a
//! new audit row with an unnamed key fails here, not in front of an administrator.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use greencard::domain::preferences::{LANGUAGE_SETTING, THEME_SETTING, ThemeChoice};
use greencard::exchange::audit_list::{action_label, describe_changes, entity_label, field_label};
use greencard::exchange::import::{Column, MAPPING_SETTING, SavedMapping};
use greencard::i18n::Lang;
use greencard::store::Store;

/// The setting names `setting.set` writes as keys (their constants live in the UI and the
/// domain; these are the ones the program sets).
const SETTING_KEYS: [&str; 4] =
    [LANGUAGE_SETTING, THEME_SETTING, greencard::domain::access::IDLE_LOCK_SETTING, MAPPING_SETTING];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of `text`, each with what follows it.
fn literals(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let body = &rest[start + 1..];
        let Some(end) = body.find('"') else { break };
        out.push((&body[..end], &body[end + 1..]));
        rest = &body[end + 1..];
    }
    out
}

/// The text inside the brackets that open at `open` (a `(`).
fn balanced(text: &str, open: usize) -> &str {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open..open + i];
                }
            }
            _ => {}
        }
    }
    &text[open..]
}

fn is_code(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
}

/// (actions, kinds of record, value keys) the store writes.
fn written() -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store"), &mut files);
    let (mut actions, mut entities, mut keys) = (Vec::new(), Vec::new(), Vec::new());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Tests write made-up rows.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        // `Change { action: …, entity: …, … }`: the action may be chosen by a match
        // (`"renewed" => "card.renew"`) or an `if`, so each code on the right counts.
        for (at, _) in text.match_indices("Change {") {
            let change = balanced(text, at + "Change ".len());
            let Some(action) = change.find("action:") else { continue };
            let until = change[action..].find("entity").map_or(change.len(), |e| action + e);
            let codes = literals(&change[action..until]).into_iter();
            let codes =
                codes.filter(|(s, after)| is_code(s) && s.contains('.') && !after.trim_start().starts_with("=>"));
            actions.extend(codes.map(|(s, _)| s.to_string()));
            if let Some(entity) = change.find("entity: \"") {
                entities.extend(literals(&change[entity..]).into_iter().take(1).map(|(s, _)| s.to_string()));
            }
        }
        for line in text.lines().filter(|l| l.contains("_ACTION: &str")) {
            actions.extend(literals(line).into_iter().map(|(s, _)| s.to_string()));
        }
        for (at, _) in text.match_indices("json!(") {
            let inside = balanced(text, at + "json!".len());
            for (s, after) in literals(inside) {
                let after = after.trim_start();
                if is_code(s) && after.starts_with(':') && !after.starts_with("::") {
                    keys.push(s.to_string());
                }
            }
        }
    }
    keys.extend(SETTING_KEYS.map(String::from));
    keys.extend(greencard::domain::alerts::SETTING_KEYS.map(String::from));
    for list in [&mut actions, &mut entities, &mut keys] {
        list.sort();
        list.dedup();
    }
    (actions, entities, keys)
}

/// A Chinese name: not the code, and no Latin letters in it.
fn chinese(label: &str, code: &str) -> bool {
    label != code && !label.is_empty() && !label.chars().any(|c| c.is_ascii_alphabetic())
}

#[test]
fn the_scan_finds_what_the_store_writes() {
    let (actions, entities, keys) = written();
    for a in ["zone.target", "demo.generate", "talent.update", "database.restore", "user.set_access"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    for e in ["zone", "zone_target", "database", "talent"] {
        assert!(entities.iter().any(|x| x == e), "{e} in {entities:?}");
    }
    for k in ["grants", "apartments", "renewals", "talents", "amount", "birth_date", "audit_head", "ui.theme"] {
        assert!(keys.iter().any(|x| x == k), "{k} in {keys:?}");
    }
    assert!(actions.len() > 50 && entities.len() > 15 && keys.len() > 100, "{actions:?} {entities:?} {keys:?}");
}

#[test]
fn every_action_kind_and_key_the_store_writes_has_a_name_in_both_languages() {
    let (actions, entities, keys) = written();
    let mut missing = Vec::new();
    for a in &actions {
        if !chinese(&action_label(Lang::Zh, a), a) || action_label(Lang::En, a) == *a {
            missing.push(format!("action {a}"));
        }
    }
    for e in &entities {
        if !chinese(&entity_label(Lang::Zh, e), e) || entity_label(Lang::En, e) == *e {
            missing.push(format!("kind of record {e}"));
        }
    }
    for k in &keys {
        // The key's own name (a few keys are named apart in their action, tested below).
        if !chinese(&field_label(Lang::Zh, "", k), k) || field_label(Lang::En, "", k) == *k {
            missing.push(format!("key {k}"));
        }
    }
    assert!(missing.is_empty(), "no name on the audit screen: {missing:?}");
}

#[test]
fn keys_that_mean_something_else_in_their_action_are_named_for_it() {
    // A restore's `from` is the backup file; elsewhere (a rent's `from`) it opens a range.
    assert_eq!(field_label(Lang::Zh, "database.restore", "from"), "恢复自的备份");
    assert_eq!(field_label(Lang::En, "database.restore", "from"), "Restored from backup");
    assert_eq!(field_label(Lang::Zh, "housing.market_rent", "from"), "起");
}

#[test]
fn a_settings_change_names_each_choice_as_the_settings_screen_does() {
    let mut store = Store::open_in_memory().unwrap();
    let admin = common::add_admin(&mut store);
    store.set_setting(Some(&admin), THEME_SETTING, ThemeChoice::Dark.code()).unwrap();
    store.set_setting(Some(&admin), THEME_SETTING, ThemeChoice::Light.code()).unwrap();
    store.set_setting(Some(&admin), LANGUAGE_SETTING, Lang::En.code()).unwrap();
    let first = SavedMapping([("身份证号".to_string(), Some(Column::DocNumber))].into());
    first.save(&mut store, &admin).unwrap();
    let mut second = first.clone();
    second.0.insert("备注".into(), None);
    second.0.insert("手机".into(), Some(Column::Phone));
    second.save(&mut store, &admin).unwrap();

    // Newest first: the two mappings, the language, the theme back and forth.
    let rows = store.recent_audit(5).unwrap();
    let zh: Vec<Vec<String>> = rows.iter().map(|r| describe_changes(Lang::Zh, r)).collect();
    assert_eq!(zh[4], ["配色：深色"]);
    assert_eq!(zh[3], ["配色：深色 → 浅色"]);
    assert_eq!(zh[2], ["界面语言：English"]);
    assert_eq!(zh[1], ["人才导入列对应：“身份证号”列导入为证件号码"]);
    // A later save names only the headings it added or changed.
    assert_eq!(zh[0], ["人才导入列对应：“备注”列不导入、“手机”列导入为手机号码"]);
    let en: Vec<Vec<String>> = rows.iter().map(|r| describe_changes(Lang::En, r)).collect();
    assert_eq!(en[3], ["Theme：Dark → Light"], "{en:?}");
    assert_eq!(en[2], ["Language：English"]);
}
