//! UI test of the import as a clerk does it: an enterprise's sheet opened on the 批量导入 tab,
//! the headings matched by name, the check showing new and rejected rows with the reason, and
//! the import of the valid rows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{OFFICE_PASSWORD, click_button, harness, log_in, office, shows, shows_part};
use egui_kittest::kittest::Queryable;
use greencard::domain::ResidentId;
use greencard::store::TalentQuery;
use rust_xlsxwriter::Workbook;

/// An enterprise's sheet: two valid people and one whose ID Excel turned into a number.
fn sheet(dir: &std::path::Path, zone: &str) -> std::path::PathBuf {
    let path = dir.join("企业申报.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["人才类别", "姓名", "证件号码", "证件类型", "开发区"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let id = |seq| ResidentId::from_parts("110105", NaiveDate::from_ymd_opt(1988, 3, 2).unwrap(), seq).unwrap();
    for (r, (name, number)) in
        [("欧阳明", id(17).as_str().to_string()), ("蔡文静", id(24).as_str().to_string())].iter().enumerate()
    {
        let row = r as u32 + 1;
        for (c, v) in ["C", name, number, "居民身份证", zone].iter().enumerate() {
            sheet.write_string(row, c as u16, *v).unwrap();
        }
    }
    // Excel turned this ID into a number: its last digits are gone.
    for (c, v) in ["C", "郑浩", "", "居民身份证", zone].iter().enumerate() {
        sheet.write_string(3, c as u16, *v).unwrap();
    }
    sheet.write_number(3, 2, 110105198803020000.0).unwrap();
    book.save(&path).unwrap();

    path
}

/// A declaration of `rows` valid new people in `zone`, as a CSV: large enough (past 5,000
/// rows) to be read and checked on a worker thread.
fn big_sheet(dir: &std::path::Path, zone: &str, rows: u32) -> std::path::PathBuf {
    let path = dir.join("大批申报.csv");
    let mut text = String::from("姓名,证件类型,证件号码,开发区,人才类别,手机号码\n");
    let given: Vec<char> = "明华强伟芳娜静敏丽军".chars().collect();
    for i in 0..rows {
        let born = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap() + chrono::Days::new(u64::from(i / 900));
        let id = ResidentId::from_parts("330106", born, (i % 900 + 1) as u16).unwrap();
        let name = format!("沈{}{}", given[(i % 10) as usize], given[(i / 10 % 10) as usize]);
        text.push_str(&format!("{name},居民身份证,{},{zone},E,139{:08}\n", id.as_str(), i));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_clerk_checks_a_sheet_sees_the_rejected_row_and_imports_the_rest() {
    let (store, _) = office(None, 10);
    let zone = store.zones().unwrap().remove(0).name;
    let before = store.count_talents(&TalentQuery::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = sheet(dir.path(), &zone);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    let desktop = common::script_desktop(&mut h, vec![]);
    h.state_mut().import_file(path.clone());
    h.run();
    assert!(shows(&h, "表头对应（共 3 行数据）"), "the headings are matched by name");
    click_button(&mut h, "检查（试导入）");
    assert!(shows(&h, "新增 2"));
    assert!(shows(&h, "退回 1"));
    assert!(shows(&h, "第 4 行"), "the rejected row is named by its number");
    assert!(shows_part(&h, "数字"), "and the reason says Excel stored it as a number");
    assert_eq!(h.state().store().count_talents(&TalentQuery::default()).unwrap(), before, "a check writes nothing");
    click_button(&mut h, "确认导入 2 条");
    assert!(shows(&h, "已导入：新增 2，更新 0，未变 0，退回 1。"));
    assert_eq!(h.state().store().count_talents(&TalentQuery::default()).unwrap(), before + 2);
    assert!(shows(&h, &format!("已导入文件：{}", path.display())));
    click_button(&mut h, "打开所在文件夹");
    assert_eq!(desktop.borrow().revealed, [path], "the imported file's folder is opened");
}

#[test]
fn on_a_database_file_the_import_is_written_by_a_worker_and_the_clerk_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = office(Some(&dir.path().join("office.db")), 10);
    let zone = store.zones().unwrap().remove(0).name;
    let before = store.count_talents(&TalentQuery::default()).unwrap();
    let path = sheet(dir.path(), &zone);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    h.state_mut().import_file(path);
    h.run();
    click_button(&mut h, "检查（试导入）");
    // The worker's spinner keeps the frame repainting: step instead of settling.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "确认导入 2 条").click();
    common::wait_until(&mut h, "the import", |h| shows(h, "已导入：新增 2，更新 0，未变 0，退回 1。"));
    assert_eq!(h.state().store().count_talents(&TalentQuery::default()).unwrap(), before + 2);
}

#[test]
fn a_check_cancelled_on_its_progress_bar_imports_nothing() {
    use greencard::ui::file_dialog::Picked;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = office(Some(&dir.path().join("office.db")), 10);
    let zone = store.zones().unwrap().remove(0).name;
    // A file large enough to be read and checked on a worker thread.
    let path = big_sheet(dir.path(), &zone, 20_000);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    let before = (h.state().store().registry_counts().unwrap(), h.state().store().recent_audit(1).unwrap());
    click_button(&mut h, "批量导入");
    common::script_desktop(&mut h, vec![Picked::Chosen(path)]);
    common::click_and_step(&mut h, "选择文件…");
    assert!(common::step_until(&mut h, |h| shows(h, "表头对应（共 20000 行数据）")), "read on a worker");
    common::click_and_step(&mut h, "检查（试导入）");
    assert!(common::step_until(&mut h, |h| h.query_by_role_and_label(egui::accesskit::Role::Button, "取消").is_some()));
    common::click_and_step(&mut h, "取消");
    assert!(common::step_until(&mut h, |h| shows(h, "已取消，未导入任何数据")), "the clerk is told");
    assert!(!shows_part(&h, "确认导入"), "no plan, nothing to confirm");
    let store = h.state().store();
    assert_eq!(before, (store.registry_counts().unwrap(), store.recent_audit(1).unwrap()), "nothing was written");
}

#[test]
fn an_import_cancelled_while_it_writes_leaves_the_database_as_it_was() {
    use greencard::ui::file_dialog::Picked;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let (store, _) = office(Some(&db), 10);
    let zone = store.zones().unwrap().remove(0).name;
    // Written 1,000 rows at a time, with a look at Cancel between: many looks to cancel at.
    let path = big_sheet(dir.path(), &zone, 20_000);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "批量导入");
    common::script_desktop(&mut h, vec![Picked::Chosen(path)]);
    common::click_and_step(&mut h, "选择文件…");
    common::wait_until(&mut h, "the sheet", |h| shows(h, "表头对应（共 20000 行数据）"));
    common::click_and_step(&mut h, "检查（试导入）");
    common::wait_until(&mut h, "the check", |h| shows(h, "新增 20000"));
    let before = common::digest(&db);
    common::click_and_step(&mut h, "确认导入 20000 条");
    // The bar counts the rows written: some are, most are not yet.
    let written = |h: &egui_kittest::Harness<'_, _>| {
        h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("正在写入 ") && !l.starts_with("正在写入 0 ")))
            .next()
            .is_some()
    };
    common::wait_until(&mut h, "rows being written", |h| shows(h, "正在写入数据库…") && written(h));
    common::click_and_step(&mut h, "取消");
    // Either end of the write: a Cancel that did nothing lets the import finish.
    common::wait_until(&mut h, "the end of the write", |h| !shows(h, "正在写入数据库…"));
    assert!(shows(&h, "已取消，数据库未作任何改动"), "the clerk is told");
    assert!(!shows_part(&h, "已导入"), "nothing imported");
    assert_eq!(common::digest(&db), before, "a table changed");
    assert_eq!(h.state().store().check().unwrap(), Vec::<String>::new());
}
