//! The classic bad values — empty, spaces only, 10,000 characters, emoji, SQL quotes,
//! negative and huge numbers, 2023-02-29 — fed to every field: through each domain `parse`,
//! through the main forms of the window (talent, card reason, lease, grant, policy), and as
//! each argument of the command line. Each is refused with a clear Chinese message (never a
//! raw key, `{:?}` or a panic) and the database is exactly as it was (a digest of every
//! table before and after); where a value is legitimate for a field (free text, an optional
//! field left empty) the table says so and why.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "../fuzz/entries.rs"]
mod entries;

use chrono::NaiveDate;
use greencard::domain::access::IdleMinutes;
use greencard::domain::account::Username;
use greencard::domain::card::CardNumber;
use greencard::domain::dates::parse_date;
use greencard::domain::grants::parse_plan;
use greencard::domain::housing::Area;
use greencard::domain::talent::{parse_email, parse_name, parse_phone};
use greencard::domain::text::parse_reason;
use greencard::domain::{Bp, CreditCode, DocumentNumber, DocumentType, Fen, Message, Problem, TierCode};

/// The classic bad values, by name.
pub fn bad_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("spaces", "   \u{3000} ".to_string()),
        ("10,000 characters", "张".repeat(10_000)),
        ("10,000 digits", "9".repeat(10_000)),
        ("emoji", "😀👨‍👩‍👧".to_string()),
        ("SQL quotes", "'; DROP TABLE talents; --".to_string()),
        ("negative", "-1".to_string()),
        ("negative amount", "-100.00".to_string()),
        ("huge", "99999999999999999999999".to_string()),
        ("huge float", "1e308".to_string()),
        ("not a day", "2023-02-29".to_string()),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

type Parse = fn(&str) -> Result<(), Message>;

fn msg(p: &dyn Problem) -> Message {
    Message::of(p)
}

/// Every field the office types, with the bad values it rightly accepts and why.
fn fields() -> Vec<(&'static str, Parse, &'static [&'static str])> {
    const OPTIONAL: &[&str] = &["empty", "spaces"];
    vec![
        ("姓名", |s| parse_name(s).map(drop), &[]),
        (
            "居民身份证号",
            |s| DocumentNumber::parse(DocumentType::ResidentId, s, today()).map(drop).map_err(|e| msg(&e)),
            &[],
        ),
        // A foreign passport number is 5 to 17 letters and digits: 1E308 is one.
        (
            "护照号",
            |s| DocumentNumber::parse(DocumentType::Passport, s, today()).map(drop).map_err(|e| msg(&e)),
            &["huge float"],
        ),
        (
            "港澳通行证号",
            |s| DocumentNumber::parse(DocumentType::HkMacaoPermit, s, today()).map(drop).map_err(|e| msg(&e)),
            &[],
        ),
        (
            "台胞证号",
            |s| DocumentNumber::parse(DocumentType::TaiwanPermit, s, today()).map(drop).map_err(|e| msg(&e)),
            &[],
        ),
        (
            "永居证号",
            |s| {
                DocumentNumber::parse(DocumentType::ForeignPermanentResident, s, today()).map(drop).map_err(|e| msg(&e))
            },
            &[],
        ),
        ("统一社会信用代码", |s| CreditCode::parse(s).map(drop).map_err(|e| msg(&e)), &[]),
        // Optional: an empty phone or e-mail is no phone or e-mail. A landline may be
        // written with hyphens, so 2023-02-29 is eight digits of a number.
        ("手机号码", |s| parse_phone(s).map(drop), &["empty", "spaces", "not a day"]),
        ("电子邮箱", |s| parse_email(s).map(drop), OPTIONAL),
        ("日期", |s| parse_date(s).map(drop).map_err(|e| msg(&e)), &[]),
        ("金额", |s| Fen::parse_non_negative(s).map(drop).map_err(|e| msg(&e)), &[]),
        ("比例", |s| Bp::parse_percent(s).map(drop).map_err(|e| msg(&e)), &[]),
        ("面积", |s| Area::parse(s).map(drop), &[]),
        ("人才类别", |s| TierCode::parse(s).map(drop).map_err(|e| msg(&e)), &[]),
        ("绿卡号", |s| CardNumber::parse(s).map(drop).map_err(|e| msg(&e)), &[]),
        ("拨付计划", |s| parse_plan(s).map(drop), &[]),
        // Letters, digits, dot, hyphen and underscore make a user name, whatever they spell.
        (
            "用户名",
            |s| Username::parse(s).map(drop).map_err(|e| msg(&e)),
            &["negative", "negative amount", "huge", "huge float", "not a day"],
        ),
        ("锁定分钟", |s| IdleMinutes::parse(s).map(drop).map_err(|e| msg(&e)), &[]),
        // A reason is free text: quotes, numbers and pictures are words like others.
        (
            "原因",
            |s| parse_reason(s).map(drop),
            &["emoji", "SQL quotes", "negative", "negative amount", "huge", "huge float", "not a day"],
        ),
    ]
}

#[test]
fn every_domain_field_refuses_the_classic_bad_values_in_words() {
    let mut refused = 0;
    let mut wrong = Vec::new();
    for (field, parse, accepts) in fields() {
        for (what, value) in bad_values() {
            match parse(&value) {
                Err(m) => {
                    if accepts.contains(&what) {
                        wrong.push(format!("{field} refused {what}: {}", m.text(greencard::i18n::Lang::Zh)));
                    }
                    entries::readable(&m);
                    refused += 1;
                }
                Ok(()) if !accepts.contains(&what) => wrong.push(format!("{field} accepted {what}: {value:.40}")),
                Ok(()) => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(refused > 150, "{refused}");
}

/// A refusal on the command line: a failing exit, one Chinese line, no panic, no debug text.
fn refused_in_words(args: &[String], out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown: Vec<String> = args.iter().map(|a| a.chars().take(30).collect()).collect();
    assert!(!out.status.success(), "{shown:?} succeeded");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{shown:?} panicked: {stderr}");
    for debug in ["Error {", "Err(", "Some(", "Sqlite(", "\\u{"] {
        assert!(!stderr.contains(debug), "{shown:?}: debug text {debug}: {stderr}");
    }
    assert!(stderr.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{shown:?}: not Chinese: {stderr}");
    assert!(stderr.lines().count() <= 3, "{shown:?}: one clear line: {stderr}");
}

fn run(db: &std::path::Path, args: &[String], stdin: &str) -> std::process::Output {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A refused command may never read it; a closed pipe is no failure of the test.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn digest(db: &std::path::Path) -> String {
    greencard::store::Store::open_read_only(db).unwrap().content_digest().unwrap()
}

#[test]
fn every_command_line_argument_refuses_the_classic_bad_values_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    assert!(run(&db, &["demo".into(), "--talents".into(), "200".into()], "").status.success());
    let out = |ext: &str| dir.path().join(format!("list.{ext}")).display().to_string();
    // Each command with `{}` where the bad value goes, and the values it rightly accepts.
    let names_ok: &[&str] = &["huge", "huge float", "not a day"];
    // A display name is free text (empty: the login name); a value starting with '-' reads
    // as an option, so `-1` is refused as one (write `--display-name=-1`).
    let display_ok: &[&str] = &["empty", "spaces", "emoji", "SQL quotes", "huge", "huge float", "not a day"];
    let commands: Vec<(Vec<String>, &[&str])> = vec![
        (vec!["demo".into(), "--talents".into(), "{}".into()], &[]),
        (vec!["demo".into(), "--seed".into(), "{}".into()], &[]),
        (vec!["cards".into(), "renew".into(), "--due-within".into(), "{}".into()], &[]),
        (vec!["export".into(), "cards".into(), "--out".into(), out("xlsx"), "--due-within".into(), "{}".into()], &[]),
        (vec!["export".into(), "grants".into(), "--out".into(), out("csv"), "--year".into(), "{}".into()], &[]),
        (vec!["export".into(), "allocations".into(), "--out".into(), out("pdf"), "--zone".into(), "{}".into()], &[]),
        (vec!["export".into(), "allocations".into(), "--out".into(), out("pdf"), "--as-of".into(), "{}".into()], &[]),
        (vec!["export".into(), "talents".into(), "--out".into(), "{}".into()], &[]),
        (vec!["import".into(), "talents".into(), "{}".into()], &[]),
        (vec!["verify".into(), "{}".into()], &[]),
        (vec!["users".into(), "add".into(), "{}".into(), "--role".into(), "clerk".into()], names_ok),
        (vec!["users".into(), "add".into(), "newbie".into(), "--role".into(), "{}".into()], &[]),
        (
            vec![
                "users".into(),
                "add".into(),
                "{name}".into(),
                "--role".into(),
                "clerk".into(),
                "--display-name".into(),
                "{}".into(),
            ],
            display_ok,
        ),
    ];
    let mut before = digest(&db);
    let mut checked = 0;
    for (n, (template, accepts)) in commands.iter().enumerate() {
        for (i, (what, value)) in bad_values().into_iter().enumerate() {
            let args: Vec<String> = template
                .iter()
                .map(|a| if a == "{}" { value.clone() } else { a.replace("{name}", &format!("user{n}x{i}")) })
                .collect();
            // A value that is a legitimate user name or display name may make a user: the
            // password comes on standard input.
            let result = run(&db, &args, "valid-pass-1\n");
            if accepts.contains(&what) {
                assert!(
                    result.status.success(),
                    "{what} for {template:?}: {}",
                    String::from_utf8_lossy(&result.stderr)
                );
                before = digest(&db);
                continue;
            }
            refused_in_words(&args, &result);
            assert_eq!(digest(&db), before, "{what} for {template:?} changed the database");
            checked += 1;
        }
    }
    // The global --db: a path that is no database.
    for (what, value) in bad_values() {
        let result = run(std::path::Path::new(&value), &["check".to_string()], "");
        assert_ne!(result.status.code(), Some(0), "--db {what}");
        refused_in_words(&["--db".into(), value.clone()], &result);
    }
    assert!(checked > 100, "{checked}");
}
