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
fn only_an_administrator_exports_unmasked_and_the_audit_log_keeps_it() {
    let (mut store, people) = office(None, 5);
    let refused = store.record_unmasked_export(&people.clerk, "人才名单", "/tmp/x.xlsx");
    assert!(matches!(refused, Err(StoreError::NotAllowed)));
    store.record_unmasked_export(&people.admin, "人才名单", "/tmp/x.xlsx").unwrap();
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
