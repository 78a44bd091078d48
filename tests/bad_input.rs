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

mod forms {
    //! The main forms of the window, each field given every bad value it must refuse.

    use super::{bad_values, today};
    use crate::common::{self, ADMIN, button_enabled, click_button, harness, log_in, shows, shows_part, type_into};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};
    use greencard::domain::dates::parse_date;
    use greencard::domain::talent::{TalentField, TalentInput, parse_talent};
    use greencard::domain::text::parse_reason;
    use greencard::domain::{DocumentType, Fen, Problem, TierCode};
    use greencard::i18n::Lang;
    use greencard::ui::GreencardApp;

    type H = Harness<'static, GreencardApp>;

    fn digest(h: &H) -> String {
        h.state().store().content_digest().unwrap()
    }

    /// The value the field holds now (a long paste is cut to the field's limit).
    fn value(h: &H, label: &str) -> String {
        h.get_by_role_and_label(Role::TextInput, label).accesskit_node().value().unwrap_or_default()
    }

    /// An administrator in a demo office with cards, leases, grants and applicants waiting.
    fn office() -> H {
        let (mut store, office) = common::office(None, 150);
        let demo = greencard::demo::generate(150, 4, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        store.insert_demo_cards(&office.admin, today(), &greencard::demo::cards(&demo, 4, today())).unwrap();
        store.insert_demo_housing(&office.admin, today()).unwrap();
        store.insert_demo_grants(&office.admin, today()).unwrap();
        // Someone without a lease waits for an apartment.
        let lessees: Vec<i64> =
            store.allocations(today(), None, None).unwrap().iter().map(|l| l.lease.talent_id).collect();
        let waiting = (1..).find(|id| !lessees.contains(id)).unwrap();
        office.approved(&mut store, greencard::store::ApplicationKind::Apartment, waiting);
        let mut h = harness(store);
        // An emoji draws as a box, as in the window (the harness otherwise refuses glyphs
        // the font lacks, to catch names that would not show).
        h.ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        log_in(&mut h, ADMIN.0, ADMIN.1);
        h
    }

    /// The talent form's field labels, what each is, and the bad values it may leave alone
    /// (an optional field left empty is no value).
    const TALENT_FIELDS: [(&str, TalentField, &[&str]); 7] = [
        ("姓名", TalentField::Name, &[]),
        ("证件号码", TalentField::DocNumber, &[]),
        ("出生日期", TalentField::BirthDate, &[]),
        // A resident ID says 中国 when the nationality is left empty.
        ("国籍", TalentField::Nationality, &["empty", "spaces"]),
        ("手机号码", TalentField::Phone, &["empty", "spaces", "not a day"]),
        ("电子邮箱", TalentField::Email, &["empty", "spaces"]),
        ("到岗日期", TalentField::ArrivalDate, &["empty", "spaces"]),
    ];

    fn set(input: &mut TalentInput, field: TalentField, value: String) {
        match field {
            TalentField::Name => input.name = value,
            TalentField::DocNumber => input.doc_number = value,
            TalentField::BirthDate => input.birth_date = value,
            TalentField::Nationality => input.nationality = value,
            TalentField::Phone => input.phone = value,
            TalentField::Email => input.email = value,
            _ => input.arrival_date = value,
        }
    }

    #[test]
    fn the_talent_form_shows_each_refusal_at_its_field_and_never_saves() {
        let mut h = office();
        let before = digest(&h);
        click_button(&mut h, "新增人才");
        let tiers: Vec<TierCode> = ["A", "B", "C", "D", "E"].iter().map(|t| TierCode::parse(t).unwrap()).collect();
        let mut shown = 0;
        for (label, field, accepts) in TALENT_FIELDS {
            for (what, bad) in bad_values().into_iter().filter(|(w, _)| !accepts.contains(w)) {
                type_into(&mut h, label, &bad);
                // Leaving the field checks it.
                let other = if label == "学历" { "职称" } else { "学历" };
                type_into(&mut h, other, "");
                // The form's record as the domain sees it: a new form with only this field typed.
                let mut input = TalentInput {
                    doc_type: Some(DocumentType::ResidentId),
                    nationality: "中国".into(),
                    ..TalentInput::default()
                };
                set(&mut input, field, value(&h, label));
                let errors = parse_talent(&input, &tiers, today()).err().unwrap_or_default();
                let message = errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m.text(Lang::Zh));
                let message = message.unwrap_or_else(|| panic!("{label}: {what} is refused"));
                assert!(shows(&h, &message), "{label} / {what}: {message} at the field");
                assert!(!button_enabled(&h, "保存"), "{label} / {what}");
                h.key_press(egui::Key::Enter);
                h.run();
                shown += 1;
                type_into(&mut h, label, "");
            }
        }
        assert!(shown > 60, "{shown}");
        assert_eq!(digest(&h), before, "nothing was written");
    }

    #[test]
    fn a_card_action_with_a_bad_reason_says_why_and_changes_nothing() {
        let mut h = office();
        let query = greencard::store::CardQuery {
            state: Some(greencard::domain::card::CardState::Valid),
            ..greencard::store::CardQuery::all(today())
        };
        let card = h.state().store().card_list(&query, 1).unwrap();
        h.state_mut().open_card(card[0].id);
        h.run();
        let before = digest(&h);
        for (what, bad) in bad_values() {
            let Err(refusal) = parse_reason(&bad) else { continue };
            type_into(&mut h, "原因", &bad);
            click_button(&mut h, "暂停");
            assert!(shows_part(&h, &refusal.text(Lang::Zh)), "{what}: {}", refusal.text(Lang::Zh));
            assert_eq!(digest(&h), before, "{what} changed the database");
        }
        // Quotes are words in a reason: stored as typed, the tables untouched.
        type_into(&mut h, "原因", "'; DROP TABLE talents; --");
        click_button(&mut h, "暂停");
        let stored = h.state().store().card(card[0].id).unwrap();
        assert_eq!(stored.status_reason, "'; DROP TABLE talents; --");
        assert!(h.state().store().talent(stored.talent_id).is_ok());
    }

    #[test]
    fn the_lease_grant_and_policy_forms_refuse_bad_dates_and_amounts_at_the_field() {
        let mut h = office();
        let before = digest(&h);
        // 配租: the start, end and deposit (an emptied date or deposit is filled in again at
        // once, so empty and spaces are not bad there).
        click_button(&mut h, "人才公寓");
        let waiting = h.state().store().waiting_list(today()).unwrap().len();
        assert!(waiting > 0, "applicants wait");
        common::click_tab(&mut h, "轮候");
        h.query_all_by_label("配租").next().expect("an applicant waits").click();
        h.run();
        for (label, money) in [("起租日期", false), ("租期至", false), ("押金", true)] {
            for (what, bad) in bad_values().into_iter().filter(|(w, _)| !["empty", "spaces"].contains(w)) {
                type_into(&mut h, label, &bad);
                let typed = value(&h, label);
                let refusal = if money {
                    Fen::parse_non_negative(&typed).err().map(|e| e.text(Lang::Zh))
                } else {
                    parse_date(&typed).err().map(|e| e.text(Lang::Zh))
                };
                let refusal = refusal.unwrap_or_else(|| panic!("{label}: {what}"));
                assert!(shows(&h, &refusal), "{label} / {what}: {refusal}");
                assert!(!button_enabled(&h, "签订租约"), "{label} / {what}");
            }
            type_into(&mut h, label, "");
        }
        // 申请资助: the amounts.
        click_button(&mut h, "创业资助");
        common::click_tab(&mut h, "申请资助");
        for label in ["申请金额", "自有投入"] {
            for (what, bad) in bad_values().into_iter().filter(|(w, _)| !["empty", "spaces"].contains(w)) {
                type_into(&mut h, label, &bad);
                let refusal = Fen::parse_non_negative(&value(&h, label)).err().map(|e| e.text(Lang::Zh));
                let refusal = refusal.unwrap_or_else(|| panic!("{label}: {what}"));
                assert!(shows(&h, &refusal), "{label} / {what}: {refusal}");
                click_button(&mut h, "提交申请");
            }
            type_into(&mut h, label, "");
        }
        // 新建政策版本: the terms and the effective day.
        click_button(&mut h, "设置");
        common::click_tab(&mut h, "政策参数");
        common::click_tab(&mut h, "新建政策版本");
        for label in ["生效日期", "到期前可续期", "公寓最长租住"] {
            for (what, bad) in bad_values() {
                type_into(&mut h, label, &bad);
                assert!(!button_enabled(&h, "保存为新版本"), "{label} / {what}");
            }
        }
        assert_eq!(digest(&h), before, "nothing was written");
    }
}
