//! An import larger than the pieces its workers hand each other: the check on two threads
//! gives exactly the rows and rejections, in file order, that a check row by row gives; the
//! write on two threads gives each new talent the next id, its one audit row in an unbroken
//! chain, its search entries and its place in the dashboard's counters.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
// The bench's sheet of generated people: one writer of such sheets, not two.
#[allow(dead_code)]
#[path = "../examples/support/figure.rs"]
mod figure;
#[allow(dead_code)]
#[path = "../examples/support/import.rs"]
mod import_sheet;

use greencard::domain::import::Rejection;
use greencard::exchange::Progress;
use greencard::exchange::import::{Lookup, Mapping, RawCell, SavedMapping, parse_row, parse_sheet, read_sheet};
use greencard::store::TalentQuery;

/// Rows in the sheet: more than one thread's share of the check from 4,096 rows on, and
/// many of the writer's hand-overs of 512.
const ROWS: usize = 5_000;

#[test]
fn a_large_import_keeps_file_order_ids_the_audit_chain_and_the_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 200);
    let today = chrono::Local::now().date_naive();
    let path = dir.path().join("declaration.xlsx");
    import_sheet::write_sheet(&store, &path, ROWS, 41, today).unwrap();
    let mut sheet = read_sheet(&path, &Progress::new()).unwrap();
    // Spoil the name of rows in both halves, so that rejections come from both threads.
    let mapping = Mapping::new(&sheet.headers, &SavedMapping::default());
    let name = sheet.headers.iter().position(|h| h == "姓名").unwrap();
    for i in [3, 1_000, 2_600, 4_999] {
        sheet.rows[i].1[name] = RawCell::Text("   ".into());
    }
    let lookup = Lookup::from_store(&store, today).unwrap();
    let progress = Progress::new();
    let parsed = parse_sheet(&sheet, &mapping, &lookup, &progress).unwrap();
    assert_eq!(progress.done(), ROWS as u64, "the progress ends at every row");

    // The same rows checked one by one, in order.
    let (mut rows, mut rejected) = (Vec::new(), Vec::<Rejection>::new());
    for (row, cells) in &sheet.rows {
        match parse_row(*row, cells, &mapping, &lookup) {
            Ok(r) => rows.push(r),
            Err(r) => rejected.push(r),
        }
    }
    assert_eq!(parsed.rows, rows);
    assert_eq!(parsed.rejected, rejected);
    let spoilt: Vec<usize> = parsed.rejected.iter().map(|r| r.row).collect();
    assert_eq!(spoilt, [3, 1_000, 2_600, 4_999].map(|i| sheet.rows[i].0));

    let first = store.registry_counts().unwrap().talents + 1;
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    let new = plan.new.clone();
    assert_eq!(new.len(), ROWS - 4);
    let counts = store.apply_import(&office.clerk, &plan).unwrap();
    assert_eq!(counts.new, new.len());
    assert!(store.check().unwrap().is_empty(), "the audit chain and the database stay sound");
    // The dashboard's counters hold the new talents (added at once, not by the trigger),
    // and the trigger is back for the next talent.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows = |sql: &str| -> Vec<(i64, String, i64, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows: Vec<_> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        rows
    };
    let counted = rows("SELECT zone_id, tier, arrival_year, n FROM talent_counts WHERE n <> 0");
    assert_eq!(
        counted,
        rows(
            "SELECT zone_id, tier, coalesce(CAST(substr(arrival_date, 1, 4) AS INTEGER), 0), count(*)
              FROM talents WHERE merged_into IS NULL GROUP BY 1, 2, 3"
        )
    );
    assert_eq!(counted.iter().map(|r| r.3).sum::<i64>(), store.registry_counts().unwrap().talents);
    let trigger: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'talent_counts_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trigger, 1);
    // Each new talent has the next id, in file order, one audit row and its search entry;
    // checked at the ends of the writer's hand-overs and between them.
    for i in [0, 511, 512, 1_023, 2_500, new.len() - 1] {
        let id = first + i as i64;
        let talent = store.talent(id).unwrap();
        assert_eq!(talent.doc_number.whole(), new[i].talent.doc.as_str(), "row {i}");
        let history = store.talent_history(id).unwrap();
        assert_eq!(history.len(), 1, "row {i}");
        assert_eq!(history[0].action, "talent.create");
        let audited: serde_json::Value = serde_json::from_str(history[0].new_value.as_deref().unwrap()).unwrap();
        assert_eq!(audited["name"], talent.name.as_str(), "row {i}");
        let query = TalentQuery { text: talent.doc_number.whole().into(), ..TalentQuery::default() };
        let found = store.search_talents(&query, 0, 50).unwrap();
        assert!(found.iter().any(|r| r.id == id), "row {i} is found by its document number");
    }
}
