//! The benchmark at a small size, as CI runs it: `examples/bench --talents 2000` must build
//! its database, take every figure of issue 10 and print each as `name median p95 unit`.
//! The figures themselves are not judged here (a debug build on a shared machine); that
//! every one is taken and printed is.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

/// Every figure issue 10 names, and issue 7's export of a million rows to .xlsx.
const FIGURES: [&str; 22] = [
    "demo_build",
    "search_name_first50",
    "search_name_count",
    "search_pinyin_first50",
    "search_id_fragment_first50",
    "search_card_exact",
    "talents_frame_static",
    "talents_frame_scroll",
    "talents_frame_page_jump",
    "cold_open_first_frame",
    "card_issue_commit",
    "export_xlsx_100k",
    "export_csv_1m",
    "import_xlsx_100k",
    // Its two halves: what the clerk waits for before the dry run's report, and after 确认导入.
    "import_xlsx_100k_dry_run",
    "import_xlsx_100k_write",
    "import_floor_talent_rows",
    "import_floor_audit_rows",
    "export_xlsx_100k_peak_rss",
    "dashboard_open",
    "rss_after_open",
    // Issue 7's figure beside issue 10's.
    "export_xlsx_1m",
];

#[test]
fn the_bench_at_two_thousand_talents_prints_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench-2000.db");
    let output = Command::new(common::example_exe("bench"))
        .args(["--talents", "2000", "--runs", "10", "--db"])
        .arg(&db)
        .env("TMPDIR", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the bench failed:\n{stdout}\n{stderr}");
    for name in FIGURES {
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no figure {name} in:\n{stdout}"));
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.len(), 4, "{line:?} is not `name median p95 unit`");
        let median: f64 = fields[1].parse().unwrap_or_else(|_| panic!("{line:?}: the median is not a number"));
        let p95: f64 = fields[2].parse().unwrap_or_else(|_| panic!("{line:?}: the p95 is not a number"));
        assert!(median.is_finite() && median >= 0.0 && p95 >= median, "{line:?}");
    }
    // The scaled-down figures say so.
    for name in ["export_csv_1m", "import_xlsx_100k", "export_xlsx_100k", "export_xlsx_1m"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("# {name}: "))),
            "no note on how {name} was scaled:\n{stdout}"
        );
    }
}

/// How many talents hold a valid card: the card figures must leave it as they found it.
fn valid_cards(db: &std::path::Path) -> u64 {
    use greencard::store::search::CardFilter;
    let store = greencard::store::Store::open(db).unwrap();
    let today = chrono::Local::now().date_naive();
    let q = greencard::store::TalentQuery { card: Some((CardFilter::Valid, today)), ..Default::default() };
    store.count_talents(&q).unwrap()
}

/// Issue 10's figures are to be reproduced on a reused database: the card figure revokes
/// each card it issued, so run after run on one file never runs out of talents to issue to.
#[test]
fn the_card_figures_run_again_and_again_on_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench-2000.db");
    let run = |args: &[&str]| {
        let output = Command::new(common::example_exe("bench"))
            .args(["--talents", "2000", "--runs", "10"])
            .args(args)
            .arg("--db")
            .arg(&db)
            .env("TMPDIR", dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "the bench {args:?} failed:\n{stdout}\n{stderr}");
        assert!(stdout.lines().any(|l| l.starts_with("card_issue_commit ")), "no card figure in:\n{stdout}");
    };
    // Builds the database (and takes the card figure once).
    run(&["--stats-only"]);
    let before = valid_cards(&db);
    run(&["--cards-only"]);
    run(&["--cards-only"]);
    assert_eq!(valid_cards(&db), before, "the card figures used up talents without a card");
}
