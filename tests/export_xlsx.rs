//! Every list the office sends out, as Excel: for each, the file is read back (calamine for
//! the cells, the sheet's XML for what calamine does not report) and checked for what the
//! issue asks: the title in row 1, the filter and the day in row 2, the header in row 3,
//! frozen and filtered, a width set on every column, dates as date cells shown
//! `yyyy-mm-dd`, money as numbers shown with `¥`, percentages and areas as numbers; and
//! printed A4 landscape, one page wide, the header repeated.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use greencard::domain::review::Step;
use greencard::exchange::{CardList, ColumnKind, Format, Progress, Row, TableMeta, write_table};
use greencard::i18n::Lang;
use greencard::store::{CardQuery, Store, TalentQuery};

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An office in memory with talents, cards, leases, grants and applications in review.
fn demo_office() -> Store {
    let (mut store, people) = common::office(None, 600);
    let data = greencard::demo::generate(600, 4, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo_cards(&people.admin, today(), &greencard::demo::cards(&data, 4, today())).unwrap();
    store.insert_demo_housing(&people.admin, today()).unwrap();
    store.insert_demo_grants(&people.admin, today()).unwrap();
    store
}

/// One file of the workbook's zip, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The value of `attr="…"` in the text of a tag (after its name).
fn attr<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let key = format!("{attr}=\"");
    let start = tag.match_indices(&key).find(|(i, _)| *i == 0 || tag[..*i].ends_with(' '))?.0 + key.len();
    tag[start..].split('"').next()
}

/// The number format of each cell style (`s` index), from styles.xml.
fn style_formats(styles: &str) -> Vec<String> {
    let codes: Vec<(String, String)> = styles
        .split("<numFmt ")
        .skip(1)
        .map(|t| (attr(t, "numFmtId").unwrap().to_string(), attr(t, "formatCode").unwrap().replace("&quot;", "\"")))
        .collect();
    let xfs = styles.split("<cellXfs").nth(1).unwrap().split("</cellXfs>").next().unwrap();
    xfs.split("<xf ")
        .skip(1)
        .map(|xf| {
            let id = attr(xf, "numFmtId").unwrap_or("0");
            codes.iter().find(|(i, _)| i == id).map_or_else(|| format!("builtin {id}"), |(_, c)| c.clone())
        })
        .collect()
}

/// `0` → `A`, `26` → `AA`.
fn column_letter(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            return s;
        }
        c = c / 26 - 1;
    }
}

/// Writes the list and checks everything the issue asks of its Excel file.
fn check(meta: &TableMeta, rows: Vec<Row>) {
    assert!(!rows.is_empty(), "{}: the demo office has rows for this list", meta.title);
    let n = rows.len();
    let first = rows[0].clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.xlsx");
    write_table(&path, Format::Xlsx, meta, rows, &Progress::new()).unwrap();
    let title = &meta.title;

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.height(), n + 3, "{title}: title, filter line, header and the rows");
    assert_eq!(range.get_value((0, 0)), Some(&Data::String(title.clone())));
    let Some(Data::String(subtitle)) = range.get_value((1, 0)) else { panic!("{title}: no filter line") };
    let day = greencard::domain::dates::fmt_date(today());
    assert!(subtitle.contains(meta.filter.trim()) && subtitle.contains(&format!("生成日期：{day}")), "{subtitle}");
    for (c, column) in meta.columns.iter().enumerate() {
        assert_eq!(range.get_value((2, c as u32)), Some(&Data::String(column.header.clone())), "{title}");
        let value = range.get_value((3, c as u32)).unwrap_or(&Data::Empty);
        let typed = match (column.kind, value) {
            (_, Data::Empty) => true,
            (ColumnKind::Text, Data::String(_)) => true,
            (ColumnKind::Date, Data::DateTime(d)) => d.is_datetime(),
            (ColumnKind::Money | ColumnKind::Integer | ColumnKind::Percent | ColumnKind::Area, Data::Float(_)) => true,
            _ => false,
        };
        assert!(typed, "{title}, {}: {value:?} is not a {:?} cell", column.header, column.kind);
    }

    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"ySplit="3""#) && sheet.contains(r#"state="frozen""#), "{title}: header not frozen");
    let last = column_letter(meta.columns.len() - 1);
    assert!(sheet.contains(&format!(r#"<autoFilter ref="A3:{last}{}"/>"#, n + 3)), "{title}: no filter on the header");
    assert!(
        sheet.contains(r#"orientation="landscape""#) && sheet.contains(r#"paperSize="9""#),
        "{title}: A4 landscape"
    );
    assert!(sheet.contains(r#"fitToHeight="0""#), "{title}: printed one page wide");
    assert!(part(&path, "xl/workbook.xml").contains("_xlnm.Print_Titles"), "{title}: the header on every printed page");
    let cols: Vec<&str> = sheet.split("<col ").skip(1).collect();
    for (c, column) in meta.columns.iter().enumerate() {
        // Neighbours of the same width share one <col min max>.
        let bound = |t: &str, a| attr(t, a).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        let set = cols.iter().find(|t| (bound(t, "min")..=bound(t, "max")).contains(&(c + 1))).unwrap_or_else(|| {
            panic!("{title}: no width for {}", column.header);
        });
        let width: f64 = attr(set, "width").unwrap().parse().unwrap();
        assert!(width >= f64::from(column.width_chars.max(4)), "{title}, {}: width {width}", column.header);
        assert_eq!(attr(set, "customWidth"), Some("1"));
    }
    // The number format of the first row's typed cells.
    let formats = style_formats(&part(&path, "xl/styles.xml"));
    for (c, column) in meta.columns.iter().enumerate() {
        let expected = match column.kind {
            ColumnKind::Date => "yyyy-mm-dd",
            ColumnKind::Money => "\"¥\"#,##0.00",
            ColumnKind::Percent => "0.00%",
            ColumnKind::Area => "0.00",
            ColumnKind::Text | ColumnKind::Integer => continue,
        };
        if first[c] == greencard::exchange::Cell::Empty {
            continue;
        }
        let cell = format!("<c r=\"{}4\"", column_letter(c));
        let tag = sheet.split(&cell).nth(1).unwrap_or_else(|| panic!("{title}: no cell {cell}"));
        let style: usize = attr(tag, "s").unwrap().parse().unwrap();
        let code = &formats[style];
        assert!(
            code == expected
                || (expected == "0.00%" && code == "builtin 10")
                || (expected == "0.00" && code == "builtin 2"),
            "{title}, {}: shown as {code}, not {expected}",
            column.header
        );
    }
}

#[test]
fn the_talent_list() {
    let store = demo_office();
    let rows = common::talent_rows(&store, false);
    let filter = greencard::exchange::talent_filter(&TalentQuery::default(), None, Lang::Zh);
    check(&greencard::exchange::talent_meta(filter, today(), Lang::Zh), rows);
}

#[test]
fn the_team_list() {
    let store = demo_office();
    let (meta, rows) = greencard::exchange::team_table(&store.teams(1000).unwrap(), "全部".into(), today(), Lang::Zh);
    check(&meta, rows);
}

#[test]
fn the_card_list_and_the_expiring_cards() {
    let store = demo_office();
    let cards = store.card_list(&CardQuery::all(today()), u32::MAX).unwrap();
    let (meta, rows) =
        greencard::exchange::card_table(&cards, CardList::All, "状态：全部".into(), today(), false, Lang::Zh);
    check(&meta, rows);
    let until = today() + chrono::Days::new(90);
    let expiring = store.expiring_cards(today(), until, &Default::default(), 10_000).unwrap();
    let (meta, rows) =
        greencard::exchange::card_table(&expiring, CardList::Expiring, "90 天内到期".into(), today(), false, Lang::Zh);
    check(&meta, rows);
}

#[test]
fn the_allocation_list_and_rent_arrears() {
    let store = demo_office();
    let leases = store.allocations(today(), None, None).unwrap();
    let list = greencard::exchange::LeaseList::Allocations;
    check_pair(greencard::exchange::allocation_table(&leases, list, "截至今日".into(), today(), false, Lang::Zh));
    let arrears = store.rent_arrears(today()).unwrap();
    let list = greencard::exchange::LeaseList::Arrears;
    check_pair(greencard::exchange::allocation_table(&arrears, list, "截至今日".into(), today(), false, Lang::Zh));
}

fn check_pair((meta, rows): (TableMeta, Vec<Row>)) {
    check(&meta, rows);
}

#[test]
fn the_grant_awards_and_payments() {
    let store = demo_office();
    check_pair(greencard::exchange::award_table(
        &store.grants(None, None).unwrap(),
        "年度：全部".into(),
        today(),
        Lang::Zh,
    ));
    let payments = store.grant_payments(None, None).unwrap();
    check_pair(greencard::exchange::payment_table(&payments, "年度：全部".into(), today(), Lang::Zh));
}

#[test]
fn the_review_queue() {
    let store = demo_office();
    let queue: Vec<_> = Step::ALL.into_iter().flat_map(|s| store.review_queue(s, 500).unwrap()).collect();
    check_pair(greencard::exchange::queue_table(&queue, "全部步骤".into(), today(), Lang::Zh));
}
