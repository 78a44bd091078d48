//! One test per reason the importer can give for refusing a row or a file. Each row test
//! writes an enterprise's sheet of one row — a valid talent with one thing wrong — and
//! checks that the dry run rejects it at the right column with that reason, in words (both
//! languages, no key and no placeholder left); each file test checks the refusal of a file.
//!
//! The reasons, by where they come from:
//! - the file: `import.no_header`, `import.unknown_format`, `import.cannot_read`,
//!   `import.missing_columns`;
//! - a cell: `talent.err.required`, `import.err.doc_type`, `import.err.gender`,
//!   `import.err.nationality`, `import.err.zone`, `import.err.tier`,
//!   `import.err.employer_code`, `import.err.employer_name`, `import.err.employer_ambiguous`,
//!   the document number's `id.*`, the credit code's `credit_code.*`, the dates' `date.*`;
//! - the record as a whole (the form's rules): `talent.err.name_empty`, `name_too_long`,
//!   `name_char`, `phone`, `mobile`, `email`, `too_long`, `id_says_male`, `id_says_female`,
//!   `birth_mismatch`, `birth_future`, `arrival_before_birth`;
//! - the registry: `import.err.duplicate_in_file`, `talent.err.merged`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use greencard::domain::{CreditCode, DocumentType, Problem, ResidentId};
use greencard::exchange::Progress;
use greencard::exchange::import::{Column, read_talents};
use greencard::i18n::{Lang, tr};
use greencard::store::Store;
use rust_xlsxwriter::Workbook;

/// A value of a cell.
enum V {
    Text(String),
    Number(f64),
}

impl From<&str> for V {
    fn from(s: &str) -> V {
        V::Text(s.to_string())
    }
}

impl From<String> for V {
    fn from(s: String) -> V {
        V::Text(s)
    }
}

impl From<f64> for V {
    fn from(n: f64) -> V {
        V::Number(n)
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A valid resident ID: born 1985-06-01 in Beijing; an odd `seq` is a man.
fn resident_id(seq: u16) -> String {
    ResidentId::from_parts("110105", NaiveDate::from_ymd_opt(1985, 6, 1).unwrap(), seq).unwrap().as_str().to_string()
}

/// A valid unified social credit code that no employer holds.
fn unregistered_code() -> String {
    let first = "91110105567890123";
    format!("{first}{}", CreditCode::check_char(first).unwrap())
}

/// A valid row of every template column (a man born 1985-06-01, zone GX, tier C).
fn base_row() -> Vec<(&'static str, V)> {
    vec![
        ("姓名", "张伟".into()),
        ("证件类型", "居民身份证".into()),
        ("证件号码", resident_id(11).into()),
        ("性别", "男".into()),
        ("出生日期", "1985-06-01".into()),
        ("国籍", "中国".into()),
        ("手机号码", "13800138000".into()),
        ("电子邮箱", "zhang.wei@example.cn".into()),
        ("学历", "博士研究生".into()),
        ("职称", "教授".into()),
        ("领域", "集成电路".into()),
        ("用人单位", "".into()),
        ("统一社会信用代码", "".into()),
        ("开发区", "GX".into()),
        ("人才类别", "C".into()),
        ("到岗日期", "2024-01-05".into()),
    ]
}

/// Writes rows (each the base row with some cells changed) as an .xlsx under the template's
/// headings.
fn sheet(dir: &Path, rows: &[Vec<(&str, V)>]) -> PathBuf {
    let path = dir.join("申报.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let headers: Vec<&str> = Column::ALL.iter().map(|c| c.zh()).collect();
    for (c, h) in (0u16..).zip(&headers) {
        ws.write_string(0, c, *h).unwrap();
    }
    for (r, changes) in (1u32..).zip(rows) {
        let mut row = base_row();
        for (column, value) in changes {
            let cell = row.iter_mut().find(|(h, _)| h == column).unwrap_or_else(|| panic!("no column {column}"));
            cell.1 = match value {
                V::Text(t) => V::Text(t.clone()),
                V::Number(n) => V::Number(*n),
            };
        }
        for (c, (_, value)) in (0u16..).zip(&row) {
            match value {
                V::Text(t) if t.is_empty() => {}
                V::Text(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
                V::Number(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
            }
        }
    }
    book.save(&path).unwrap();
    path
}

/// The (column, reason) of every problem of every rejected row, after the dry run.
fn rejections(store: &Store, rows: &[Vec<(&str, V)>]) -> Vec<(usize, String, &'static str)> {
    let dir = tempfile::tempdir().unwrap();
    let path = sheet(dir.path(), rows);
    let (_, parsed) = read_talents(&path, store, today(), &Progress::new()).unwrap();
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    let mut out = Vec::new();
    for r in &plan.rejected {
        for p in &r.problems {
            for lang in Lang::ALL {
                let text = p.reason.text(lang);
                assert!(!text.is_empty() && text != p.reason.key && !text.contains("%{"), "{lang:?}: {text}");
            }
            out.push((r.row, p.column.clone(), p.reason.key));
        }
    }
    out
}

/// Asserts that the base row changed by `changes` is rejected for exactly one reason.
fn assert_rejects(column: &str, key: &str, changes: Vec<(&str, V)>) {
    let (store, _) = common::office(None, 3);
    let found = rejections(&store, &[changes]);
    assert_eq!(found, [(2, column.to_string(), key)], "row 2 is rejected at {column} for {key}");
}

/// One test per reason: `name: column, key, changes to the valid row`.
macro_rules! rejects {
    ($($name:ident: $column:literal, $key:literal, [$($cell:literal => $value:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                assert_rejects($column, $key, vec![$(($cell, V::from($value))),*]);
            }
        )*
    };
}

/// A passport holder born 1980, so only the change under test is wrong.
macro_rules! passport {
    ($($cell:literal => $value:expr),* $(,)?) => {
        vec![("证件类型", V::from("护照")), ("证件号码", V::from("E12345678")), ("国籍", V::from("德国")),
             ("出生日期", V::from("1980-02-03")), $(($cell, V::from($value))),*]
    };
}

rejects! {
    doc_type_missing: "证件类型", "talent.err.required", ["证件类型" => ""];
    doc_type_unknown: "证件类型", "import.err.doc_type", ["证件类型" => "驾驶证"];
    id_stored_as_a_number: "证件号码", "id.number_stored_as_number", ["证件号码" => 110_105_198_506_010_000.0];
    id_missing: "证件号码", "id.empty", ["证件号码" => ""];
    id_too_short: "证件号码", "id.wrong_length", ["证件号码" => "11010519850601"];
    id_with_a_letter_inside: "证件号码", "id.bad_character", ["证件号码" => "1101051985060A0011"];
    id_of_no_province: "证件号码", "id.unknown_region", ["证件号码" => "990105198506010011"];
    id_with_no_such_birthday: "证件号码", "id.bad_birth_date", ["证件号码" => "110105198513010011"];
    id_born_in_the_future: "证件号码", "id.birth_in_future", ["证件号码" => "110105209901010011"];
    id_born_before_1900: "证件号码", "id.birth_too_early", ["证件号码" => "110105189901010011"];
    id_with_a_wrong_check_character: "证件号码", "id.wrong_check", ["证件号码" => {
        let mut id = resident_id(11);
        let last = if id.ends_with('1') { "2" } else { "1" };
        id.replace_range(17.., last);
        id
    }];
    name_missing: "姓名", "talent.err.name_empty", ["姓名" => ""];
    name_too_long: "姓名", "talent.err.name_too_long", ["姓名" => "长".repeat(101)];
    name_with_a_digit: "姓名", "talent.err.name_char", ["姓名" => "张3"];
    gender_unknown: "性别", "import.err.gender", ["性别" => "未知"];
    gender_against_a_mans_id: "性别", "talent.err.id_says_male", ["性别" => "女"];
    gender_against_a_womans_id: "性别", "talent.err.id_says_female", ["证件号码" => resident_id(12), "性别" => "男"];
    birth_date_against_the_id: "出生日期", "talent.err.birth_mismatch", ["出生日期" => "1990-01-01"];
    nationality_of_one_character: "国籍", "import.err.nationality", ["国籍" => "中"];
    nationality_too_long: "国籍", "talent.err.too_long", ["国籍" => "国".repeat(41)];
    phone_with_letters: "手机号码", "talent.err.phone", ["手机号码" => "138-abc"];
    mobile_of_no_network: "手机号码", "talent.err.mobile", ["手机号码" => "12012345678"];
    email_without_a_domain: "电子邮箱", "talent.err.email", ["电子邮箱" => "zhang@example"];
    education_too_long: "学历", "talent.err.too_long", ["学历" => "学".repeat(41)];
    arrival_before_birth: "到岗日期", "talent.err.arrival_before_birth", ["到岗日期" => "1980-01-01"];
    date_not_understood: "到岗日期", "date.unrecognised", ["到岗日期" => "明年春天"];
    date_that_does_not_exist: "到岗日期", "date.no_such_day", ["到岗日期" => "2024-02-30"];
    zone_missing: "开发区", "talent.err.required", ["开发区" => ""];
    zone_unknown: "开发区", "import.err.zone", ["开发区" => "滨江区"];
    tier_missing: "人才类别", "talent.err.required", ["人才类别" => ""];
    tier_unknown: "人才类别", "import.err.tier", ["人才类别" => "Z类"];
    employer_code_not_registered: "统一社会信用代码", "import.err.employer_code", ["统一社会信用代码" => unregistered_code()];
    credit_code_too_short: "统一社会信用代码", "credit_code.wrong_length", ["统一社会信用代码" => "9111010556789"];
    credit_code_with_a_bad_letter: "统一社会信用代码", "credit_code.bad_character", ["统一社会信用代码" => "91110105567890123I"];
    credit_code_with_a_wrong_check: "统一社会信用代码", "credit_code.wrong_check", ["统一社会信用代码" => {
        let code = unregistered_code();
        let wrong = if code.ends_with('0') { "1" } else { "0" };
        format!("{}{wrong}", &code[..17])
    }];
    employer_name_not_registered: "用人单位", "import.err.employer_name", ["用人单位" => "不存在科技有限公司"];
}

#[test]
fn passport_malformed() {
    assert_rejects("证件号码", "id.bad_passport", passport!["证件号码" => "E1"]);
}

#[test]
fn hong_kong_macao_permit_malformed() {
    assert_rejects(
        "证件号码",
        "id.bad_hk_macao_permit",
        passport!["证件类型" => "港澳通行证", "证件号码" => "X1234567"],
    );
}

#[test]
fn taiwan_permit_malformed() {
    assert_rejects("证件号码", "id.bad_taiwan_permit", passport!["证件类型" => "台胞证", "证件号码" => "1234"]);
}

#[test]
fn foreign_permanent_card_malformed() {
    let kind = tr(Lang::Zh, DocumentType::ForeignPermanentResident.label_key()).into_owned();
    assert_rejects("证件号码", "id.bad_foreign_permanent", passport!["证件类型" => kind, "证件号码" => "ABC"]);
}

#[test]
fn birth_date_missing_without_a_resident_id() {
    assert_rejects("出生日期", "talent.err.required", passport!["出生日期" => ""]);
}

#[test]
fn birth_date_in_the_future() {
    assert_rejects("出生日期", "talent.err.birth_future", passport!["出生日期" => "2099-01-01"]);
}

#[test]
fn nationality_missing_without_a_resident_id() {
    assert_rejects("国籍", "talent.err.required", passport!["国籍" => ""]);
}

#[test]
fn employer_name_shared_by_two_employers() {
    let (mut store, people) = common::office(None, 3);
    let zone = store.zones().unwrap().remove(0).id;
    let name = "同名科技有限公司";
    for first in ["91110105567890124", "91110105567890125"] {
        let code = CreditCode::parse(&format!("{first}{}", CreditCode::check_char(first).unwrap())).unwrap();
        store.create_employer(&people.admin, name, &code, zone).unwrap();
    }
    let found = rejections(&store, &[vec![("用人单位", name.into())]]);
    assert_eq!(found, [(2, "用人单位".to_string(), "import.err.employer_ambiguous")]);
}

#[test]
fn one_document_twice_in_the_file() {
    let (store, _) = common::office(None, 3);
    let found = rejections(&store, &[vec![], vec![("姓名", "张伟明".into())]]);
    let expected = |row| (row, "证件号码".to_string(), "import.err.duplicate_in_file");
    assert_eq!(found, [expected(2), expected(3)], "both rows name each other");
}

#[test]
fn a_document_of_a_merged_record() {
    let (mut store, people) = common::office(None, 3);
    // Two records of one person under two documents, merged: the second stays in the file.
    let dir = tempfile::tempdir().unwrap();
    let path = sheet(dir.path(), &[vec![], vec![("证件号码", resident_id(13).into()), ("姓名", "张伟".into())]]);
    let (_, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    store.apply_import(&people.clerk, &plan).unwrap();
    let pair = store.duplicate_pairs(10).unwrap().into_iter().find(|p| p.a.name == "张伟").unwrap();
    store.merge_duplicate(&people.admin, pair.id, pair.a.id).unwrap();
    let merged = pair.b.doc_number.whole().to_string();
    let found = rejections(&store, &[vec![("证件号码", merged.into())]]);
    assert_eq!(found, [(2, "证件号码".to_string(), "talent.err.merged")]);
}

/// The refusal of a whole file, in Chinese.
fn refusal(store: &Store, path: &Path) -> (&'static str, String) {
    let e = read_talents(path, store, today(), &Progress::new()).err().unwrap();
    (e.key(), e.text(Lang::Zh))
}

#[test]
fn a_file_without_any_text_has_no_header() {
    let (store, _) = common::office(None, 3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("空.csv");
    std::fs::write(&path, ",,\n\n").unwrap();
    assert_eq!(refusal(&store, &path).0, "import.no_header");
}

#[test]
fn a_file_that_is_no_spreadsheet() {
    let (store, _) = common::office(None, 3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("照片.jpg");
    std::fs::write(&path, [0xFF, 0xD8, 0xFF, 0xE0]).unwrap();
    let (key, text) = refusal(&store, &path);
    assert_eq!(key, "import.unknown_format");
    assert!(text.contains("照片.jpg"), "{text}");
}

#[test]
fn a_file_that_cannot_be_read() {
    let (store, _) = common::office(None, 3);
    let dir = tempfile::tempdir().unwrap();
    let (key, text) = refusal(&store, &dir.path().join("不存在.xlsx"));
    assert_eq!(key, "import.cannot_read");
    assert!(text.contains("不存在.xlsx"), "{text}");
}

#[test]
fn a_file_without_the_required_columns() {
    let (store, _) = common::office(None, 3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("缺列.csv");
    std::fs::write(&path, "姓名,手机号码\n张伟,13800138000\n").unwrap();
    let (key, text) = refusal(&store, &path);
    assert_eq!(key, "import.missing_columns");
    assert!(text.contains("证件类型、证件号码、开发区、人才类别"), "{text}");
}
