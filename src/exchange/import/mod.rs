//! Import of talents from enterprise spreadsheets. No egui and no SQL here: this module
//! reads and checks the file; the store classifies the rows and writes them.
//!
//! The steps, each usable on its own by the GUI (on a worker thread, with a [`Progress`]):
//! 1. [`read_sheet`]: the first sheet of an .xlsx/.xls/.ods file, or a CSV file in UTF-8
//!    (with or without BOM) or GB18030, as headings and raw cells.
//! 2. [`Mapping::new`]: headings matched to the template's columns by name, the clerk's
//!    remembered choices ([`SavedMapping`]) first; [`Mapping::missing_required`] says
//!    what must still be matched by hand.
//! 3. [`parse_sheet`]: every row checked against the registry ([`Lookup`]): a
//!    [`crate::domain::import::ImportRow`] or a [`crate::domain::import::Rejection`].
//! 4. `Store::plan_import` (the dry run) and `Store::apply_import` (one transaction).
//! 5. [`write_report`]: the rejected rows as .xlsx, to send back to the enterprise.
//!
//! [`write_template`] writes the empty template the enterprises fill in.

pub mod mapping;
pub mod read;
pub mod report;
pub mod rows;
pub mod template;

use std::path::Path;

use chrono::NaiveDate;

pub use mapping::{Column, MAPPING_SETTING, Mapping, SavedMapping};
pub use read::{RawCell, Sheet, read_sheet};
pub use report::write_report;
pub use rows::{Lookup, ParsedSheet, parse_row, parse_sheet};
pub use template::write_template;

use super::{ExchangeError, Progress};
use crate::domain::Message;
use crate::store::Store;

impl Lookup {
    /// The registry of `store` and the tiers of the policy in force `today`.
    pub fn from_store(store: &Store, today: NaiveDate) -> crate::store::Result<Lookup> {
        let tiers = store.policy_in_force(today)?.policy.tiers.into_iter().map(|t| t.code).collect();
        Ok(Lookup::new(&store.zones()?, &store.employers()?, tiers, today))
    }
}

/// A file read and checked with the remembered mapping, as the CLI imports it: the
/// sheet's headings and the checked rows. Refused when a required column is not found.
pub fn read_talents(
    path: &Path,
    store: &Store,
    today: NaiveDate,
    progress: &Progress,
) -> Result<(Vec<String>, ParsedSheet), ExchangeError> {
    let source = |e: crate::store::StoreError| ExchangeError::source(&e);
    let sheet = read_sheet(path, progress)?;
    let mapping = Mapping::new(&sheet.headers, &SavedMapping::load(store).map_err(source)?);
    let missing = mapping.missing_required();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|c| c.zh()).collect();
        return Err(Message { key: "import.missing_columns", args: vec![("columns", names.join("、"))] }.into());
    }
    let lookup = Lookup::from_store(store, today).map_err(source)?;
    let parsed = parse_sheet(&sheet, &mapping, &lookup, progress)?;
    Ok((sheet.headers, parsed))
}
