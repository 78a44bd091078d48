//! Files made by other writers, and round trips. The sheets are built here with the
//! conventions of other programs — a merged title above the header, numbers stored as
//! numbers and numbers stored as text, real date cells in Chinese formats and bare serial
//! numbers, rows that only look empty at the end, a GB18030 CSV with CRLF and quoted commas
//! — and each imports as a clerk would expect. A talent list exported as .xlsx or .csv
//! imports back into the same records; a cancelled read or check writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use chrono::NaiveDate;
use greencard::domain::{Gender, ResidentId};
use greencard::exchange::import::{Lookup, Mapping, SavedMapping, parse_sheet, read_sheet, read_talents};
use greencard::exchange::{ExchangeError, Format, Progress, talent_meta, write_table};
use greencard::i18n::Lang;
use greencard::store::{Store, TalentQuery};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, FormatAlign, Workbook};

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn resident_id(seq: u16) -> String {
    ResidentId::from_parts("320102", NaiveDate::from_ymd_opt(1990, 3, 4).unwrap(), seq).unwrap().as_str().to_string()
}

/// A declaration as WPS or an office template saves it: a merged title across the sheet,
/// a merged note under it, the header on row 3, a phone stored as a number, birth dates as
/// date cells shown `yyyy年m月d日`, an arrival date as a bare serial number, another as text,
/// the tier as `B类`, and rows below the data that hold only spaces or formatting.
fn wps_sheet(dir: &Path, zone: &str) -> std::path::PathBuf {
    let path = dir.join("2026年度申报表.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let centred = CellFormat::new().set_align(FormatAlign::Center).set_bold();
    ws.merge_range(0, 0, 0, 8, "2026年度高层次人才申报汇总表", &centred).unwrap();
    ws.merge_range(1, 0, 1, 8, "填报单位（盖章）：            填报日期：2026年11月", &CellFormat::new()).unwrap();
    let headers =
        ["序号", "姓名", "证件类型", "证件号码", "出生日期", "手机号码", "所属开发区", "人才层次", "到岗时间"];
    for (c, h) in (0u16..).zip(headers) {
        ws.write_string(2, c, h).unwrap();
    }
    let chinese_date = CellFormat::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    for (i, (name, seq)) in [("周子涵", 15u16), ("吴思远", 17), ("郑雨桐", 26)].into_iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_string(r, 2, "身份证").unwrap();
        // The ID as text (the template's text column), the phone as a number.
        ws.write_string(r, 3, resident_id(seq)).unwrap();
        ws.write_datetime_with_format(r, 4, ExcelDateTime::from_ymd(1990, 3, 4).unwrap(), &chinese_date).unwrap();
        ws.write_number(r, 5, 13_900_000_000.0 + i as f64).unwrap();
        ws.write_string(r, 6, zone).unwrap();
        ws.write_string(r, 7, "B类").unwrap();
    }
    // 2024-01-05 as a serial number with no date format, and as text with slashes.
    ws.write_number(3, 8, 45_296.0).unwrap();
    ws.write_string(4, 8, "2024/1/5").unwrap();
    ws.write_string(5, 8, " 2024年1月5日 ").unwrap();
    // What is left below the data by a clerk who cleared the cells: spaces and formats.
    ws.write_string(6, 1, "  ").unwrap();
    ws.write_blank(7, 3, &chinese_date).unwrap();
    ws.write_string(8, 0, "\u{3000}").unwrap();
    book.save(&path).unwrap();
    path
}

#[test]
fn a_wps_declaration_with_merged_titles_and_mixed_cells_imports_whole() {
    let (store, _) = common::office(None, 5);
    let zone = store.zones().unwrap().remove(0).name;
    let dir = tempfile::tempdir().unwrap();
    let path = wps_sheet(dir.path(), &zone);
    let (headers, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    assert_eq!(headers[1], "姓名", "the header is found under the merged titles");
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    let rows: Vec<usize> = parsed.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [4, 5, 6], "the rows keep their sheet numbers; the cleared rows below are no rows");
    let arrival = NaiveDate::from_ymd_opt(2024, 1, 5);
    for (r, i) in parsed.rows.iter().zip(0..) {
        let t = &r.talent;
        assert_eq!(t.birth_date, NaiveDate::from_ymd_opt(1990, 3, 4).unwrap(), "a date cell");
        assert_eq!(t.phone.whole(), format!("1390000000{i}"), "a phone stored as a number keeps every digit");
        assert_eq!(t.tier.as_str(), "B");
        assert_eq!(t.arrival_date, arrival, "a serial number, a slashed date and a Chinese date alike");
        assert_eq!(t.nationality, "中国");
    }
    assert_eq!(parsed.rows[2].talent.gender, Gender::Female, "from the ID number");
}

#[test]
fn an_excel_csv_in_gb18030_with_crlf_quotes_and_trailing_empty_lines_imports() {
    let (store, _) = common::office(None, 5);
    let zone = store.zones().unwrap().remove(0);
    let employer = store.employers().unwrap().into_iter().find(|e| e.name.contains('有')).unwrap();
    let text = format!(
        "人才信息登记表,,,,,,\r\n姓名,证件类型,证件号码,开发区,人才类别,用人单位,职称\r\n\
         欧阳娜娜,居民身份证,{},{},C,\"{}\",\"研究员,博导\"\r\n\
         龚俊,居民身份证,{},{},D,,\r\n,,,,,,\r\n,,,,,,\r\n",
        resident_id(20),
        zone.code.to_lowercase(),
        employer.name,
        resident_id(33),
        zone.name
    );
    let (bytes, _, lossy) = encoding_rs::GB18030.encode(&text);
    assert!(!lossy);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("登记表.csv");
    std::fs::write(&path, &bytes).unwrap();
    let (headers, parsed) = read_talents(&path, &store, today(), &Progress::new()).unwrap();
    assert_eq!(headers.len(), 7);
    assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
    assert_eq!(parsed.rows.len(), 2, "the empty lines at the end are not rows");
    let first = &parsed.rows[0].talent;
    assert_eq!((first.name.as_str(), first.title.as_str()), ("欧阳娜娜", "研究员,博导"), "a quoted comma");
    assert_eq!((first.zone_id, first.employer_id), (zone.id, Some(employer.id)));
    assert_eq!(parsed.rows[1].talent.zone_id, zone.id, "a zone by its name");
}

/// Exports every talent of `store`, unmasked, to `path` in `format`.
fn export_all(store: &Store, path: &Path, format: Format) {
    let rows = common::talent_rows(store, true);
    let meta = talent_meta("全部人才".into(), today(), Lang::Zh);
    write_table(path, format, &meta, rows, &Progress::new()).unwrap();
}

#[test]
fn a_talent_list_exported_as_xlsx_or_csv_imports_into_the_same_records() {
    let (source, _) = common::office(None, 120);
    let dir = tempfile::tempdir().unwrap();
    let data = greencard::demo::generate(120, 4, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    let stored = |store: &Store| {
        let mut all = Vec::new();
        store
            .for_each_talent(&TalentQuery::default(), |row| {
                let t = store.talent(row.id).unwrap();
                all.push((
                    t.doc_type.code(),
                    t.doc_number,
                    t.name,
                    t.gender.code(),
                    t.birth_date,
                    t.nationality,
                    t.phone,
                    t.tier,
                    t.field,
                    t.zone_name,
                    t.employer_id,
                    t.arrival_date,
                ));
                true
            })
            .unwrap();
        all.sort();
        all
    };
    let before = stored(&source);
    assert!(before.iter().any(|t| t.0 != greencard::domain::DocumentType::ResidentId.code()), "foreigners too");
    for format in [Format::Xlsx, Format::Csv] {
        let path = dir.path().join(format!("人才名单.{}", format.extension()));
        export_all(&source, &path, format);
        // Into the office it came from: every row is unchanged.
        let (_, parsed) = read_talents(&path, &source, today(), &Progress::new()).unwrap();
        let plan = source.plan_import(parsed.rows, parsed.rejected).unwrap();
        let c = plan.counts();
        assert_eq!(
            (c.new, c.updated, c.rejected, c.unchanged),
            (0, 0, 0, before.len()),
            "{format:?}: {:?}",
            plan.rejected
        );
        // Into an empty office with the same zones and employers: the same records.
        let mut target = common::store_with_admin();
        let admin = target.authenticate(common::ADMIN.0, common::ADMIN.1).unwrap();
        target.insert_demo(&admin, &data.zones, &data.employers, &[], &[]).unwrap();
        let (_, parsed) = read_talents(&path, &target, today(), &Progress::new()).unwrap();
        let plan = target.plan_import(parsed.rows, parsed.rejected).unwrap();
        assert_eq!(plan.counts().new, before.len(), "{format:?}");
        target.apply_import(&admin, &plan).unwrap();
        assert_eq!(stored(&target), before, "{format:?}: the imported records are the exported ones");
    }
}

#[test]
fn a_cancelled_read_or_check_stops_with_cancelled_and_the_registry_is_untouched() {
    let (store, _) = common::office(None, 5);
    let zone = store.zones().unwrap().remove(0).name;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("大表.csv");
    let mut text = String::from("姓名,证件类型,证件号码,开发区,人才类别\n");
    for seq in 0..3000u16 {
        let born = NaiveDate::from_ymd_opt(1991, 1, 1).unwrap() + chrono::Days::new(u64::from(seq / 500));
        let id = ResidentId::from_parts("320102", born, seq % 500 + 1).unwrap();
        let given: Vec<char> = "明华强伟芳娜静敏丽军".chars().collect();
        let name = format!("李{}{}", given[usize::from(seq % 10)], given[usize::from(seq / 10 % 10)]);
        text.push_str(&format!("{name},居民身份证,{},{zone},D\n", id.as_str()));
    }
    std::fs::write(&path, text).unwrap();
    let before = (store.registry_counts().unwrap(), store.recent_audit(1).unwrap());

    let cancelled = Progress::new();
    cancelled.cancel();
    assert!(matches!(read_sheet(&path, &cancelled), Err(ExchangeError::Cancelled)), "the read stops");
    assert!(matches!(read_talents(&path, &store, today(), &cancelled), Err(ExchangeError::Cancelled)));
    let sheet = read_sheet(&path, &Progress::new()).unwrap();
    let mapping = Mapping::new(&sheet.headers, &SavedMapping::default());
    let lookup = Lookup::from_store(&store, today()).unwrap();
    assert!(matches!(parse_sheet(&sheet, &mapping, &lookup, &cancelled), Err(ExchangeError::Cancelled)), "the check");
    assert_eq!(before, (store.registry_counts().unwrap(), store.recent_audit(1).unwrap()), "nothing was written");
    // Not cancelled, the same file is fine: the cancel was what stopped it.
    assert_eq!(parse_sheet(&sheet, &mapping, &lookup, &Progress::new()).unwrap().rows.len(), 3000);
}
