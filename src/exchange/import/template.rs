//! The import template the office hands to enterprises: the 16 Chinese headings, one row
//! of example values, and the number columns formatted as text so that Excel keeps every
//! digit of an identity number or a phone.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::mapping::Column;
use crate::exchange::output::write_atomically;
use crate::exchange::{ExchangeError, Progress};

/// An example value per column, in template order: a valid demo resident ID, a
/// registered-looking credit code, dates in the accepted forms.
const EXAMPLE: [&str; 16] = [
    "张伟",
    "居民身份证",
    "11010519491231002X",
    "女",
    "1949-12-31",
    "中国",
    "13800138000",
    "zhang.wei@example.cn",
    "博士研究生",
    "正高级工程师",
    "集成电路",
    "示例科技有限公司",
    "91110000600037341L",
    "GX",
    "B",
    "2024-01-05",
];

/// Columns kept as text: document number, phone, credit code, and the dates (so that
/// `2024-01-05` is not turned into a serial number with a regional format).
fn is_text_column(column: Column) -> bool {
    matches!(column, Column::DocNumber | Column::Phone | Column::CreditCode | Column::BirthDate | Column::ArrivalDate)
}

/// Writes the template to `path` (atomically: an existing file is replaced only when the
/// new one is complete).
pub fn write_template(path: &Path) -> Result<(), ExchangeError> {
    let xlsx = |e: XlsxError| match e {
        XlsxError::IoError(e) => ExchangeError::io(path, &e),
        other => ExchangeError::Xlsx { reason: other.to_string() },
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("人才导入").map_err(xlsx)?;
    let header = Format::new().set_bold().set_background_color("#E6EFE9");
    let required = Format::new().set_bold().set_background_color("#E6EFE9").set_font_color("#B00020");
    // Built-in format 49 is Excel's own "@" (Text), which every spreadsheet program knows.
    let text = Format::new().set_num_format_index(49);
    for (c, column) in (0u16..).zip(Column::ALL) {
        let width =
            if is_text_column(column) || column == Column::Employer || column == Column::Email { 22 } else { 12 };
        sheet.set_column_width(c, width).map_err(xlsx)?;
        if is_text_column(column) {
            sheet.set_column_format(c, &text).map_err(xlsx)?;
        }
        let format = if Column::REQUIRED.contains(&column) { &required } else { &header };
        sheet.write_string_with_format(0, c, column.zh(), format).map_err(xlsx)?;
        let example = EXAMPLE[usize::from(c)];
        if is_text_column(column) {
            sheet.write_string_with_format(1, c, example, &text).map_err(xlsx)?;
        } else {
            sheet.write_string(1, c, example).map_err(xlsx)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
    write_atomically(path, &Progress::new(), |out| workbook.save_to_writer(out).map_err(xlsx))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::CreditCode;

    #[test]
    fn the_example_row_is_valid() {
        assert!(CreditCode::parse(EXAMPLE[12]).is_ok(), "the example credit code must pass its own check");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(crate::domain::ResidentId::parse(EXAMPLE[2], today).is_ok());
    }
}
