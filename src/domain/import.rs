//! The plain results of reading an import file, shared by the parser (`exchange::import`)
//! and the store's planner: a checked row ready for the store, or a rejected row with
//! every problem it has, each tied to the column it was found in.

use super::Message;
use super::talent::NewTalent;

/// A row of the file that passed every check and is ready to be classified and written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's number in the sheet as the clerk sees it (1-based, header included).
    pub row: usize,
    /// The checked record.
    pub talent: NewTalent,
    /// The heading of the document-number column, for problems found later (duplicates).
    pub doc_column: String,
    /// The row's cells as text, in the file's column order, for the rejection report.
    pub cells: Vec<String>,
}

/// One problem of a rejected row: the column's heading in the file and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The column's heading as written in the file (or the template's name for a missing
    /// column).
    pub column: String,
    /// Why, as an i18n key and arguments, shown in the clerk's language.
    pub reason: Message,
}

/// A row that will not be imported, with every problem found in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The row's number in the sheet (1-based, header included).
    pub row: usize,
    /// The problems, in column order; never empty.
    pub problems: Vec<RowProblem>,
    /// The row's cells as text, in the file's column order, for the rejection report.
    pub cells: Vec<String>,
}

impl Rejection {
    /// A rejection with one problem.
    pub fn one(row: usize, column: String, reason: Message, cells: Vec<String>) -> Rejection {
        Rejection { row, problems: vec![RowProblem { column, reason }], cells }
    }
}
