//! The lists as exports: the talent list streams every row of a query with personal data
//! masked (unmasked only for an administrator, with an audit row), and the other lists keep
//! their typed columns.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::office;
use greencard::exchange::{Format, Progress, talent_meta, talent_row, write_rows};
use greencard::i18n::Lang;
use greencard::store::{StoreError, TalentQuery};

#[test]
fn the_talent_list_streams_every_row_of_the_query_masked() {
    let (store, _) = office(None, 300);
    let query = TalentQuery::default();
    let mut rows = Vec::new();
    let mut first = None;
    store
        .for_each_talent(&query, |t| {
            first.get_or_insert_with(|| t.clone());
            rows.push(talent_row(&t, false, Lang::Zh));
            true
        })
        .unwrap();
    assert_eq!(rows.len() as u64, store.count_talents(&query).unwrap());
    let first = first.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("人才名单.csv");
    let meta = talent_meta("全部人才".into(), chrono::Local::now().date_naive(), Lang::Zh);
    let n = write_rows(&path, Format::Csv, &meta, rows, None, &Progress::new()).unwrap();
    assert_eq!(n, 300);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains(&first.name));
    assert!(!text.contains(&first.doc_number), "document numbers are masked by default");
    assert!(!first.phone.is_empty() && !text.contains(&first.phone), "phones too");
    // Unmasked, the numbers are whole.
    let whole = talent_row(&first, true, Lang::Zh);
    assert!(whole.iter().any(|c| *c == greencard::exchange::Cell::Text(first.doc_number.clone())));
}

#[test]
fn only_a_user_with_the_right_exports_unmasked_and_the_audit_log_keeps_it() {
    let (mut store, people) = office(None, 5);
    let refused = store.record_unmasked_export(Some(&people.clerk), "人才名单", "/tmp/x.xlsx");
    assert!(matches!(refused, Err(StoreError::NoUnmaskRight)));
    store.record_unmasked_export(Some(&people.admin), "人才名单", "/tmp/x.xlsx").unwrap();
    let last = store.recent_audit(1).unwrap().remove(0);
    assert_eq!(last.action, "export.unmasked");
    assert!(last.new_value.unwrap_or_default().contains("人才名单"));
}

#[test]
fn a_narrow_query_streams_only_its_rows_and_stops_when_told() {
    let (store, _) = office(None, 200);
    let someone = store.search_talents(&TalentQuery::default(), 10, 1).unwrap().remove(0);
    let q = TalentQuery { text: someone.doc_number.clone(), ..TalentQuery::default() };
    let mut seen = Vec::new();
    store
        .for_each_talent(&q, |t| {
            seen.push(t.id);
            true
        })
        .unwrap();
    assert_eq!(seen, vec![someone.id]);
    let mut n = 0;
    store
        .for_each_talent(&TalentQuery::default(), |_| {
            n += 1;
            n < 7
        })
        .unwrap();
    assert_eq!(n, 7, "a cancelled export stops reading");
}

#[test]
fn every_list_offers_the_three_formats_and_only_administrators_may_unmask() {
    use common::{OFFICE_PASSWORD, click_button, harness, log_in, shows};
    let (store, _) = office(None, 20);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    for format in ["导出 Excel", "导出 CSV", "导出 PDF"] {
        assert!(shows(&h, format), "{format} on the talent list");
    }
    assert!(!shows(&h, "导出完整证件号码和手机号（记入审计）"), "a clerk exports masked only");
    click_button(&mut h, "团队");
    assert!(shows(&h, "导出 Excel"), "the team list");
    click_button(&mut h, "退出登录");
    log_in(&mut h, common::ADMIN.0, common::ADMIN.1);
    click_button(&mut h, "人才");
    assert!(shows(&h, "导出完整证件号码和手机号（记入审计）"));
}

#[test]
fn the_command_line_exports_talents_teams_and_cards() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(&db).args(args).output().unwrap()
    };
    assert!(run(&["demo", "--talents", "2000"]).status.success());
    let first =
        greencard::store::Store::open(&db).unwrap().search_talents(&TalentQuery::default(), 0, 1).unwrap().remove(0);
    let masked = dir.path().join("talents.csv");
    let out = run(&["export", "talents", "--out", masked.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&masked).unwrap();
    assert_eq!(text.lines().count(), 2001, "the header and every talent");
    assert!(!text.contains(&first.doc_number));
    let whole = dir.path().join("whole.csv");
    assert!(run(&["export", "talents", "--out", whole.to_str().unwrap(), "--unmasked"]).status.success());
    assert!(std::fs::read_to_string(&whole).unwrap().contains(&first.doc_number));
    let last = greencard::store::Store::open(&db).unwrap().recent_audit(1).unwrap().remove(0);
    assert_eq!(last.action, "export.unmasked", "an unmasked export is audited");
    for (list, file) in [("teams", "teams.xlsx"), ("cards", "cards.pdf")] {
        let path = dir.path().join(file);
        let out = run(&["export", list, "--out", path.to_str().unwrap()]);
        assert!(out.status.success(), "{list}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::metadata(&path).unwrap().len() > 500);
    }
}

#[test]
fn an_unmasked_export_imports_back_unchanged() {
    let (store, _) = office(None, 60);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("人才名单.xlsx");
    let maker = greencard::exchange::TalentRows::new(true, Lang::Zh);
    let mut rows = Vec::new();
    store
        .for_each_talent(&TalentQuery::default(), |t| {
            rows.push(maker.row(&t));
            true
        })
        .unwrap();
    let meta = talent_meta("全部人才".into(), chrono::Local::now().date_naive(), Lang::Zh);
    write_rows(&path, Format::Xlsx, &meta, rows, None, &Progress::new()).unwrap();
    // The export has a title and a filter line above its header: the import finds the header.
    let today = chrono::Local::now().date_naive();
    let (_, parsed) = greencard::exchange::import::read_talents(&path, &store, today, &Progress::new()).unwrap();
    let rejected: Vec<String> = parsed
        .rejected
        .iter()
        .map(|r| {
            format!("{} {:?}", r.row, r.problems.iter().map(|p| (p.column.clone(), p.reason.key)).collect::<Vec<_>>())
        })
        .collect();
    let plan = store.plan_import(parsed.rows, parsed.rejected).unwrap();
    let c = plan.counts();
    assert_eq!((c.new, c.updated, c.rejected), (0, 0, 0), "rejected: {rejected:?}");
    assert_eq!(c.unchanged as u64, store.count_talents(&TalentQuery::default()).unwrap());
}
