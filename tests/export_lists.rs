//! The lists as exports: the talent list streams every row of a query with personal data
//! masked (unmasked only for an administrator, with an audit row), and the other lists keep
//! their typed columns.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::office;
use greencard::exchange::{Format, Progress, talent_meta, talent_row, write_table};
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
    let n = write_table(&path, Format::Csv, &meta, rows, &Progress::new()).unwrap();
    assert_eq!(n, 300);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains(&first.name));
    assert!(!text.contains(first.doc_number.whole()), "document numbers are masked by default");
    assert!(!first.phone.is_empty() && !text.contains(first.phone.whole()), "phones too");
    // Unmasked, the numbers are whole.
    let whole = talent_row(&first, true, Lang::Zh);
    assert!(whole.iter().any(|c| *c == greencard::exchange::Cell::Text(first.doc_number.whole().to_string())));
}

#[test]
fn only_a_user_with_the_right_exports_unmasked_and_the_audit_log_keeps_it() {
    let (mut store, people) = office(None, 5);
    let app = greencard::store::ExportOrigin::App;
    let refused = store.record_unmasked_export(&people.clerk, &app, "人才名单", "/tmp/x.xlsx");
    assert!(matches!(refused, Err(StoreError::NoUnmaskRight)));
    store.record_unmasked_export(&people.admin, &app, "人才名单", "/tmp/x.xlsx").unwrap();
    let last = store.recent_audit(1).unwrap().remove(0);
    assert_eq!((last.action.as_str(), last.username.as_str()), ("export.unmasked", "admin"));
    let details: serde_json::Value = serde_json::from_str(&last.new_value.unwrap()).unwrap();
    assert_eq!((details["list"].as_str(), details["via"].as_str()), (Some("人才名单"), Some("app")));
    // A command line run where the environment names nobody says so.
    let nobody = greencard::store::ExportOrigin::CommandLine { os_user: None };
    store.record_unmasked_export(&people.admin, &nobody, "绿卡名单", "/tmp/c.csv").unwrap();
    let last = store.recent_audit(1).unwrap().remove(0);
    let details: serde_json::Value = serde_json::from_str(&last.new_value.unwrap()).unwrap();
    assert_eq!(details["via"], "command line");
    assert!(details["os_user"].is_null(), "{details}");
}

#[test]
fn a_narrow_query_streams_only_its_rows_and_stops_when_told() {
    let (store, _) = office(None, 200);
    let someone = store.search_talents(&TalentQuery::default(), 10, 1).unwrap().remove(0);
    let q = TalentQuery { text: someone.doc_number.whole().to_string(), ..TalentQuery::default() };
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
    use common::{OFFICE_PASSWORD, click_button, harness, log_in, shows, shows_part};
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
    // Lists without phones say what they hold.
    let documents_only = |h: &egui_kittest::Harness<'_, greencard::ui::GreencardApp>, list: &str| {
        assert!(shows(h, "导出完整证件号码（记入审计）"), "{list}");
        assert!(!shows_part(h, "手机号"), "{list} has no phones");
    };
    click_button(&mut h, "绿卡");
    egui_kittest::kittest::Queryable::get_by_label(&h, "到期提醒").click();
    h.run();
    documents_only(&h, "到期提醒");
    egui_kittest::kittest::Queryable::get_by_label(&h, "绿卡名单").click();
    h.run();
    documents_only(&h, "绿卡名单");
    click_button(&mut h, "人才公寓");
    egui_kittest::kittest::Queryable::get_by_label(&h, "配租名单").click();
    h.run();
    documents_only(&h, "配租名单");
    click_button(&mut h, "团队");
    assert!(!shows_part(&h, "导出完整"), "the team list has nothing to unmask");
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
    assert!(!text.contains(first.doc_number.whole()));
    let whole = dir.path().join("whole.csv");
    let unmasked = std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
        .arg("--db")
        .arg(&db)
        .args(["export", "talents", "--out", whole.to_str().unwrap(), "--unmasked"])
        .env("USER", "wang.xiao")
        .env_remove("USERNAME")
        .output()
        .unwrap();
    assert!(unmasked.status.success());
    assert!(std::fs::read_to_string(&whole).unwrap().contains(first.doc_number.whole()));
    let last = greencard::store::Store::open(&db).unwrap().recent_audit(1).unwrap().remove(0);
    assert_eq!(last.action, "export.unmasked", "an unmasked export is audited");
    assert_eq!(last.username, "admin", "signed by the account responsible for unattended changes");
    let details: serde_json::Value = serde_json::from_str(&last.new_value.unwrap()).unwrap();
    assert_eq!(details["os_user"], "wang.xiao", "the log says who ran it: {details}");
    assert_eq!(details["via"], "command line");
    assert_eq!(details["file"], whole.to_str().unwrap());
    for (list, file) in [("teams", "teams.xlsx"), ("cards", "cards.pdf")] {
        let path = dir.path().join(file);
        let out = run(&["export", list, "--out", path.to_str().unwrap()]);
        assert!(out.status.success(), "{list}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::metadata(&path).unwrap().len() > 500);
    }
}

#[test]
fn the_card_list_counts_and_lists_each_state_as_the_card_page_judges_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
        .arg("--db")
        .arg(&db)
        .args(["demo", "--talents", "1500"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let store = greencard::store::Store::open(&db).unwrap();
    let today = chrono::Local::now().date_naive();
    let all = store.card_list(&greencard::store::CardQuery::all(today), u32::MAX).unwrap();
    assert_eq!(all.len() as u64, store.count_cards(&greencard::store::CardQuery::all(today)).unwrap());
    assert!(all.windows(2).all(|w| w[0].number < w[1].number), "by card number");
    use greencard::domain::card::CardState;
    let mut seen = 0;
    for state in CardState::ALL {
        let q = greencard::store::CardQuery { state: Some(state), ..greencard::store::CardQuery::all(today) };
        let listed = store.card_list(&q, u32::MAX).unwrap();
        let expected: Vec<&str> =
            all.iter().filter(|c| c.state_on(today) == state).map(|c| c.number.as_str()).collect();
        assert!(!expected.is_empty(), "the demo has {state:?} cards");
        assert_eq!(listed.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(), expected, "{state:?}");
        assert_eq!(store.count_cards(&q).unwrap(), expected.len() as u64);
        seen += expected.len();
    }
    assert_eq!(seen, all.len(), "every card is in exactly one state");
    let someone = &all[all.len() / 2];
    let by_text = |text: &str| {
        let q = greencard::store::CardQuery { text: text.into(), ..greencard::store::CardQuery::all(today) };
        store.card_list(&q, 50).unwrap()
    };
    assert!(by_text(&someone.number.to_lowercase()).iter().any(|c| c.id == someone.id), "the number in any case");
    assert!(by_text(&someone.holder).iter().all(|c| c.holder.contains(&someone.holder)));
    let zone = store.zones().unwrap().remove(0);
    let q = greencard::store::CardQuery { zone_id: Some(zone.id), ..greencard::store::CardQuery::all(today) };
    assert!(store.card_list(&q, u32::MAX).unwrap().iter().all(|c| c.zone_name == zone.name));
}

/// Runs the program on `db`; gives the exit code, standard output and standard error.
fn run(db: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_greencard")).arg("--db").arg(db).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_export_command_takes_a_format_and_refuses_a_contradiction() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert_eq!(run(&db, &["demo", "--talents", "600"]).0, Some(0));
    let lists: [&[&str]; 6] =
        [&["talents"], &["teams"], &["cards"], &["allocations"], &["grants"], &["grants", "--payments"]];
    for (i, list) in lists.iter().enumerate() {
        for format in ["xlsx", "csv", "pdf"] {
            // No extension: --format says what to write.
            let path = dir.path().join(format!("list{i}-{format}"));
            let mut args = vec!["export"];
            args.extend_from_slice(list);
            args.extend_from_slice(&["--out", path.to_str().unwrap(), "--format", format]);
            let (code, _, stderr) = run(&db, &args);
            assert_eq!(code, Some(0), "{args:?}: {stderr}");
            let bytes = std::fs::read(&path).unwrap();
            let magic: &[u8] = match format {
                "xlsx" => b"PK",
                "csv" => b"\xEF\xBB\xBF",
                _ => b"%PDF",
            };
            assert!(bytes.starts_with(magic), "{args:?} wrote {format}");
        }
        let path = dir.path().join(format!("list{i}.csv"));
        let mut args = vec!["export"];
        args.extend_from_slice(list);
        args.extend_from_slice(&["--out", path.to_str().unwrap(), "--format", "xlsx"]);
        let (code, _, stderr) = run(&db, &args);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(stderr.contains("扩展名是 .csv，而 --format 要求 xlsx"), "{stderr}");
        assert!(!path.exists(), "a refused export writes nothing");
    }
    let (code, _, stderr) = run(&db, &["export", "teams", "--out", dir.path().join("t.dat").to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("无法从扩展名判断格式"), "{stderr}");
    let (code, _, stderr) =
        run(&db, &["export", "teams", "--out", dir.path().join("t.csv").to_str().unwrap(), "--format", "doc"]);
    assert_eq!(code, Some(2), "clap refuses an unknown format");
    assert!(stderr.contains("可选 xlsx、csv、pdf"), "{stderr}");
}

#[test]
fn cards_are_the_card_list_or_the_reminder_list_and_personal_lists_unmask_with_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert_eq!(run(&db, &["demo", "--talents", "1500"]).0, Some(0));
    let today = chrono::Local::now().date_naive();
    let store = greencard::store::Store::open(&db).unwrap();
    let all = store.count_cards(&greencard::store::CardQuery::all(today)).unwrap();
    let audits = |store: &greencard::store::Store| {
        store.recent_audit(100).unwrap().into_iter().filter(|e| e.action == "export.unmasked").count()
    };
    let before = audits(&store);
    drop(store);
    let file = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let lines = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap().lines().count() as u64;

    let (code, stdout, _) = run(&db, &["export", "cards", "--out", &file("all.csv")]);
    assert_eq!((code, lines("all.csv")), (Some(0), all + 1), "every card: {stdout}");
    let text = std::fs::read_to_string(dir.path().join("all.csv")).unwrap();
    assert!(text.lines().next().unwrap().contains("状态") && text.contains("已注销") && text.contains("有效"));
    assert!(text.contains("********"), "document numbers masked");

    let (code, _, _) = run(&db, &["export", "cards", "--out", &file("suspended.csv"), "--state", "已暂停"]);
    assert_eq!(code, Some(0));
    let suspended = std::fs::read_to_string(dir.path().join("suspended.csv")).unwrap();
    assert!(suspended.lines().skip(1).all(|l| l.contains(",已暂停,")), "{suspended}");
    assert!(suspended.lines().count() > 1);

    let (code, _, _) = run(&db, &["export", "cards", "--out", &file("due.csv"), "--due-within", "60", "--unmasked"]);
    assert_eq!(code, Some(0));
    let due = std::fs::read_to_string(dir.path().join("due.csv")).unwrap();
    let until = greencard::domain::dates::fmt_date(today + chrono::Days::new(60));
    for line in due.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[4], "有效");
        assert!(cells[6] <= until.as_str(), "{line}");
        assert!(!cells[2].contains('*'), "unmasked: {line}");
    }
    let (code, _, stderr) =
        run(&db, &["export", "cards", "--out", &file("x.csv"), "--state", "valid", "--due-within", "9"]);
    assert_eq!(code, Some(2), "a state and a reminder horizon contradict each other: {stderr}");

    let (code, _, _) = run(&db, &["export", "allocations", "--out", &file("alloc.csv"), "--unmasked"]);
    assert_eq!(code, Some(0));
    let alloc = std::fs::read_to_string(dir.path().join("alloc.csv")).unwrap();
    assert!(alloc.lines().nth(1).is_some_and(|l| !l.contains('*')), "whole ID numbers");
    let (code, _, _) = run(&db, &["export", "allocations", "--out", &file("alloc-masked.csv")]);
    assert_eq!(code, Some(0));
    assert!(std::fs::read_to_string(dir.path().join("alloc-masked.csv")).unwrap().contains("********"));

    let store = greencard::store::Store::open(&db).unwrap();
    assert_eq!(audits(&store), before + 2, "each unmasked export wrote its audit row");
    let last = store.recent_audit(1).unwrap().remove(0);
    assert!(last.new_value.unwrap_or_default().contains("alloc.csv"), "the audit row names the file");
    let (code, _, stderr) = run(&db, &["export", "teams", "--out", &file("t.csv"), "--unmasked"]);
    assert_eq!(code, Some(2), "a list without personal data has nothing to unmask: {stderr}");
}
