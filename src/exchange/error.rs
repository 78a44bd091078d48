//! What can go wrong in an export, in words a clerk understands.

use std::path::{Path, PathBuf};

use crate::domain::{Message, Problem};

/// An export that did not happen. Every variant leaves the destination as it was: no half
/// file, and an existing file of the same name untouched.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file (or its temporary companion) could not be created or put in place.
    CannotCreate { path: PathBuf, reason: String },
    /// The disk filled up while writing.
    DiskFull { path: PathBuf },
    /// Any other failure while writing the file.
    WriteFailed { path: PathBuf, reason: String },
    /// The clerk cancelled the export.
    Cancelled,
    /// The bundled font could not be read or embedded.
    Font { reason: String },
    /// More rows than the format holds.
    TooManyRows { format: &'static str, max: u64 },
    /// A row has a different number of cells than the table has columns (a programming
    /// error of the caller, reported instead of a crash).
    RowShape { row: u64, expected: usize, found: usize },
    /// There is nothing to print.
    NothingToPrint,
    /// The spreadsheet library refused the data.
    Xlsx { reason: String },
    /// The PDF could not be built.
    Pdf { reason: String },
    /// Reading the rows failed (e.g. the database); carries the source's own message.
    Source(Message),
    /// An import file could not be opened or is damaged.
    CannotRead { path: PathBuf, reason: String },
    /// An import file is neither a spreadsheet nor CSV.
    UnknownFormat { path: PathBuf },
    /// An import file has no row with any text in it.
    NoHeader,
}

impl ExchangeError {
    /// Classifies an I/O error while writing `path`: a full disk is named as such.
    pub fn io(path: &Path, e: &std::io::Error) -> ExchangeError {
        if e.kind() == std::io::ErrorKind::StorageFull {
            ExchangeError::DiskFull { path: path.to_path_buf() }
        } else {
            ExchangeError::WriteFailed { path: path.to_path_buf(), reason: e.to_string() }
        }
    }

    /// Wraps the problem of a row source, so its message reaches the clerk unchanged.
    pub fn source(problem: &dyn Problem) -> ExchangeError {
        ExchangeError::Source(Message::of(problem))
    }
}

impl From<Message> for ExchangeError {
    fn from(message: Message) -> ExchangeError {
        ExchangeError::Source(message)
    }
}

impl From<std::convert::Infallible> for ExchangeError {
    fn from(never: std::convert::Infallible) -> ExchangeError {
        match never {}
    }
}

impl Problem for ExchangeError {
    fn key(&self) -> &'static str {
        match self {
            ExchangeError::CannotCreate { .. } => "exchange.cannot_create",
            ExchangeError::DiskFull { .. } => "exchange.disk_full",
            ExchangeError::WriteFailed { .. } => "exchange.write_failed",
            ExchangeError::Cancelled => "exchange.cancelled",
            ExchangeError::Font { .. } => "exchange.font",
            ExchangeError::TooManyRows { .. } => "exchange.too_many_rows",
            ExchangeError::RowShape { .. } => "exchange.row_shape",
            ExchangeError::NothingToPrint => "exchange.nothing_to_print",
            ExchangeError::Xlsx { .. } => "exchange.xlsx",
            ExchangeError::Pdf { .. } => "exchange.pdf",
            ExchangeError::Source(message) => message.key,
            ExchangeError::CannotRead { .. } => "import.cannot_read",
            ExchangeError::UnknownFormat { .. } => "import.unknown_format",
            ExchangeError::NoHeader => "import.no_header",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ExchangeError::CannotCreate { path, reason }
            | ExchangeError::WriteFailed { path, reason }
            | ExchangeError::CannotRead { path, reason } => {
                vec![("path", path.display().to_string()), ("reason", reason.clone())]
            }
            ExchangeError::DiskFull { path } | ExchangeError::UnknownFormat { path } => {
                vec![("path", path.display().to_string())]
            }
            ExchangeError::Font { reason } | ExchangeError::Xlsx { reason } | ExchangeError::Pdf { reason } => {
                vec![("reason", reason.clone())]
            }
            ExchangeError::TooManyRows { format, max } => {
                vec![("format", (*format).to_string()), ("max", max.to_string())]
            }
            ExchangeError::RowShape { row, expected, found } => {
                vec![("row", row.to_string()), ("expected", expected.to_string()), ("found", found.to_string())]
            }
            ExchangeError::Source(message) => message.args.clone(),
            ExchangeError::Cancelled | ExchangeError::NothingToPrint | ExchangeError::NoHeader => Vec::new(),
        }
    }
}
crate::impl_problem_display!(ExchangeError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_full_disk_is_named_in_both_languages() {
        let e = ExchangeError::io(Path::new("/x/名单.xlsx"), &std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(matches!(e, ExchangeError::DiskFull { .. }));
        assert!(e.to_string().contains("名单.xlsx") && e.to_string().contains("磁盘"), "{e}");
        assert!(e.text(Lang::En).contains("disk"), "{}", e.text(Lang::En));
    }

    #[test]
    fn a_source_problem_keeps_its_own_message() {
        let e = ExchangeError::source(&crate::domain::money::MoneyError::Empty);
        assert_eq!(e.key(), "money.empty");
        assert!(!e.to_string().contains("%{"));
    }
}
