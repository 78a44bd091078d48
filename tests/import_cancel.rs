//! An import cancelled while it writes: the progress reports the rows written, and the
//! database is afterwards exactly as it was, table by table (the search index's tables,
//! the audit chain and the duplicate flags included). The same plan, not cancelled, then
//! writes everything with an unbroken audit chain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
// The bench's sheet of generated people: one writer of such sheets, not two.
#[allow(dead_code)]
#[path = "../examples/support/figure.rs"]
mod figure;
#[allow(dead_code)]
#[path = "../examples/support/import.rs"]
mod import_sheet;

use common::digest;
use greencard::exchange::Progress;
use greencard::exchange::import::{Lookup, Mapping, SavedMapping, parse_sheet, read_sheet};
use greencard::store::{ImportPlan, StoreError};

#[test]
fn an_import_cancelled_while_it_writes_leaves_every_table_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (mut store, office) = common::office(Some(&db), 300);
    let today = chrono::Local::now().date_naive();
    let sheet = dir.path().join("declaration.xlsx");
    import_sheet::write_sheet(&store, &sheet, 3500, 77, today).unwrap();
    let read = read_sheet(&sheet, &Progress::new()).unwrap();
    let mapping = Mapping::new(&read.headers, &SavedMapping::default());
    let parsed = parse_sheet(&read, &mapping, &Lookup::from_store(&store, today).unwrap(), &Progress::new()).unwrap();
    let plan: ImportPlan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    assert_eq!(plan.new.len(), 3500, "{:?}", plan.rejected.first());

    let before = digest(&db);
    let mut reported = Vec::new();
    let result = store.apply_import_cancellable(&office.clerk, &plan, |written| {
        reported.push(written);
        // The clerk presses Cancel when the bar shows 2,000 rows written.
        written < 2000
    });
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    assert_eq!(reported, [0, 1000, 2000], "the progress counts the rows written");
    assert_eq!(digest(&db), before, "a table changed");
    assert_eq!(store.check().unwrap(), Vec::<String>::new());

    // A cancel that comes after the last row but before the commit still wins.
    let result = store.apply_import_cancellable(&office.clerk, &plan, |written| written < 3500);
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    assert_eq!(digest(&db), before, "a table changed");

    let counts = store.apply_import_cancellable(&office.clerk, &plan, |_| true).unwrap();
    assert_eq!(counts.new, 3500);
    assert_ne!(digest(&db), before);
    assert_eq!(store.check().unwrap(), Vec::<String>::new(), "the audit chain holds after a bulk import");
}
