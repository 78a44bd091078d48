//! Every i18n key the code names must exist in both languages: a missing key would show
//! the clerk the raw key instead of a sentence.

use std::collections::BTreeSet;
use std::path::Path;

use greencard::i18n::{Lang, all_texts};

fn rust_files(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

/// String literals that look like keys: lower-case words joined by dots.
fn literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains('.')
                && !s.starts_with('.')
                && !s.ends_with('.')
                && s.split('.').all(|w| {
                    !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                })
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_key_named_in_the_code_has_both_texts() {
    let zh: BTreeSet<String> = all_texts(Lang::Zh).into_iter().map(|(k, _)| k).collect();
    let en: BTreeSet<String> = all_texts(Lang::En).into_iter().map(|(k, _)| k).collect();
    let prefixes: BTreeSet<String> = zh.iter().filter_map(|k| k.split('.').next()).map(str::to_string).collect();
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut missing = BTreeSet::new();
    let mut seen = 0;
    for text in &files {
        for key in literals(text) {
            let prefix = key.split('.').next().unwrap_or_default();
            if !prefixes.contains(prefix) {
                continue;
            }
            seen += 1;
            if !zh.contains(&key) || !en.contains(&key) {
                missing.insert(key);
            }
        }
    }
    assert!(seen > 100, "only {seen} keys found in the source");
    assert!(missing.is_empty(), "keys without texts: {missing:?}");
}
