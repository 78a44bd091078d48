//! Excel workbooks: typed cells (real dates, money as numbers shown `¥#,##0.00`), the title
//! and filter above a frozen, filterable header. Rows stream through rust_xlsxwriter's
//! constant-memory mode, so a long list never sits in memory.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::output::write_atomically;
use super::table::{RowLimit, for_each_row};
use super::{Cell, ExchangeError, Progress, Row, TableMeta};

/// Excel's row limit.
const EXCEL_ROWS: u64 = 1_048_576;
/// Rows above the data: title, filter line, header.
const TOP_ROWS: u32 = 3;
/// The most data rows one sheet holds.
pub const MAX_XLSX_ROWS: u64 = EXCEL_ROWS - TOP_ROWS as u64;
/// Excel's limit on the UTF-16 units of one cell.
const MAX_CELL_UNITS: usize = 32_767;
/// Column widths are fitted to the header and the first this many rows (enough to see what
/// a column holds, and free for a list of a million).
const WIDTH_SAMPLE: u64 = 1_000;
/// No column is made wider than this (long project summaries wrap in the cell instead).
const MAX_WIDTH: usize = 60;

/// The header row's look: bold on a pale green, a line under it.
fn header() -> Format {
    Format::new().set_bold().set_background_color("#E6EFE9").set_border_bottom(rust_xlsxwriter::FormatBorder::Thin)
}

/// The cell formats of one workbook.
struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    /// The header of a number column, on the right like its numbers.
    header_right: Format,
    date: Format,
    money: Format,
    percent: Format,
    area: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_font_color("#555555"),
            header: header(),
            header_right: header().set_align(FormatAlign::Right),
            date: Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
            money: Format::new().set_num_format("\"¥\"#,##0.00"),
            percent: Format::new().set_num_format("0.00%"),
            area: Format::new().set_num_format("0.00"),
        }
    }
}

/// Writes `rows` to `path` as an xlsx workbook with one sheet named after the title:
/// row 1 the title, row 2 the filter and the day, row 3 the header (frozen, with an
/// autofilter), then one row per record. `count` (when known) drives the progress bar and
/// refuses at once a list longer than a sheet holds. Returns the number of rows written.
pub fn write_xlsx<E: Into<ExchangeError>>(
    path: &Path,
    meta: &TableMeta,
    rows: impl IntoIterator<Item = Result<Row, E>>,
    count: Option<u64>,
    progress: &Progress,
) -> Result<u64, ExchangeError> {
    let xlsx = |e: XlsxError| match e {
        XlsxError::IoError(e) => ExchangeError::io(path, &e),
        other => ExchangeError::Xlsx { reason: other.to_string() },
    };
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The row data is spooled next to the destination, not in a RAM-backed /tmp.
        workbook.set_tempdir(dir).map_err(xlsx)?;
    }
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx)?;
    sheet.set_name(sheet_name(&meta.title)).map_err(xlsx)?;
    write_top(sheet, meta, &formats).map_err(xlsx)?;
    let last_col = u16::try_from(meta.columns.len().saturating_sub(1)).map_err(|_| too_many_columns())?;
    let limit = RowLimit { format: "Excel", max: MAX_XLSX_ROWS };
    let mut widths: Vec<usize> =
        meta.columns.iter().map(|c| display_width(&c.header).max(usize::from(c.width_chars))).collect();
    let written = for_each_row(meta, rows, count, Some(limit), progress, |index, row| {
        // The limit keeps index + TOP_ROWS below 2^20.
        let r = TOP_ROWS + index as u32;
        for (c, cell) in (0u16..).zip(&row) {
            write_cell(sheet, r, c, cell, &formats).map_err(xlsx)?;
        }
        if index < WIDTH_SAMPLE {
            for (width, cell) in widths.iter_mut().zip(&row) {
                *width = (*width).max(display_width(&cell.display()));
            }
        }
        Ok(())
    })?;
    // The columns are written when the workbook is saved, so they can follow the rows.
    for (c, width) in (0u16..).zip(widths) {
        sheet.set_column_width(c, (width.clamp(4, MAX_WIDTH) + 2) as f64).map_err(xlsx)?;
    }
    if !meta.columns.is_empty() {
        let last_row = TOP_ROWS - 1 + u32::try_from(written).unwrap_or(0);
        sheet.autofilter(TOP_ROWS - 1, 0, last_row, last_col).map_err(xlsx)?;
    }
    write_atomically(path, progress, |out| workbook.save_to_writer(out).map_err(xlsx))?;
    Ok(written)
}

fn too_many_columns() -> ExchangeError {
    ExchangeError::Xlsx { reason: "more than 16384 columns".to_string() }
}

/// Title, filter line, header, the frozen header, and the page set-up for printing: A4
/// landscape, one page wide, the header row on every page, page numbers at the foot.
fn write_top(sheet: &mut Worksheet, meta: &TableMeta, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_row_height(0, 22)?;
    sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(TOP_ROWS - 1, TOP_ROWS - 1)?;
    let foot = crate::i18n::tr_args(meta.lang, "exchange.page_of", &[("page", "&P".into()), ("pages", "&N".into())]);
    sheet.set_footer(format!("&C{foot}"));
    sheet.write_string_with_format(0, 0, clip(&meta.title), &formats.title)?;
    sheet.write_string_with_format(1, 0, clip(&meta.subtitle()), &formats.subtitle)?;
    for (c, column) in (0u16..).zip(&meta.columns) {
        let format = if column.kind.is_numeric() { &formats.header_right } else { &formats.header };
        sheet.write_string_with_format(TOP_ROWS - 1, c, clip(&column.header), format)?;
    }
    sheet.set_freeze_panes(TOP_ROWS, 0)?;
    Ok(())
}

/// One typed cell: numbers stay numbers, dates stay dates.
fn write_cell(sheet: &mut Worksheet, r: u32, c: u16, cell: &Cell, f: &Formats) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(text) => sheet.write_string(r, c, clip(text)).map(drop),
        Cell::Date(date) => sheet.write_date_with_format(r, c, date, &f.date).map(drop),
        Cell::Money(fen) => sheet.write_number_with_format(r, c, fen.0 as f64 / 100.0, &f.money).map(drop),
        Cell::Integer(n) => sheet.write_number(r, c, *n as f64).map(drop),
        Cell::Percent(bp) => sheet.write_number_with_format(r, c, f64::from(bp.0) / 10_000.0, &f.percent).map(drop),
        Cell::Area(a) => sheet.write_number_with_format(r, c, *a as f64 / 100.0, &f.area).map(drop),
        Cell::Empty => Ok(()),
    }
}

/// How wide a text shows, in Excel's width units: a Chinese (or other wide) character
/// takes two.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if u32::from(c) >= 0x2E80 { 2 } else { 1 }).sum()
}

/// Text cut to Excel's cell limit of 32,767 UTF-16 units (Excel refuses longer text).
fn clip(text: &str) -> String {
    if text.len() <= MAX_CELL_UNITS {
        return text.to_string();
    }
    let mut units = 0;
    let mut out = String::new();
    for c in text.chars() {
        units += c.len_utf16();
        // One unit stays free for the ellipsis.
        if units >= MAX_CELL_UNITS {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// A sheet name Excel accepts: no `[]:*?/\`, no apostrophe at either end, at most 31
/// UTF-16 units, not empty, not "History".
pub fn sheet_name(title: &str) -> String {
    let cleaned: String =
        title.chars().filter(|c| !c.is_control()).map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let mut name = String::new();
    let mut units = 0;
    for c in cleaned.trim().trim_matches('\'').chars() {
        units += c.len_utf16();
        if units > 31 {
            break;
        }
        name.push(c);
    }
    let name = name.trim().trim_end_matches('\'').to_string();
    if name.is_empty() || name.eq_ignore_ascii_case("history") { "Sheet1".to_string() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned_to_what_excel_accepts() {
        assert_eq!(sheet_name("高新区：人才/名单[2026]"), "高新区：人才_名单_2026_");
        assert_eq!(sheet_name("''"), "Sheet1");
        assert_eq!(sheet_name("History"), "Sheet1");
        assert_eq!(sheet_name(&"名".repeat(40)).chars().count(), 31);
        // An emoji is two UTF-16 units and is not cut in half.
        assert_eq!(sheet_name(&format!("{}😀", "a".repeat(30))), "a".repeat(30));
    }

    #[test]
    fn chinese_characters_count_two_in_a_column_width() {
        assert_eq!(display_width("人才公寓"), 8);
        assert_eq!(display_width("¥1,234.56"), 9);
        assert_eq!(display_width("Ji-woo Sato"), 11);
    }

    #[test]
    fn very_long_text_is_cut_to_the_cell_limit() {
        let long = "长".repeat(40_000);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_UNITS);
        assert_eq!(clip(&"😀".repeat(20_000)).encode_utf16().count(), MAX_CELL_UNITS);
        assert_eq!(clip("短"), "短");
    }
}
