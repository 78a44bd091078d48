//! The rejection report: the rejected rows as the enterprise sent them, with 行号, 列 and
//! 原因 in the clerk's language, so the clerk can send the file back to be corrected.

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::Problem;
use crate::domain::import::Rejection;
use crate::exchange::{Cell, ColumnKind, ExchangeError, Progress, TableMeta, write_xlsx};
use crate::i18n::{Lang, tr};

/// Writes `rejected` to `path` as .xlsx: 行号, 列, 原因 first (several problems of a row
/// joined by "；"), then the row's original cells as text under the file's own headings.
/// Returns the number of rows written.
pub fn write_report(
    path: &Path,
    headers: &[String],
    rejected: &[Rejection],
    generated: NaiveDate,
    lang: Lang,
    progress: &Progress,
) -> Result<u64, ExchangeError> {
    let width = rejected.iter().map(|r| r.cells.len()).max().unwrap_or(0).max(headers.len());
    let text_column =
        |header: String, width_chars| crate::exchange::Column { header, kind: ColumnKind::Text, width_chars };
    let mut columns = vec![
        crate::exchange::Column {
            header: tr(lang, "import.report.row").into_owned(),
            kind: ColumnKind::Integer,
            width_chars: 6,
        },
        text_column(tr(lang, "import.report.column").into_owned(), 14),
        text_column(tr(lang, "import.report.reason").into_owned(), 50),
    ];
    for i in 0..width {
        let header = headers.get(i).cloned().unwrap_or_default();
        let chars = header.chars().count().clamp(6, 30) as u16 * 2;
        columns.push(text_column(header, chars));
    }
    let meta = TableMeta {
        title: tr(lang, "import.report.title").into_owned(),
        filter: String::new(),
        generated,
        columns,
        lang,
    };
    let rows = rejected.iter().map(|r| {
        let mut row = vec![
            Cell::Integer(r.row as i64),
            Cell::Text(r.problems.iter().map(|p| p.column.as_str()).collect::<Vec<_>>().join("；")),
            Cell::Text(r.problems.iter().map(|p| p.reason.text(lang)).collect::<Vec<_>>().join("；")),
        ];
        row.extend((0..width).map(|i| Cell::Text(r.cells.get(i).cloned().unwrap_or_default())));
        Ok::<_, ExchangeError>(row)
    });
    write_xlsx(path, &meta, rows, Some(rejected.len() as u64), progress)
}
