//! UI tests of writing files as a clerk does: an export of the talent list picked through the
//! file dialog, its progress bar, the done notice with 打开所在文件夹, the file on disk; the
//! typed path when no dialog can be shown; a cancelled export; the template and the sheet
//! of the import through the same dialog helper.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use calamine::{Reader, Xlsx, open_workbook};
use common::{OFFICE_PASSWORD, click_button, harness, log_in, office, script_desktop, shows, shows_part, step_until};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use greencard::ui::file_dialog::{FileKind, Picked};

/// How many talents the exported list has: enough that writing takes several frames.
const TALENTS: usize = 20_000;

fn office_file(dir: &std::path::Path) -> greencard::store::Store {
    office(Some(&dir.join("office.db")), TALENTS).0
}

/// Logs in as the clerk and waits until the talent list has counted its rows (the count
/// comes from a background reader and moves the buttons beside it when it arrives).
fn log_in_and_wait_for_the_list(h: &mut egui_kittest::Harness<'_, greencard::ui::GreencardApp>) {
    log_in(h, "clerk", OFFICE_PASSWORD);
    assert!(step_until(h, |h| shows(h, "共 20,000 人")));
}

fn rows_in(path: &std::path::Path) -> usize {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range_at(0).unwrap().unwrap().height()
}

#[test]
fn an_export_shows_its_progress_bar_then_the_notice_with_the_folder_button() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(office_file(dir.path()));
    log_in_and_wait_for_the_list(&mut h);
    let target = dir.path().join("人才名单.xlsx");
    let desktop = script_desktop(&mut h, vec![Picked::Chosen(target.clone())]);

    common::click_and_step(&mut h, "导出 Excel");
    let asked = desktop.borrow().asked.clone();
    assert_eq!(asked.len(), 1, "one save dialog");
    assert_eq!(asked[0].kind, FileKind::Save);
    assert!(asked[0].file_name.starts_with("人才名单_") && asked[0].file_name.ends_with(".xlsx"), "{asked:?}");

    let saw_bar = step_until(&mut h, |h| {
        h.query_all_by_role(Role::ProgressIndicator)
            .any(|n| n.accesskit_node().label().is_some_and(|l| l.contains("正在写入")))
    });
    assert!(saw_bar, "the progress bar (rows done of all) is shown while the file is written");
    assert!(shows(&h, "取消"), "with its cancel button");
    assert!(!target.exists(), "the file appears only when it is complete");

    let done = format!("已导出 20,000 行：{}", target.display());
    assert!(step_until(&mut h, |h| shows(h, &done)), "the done notice names the rows and the file");
    assert!(h.query_by_role(Role::ProgressIndicator).is_none(), "the bar is gone");
    assert_eq!(rows_in(&target), TALENTS + 3, "title, filter line, header and every talent");
    click_button(&mut h, "打开所在文件夹");
    assert_eq!(desktop.borrow().revealed, [target], "the folder of the file is opened");
}

#[test]
fn when_no_dialog_can_be_shown_the_clerk_types_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = office(None, 30);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    let desktop = script_desktop(&mut h, vec![Picked::Unavailable]);
    click_button(&mut h, "导出 CSV");
    assert!(shows(&h, "无法打开系统的文件对话框，请直接填写文件的完整路径："));
    assert!(!common::button_enabled(&h, "导出 Excel"), "no second export while the path is asked for");

    let nowhere = dir.path().join("没有这个文件夹").join("名单.csv");
    common::type_into(&mut h, "文件路径", &nowhere.display().to_string());
    click_button(&mut h, "确定");
    assert!(shows_part(&h, "不存在"), "a folder that does not exist is named at the field");
    assert!(!nowhere.exists());

    let target = dir.path().join("名单");
    common::type_into(&mut h, "文件路径", &target.display().to_string());
    common::click_and_step(&mut h, "确定");
    let written = dir.path().join("名单.csv");
    assert!(step_until(&mut h, |h| shows_part(h, "已导出 30 行")), "the export ran to the typed path");
    assert!(written.exists(), "the extension was added");
    assert!(std::fs::read_to_string(&written).unwrap().starts_with('\u{feff}'));
    assert!(!shows(&h, "文件路径"), "the path field is gone");
    assert_eq!(desktop.borrow().asked.len(), 1);
}

#[test]
fn a_cancelled_dialog_writes_nothing_and_a_cancelled_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(office_file(dir.path()));
    log_in_and_wait_for_the_list(&mut h);
    let target = dir.path().join("人才名单.xlsx");
    script_desktop(&mut h, vec![Picked::Cancelled, Picked::Chosen(target.clone())]);
    click_button(&mut h, "导出 Excel");
    assert!(!shows_part(&h, "正在写入") && !shows(&h, "文件路径"), "a closed dialog is the end of it");

    common::click_and_step(&mut h, "导出 Excel");
    assert!(step_until(&mut h, |h| h.query_by_role_and_label(Role::Button, "取消").is_some()));
    common::click_and_step(&mut h, "取消");
    let cancelled = step_until(&mut h, |h| shows(h, "导出已取消，没有生成文件"));
    assert!(cancelled, "the cancel was seen in time");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!target.exists() && left.iter().all(|n| !n.to_string_lossy().contains(".part")), "{left:?}");
}

#[test]
fn the_import_takes_its_sheet_and_saves_its_template_through_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = office(None, 10);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "批量导入");
    let template = dir.path().join("模板.xlsx");
    let desktop = script_desktop(&mut h, vec![Picked::Chosen(template.clone()), Picked::Chosen(template.clone())]);
    common::click_and_step(&mut h, "下载导入模板");
    assert!(step_until(&mut h, |h| shows_part(h, "已保存导入模板")));
    assert!(template.exists());
    common::click_and_step(&mut h, "打开所在文件夹");
    assert_eq!(desktop.borrow().revealed.as_slice(), std::slice::from_ref(&template));

    // The template itself, chosen in the open dialog, is a sheet with all the headings.
    click_button(&mut h, "选择文件…");
    let asked = desktop.borrow().asked.clone();
    assert_eq!(asked[1].kind, FileKind::Open);
    assert!(asked[1].extensions.contains(&"csv") && asked[1].extensions.contains(&"xlsx"));
    assert!(shows(&h, "表头对应（共 1 行数据）"), "the chosen sheet is read");
}

#[test]
fn the_card_list_filters_by_state_and_exports_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    // On a database file: the list is counted and read by its worker.
    let (mut store, people) = office(Some(&dir.path().join("office.db")), 400);
    let today = chrono::Local::now().date_naive();
    let data = greencard::demo::generate(400, 4, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo_cards(&people.admin, today, &greencard::demo::cards(&data, 4, today)).unwrap();
    let all = greencard::store::CardQuery::all(today);
    let total = store.count_cards(&all).unwrap();
    let cards = store.card_list(&all, u32::MAX).unwrap();
    let revoked: Vec<_> =
        cards.iter().filter(|c| c.state_on(today) == greencard::domain::card::CardState::Revoked).collect();
    let valid = cards.iter().find(|c| c.state_on(today) == greencard::domain::card::CardState::Valid).unwrap();
    assert!(!revoked.is_empty());

    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "绿卡");
    common::click_and_step(&mut h, "绿卡名单");
    assert!(step_until(&mut h, |h| shows(h, &format!("共 {total} 张绿卡"))));
    assert!(shows(&h, &valid.number));
    h.get_by_role_and_label(Role::ComboBox, "状态").click();
    h.run();
    common::click_and_step(&mut h, "已注销");
    assert!(step_until(&mut h, |h| shows(h, &format!("共 {} 张绿卡", revoked.len()))), "the filter narrows the list");
    assert!(shows(&h, &revoked[0].number) && !shows(&h, &valid.number));

    let target = dir.path().join("绿卡名单.csv");
    let desktop = script_desktop(&mut h, vec![Picked::Chosen(target.clone())]);
    common::click_and_step(&mut h, "导出 CSV");
    assert!(desktop.borrow().asked[0].file_name.starts_with("人才绿卡名单_"));
    assert!(step_until(&mut h, |h| shows_part(h, &format!("已导出 {} 行", revoked.len()))));
    let text = std::fs::read_to_string(&target).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), revoked.len() + 1);
    assert!(lines[1..].iter().all(|l| l.contains(",已注销,") && l.contains("********")), "{text}");
}

#[test]
fn an_export_whose_rows_cannot_all_be_read_says_so_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let store = office(Some(&db), 3_000).0;
    // Far below the rows the screen reads: only the export meets the damaged row.
    common::damage_talent(&db, 2_500);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    assert!(step_until(&mut h, |h| shows(h, "共 3,000 人")));
    let target = dir.path().join("人才名单.csv");
    std::fs::write(&target, "yesterday's list").unwrap();
    script_desktop(&mut h, vec![Picked::Chosen(target.clone())]);
    common::click_and_step(&mut h, "导出 CSV");
    assert!(step_until(&mut h, |h| shows_part(h, "数据库错误")), "the clerk is told the export failed");
    assert!(!shows_part(&h, "已导出"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "yesterday's list");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.iter().all(|n| !n.to_string_lossy().contains(".part")), "{left:?}");
}

#[test]
fn a_typed_path_of_another_type_is_refused_and_an_existing_file_is_replaced_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = office(None, 30);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    script_desktop(&mut h, vec![Picked::Unavailable]);
    click_button(&mut h, "导出 Excel");
    let csv = dir.path().join("名单.csv");
    common::type_into(&mut h, "文件路径", &csv.display().to_string());
    click_button(&mut h, "确定");
    assert!(shows_part(&h, "的扩展名是 .csv，而要保存的是 XLSX 文件：请改为以 .xlsx 结尾"), "named at the field");
    assert!(!csv.exists(), "no Excel bytes in a .csv");

    let old = dir.path().join("名单.xlsx");
    std::fs::write(&old, "yesterday's list").unwrap();
    common::type_into(&mut h, "文件路径", &old.display().to_string());
    click_button(&mut h, "确定");
    assert!(shows_part(&h, "已存在，要替换它吗？"), "asked before overwriting");
    click_button(&mut h, "不替换");
    assert!(!shows_part(&h, "已存在") && shows(&h, "文件路径"), "back to the path");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "yesterday's list");

    click_button(&mut h, "确定");
    common::click_and_step(&mut h, "替换");
    assert!(step_until(&mut h, |h| shows_part(h, "已导出 30 行")));
    assert!(std::fs::read(&old).unwrap().starts_with(b"PK"), "replaced by the workbook");
}

#[test]
fn a_dialog_that_gives_a_name_of_another_type_leads_to_the_path_field_to_correct_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = office(None, 30);
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    let pdf = dir.path().join("名单.pdf");
    script_desktop(&mut h, vec![Picked::Chosen(pdf.clone())]);
    click_button(&mut h, "导出 CSV");
    assert!(shows_part(&h, "的扩展名是 .pdf，而要保存的是 CSV 文件"));
    assert!(!shows_part(&h, "无法打开系统的文件对话框"), "the dialog was shown; only the name is wrong");
    let csv = dir.path().join("名单.csv");
    common::type_into(&mut h, "文件路径", &csv.display().to_string());
    common::click_and_step(&mut h, "确定");
    assert!(step_until(&mut h, |h| shows_part(h, "已导出 30 行")));
    assert!(csv.exists() && !pdf.exists());
}
