//! A streamed export whose rows stop coming — the reader fails halfway, panics, or cannot
//! open the database at all — fails, in every format, from the app's export and from the
//! command line: no file that looks finished, and the previous file of that name intact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use greencard::domain::Message;
use greencard::exchange::{Cell, Column, ColumnKind, Format, Progress, Row, TableMeta};
use greencard::i18n::Lang;
use greencard::ui::export::Rows;

fn meta() -> TableMeta {
    TableMeta {
        title: "人才名单".into(),
        filter: String::new(),
        generated: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        columns: vec![Column { header: "姓名".into(), kind: ColumnKind::Text, width_chars: 10 }],
        lang: Lang::Zh,
    }
}

fn row(i: usize) -> Row {
    vec![Cell::Text(format!("张伟{i}"))]
}

/// The folder holds only `file`, still with its old content: no new file, no temporary.
fn assert_untouched(dir: &Path, file: &Path) {
    assert_eq!(std::fs::read(file).unwrap(), b"the good old list", "the previous file was replaced");
    let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "something was left behind: {names:?}");
}

/// A folder with a good old `人才名单.<ext>` in it.
fn folder_with_old_file(format: Format) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("人才名单.{}", format.extension()));
    std::fs::write(&file, "the good old list").unwrap();
    (dir, file)
}

#[test]
fn a_reader_failing_halfway_fails_the_export_and_keeps_the_old_file() {
    for format in Format::ALL {
        let (dir, file) = folder_with_old_file(format);
        let rows = Rows::Stream {
            count: Some(5_000),
            produce: Box::new(|send| {
                for i in 0..2_500 {
                    send(row(i));
                }
                Err(Message::new("store.busy"))
            }),
        };
        let result = rows.write(&file, format, &meta(), &Progress::new());
        assert_eq!(result, Err(Message::new("store.busy")), "{format:?}: the reader's own reason");
        assert_untouched(dir.path(), &file);
    }
}

#[test]
fn a_reader_that_panics_fails_the_export_and_keeps_the_old_file() {
    for format in Format::ALL {
        let (dir, file) = folder_with_old_file(format);
        let rows = Rows::Stream {
            count: None,
            produce: Box::new(|send| {
                send(row(1));
                panic!("a bug in the reader");
            }),
        };
        let result = rows.write(&file, format, &meta(), &Progress::new());
        let message = result.unwrap_err();
        assert_eq!(message.key, "exchange.rows_stopped", "{format:?}");
        assert!(greencard::domain::Problem::text(&message, Lang::Zh).contains("没有生成文件"));
        assert_untouched(dir.path(), &file);
    }
}

#[test]
fn a_database_the_reader_cannot_open_fails_the_export_and_keeps_the_old_file() {
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("office.db");
    let (store, _) = common::office(Some(&db), 30);
    let (dir, file) = folder_with_old_file(Format::Csv);
    let maker = greencard::exchange::TalentRows::new(false, Lang::Zh);
    let query = greencard::store::TalentQuery::default();
    let rows =
        Rows::from_store(&store, 30, move |reader, send| reader.for_each_talent(&query, |t| send(maker.row(&t))));
    // The worker opens its own connection when the file is written: by then it is gone.
    for entry in std::fs::read_dir(db_dir.path()).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let result = rows.write(&file, Format::Csv, &meta_of_talents(), &Progress::new());
    assert!(result.is_err(), "a list with no rows was written instead");
    assert_untouched(dir.path(), &file);
}

fn meta_of_talents() -> TableMeta {
    greencard::exchange::talent_meta("全部人才".into(), chrono::Local::now().date_naive(), Lang::Zh)
}

#[test]
fn the_command_line_export_fails_on_a_row_it_cannot_read_and_keeps_the_old_file() {
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("office.db");
    drop(common::office(Some(&db), 3_000));
    common::damage_talent(&db, 2_000);
    for format in Format::ALL {
        let (dir, file) = folder_with_old_file(format);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_greencard"))
            .args(["--db", db.to_str().unwrap(), "export", "talents", "--out", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{format:?}: {}", String::from_utf8_lossy(&out.stdout));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("数据库错误"), "{format:?}: {stderr}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("rows written"));
        assert_untouched(dir.path(), &file);
    }
}
