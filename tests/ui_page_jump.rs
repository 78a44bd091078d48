//! The talent table after a jump, as a clerk sees it: on a registry too long for OFFSET
//! paging (6,000 talents in a file, so the background reader pages by the order it read),
//! End shows the last talents of the list, in the default order and sorted by name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{ADMIN, harness, log_in, shows, shows_part};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::dates::fmt_date;
use greencard::store::{Store, TalentQuery, TalentSort};
use greencard::ui::GreencardApp;

const TALENTS: u64 = 6000;

/// Runs frames until every one of `rows` (name, birth date) shows, or fails after a while.
fn wait_for_rows(h: &mut egui_kittest::Harness<'_, GreencardApp>, rows: &[(String, String)]) {
    let all_shown = |h: &egui_kittest::Harness<'_, GreencardApp>| rows.iter().all(|(n, b)| shows(h, n) && shows(h, b));
    if !common::step_until(h, all_shown) {
        let missing: Vec<_> = rows.iter().filter(|(n, b)| !(shows(h, n) && shows(h, b))).collect();
        panic!("rows never shown after the jump: {missing:?}");
    }
}

/// The last `n` talents of `q` as the table shows them: name and birth date.
fn last_rows(db: &std::path::Path, q: &TalentQuery, n: u64) -> Vec<(String, String)> {
    let reader = Store::open_read_only(db).unwrap();
    let rows = reader.search_talents(q, TALENTS - n, n as u32).unwrap();
    assert_eq!(rows.len() as u64, n);
    rows.into_iter().map(|r| (r.name, fmt_date(r.birth_date))).collect()
}

#[test]
fn end_shows_the_last_talents_in_every_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), TALENTS as usize);
    let by_id = last_rows(&db, &TalentQuery::default(), 8);
    let by_name = TalentQuery { sort: TalentSort::Name, ..TalentQuery::default() };
    let by_name_last = last_rows(&db, &by_name, 8);

    let mut h = harness(store);
    log_in(&mut h, ADMIN.0, ADMIN.1);
    common::wait_until(&mut h, "the count", |h| shows_part(h, "共 6,000 人"));
    assert!(!by_id.iter().all(|(n, b)| shows(&h, n) && shows(&h, b)), "the last rows show before the jump");
    // Give the reader time to read the whole order, so the jump is served from it.
    std::thread::sleep(Duration::from_millis(500));
    h.key_press(egui::Key::End);
    wait_for_rows(&mut h, &by_id);

    h.get_by_role_and_label(Role::Button, "姓名").click();
    h.run();
    std::thread::sleep(Duration::from_millis(500));
    h.key_press(egui::Key::End);
    wait_for_rows(&mut h, &by_name_last);
}
