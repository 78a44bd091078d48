//! CSV for any program: UTF-8 with a byte-order mark (so Excel on a Chinese Windows reads
//! it as UTF-8), one header row, values that spreadsheets read as numbers and dates.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use super::output::write_atomically;
use super::table::for_each_row;
use super::{Cell, ExchangeError, Progress, Row, TableMeta};

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `rows` under the header of `meta` to `path` as CSV: dates `2026-11-29`, money
/// `1234.56` (no ¥, no separators), percentages `70.00%`, areas `85.50`. The title and
/// filter are not written, so the file stays one plain table. `count` (when known) drives
/// the progress bar. Returns the number of rows written.
pub fn write_csv<E: Into<ExchangeError>>(
    path: &Path,
    meta: &TableMeta,
    rows: impl IntoIterator<Item = Result<Row, E>>,
    count: Option<u64>,
    progress: &Progress,
) -> Result<u64, ExchangeError> {
    write_atomically(path, progress, |out| {
        let io = |e: std::io::Error| ExchangeError::io(path, &e);
        let csv_error = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => ExchangeError::io(path, &e),
            other => ExchangeError::WriteFailed { path: path.to_path_buf(), reason: format!("{other:?}") },
        };
        out.write_all(BOM).map_err(io)?;
        let mut writer = csv::WriterBuilder::new().flexible(false).buffer_capacity(1 << 16).from_writer(out);
        writer.write_record(meta.columns.iter().map(|c| Bytes(guard(&c.header)))).map_err(csv_error)?;
        let written = for_each_row(meta, rows, count, None, progress, |_, row| {
            writer.write_record(row.iter().map(|c| Bytes(field(c)))).map_err(csv_error)
        })?;
        writer.flush().map_err(io)?;
        Ok(written)
    })
}

/// A field's text as the CSV writer takes it.
struct Bytes<'a>(Cow<'a, str>);

impl AsRef<[u8]> for Bytes<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The text of one field; a text cell is borrowed, not copied (a million rows of twelve).
fn field(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(text) => guard(text),
        Cell::Empty => Cow::Borrowed(""),
        other => Cow::Owned(other.plain()),
    }
}

/// A text that a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) gets a
/// leading apostrophe, so an imported name can never execute in the clerk's Excel.
fn guard(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_a_formula_is_defused_but_numbers_are_not() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("张伟"), "张伟");
        assert_eq!(field(&Cell::Money(crate::domain::Fen(-1230))), "-12.30");
        assert_eq!(field(&Cell::Text("-1".into())), "'-1");
    }
}
