//! Encryption at rest, in a build with the `encryption` feature (`cargo test --features
//! encryption --test encryption`): a database made with a key is unreadable without it, opens
//! with it, and its backups are encrypted too. Without the feature, `--key-file` is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn greencard(db: &Path, key: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_greencard"));
    command.arg("--db").arg(db);
    if let Some(key) = key {
        command.arg("--key-file").arg(key);
    }
    command.args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(feature = "encryption")]
#[test]
fn a_database_made_with_a_key_opens_only_with_it_and_its_backups_are_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key, wrong) = (dir.path().join("secret.db"), dir.path().join("key.txt"), dir.path().join("wrong.txt"));
    std::fs::write(&key, "绿卡-passphrase-2026\n").unwrap();
    std::fs::write(&wrong, "not-the-passphrase\n").unwrap();
    let demo = greencard(&db, Some(&key), &["demo", "--talents", "200"]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    // No SQLite header, and no name or document in clear anywhere in the file.
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!bytes.windows(6).any(|w| w == "高新".as_bytes()), "zone names are not readable");
    // Without the key, and with a wrong one: refused, the file unchanged.
    let plain = greencard(&db, None, &["check"]);
    assert_eq!(plain.status.code(), Some(2), "{}", text(&plain.stderr));
    let bad = greencard(&db, Some(&wrong), &["check"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("密钥不正确"), "{}", text(&bad.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    // With the key: sound, and the backup is encrypted with the same key.
    let check = greencard(&db, Some(&key), &["check"]);
    assert_eq!(text(&check.stdout).trim(), "ok", "{}", text(&check.stderr));
    let out = dir.path().join("secret-backup.db");
    let backup = greencard(&db, Some(&key), &["backup", "--out", out.to_str().unwrap()]);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert!(!std::fs::read(&out).unwrap().starts_with(b"SQLite format 3"));
    let restored = greencard(&db, Some(&key), &["restore", out.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert_eq!(greencard(&out, None, &["check"]).status.code(), Some(2), "the backup needs the key too");
}

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_a_key_file_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = (dir.path().join("office.db"), dir.path().join("key.txt"));
    std::fs::write(&key, "passphrase").unwrap();
    let out = greencard(&db, Some(&key), &["demo", "--talents", "10"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("不支持加密数据库"), "{}", text(&out.stderr));
    assert!(!db.exists(), "no database was made");
}
