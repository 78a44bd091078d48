//! The headless commands, run as a user would run them: the real binary on real files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn greencard(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(db).args(args).output().unwrap()
}

fn with_stdin(db: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_greencard"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn demo_then_check_prints_ok_and_the_demo_logins_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = greencard(&db, &["demo", "--talents", "1000", "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1000 名人才"), "{stdout}");
    let check = greencard(&db, &["check"]);
    assert_eq!(text(&check.stdout).trim(), "ok", "{}", text(&check.stderr));
    assert!(check.status.success());
    // Every demo user can log in with the printed password.
    let mut store = greencard::store::Store::open(&db).unwrap();
    for name in ["admin", "clerk", "review", "recheck", "committee"] {
        let line = stdout.lines().find(|l| l.trim_start().starts_with(&format!("{name} "))).unwrap();
        let password = line.split_whitespace().nth(1).unwrap();
        let actor = store.authenticate(name, password).unwrap();
        assert_eq!(actor.username, name);
    }
    assert_eq!(store.registry_counts().unwrap().talents, 1000);
}

#[test]
fn demo_refuses_a_database_that_has_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("used.db");
    assert!(greencard(&db, &["demo", "--talents", "50"]).status.success());
    let again = greencard(&db, &["demo", "--talents", "50"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("新的数据库"), "{}", text(&again.stderr));
    let store = greencard::store::Store::open(&db).unwrap();
    assert_eq!(store.registry_counts().unwrap().talents, 50);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "这不是数据库 — just some notes\n".repeat(100)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = greencard(&db, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("不是 greencard 数据库"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!dir.path().join("notes.db-wal").exists());
}

#[test]
fn a_database_from_a_newer_program_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 999;").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = greencard(&db, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("更新版本"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_path_that_cannot_be_created_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no").join("such").join("folder").join("x.db");
    let out = greencard(&db, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("无法打开或创建数据库"), "{}", text(&out.stderr));
    assert!(!db.exists());
    assert!(!text(&out.stderr).contains("panicked"));
}

#[test]
fn users_add_reads_the_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.db");
    let out = with_stdin(&db, &["users", "add", "wang", "--role", "clerk", "--display-name", "王晓"], "counter-2026\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wang"));
    let mut store = greencard::store::Store::open(&db).unwrap();
    let actor = store.authenticate("wang", "counter-2026").unwrap();
    assert_eq!(actor.role, greencard::domain::Role::Clerk);
    assert_eq!(actor.display_name, "王晓");
}

#[test]
fn users_add_refuses_bad_input_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    let cases: [(&[&str], &str, &str); 4] = [
        (&["users", "add", "wang", "--role", "boss"], "long-enough-1\n", "未知角色"),
        (&["users", "add", "wang", "--role", "clerk"], "short\n", "密码至少 8 位"),
        (&["users", "add", "'; DROP TABLE users;--", "--role", "clerk"], "long-enough-1\n", "用户名只能包含"),
        (&["users", "add", "", "--role", "clerk"], "long-enough-1\n", "请填写用户名"),
    ];
    for (args, input, expected) in cases {
        let out = with_stdin(&db, args, input);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    let store = greencard::store::Store::open(&db).unwrap();
    assert_eq!(store.user_count().unwrap(), 0);
}

#[test]
fn check_names_the_first_tampered_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tamper.db");
    assert!(greencard(&db, &["demo", "--talents", "20"]).status.success());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET username = 'nobody' WHERE id = 3;",
        )
        .unwrap();
    }
    let out = greencard(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("audit chain broken at row 3"), "{}", text(&out.stdout));
}

#[test]
fn a_mistyped_command_line_names_the_word_it_did_not_understand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    // Each line a clerk might type, and what the one refusal line must repeat back.
    let cases: &[(&[&str], &str)] = &[
        (&["frobnicate"], "不认识的命令“frobnicate”"),
        (&["users", "frob"], "不认识的命令“frob”"),
        (&["--frobnicate"], "不认识的参数 --frobnicate"),
        (&["users", "add", "newbie"], "缺少参数 --role"),
        (&["export", "cards", "--out"], "参数 --out <FILE> 后面缺少值"),
        (&["users", "add", "a", "--role", "clerk", "--role", "clerk"], "参数 --role <ROLE> 只能给一次"),
    ];
    for (args, expected) in cases {
        let out = greencard(&db, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    assert!(!db.exists(), "a refused command line creates no database");
    // A group without its subcommand shows its help, but as a refusal a script can see.
    let out = greencard(&db, &["cards"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("renew"));
    assert_eq!(greencard(&db, &["--help"]).status.code(), Some(0));
}
