//! A format-neutral table: what a list looks like before it becomes xlsx, csv or pdf.

use chrono::NaiveDate;

use super::{ExchangeError, Progress};
use crate::domain::{Bp, Fen};
use crate::i18n::{Lang, tr_args};

/// What is written above the rows: the title, the filter that made the list, the day it was
/// made, and the columns.
#[derive(Clone, Debug)]
pub struct TableMeta {
    /// The list's title, e.g. "高新区人才名单"; also names the sheet of an xlsx file.
    pub title: String,
    /// The filter in words, e.g. "开发区：高新区；截至 2026-11-29" (may be empty).
    pub filter: String,
    /// The day the list was made.
    pub generated: NaiveDate,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The language of the texts the writers add (generated date, page numbers).
    pub lang: Lang,
}

/// One column of a table.
#[derive(Clone, Debug)]
pub struct Column {
    /// The heading.
    pub header: String,
    /// What the column holds; numbers are right-aligned in print.
    pub kind: ColumnKind,
    /// The width in Latin characters (a Chinese character counts two).
    pub width_chars: u16,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// A calendar day.
    Date,
    /// Money in fen.
    Money,
    /// A whole number.
    Integer,
    /// A percentage in basis points.
    Percent,
    /// An area in m², stored in hundredths.
    Area,
}

impl ColumnKind {
    /// Whether the column holds numbers, which line up on the right.
    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnKind::Money | ColumnKind::Integer | ColumnKind::Percent | ColumnKind::Area)
    }
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A day.
    Date(NaiveDate),
    /// Money.
    Money(Fen),
    /// A whole number.
    Integer(i64),
    /// A percentage.
    Percent(Bp),
    /// An area in hundredths of a m² (8550 = 85.50 m²).
    Area(i64),
    /// Nothing.
    Empty,
}

/// One row: a cell per column.
pub type Row = Vec<Cell>;

impl Cell {
    /// The value as a spreadsheet reads it back: ISO dates, `1234.56`, `70.00%`, `85.50`.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Date(date) => crate::domain::dates::fmt_date(*date),
            Cell::Money(fen) => fen.plain(),
            Cell::Integer(n) => n.to_string(),
            Cell::Percent(bp) => format!("{}%", hundredths(i64::from(bp.0))),
            Cell::Area(hundredths_m2) => hundredths(*hundredths_m2),
            Cell::Empty => String::new(),
        }
    }

    /// The value as printed: like [`Cell::plain`] but money as `¥1,234.56`.
    pub fn display(&self) -> String {
        match self {
            Cell::Money(fen) => fen.to_string(),
            other => other.plain(),
        }
    }

    /// Whether the value is a number (printed right-aligned).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Money(_) | Cell::Integer(_) | Cell::Percent(_) | Cell::Area(_))
    }
}

/// `8550` → `85.50`, `-5` → `-0.05`.
fn hundredths(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl TableMeta {
    /// The second line of a sheet or a report: the filter and the day it was made.
    pub fn subtitle(&self) -> String {
        let generated =
            tr_args(self.lang, "exchange.generated", &[("date", crate::domain::dates::fmt_date(self.generated))]);
        if self.filter.trim().is_empty() { generated } else { format!("{}　{generated}", self.filter.trim()) }
    }
}

/// The most rows a format holds, named in the error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowLimit {
    /// The format, as the clerk knows it ("Excel", "PDF").
    pub format: &'static str,
    /// The most data rows.
    pub max: u64,
}

impl RowLimit {
    fn exceeded(self) -> ExchangeError {
        ExchangeError::TooManyRows { format: self.format, max: self.max }
    }
}

/// Feeds every row to `write` in order: refuses at once a known `count` above `limit`,
/// checks each row's shape, publishes progress every [`super::progress::STEP`] rows and
/// stops when cancelled, when the source fails or when the rows pass `limit`. Returns the
/// number of rows written.
pub(crate) fn for_each_row<E: Into<ExchangeError>>(
    meta: &TableMeta,
    rows: impl IntoIterator<Item = Result<Row, E>>,
    count: Option<u64>,
    limit: Option<RowLimit>,
    progress: &Progress,
    mut write: impl FnMut(u64, Row) -> Result<(), ExchangeError>,
) -> Result<u64, ExchangeError> {
    let max = limit.map_or(u64::MAX, |l| l.max);
    if let Some(limit) = limit.filter(|_| count.is_some_and(|n| n > max)) {
        return Err(limit.exceeded());
    }
    progress.set_total(count);
    let mut index = 0u64;
    for row in rows {
        progress.step(index)?;
        if let Some(limit) = limit.filter(|_| index >= max) {
            return Err(limit.exceeded());
        }
        let row = row.map_err(Into::into)?;
        if row.len() != meta.columns.len() {
            return Err(ExchangeError::RowShape { row: index + 1, expected: meta.columns.len(), found: row.len() });
        }
        write(index, row)?;
        index += 1;
    }
    progress.set_done(index);
    Ok(index)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_as_numbers_in_csv_and_with_yen_in_print() {
        assert_eq!(Cell::Money(Fen(123_456)).plain(), "1234.56");
        assert_eq!(Cell::Money(Fen(123_456)).display(), "¥1,234.56");
        assert_eq!(Cell::Percent(Bp(7000)).plain(), "70.00%");
        assert_eq!(Cell::Area(8550).plain(), "85.50");
        assert_eq!(Cell::Area(-5).plain(), "-0.05");
        assert_eq!(Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()).plain(), "2026-11-29");
        assert_eq!(Cell::Empty.display(), "");
        assert!(Cell::Integer(3).is_number() && !Cell::Text("3".into()).is_number());
    }

    #[test]
    fn a_row_of_the_wrong_width_is_refused_with_its_number() {
        let meta = TableMeta {
            title: "t".into(),
            filter: String::new(),
            generated: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            columns: vec![Column { header: "a".into(), kind: ColumnKind::Text, width_chars: 4 }],
            lang: Lang::Zh,
        };
        let rows = vec![Ok::<_, ExchangeError>(vec![Cell::Empty]), Ok(vec![])];
        let result = for_each_row(&meta, rows, None, None, &Progress::new(), |_, _| Ok(()));
        assert!(matches!(result, Err(ExchangeError::RowShape { row: 2, expected: 1, found: 0 })));
        let limit = Some(RowLimit { format: "PDF", max: 1 });
        let two = vec![Ok::<_, ExchangeError>(vec![Cell::Empty]), Ok(vec![Cell::Empty])];
        let result = for_each_row(&meta, two, None, limit, &Progress::new(), |_, _| Ok(()));
        assert!(matches!(result, Err(ExchangeError::TooManyRows { max: 1, .. })), "an unknown count is caught too");
        assert_eq!(meta.subtitle(), "生成日期：2026-11-29");
    }
}
