//! Reading an import file into a plain [`Sheet`]: Excel (.xlsx, also as saved by WPS and
//! LibreOffice, .xls, .xlsb) and OpenDocument (.ods) through calamine, CSV in UTF-8 (with
//! or without a byte-order mark) or GB18030, detected.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::{Datelike, NaiveDate};

use crate::exchange::{ExchangeError, Progress};

/// One cell as the file holds it. Numbers stay numbers, so that an identity number Excel
/// turned into a float can be recognised and refused, and a date serial read as a date.
#[derive(Clone, Debug, PartialEq)]
pub enum RawCell {
    /// Nothing.
    Empty,
    /// Text (every CSV value is text).
    Text(String),
    /// A number cell.
    Number(f64),
    /// A cell formatted as a date (the time of day, if any, is dropped).
    Date(NaiveDate),
}

impl RawCell {
    /// Whether the cell holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(t) => t.trim().is_empty(),
            RawCell::Number(_) | RawCell::Date(_) => false,
        }
    }

    /// The value as text: whole numbers without a decimal point, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            RawCell::Empty => String::new(),
            RawCell::Text(t) => t.clone(),
            RawCell::Number(n) => number_text(*n),
            RawCell::Date(d) => crate::domain::dates::fmt_date(*d),
        }
    }
}

/// A number as a spreadsheet shows it: `13800138000`, `1.5`, `1.10105194912310E+17`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.abs() >= 1e15 {
        format!("{n:E}").replace('E', "E+")
    } else {
        n.to_string()
    }
}

/// The first sheet of a file: its header row and the rows below it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// The headings of the first non-empty row, trimmed.
    pub headers: Vec<String>,
    /// Each following row that has any value: (1-based row number in the sheet, cells).
    pub rows: Vec<(usize, Vec<RawCell>)>,
}

/// Reads the first sheet of `path`. CSV is recognised by its extension (`.csv`, `.txt`);
/// anything else must be a spreadsheet. Progress counts rows; a cancel stops the read.
pub fn read_sheet(path: &Path, progress: &Progress) -> Result<Sheet, ExchangeError> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let rows = if matches!(ext.as_str(), "csv" | "txt") {
        let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
        csv_rows(&bytes, progress)?
    } else {
        spreadsheet_rows(path, progress)?
    };
    into_sheet(rows, progress)
}

fn cannot_read(path: &Path, e: &dyn std::fmt::Display) -> ExchangeError {
    ExchangeError::CannotRead { path: path.to_path_buf(), reason: e.to_string() }
}

/// Every row of the first worksheet with its 1-based row number.
fn spreadsheet_rows(path: &Path, progress: &Progress) -> Result<Vec<(usize, Vec<RawCell>)>, ExchangeError> {
    if !path.exists() {
        return Err(cannot_read(path, &std::io::Error::from(std::io::ErrorKind::NotFound)));
    }
    let mut book = calamine::open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Msg(_) => ExchangeError::UnknownFormat { path: path.to_path_buf() },
        other => cannot_read(path, &other),
    })?;
    let mut range = match book.worksheet_range_at(0) {
        Some(range) => range.map_err(|e| cannot_read(path, &e))?,
        None => return Err(ExchangeError::NoHeader),
    };
    let first = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = Vec::with_capacity(range.height());
    progress.set_total(Some(range.height() as u64));
    for i in 0..range.height() {
        progress.step(i as u64)?;
        // The cells are moved out of the range, not copied: a sheet of 100,000 rows has
        // more than a million strings.
        rows.push((first + i + 1, range[i].iter_mut().map(|cell| raw(std::mem::take(cell))).collect()));
    }
    Ok(rows)
}

/// One calamine cell as a [`RawCell`].
fn raw(data: Data) -> RawCell {
    match data {
        Data::Empty => RawCell::Empty,
        Data::String(s) => RawCell::Text(s),
        Data::Int(i) => RawCell::Number(i as f64),
        Data::Float(f) => RawCell::Number(f),
        Data::Bool(b) => RawCell::Text(if b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(dt) if dt.date().year() >= 1900 => RawCell::Date(dt.date()),
            _ => RawCell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            Some(d) => RawCell::Date(d),
            None => RawCell::Text(s),
        },
        Data::DurationIso(s) => RawCell::Text(s),
        Data::Error(e) => RawCell::Text(format!("#{e:?}")),
    }
}

/// The text of a CSV file: a UTF-8 byte-order mark or valid UTF-8 means UTF-8; anything
/// else is read as GB18030 (which includes GBK and GB2312), what Excel on a Chinese
/// Windows writes when it saves "CSV (逗号分隔)".
pub fn decode_csv(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(crate::exchange::csv::BOM) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Every record of a CSV file with its 1-based line number; ragged rows are accepted.
fn csv_rows(bytes: &[u8], progress: &Progress) -> Result<Vec<(usize, Vec<RawCell>)>, ExchangeError> {
    let text = decode_csv(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        progress.step(i as u64)?;
        let record = record
            .map_err(|e| ExchangeError::CannotRead { path: std::path::PathBuf::from("CSV"), reason: e.to_string() })?;
        let line = record.position().map_or(i + 1, |p| p.line() as usize);
        let cells = record.iter().map(|f| if f.is_empty() { RawCell::Empty } else { RawCell::Text(f.to_string()) });
        rows.push((line, cells.collect()));
    }
    Ok(rows)
}

/// The header is the first row with any value; rows without any value are dropped.
/// How many rows from the top may hold titles, notes or merged headings above the header.
const HEADER_SEARCH: usize = 10;

/// The sheet's header row: of the first non-empty rows, the one naming the most template
/// columns (a title, a filter line or merged headings above it are skipped, as exports and
/// other offices' sheets have them); the first non-empty row when none names any.
fn header_index(rows: &[(usize, Vec<RawCell>)]) -> usize {
    let known =
        |cells: &Vec<RawCell>| cells.iter().filter(|c| super::mapping::Column::recognise(&c.text()).is_some()).count();
    let mut best = (0, 0);
    for (i, (_, cells)) in rows.iter().enumerate().take(HEADER_SEARCH) {
        let n = known(cells);
        if n > best.1 {
            best = (i, n);
        }
    }
    best.0
}

fn into_sheet(rows: Vec<(usize, Vec<RawCell>)>, progress: &Progress) -> Result<Sheet, ExchangeError> {
    let rows: Vec<_> = rows.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_blank())).collect();
    let start = header_index(&rows);
    let mut rows = rows.into_iter().skip(start);
    let Some((_, header)) = rows.next() else { return Err(ExchangeError::NoHeader) };
    let mut headers: Vec<String> = header.iter().map(|c| crate::domain::text::clean(&c.text())).collect();
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let rows: Vec<_> = rows.collect();
    progress.set_total(Some(rows.len() as u64));
    Ok(Sheet { headers, rows })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_notes_above_the_header_are_skipped() {
        let text = "人才名单\n开发区：全部；截至 2026-11-29\n姓名,证件号码,开发区\n张伟,11010519491231002X,高新区\n";
        let sheet = into_sheet(csv_rows(text.as_bytes(), &Progress::new()).unwrap(), &Progress::new()).unwrap();
        assert_eq!(sheet.headers, ["姓名", "证件号码", "开发区"]);
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].0, 4, "the row keeps its number in the file");
    }

    #[test]
    fn csv_in_any_of_the_three_encodings_reads_the_same() {
        let text = "姓名,证件号码\n张伟,11010519491231002X\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert!(std::str::from_utf8(&gb).is_err(), "the sample must not be valid UTF-8");
        let bom = [crate::exchange::csv::BOM, text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &bom, &gb] {
            assert_eq!(decode_csv(bytes), text);
            let sheet = into_sheet(csv_rows(bytes, &Progress::new()).unwrap(), &Progress::new()).unwrap();
            assert_eq!(sheet.headers, ["姓名", "证件号码"]);
            assert_eq!(
                sheet.rows,
                [(2, vec![RawCell::Text("张伟".into()), RawCell::Text("11010519491231002X".into())])]
            );
        }
    }

    #[test]
    fn blank_rows_are_skipped_and_an_empty_file_has_no_header() {
        let sheet = into_sheet(csv_rows(b"\n,,\n a ,b,,\n\n1,2\n", &Progress::new()).unwrap(), &Progress::new());
        let sheet = sheet.unwrap();
        assert_eq!(sheet.headers, ["a", "b"]);
        assert_eq!(sheet.rows.len(), 1);
        assert!(matches!(into_sheet(Vec::new(), &Progress::new()), Err(ExchangeError::NoHeader)));
        assert!(matches!(
            into_sheet(csv_rows(b" , \n", &Progress::new()).unwrap(), &Progress::new()),
            Err(ExchangeError::NoHeader)
        ));
    }

    #[test]
    fn numbers_read_back_as_a_spreadsheet_shows_them() {
        assert_eq!(RawCell::Number(13_800_138_000.0).text(), "13800138000");
        assert_eq!(RawCell::Number(1.5).text(), "1.5");
        assert_eq!(RawCell::Number(110_105_194_912_310_000.0).text(), "1.1010519491231E+17");
    }
}
