//! Importing talents as a clerk does it: a real enterprise spreadsheet (shuffled headings,
//! full-width digits, Chinese dates, an Excel date cell, an ID Excel turned into a number
//! …), CSV files in GB18030 and UTF-8 with BOM, the dry run, the one-transaction import,
//! the rejection report and the command line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use greencard::domain::talent::TalentField;
use greencard::domain::{DocumentType, Problem, ResidentId};
use greencard::exchange::Progress;
use greencard::exchange::import::{read_talents, write_report, write_template};
use greencard::i18n::{Lang, tr};
use greencard::store::{Store, Talent, TalentQuery};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADERS: [&str; 11] = [
    "证件号码",
    "姓名",
    "开发区",
    "证件类型",
    "人才类别",
    "手机号码",
    "到岗日期",
    "性别",
    "出生日期",
    "国籍",
    "统一社会信用代码",
];

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn resident_id(seq: u16) -> String {
    ResidentId::from_parts("110105", NaiveDate::from_ymd_opt(1985, 6, 1).unwrap(), seq).unwrap().as_str().to_string()
}

fn full_width(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
}

/// A stored talent's row as its enterprise would send it, with another phone if given.
fn row_of(t: &Talent, employer_code: &str, phone: Option<&str>) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let gender = if t.gender == greencard::domain::Gender::Male { "男" } else { "女" };
    vec![
        t.doc_number.whole().to_string(),
        t.name.clone(),
        t.zone_name.clone(),
        tr(Lang::Zh, t.doc_type.label_key()).into_owned(),
        t.tier.clone(),
        phone.unwrap_or(t.phone.whole()).to_string(),
        date(t.arrival_date),
        gender.to_string(),
        date(Some(t.birth_date)),
        t.nationality.clone(),
        employer_code.to_string(),
    ]
}

/// Two stored talents: one whose phone the file changes, one the file repeats as it is.
fn two_talents(store: &Store) -> (Talent, Vec<String>, Talent, Vec<String>) {
    let rows = store.search_talents(&TalentQuery::default(), 0, 2).unwrap();
    let a = store.talent(rows[0].id).unwrap();
    let b = store.talent(rows[1].id).unwrap();
    let code = |t: &Talent| {
        let employers = store.employers().unwrap();
        employers.iter().find(|e| Some(e.id) == t.employer_id).map(|e| e.credit_code.clone()).unwrap_or_default()
    };
    let new_phone = if a.phone.whole() == "13912345678" { "13912345679" } else { "13912345678" };
    let row_a = row_of(&a, &code(&a), Some(new_phone));
    let row_b = row_of(&b, &code(&b), None);
    (a, row_a, b, row_b)
}

/// Writes the enterprise's messy sheet; returns its path. Rows (sheet row numbers):
/// 2 new (full-width ID, 2024年1月5日), 3 new (an Excel date cell), 4 an ID stored as a
/// number, 5 a wrong check character, 6 an unknown zone, 7 and 8 one document twice,
/// 9 a stored talent with a new phone, 10 a stored talent unchanged.
fn messy_xlsx(dir: &Path, store: &Store) -> PathBuf {
    let path = dir.join("企业报送.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(HEADERS) {
        sheet.write_string(0, c, h).unwrap();
    }
    let plain = |id: String, name: &str, zone: &str| {
        vec![id, name.to_string(), zone.to_string(), "居民身份证".into(), "C".into(), String::new()]
    };
    let mut bad_check = resident_id(5);
    bad_check.replace_range(17.., if bad_check.ends_with('1') { "2" } else { "1" });
    let rows: Vec<Vec<String>> = vec![
        {
            let mut r = plain(full_width(&resident_id(1)), "李　明", "高新技术产业开发区");
            r.push("2024年1月5日".into());
            r
        },
        plain(resident_id(2), "王芳", "GX"),
        plain(String::new(), "赵四", "GX"),
        plain(bad_check, "钱五", "GX"),
        plain(resident_id(6), "孙六", "滨江区"),
        plain(resident_id(7), "周七", "GX"),
        plain(resident_id(7), "吴八", "GX"),
    ];
    for (r, cells) in (1u32..).zip(&rows) {
        for (c, v) in (0u16..).zip(cells) {
            if !v.is_empty() {
                sheet.write_string(r, c, v).unwrap();
            }
        }
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    sheet.write_datetime_with_format(2, 6, ExcelDateTime::from_ymd(2024, 3, 1).unwrap(), &date).unwrap();
    sheet.write_number(3, 0, 110_105_198_506_010_000.0).unwrap();
    let (_, row_a, _, row_b) = two_talents(store);
    for (r, cells) in [(8u32, row_a), (9, row_b)] {
        for (c, v) in (0u16..).zip(&cells) {
            sheet.write_string(r, c, v).unwrap();
        }
    }
    book.save(&path).unwrap();
    path
}

fn office_with_file() -> (tempfile::TempDir, Store, common::Office, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (store, office) = common::office(None, 40);
    let path = messy_xlsx(dir.path(), &store);
    (dir, store, office, path)
}

#[test]
fn the_dry_run_shows_every_outcome_and_changes_nothing() {
    let (_dir, store, _, path) = office_with_file();
    let (a, _, b, _) = two_talents(&store);
    let before = (store.registry_counts().unwrap(), store.recent_audit(1).unwrap());
    let (headers, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    assert_eq!(headers, HEADERS);
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    let rows = |v: Vec<usize>| v;
    assert_eq!(rows(plan.new.iter().map(|n| n.row).collect()), [2, 3]);
    assert_eq!(plan.new[0].talent.name, "李 明");
    assert_eq!(plan.new[0].talent.doc.as_str(), resident_id(1), "full-width digits are read");
    assert_eq!(plan.new[0].talent.arrival_date, NaiveDate::from_ymd_opt(2024, 1, 5));
    assert_eq!(plan.new[1].talent.arrival_date, NaiveDate::from_ymd_opt(2024, 3, 1), "an Excel date cell");
    assert_eq!(plan.updated.len(), 1);
    assert_eq!((plan.updated[0].row, plan.updated[0].talent_id), (9, a.id));
    assert_eq!(plan.updated[0].changed, [TalentField::Phone]);
    assert_eq!(tr(Lang::Zh, plan.updated[0].changed[0].label_key()), "手机号码");
    assert_eq!(plan.unchanged, [(10, b.id)]);
    let rejected: Vec<(usize, &str, &str)> = plan
        .rejected
        .iter()
        .flat_map(|r| r.problems.iter().map(move |p| (r.row, p.column.as_str(), p.reason.key)))
        .collect();
    assert_eq!(
        rejected,
        [
            (4, "证件号码", "id.number_stored_as_number"),
            (5, "证件号码", "id.wrong_check"),
            (6, "开发区", "import.err.zone"),
            (7, "证件号码", "import.err.duplicate_in_file"),
            (8, "证件号码", "import.err.duplicate_in_file"),
        ]
    );
    let text = plan.rejected[0].problems[0].reason.text(Lang::Zh);
    assert!(text.contains("末几位已丢失"), "{text}");
    assert!(plan.rejected[3].problems[0].reason.text(Lang::Zh).contains('8'));
    assert_eq!(before, (store.registry_counts().unwrap(), store.recent_audit(1).unwrap()), "a dry run writes nothing");
}

#[test]
fn the_import_writes_every_valid_row_with_its_audit_row() {
    let (_dir, mut store, office, path) = office_with_file();
    let (a, row_a, _, _) = two_talents(&store);
    let talents = store.registry_counts().unwrap().talents;
    let last_audit = store.recent_audit(1).unwrap()[0].id;
    let (_, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    let counts = store.apply_import(&office.clerk, &plan).unwrap();
    assert_eq!((counts.new, counts.updated, counts.unchanged, counts.rejected), (2, 1, 1, 5));
    assert_eq!(store.registry_counts().unwrap().talents, talents + 2);
    assert_eq!(store.talent(a.id).unwrap().phone.whole(), row_a[5]);
    let id = store.document_holder(DocumentType::ResidentId, &resident_id(2)).unwrap().unwrap().0;
    let found = store.search_talents(&TalentQuery { text: "王芳".into(), ..TalentQuery::default() }, 0, 50).unwrap();
    assert!(found.iter().any(|r| r.id == id), "a new talent is found by the search at once");
    let audit: Vec<_> = store.recent_audit(10).unwrap().into_iter().filter(|e| e.id > last_audit).collect();
    let actions: Vec<&str> = audit.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["talent.create", "talent.create", "talent.update", "talent.import"]);
    assert!(audit.iter().all(|e| e.username == "clerk"));
    assert_eq!(store.talent_history(id).unwrap().len(), 1);
    assert!(store.check().unwrap().is_empty(), "the audit chain and the database stay sound");
}

#[test]
fn a_failure_half_way_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 30);
    let path = messy_xlsx(dir.path(), &store);
    // The store refuses the second new talent, as a constraint would.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON talents WHEN NEW.name = '王芳'
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    )
    .unwrap();
    drop(conn);
    let (a, _, _, _) = two_talents(&store);
    let before = (store.registry_counts().unwrap(), store.recent_audit(1).unwrap(), store.talent(a.id).unwrap());
    let (_, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    assert_eq!(plan.new.len(), 2);
    assert!(store.apply_import(&office.clerk, &plan).is_err());
    let after = (store.registry_counts().unwrap(), store.recent_audit(1).unwrap(), store.talent(a.id).unwrap());
    assert_eq!(before, after, "neither the first new talent nor the change of phone was kept");
    assert_eq!(store.document_holder(DocumentType::ResidentId, &resident_id(1)).unwrap(), None);
}

#[test]
fn the_report_lists_every_rejected_row_with_column_and_reason() {
    let (dir, store, _, path) = office_with_file();
    let (headers, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    let report = dir.path().join("退回.xlsx");
    let written = write_report(&report, &headers, &plan.rejected, today(), Lang::Zh, &Progress::new()).unwrap();
    assert_eq!(written, 5);
    let mut book: Xlsx<_> = open_workbook(&report).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty).to_string();
    assert_eq!([cell(2, 0), cell(2, 1), cell(2, 2), cell(2, 3)], ["行号", "列", "原因", "证件号码"]);
    let listed: Vec<String> = (3..8).map(|r| cell(r, 0)).collect();
    assert_eq!(listed, ["4", "5", "6", "7", "8"]);
    assert_eq!(cell(3, 1), "证件号码");
    assert!(cell(3, 2).contains("末几位已丢失"), "{}", cell(3, 2));
    assert!(cell(4, 2).contains("校验"), "{}", cell(4, 2));
    assert_eq!((cell(5, 1), cell(5, 5)), ("开发区".to_string(), "滨江区".to_string()), "the original cells are kept");
    assert!(cell(5, 2).contains("滨江区"));
}

fn csv_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn csv_in_gb18030_and_in_utf8_with_bom_import_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::office(None, 10);
    let text = format!(
        "Name,Document type,ID number,所属开发区,人才层次,联系电话\n陈一,身份证,{},GX,D,13800138000\n",
        resident_id(11)
    );
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    for path in [csv_file(dir.path(), "gbk.csv", &gb), csv_file(dir.path(), "bom.csv", &bom)] {
        let (headers, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
        assert_eq!(headers[3], "所属开发区");
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
        assert_eq!(plan.new.len(), 1);
        assert_eq!(plan.new[0].talent.name, "陈一");
        assert_eq!(plan.new[0].talent.phone.whole(), "13800138000");
    }
}

#[test]
fn files_that_cannot_be_imported_are_named_not_crashed_on() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::office(None, 5);
    let read = |name: &str, bytes: &[u8]| {
        let path = csv_file(dir.path(), name, bytes);
        read_talents(&path, &store, today(), &Progress::new()).err().map(|e| e.to_string()).unwrap_or_default()
    };
    assert!(read("empty.csv", b"").contains("表头"));
    assert!(read("junk.xlsx", &[0u8, 159, 146, 150, 1, 2, 3]).contains("junk.xlsx"));
    let junk: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert!(read("junk.csv", &junk).contains("必填列"));
    assert!(read("partial.csv", "姓名,证件号码\n张三,1\n".as_bytes()).contains("证件类型、开发区、人才类别"));
}

fn greencard(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(db).args(args).output().unwrap()
}

#[test]
fn the_command_prints_the_summary_and_exits_1_on_rejections() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let path = {
        let (store, _) = common::office(Some(&db), 30);
        messy_xlsx(dir.path(), &store)
    };
    let file = path.to_str().unwrap();
    let out = greencard(&db, &["import", "talents", file, "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout.lines().next(), Some("new 2, updated 1, unchanged 1, rejected 5"));
    assert!(stdout.contains("row 9, updated: 手机号码"), "{stdout}");
    assert!(stderr.contains("row 4, 证件号码: 号码被表格软件存成了数字"), "{stderr}");
    assert!(stderr.contains("row 6, 开发区: "), "{stderr}");

    let report = dir.path().join("退回.xlsx");
    let out = greencard(&db, &["import", "talents", file, "--report", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(report.exists());
    let again = greencard(&db, &["import", "talents", file, "--dry-run"]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(
        stdout.lines().next(),
        Some("new 0, updated 0, unchanged 4, rejected 5"),
        "the valid rows were imported"
    );

    let template = dir.path().join("模板.xlsx");
    let out = greencard(&db, &["import", "template", "--out", template.to_str().unwrap()]);
    assert!(out.status.success());
    let clean = dir.path().join("clean.csv");
    std::fs::write(
        &clean,
        format!("姓名,证件类型,证件号码,开发区,人才类别\n郑九,居民身份证,{},GX,E\n", resident_id(21)),
    )
    .unwrap();
    let out = greencard(&db, &["import", "talents", clean.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "new 1, updated 0, unchanged 0, rejected 0");
}

#[test]
fn the_template_has_the_sixteen_headings_text_columns_and_a_valid_example() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("模板.xlsx");
    write_template(&path).unwrap();
    let sheet = greencard::exchange::import::read_sheet(&path, &Progress::new()).unwrap();
    let expected: Vec<&str> = greencard::exchange::import::Column::ALL.iter().map(|c| c.zh()).collect();
    assert_eq!(sheet.headers, expected);
    assert_eq!(sheet.rows[0].1[2], greencard::exchange::import::RawCell::Text("11010519491231002X".into()));
    // The ID column is formatted as text ("@"), so Excel keeps every digit typed into it.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("numFmtId=\"49\""), "no text format in the template");
}
