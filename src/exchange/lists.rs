//! The lists clerks send out, as format-neutral tables (headings in the clerk's language,
//! personal data already masked by the store), and the one entry point that writes a table
//! in the format its file name asks for.

use std::path::Path;

use chrono::NaiveDate;

use super::{Cell, Column, ColumnKind, ExchangeError, Progress, Row, TableMeta};
use crate::i18n::{Lang, tr};
use crate::store::{Grant, GrantEntry, LeaseRow};

/// An export format, chosen by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Excel workbook.
    Xlsx,
    /// CSV, UTF-8 with BOM.
    Csv,
    /// A4 landscape PDF.
    Pdf,
}

impl Format {
    /// Every format, in the order the buttons show them.
    pub const ALL: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Pdf];

    /// The format a path's extension names (`.xlsx`, `.csv`, `.pdf`, any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// The file extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Pdf => "pdf",
        }
    }
}

/// Writes `rows` under `meta` to `path` in `format`; returns the rows written.
pub fn write_table(
    path: &Path,
    format: Format,
    meta: &TableMeta,
    rows: Vec<Row>,
    progress: &Progress,
) -> Result<u64, ExchangeError> {
    let count = Some(rows.len() as u64);
    let rows = rows.into_iter().map(Ok::<_, std::convert::Infallible>);
    match format {
        Format::Xlsx => super::write_xlsx(path, meta, rows, count, progress),
        Format::Csv => super::write_csv(path, meta, rows, count, progress),
        Format::Pdf => super::write_pdf(path, meta, rows, count, progress),
    }
}

fn column(lang: Lang, key: &str, kind: ColumnKind, width_chars: u16) -> Column {
    Column { header: tr(lang, key).into_owned(), kind, width_chars }
}

/// The allocation list (配租名单): project, building, unit, area, tenant (name, masked ID),
/// tier, employer, zone, lease dates, market rent, share, monthly rent, arrears.
pub fn allocation_table(rows: &[LeaseRow], filter: String, generated: NaiveDate, lang: Lang) -> (TableMeta, Vec<Row>) {
    use ColumnKind::{Area, Date, Money, Percent, Text};
    let columns = vec![
        column(lang, "housing.project", Text, 18),
        column(lang, "housing.building", Text, 6),
        column(lang, "housing.unit", Text, 6),
        column(lang, "housing.area", Area, 8),
        column(lang, "housing.tenant", Text, 10),
        column(lang, "talent.doc_number", Text, 20),
        column(lang, "talent.tier", Text, 5),
        column(lang, "talent.employer", Text, 22),
        column(lang, "talent.zone", Text, 12),
        column(lang, "housing.start", Date, 11),
        column(lang, "housing.end", Date, 11),
        column(lang, "housing.market_rent", Money, 11),
        column(lang, "housing.share", Percent, 8),
        column(lang, "housing.monthly_rent", Money, 11),
        column(lang, "housing.arrears", Money, 11),
    ];
    let table = rows
        .iter()
        .map(|r| {
            let l = &r.lease;
            vec![
                Cell::Text(l.project_name.clone()),
                Cell::Text(l.building.clone()),
                Cell::Text(l.unit.clone()),
                Cell::Area(l.area.0),
                Cell::Text(l.talent_name.clone()),
                Cell::Text(r.document_masked.clone()),
                Cell::Text(l.tier.clone()),
                Cell::Text(l.employer_name.clone()),
                Cell::Text(l.zone_name.clone()),
                Cell::Date(l.start_on),
                Cell::Date(l.last_day()),
                Cell::Money(l.market_rent),
                Cell::Percent(l.rent_share),
                Cell::Money(l.monthly_rent),
                Cell::Money(r.arrears),
            ]
        })
        .collect();
    let meta = TableMeta { title: tr(lang, "export.allocations_title").into_owned(), filter, generated, columns, lang };
    (meta, table)
}

/// The award list (资助名单): programme, year, applicant, tier, kind, project, requested,
/// award, the limit that fixed it, paid so far, and the grant's state.
pub fn award_table(grants: &[Grant], filter: String, generated: NaiveDate, lang: Lang) -> (TableMeta, Vec<Row>) {
    use ColumnKind::{Integer, Money, Text};
    let columns = vec![
        column(lang, "grant.programme", Text, 18),
        column(lang, "grant.year", Integer, 6),
        column(lang, "grant.applicant", Text, 10),
        column(lang, "housing.tier_short", Text, 5),
        column(lang, "grant.kind", Text, 10),
        column(lang, "grant.project", Text, 22),
        column(lang, "grant.requested", Money, 13),
        column(lang, "grant.award", Money, 13),
        column(lang, "grant.limit", Text, 12),
        column(lang, "grant.paid", Money, 13),
    ];
    let table = grants
        .iter()
        .map(|g| {
            vec![
                Cell::Text(g.programme_name.clone()),
                Cell::Integer(g.year),
                Cell::Text(g.talent_name.clone()),
                Cell::Text(g.tier.clone()),
                Cell::Text(tr(lang, g.kind.label_key()).into_owned()),
                Cell::Text(g.project.clone()),
                Cell::Money(g.requested),
                g.award.map_or(Cell::Empty, Cell::Money),
                g.limit.map_or(Cell::Empty, |l| Cell::Text(tr(lang, l.short_key()).into_owned())),
                Cell::Money(g.paid),
            ]
        })
        .collect();
    let meta = TableMeta { title: tr(lang, "export.awards_title").into_owned(), filter, generated, columns, lang };
    (meta, table)
}

/// The payment list (拨付名单): day, programme, grantee, project, tranche or clawback
/// reason, amount (clawbacks negative).
pub fn payment_table(
    entries: &[GrantEntry],
    filter: String,
    generated: NaiveDate,
    lang: Lang,
) -> (TableMeta, Vec<Row>) {
    use ColumnKind::{Date, Money, Text};
    let columns = vec![
        column(lang, "lease.paid_on", Date, 11),
        column(lang, "grant.programme", Text, 18),
        column(lang, "grant.applicant", Text, 10),
        column(lang, "grant.project", Text, 22),
        column(lang, "grant.tranche", Text, 16),
        column(lang, "lease.amount", Money, 14),
    ];
    let table = entries
        .iter()
        .map(|e| {
            vec![
                Cell::Date(e.on),
                Cell::Text(e.programme_name.clone()),
                Cell::Text(e.talent_name.clone()),
                Cell::Text(e.project.clone()),
                Cell::Text(if e.amount.fen() < 0 { e.reason.clone() } else { e.tranche.clone() }),
                Cell::Money(e.amount),
            ]
        })
        .collect();
    let meta = TableMeta { title: tr(lang, "export.payments_title").into_owned(), filter, generated, columns, lang };
    (meta, table)
}
