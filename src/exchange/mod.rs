//! Export: lists as Excel, CSV or PDF, and printable green cards. No egui and no SQL here:
//! the caller hands over a [`TableMeta`] and an iterator of rows, and polls a [`Progress`]
//! from the UI thread while a worker thread writes.
//!
//! Formats:
//! - [`write_xlsx`]: an Excel workbook with typed cells (real dates, money as numbers shown
//!   `¥#,##0.00`, percentages, areas), title and filter above a frozen header with an
//!   autofilter; streamed in constant memory.
//! - [`write_csv`]: UTF-8 with a byte-order mark, one header row, ISO dates and plain
//!   numbers (`1234.56`, `70.00%`) that any spreadsheet reads as numbers.
//! - [`write_pdf`]: A4 landscape with the CJK font embedded as a subset, the header on
//!   every page and `第 n 页 / 共 m 页` at the foot.
//! - [`write_cards`]: CR80 card pages, front and back per card, with a QR code of the
//!   card number.
//!
//! Rules every writer keeps:
//! - **Atomic**: the file is written under a temporary name in the destination folder and
//!   renamed into place only when complete. A failed or cancelled export leaves no file and
//!   an existing file of that name untouched.
//! - **Cancellable**: progress is published, and a cancel honoured, every
//!   [`progress::STEP`] rows.
//! - **No panics on data**: empty tables, very long text and characters the font lacks
//!   (printed as `?`) are all fine; a row with the wrong number of cells is an error.
//! - **Masking is the caller's job**: whatever text is handed over is written as it is, so
//!   document numbers and phones must already be masked where the list calls for it.

pub mod audit_fields;
pub mod audit_list;
pub mod card_pdf;
pub mod csv;
pub mod error;
pub mod import;
pub mod lists;
pub(crate) mod output;
pub mod pdf;
pub mod progress;
pub mod qr;
pub mod stats_lists;
pub mod stream;
pub mod table;
pub(crate) mod typeset;
pub mod xlsx;

pub use card_pdf::{CardFace, write_cards};
pub use csv::write_csv;
pub use error::ExchangeError;
pub use lists::{
    CardList, Format, LeaseList, TalentRows, allocation_table, award_table, card_meta, card_row, card_table,
    payment_table, queue_table, talent_filter, talent_meta, talent_row, team_table, write_rows, write_table,
};
pub use pdf::write_pdf;
pub use progress::Progress;
pub use stream::{ReadRows, RowReceiver, RowSender, row_channel, spawn_reader};
pub use table::{Cell, Column, ColumnKind, Row, TableMeta};
pub use xlsx::write_xlsx;
