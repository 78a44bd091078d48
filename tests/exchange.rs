//! Exports as a clerk receives them: the xlsx opened by a spreadsheet reader, the csv by a
//! csv reader, the PDFs by a PDF parser; and a cancelled or failed export leaves nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::convert::Infallible;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use greencard::domain::{Bp, Fen, Message};
use greencard::exchange::pdf::page_count;
use greencard::exchange::{
    CardFace, Cell, Column, ColumnKind, ExchangeError, Progress, Row, TableMeta, write_cards, write_csv, write_pdf,
    write_xlsx,
};
use greencard::i18n::Lang;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn meta() -> TableMeta {
    let col = |header: &str, kind, width_chars| Column { header: header.into(), kind, width_chars };
    TableMeta {
        title: "高新区人才名单".into(),
        filter: "开发区：高新区；截至 2026-11-29".into(),
        generated: day(2026, 11, 29),
        columns: vec![
            col("姓名", ColumnKind::Text, 10),
            col("认定日期", ColumnKind::Date, 11),
            col("资助金额", ColumnKind::Money, 14),
            col("租金比例", ColumnKind::Percent, 8),
            col("面积（m²）", ColumnKind::Area, 8),
            col("团队人数", ColumnKind::Integer, 8),
        ],
        lang: Lang::Zh,
    }
}

fn row(i: u64) -> Row {
    vec![
        Cell::Text(format!("欧阳堃{i}")),
        Cell::Date(day(2026, 3, 1)),
        Cell::Money(Fen(123_456 + i as i64)),
        Cell::Percent(Bp(7000)),
        Cell::Area(8550),
        if i.is_multiple_of(2) { Cell::Integer(i as i64) } else { Cell::Empty },
    ]
}

fn rows(n: u64) -> impl Iterator<Item = Result<Row, Infallible>> {
    (0..n).map(|i| Ok(row(i)))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect()
}

#[test]
fn xlsx_has_title_filter_frozen_header_and_typed_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.xlsx");
    let progress = Progress::new();
    assert_eq!(write_xlsx(&path, &meta(), rows(3), Some(3), &progress).unwrap(), 3);
    assert_eq!(progress.fraction(), Some(1.0));
    assert_eq!(files_in(dir.path()), vec![path.clone()], "no temporary files are left");

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["高新区人才名单".to_string()]);
    let range = book.worksheet_range("高新区人才名单").unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&Data::String("高新区人才名单".into())));
    let Some(Data::String(subtitle)) = range.get_value((1, 0)) else { panic!("no filter line") };
    assert!(subtitle.contains("开发区：高新区") && subtitle.contains("2026-11-29"), "{subtitle}");
    assert_eq!(range.get_value((2, 2)), Some(&Data::String("资助金额".into())));
    assert_eq!(range.get_value((3, 0)), Some(&Data::String("欧阳堃0".into())));
    let Some(Data::DateTime(date)) = range.get_value((3, 1)) else { panic!("the date is not a date") };
    assert!(date.is_datetime());
    assert_eq!(date.as_datetime().unwrap().date(), day(2026, 3, 1));
    assert_eq!(range.get_value((3, 2)), Some(&Data::Float(1234.56)), "money is a number equal to fen/100");
    assert_eq!(range.get_value((3, 3)), Some(&Data::Float(0.7)));
    assert_eq!(range.get_value((3, 4)), Some(&Data::Float(85.5)));
    assert_eq!(range.get_value((3, 5)), Some(&Data::Float(0.0)));
    assert_eq!(range.get_value((4, 5)), Some(&Data::Empty));

    // What calamine does not report: the frozen header, the filter and the ¥ format.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert!(sheet.contains(r#"ySplit="3""#) && sheet.contains(r#"state="frozen""#), "header not frozen");
    assert!(sheet.contains(r#"<autoFilter ref="A3:F6"/>"#), "no autofilter on the header");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(styles.contains("¥") && styles.contains("#,##0.00") && styles.contains("yyyy-mm-dd"), "{styles}");
}

#[test]
fn xlsx_takes_hostile_text_and_refuses_a_list_longer_than_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.xlsx");
    let mut m = meta();
    m.title = "History".into();
    let odd = vec![
        Cell::Text("😀\u{0}\n=1+1".repeat(10_000)),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ];
    write_xlsx(&path, &m, [Ok::<_, Infallible>(odd)], None, &Progress::new()).unwrap();
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["Sheet1".to_string()]);
    let result = write_xlsx(&path, &meta(), rows(0), Some(2_000_000), &Progress::new());
    assert!(matches!(result, Err(ExchangeError::TooManyRows { .. })));
}

#[test]
fn csv_starts_with_a_bom_and_round_trips_chinese_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.csv");
    assert_eq!(write_csv(&path, &meta(), rows(2), None, &Progress::new()).unwrap(), 2);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark: Excel would show mojibake");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["姓名", "认定日期", "资助金额", "租金比例", "面积（m²）", "团队人数"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].iter().collect::<Vec<_>>(), ["欧阳堃0", "2026-03-01", "1234.56", "70.00%", "85.50", "0"]);
    assert_eq!(&records[1][5], "");
}

/// Rows that cancel the export (as the clerk's button would) once `at` rows were read.
fn cancelling(progress: &Progress, at: u64) -> impl Iterator<Item = Result<Row, Infallible>> + use<> {
    let progress = progress.clone();
    (0..10_000).map(move |i| {
        if i == at {
            progress.cancel();
        }
        Ok(row(i))
    })
}

#[test]
fn a_cancelled_export_leaves_no_file_and_keeps_the_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.xlsx", "a.csv", "a.pdf"] {
        let path = dir.path().join(name);
        std::fs::write(&path, "yesterday's list").unwrap();
        let progress = Progress::new();
        let rows = cancelling(&progress, 1500);
        let result = match name {
            "a.xlsx" => write_xlsx(&path, &meta(), rows, Some(10_000), &progress),
            "a.csv" => write_csv(&path, &meta(), rows, Some(10_000), &progress),
            _ => write_pdf(&path, &meta(), rows, Some(10_000), &progress),
        };
        assert!(matches!(result, Err(ExchangeError::Cancelled)), "{name}: {result:?}");
        assert_eq!(progress.done(), 2000, "{name}: stops at the first check after the cancel");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "yesterday's list", "{name} was clobbered");
    }
    assert_eq!(files_in(dir.path()).len(), 3, "a temporary file was left behind");

    let fresh = dir.path().join("new.csv");
    let progress = Progress::new();
    progress.cancel();
    assert!(matches!(write_csv(&fresh, &meta(), rows(1), None, &progress), Err(ExchangeError::Cancelled)));
    assert!(!fresh.exists());
}

#[test]
fn a_failing_source_stops_the_export_with_its_own_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    let source = (0..10).map(|i| if i == 5 { Err(Message::new("store.busy")) } else { Ok(row(i)) });
    let error = write_csv(&path, &meta(), source, None, &Progress::new()).unwrap_err();
    assert_eq!(greencard::domain::Problem::key(&error), "store.busy");
    assert!(!path.exists());
    let bad_row = [Ok::<_, Infallible>(vec![Cell::Empty])];
    let error = write_pdf(&path, &meta(), bad_row, None, &Progress::new()).unwrap_err();
    assert!(error.to_string().contains("第 1 行"), "{error}");
}

#[test]
fn a_pdf_cancelled_while_it_is_saved_leaves_no_file_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.pdf");
    std::fs::write(&path, "yesterday's list").unwrap();
    let progress = Progress::new();
    let writer = {
        let (path, progress) = (path.clone(), progress.clone());
        std::thread::spawn(move || write_pdf(&path, &meta(), rows(20_000), Some(20_000), &progress))
    };
    // Every page is laid out: the document is being serialised and written.
    while !progress.is_saving() && !writer.is_finished() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    progress.cancel();
    let result = writer.join().unwrap();
    assert!(matches!(result, Err(ExchangeError::Cancelled)), "{result:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "yesterday's list");
    assert_eq!(files_in(dir.path()).len(), 1, "a temporary file was left behind");
}

fn pdf(path: &Path) -> lopdf::Document {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    lopdf::Document::load_mem(&bytes).unwrap()
}

/// Width and height of a page's MediaBox in points.
fn media_box(doc: &lopdf::Document, page: lopdf::ObjectId) -> (f32, f32) {
    let dict = doc.get_object(page).unwrap().as_dict().unwrap();
    let numbers: Vec<f32> =
        dict.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
    (numbers[2] - numbers[0], numbers[3] - numbers[1])
}

#[test]
fn pdf_repeats_the_header_numbers_the_pages_and_embeds_a_font_subset() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.pdf");
    write_pdf(&short, &meta(), rows(5), Some(5), &Progress::new()).unwrap();
    let long = dir.path().join("long.pdf");
    write_pdf(&long, &meta(), rows(200), Some(200), &Progress::new()).unwrap();

    let doc = pdf(&long);
    let pages = doc.get_pages();
    assert_eq!(pdf(&short).get_pages().len(), 1);
    assert_eq!(pages.len(), page_count(200));
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let (w, h) = media_box(&doc, pages[&1]);
    assert!((w - 841.89).abs() < 0.5 && (h - 595.28).abs() < 0.5, "not A4 landscape: {w} × {h}");
    let first = doc.extract_text(&[1]).unwrap();
    assert!(first.contains("高新区人才名单") && first.contains("开发区：高新区"), "{first}");
    assert!(first.contains("¥1,234.56"), "money is printed with ¥ and separators: {first}");
    let last = pages.len() as u32;
    let text = doc.extract_text(&[last]).unwrap();
    assert!(text.contains("资助金额"), "the header is not repeated: {text}");
    assert!(text.contains(&format!("第 {last} 页 / 共 {last} 页")), "{text}");
    assert!(!text.contains("高新区人才名单"), "the title belongs to the first page only");

    // The 5 MB font is embedded as a subset of the glyphs used.
    let size = std::fs::metadata(&long).unwrap().len();
    assert!(size < 400_000, "{size} bytes: the font was not subset");
    let raw = String::from_utf8_lossy(&std::fs::read(&long).unwrap()).into_owned();
    assert!(raw.contains("/FontFile3") || raw.contains("/FontFile2"), "the font is not embedded");
}

#[test]
fn pdf_survives_empty_tables_long_text_and_emoji() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.pdf");
    let mut m = meta();
    m.columns.truncate(1);
    m.title = "很长的标题".repeat(100);
    let odd =
        vec![Ok::<_, Infallible>(vec![Cell::Text("👩‍👩‍👧😀\u{7}".repeat(5_000))]), Ok(vec![Cell::Text(String::new())])];
    write_pdf(&path, &m, odd, None, &Progress::new()).unwrap();
    assert_eq!(pdf(&path).get_pages().len(), 1);
    let empty = TableMeta { columns: Vec::new(), filter: String::new(), title: String::new(), ..meta() };
    write_pdf(&path, &empty, std::iter::empty::<Result<Row, Infallible>>(), Some(0), &Progress::new()).unwrap();
    let text = pdf(&path).extract_text(&[1]).unwrap();
    assert!(text.contains("无记录") && text.contains("第 1 页 / 共 1 页"), "{text}");
}

fn card(i: usize) -> CardFace {
    CardFace {
        number: "GC20260001237".into(),
        holder_name: if i == 1 {
            "阿卜杜热合曼·买买提明·艾克拜尔江·吐尔逊".into()
        } else {
            "欧阳堃".into()
        },
        holder_name_en: Some(if i == 1 { "Abdurehman Memetimin Ekberjan Tursun".into() } else { "OUYANG Kun".into() }),
        tier_code: "A".into(),
        tier_name: "国家级领军人才".into(),
        issued: day(2026, 1, 5),
        expires: day(2031, 1, 4),
        employer: "星河半导体研究院有限公司".into(),
        zone: "高新区".into(),
        services: (0..if i == 1 { 40 } else { 6 }).map(|n| format!("子女入学绿色通道{n}")).collect(),
        family_of: (i == 2).then(|| "欧阳堃".into()),
    }
}

#[test]
fn cards_print_front_and_back_at_card_size_with_a_subset_font() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.pdf");
    assert_eq!(write_cards(&one, &[card(0)], &Progress::new()).unwrap(), 1);
    let size = std::fs::metadata(&one).unwrap().len();
    assert!(size < 600_000, "{size} bytes for one card: the font was not subset");

    let three = dir.path().join("three.pdf");
    write_cards(&three, &[card(0), card(1), card(2)], &Progress::new()).unwrap();
    let doc = pdf(&three);
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 6, "a front and a back per card");
    for id in pages.values() {
        let (w, h) = media_box(&doc, *id);
        assert!((w - 242.65).abs() < 0.5 && (h - 153.01).abs() < 0.5, "not CR80: {w} × {h}");
    }
    let front = doc.extract_text(&[1]).unwrap();
    assert!(front.contains("人才绿卡") && front.contains("GC20260001237") && front.contains("欧阳堃"), "{front}");
    let back = doc.extract_text(&[2]).unwrap();
    assert!(back.contains("凭卡享受以下服务") && back.contains("本卡仅限本人使用，挂失请联系人才服务窗口"), "{back}");
    let crowded = doc.extract_text(&[4]).unwrap();
    assert!(crowded.contains("等另外"), "a list too long for the card ends with “and N more”: {crowded}");
    assert!(doc.extract_text(&[5]).unwrap().contains("主卡人：欧阳堃"));

    let none = dir.path().join("none.pdf");
    assert!(matches!(write_cards(&none, &[], &Progress::new()), Err(ExchangeError::NothingToPrint)));
    assert!(!none.exists());
}
