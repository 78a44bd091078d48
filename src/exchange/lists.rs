//! The lists clerks send out, as format-neutral tables (headings in the clerk's language,
//! personal data already masked by the store), and the one entry point that writes a table
//! in the format its file name asks for.

use std::path::Path;

use chrono::NaiveDate;

use super::{Cell, Column, ColumnKind, ExchangeError, Progress, Row, TableMeta};
use crate::domain::id_number::{mask_phone, mask_stored};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Application, Card, Grant, GrantEntry, LeaseRow, TalentRow, Team};

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
    write_rows(path, format, meta, rows.into_iter().map(Ok::<_, std::convert::Infallible>), count, progress)
}

/// Writes streamed `rows` (`count` of them when known, for the progress bar) under `meta`.
/// An `Err` among the rows (the source failed, see [`super::RowSender::finish`]) ends the
/// export with that error and no file.
pub fn write_rows<E: Into<ExchangeError>>(
    path: &Path,
    format: Format,
    meta: &TableMeta,
    rows: impl IntoIterator<Item = Result<Row, E>>,
    count: Option<u64>,
    progress: &Progress,
) -> Result<u64, ExchangeError> {
    match format {
        Format::Xlsx => super::write_xlsx(path, meta, rows, count, progress),
        Format::Csv => super::write_csv(path, meta, rows, count, progress),
        Format::Pdf => super::write_pdf(path, meta, rows, count, progress),
    }
}

/// A column headed by the text of `key`.
pub(crate) fn column(lang: Lang, key: &str, kind: ColumnKind, width_chars: u16) -> Column {
    Column { header: tr(lang, key).into_owned(), kind, width_chars }
}

/// Which list of leases a table is; both have the same columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaseList {
    /// The allocation list (配租名单): the leases running on a day.
    Allocations,
    /// The arrears list (欠租名单): the leases that owe rent.
    Arrears,
}

/// A list of leases: project, building, unit, area, tenant (name, ID masked unless
/// `unmasked`), tier, employer, zone, lease dates, market rent, and the share and monthly
/// rent in force on the list's day (a later share once its anniversary has passed), arrears.
pub fn allocation_table(
    rows: &[LeaseRow],
    list: LeaseList,
    filter: String,
    generated: NaiveDate,
    unmasked: bool,
    lang: Lang,
) -> (TableMeta, Vec<Row>) {
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
                Cell::Text(if unmasked { r.document_number.whole().to_string() } else { r.document_masked.clone() }),
                Cell::Text(l.tier.clone()),
                Cell::Text(l.employer_name.clone()),
                Cell::Text(l.zone_name.clone()),
                Cell::Date(l.start_on),
                Cell::Date(l.last_day()),
                Cell::Money(l.market_rent),
                Cell::Percent(r.share),
                Cell::Money(r.monthly),
                Cell::Money(r.arrears),
            ]
        })
        .collect();
    let title = match list {
        LeaseList::Allocations => "export.allocations_title",
        LeaseList::Arrears => "export.arrears_title",
    };
    let meta = TableMeta { title: tr(lang, title).into_owned(), filter, generated, columns, lang };
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

/// The columns of the talent list (人才名单).
pub fn talent_meta(filter: String, generated: NaiveDate, lang: Lang) -> TableMeta {
    use ColumnKind::{Date, Text};
    let columns = vec![
        column(lang, "talent.name", Text, 10),
        column(lang, "talent.gender", Text, 5),
        column(lang, "talent.birth_date", Date, 11),
        column(lang, "talent.nationality", Text, 8),
        column(lang, "talent.doc_type", Text, 12),
        column(lang, "talent.doc_number", Text, 20),
        column(lang, "talent.phone", Text, 14),
        column(lang, "housing.tier_short", Text, 5),
        column(lang, "talent.field", Text, 10),
        column(lang, "talent.zone", Text, 14),
        column(lang, "talent.employer", Text, 24),
        column(lang, "talent.arrival_date", Date, 11),
    ];
    TableMeta { title: tr(lang, "export.talents_title").into_owned(), filter, generated, columns, lang }
}

/// The filter of a talent list in words, for the line under the title: the search, the
/// zone (`zone_name`), tier, field and card state the clerk chose, or "every talent".
pub fn talent_filter(q: &crate::store::TalentQuery, zone_name: Option<&str>, lang: Lang) -> String {
    let part = |key: &str, value: &str| {
        tr_args(lang, "export.filter_part", &[("name", tr(lang, key).into_owned()), ("value", value.to_string())])
    };
    let mut parts = Vec::new();
    if !q.text.trim().is_empty() {
        parts.push(part("export.search", q.text.trim()));
    }
    if let Some(zone) = zone_name {
        parts.push(part("talent.zone", zone));
    }
    if let Some(tier) = &q.tier {
        parts.push(part("talent.tier", tier));
    }
    if let Some(field) = &q.field {
        parts.push(part("talent.field", field));
    }
    if let Some((card, _)) = q.card {
        parts.push(part("export.card_state", &tr(lang, card.label_key())));
    }
    if parts.is_empty() {
        tr(lang, "export.every_talent").into_owned()
    } else {
        parts.join(&tr(lang, "export.filter_sep"))
    }
}

/// Turns talents into rows of the talent list; document and phone masked unless
/// `unmasked`. The labels are looked up once, not once per row of a million.
pub struct TalentRows {
    unmasked: bool,
    genders: [String; 2],
    documents: Vec<(crate::domain::DocumentType, String)>,
}

impl TalentRows {
    /// The maker for `lang`.
    pub fn new(unmasked: bool, lang: Lang) -> TalentRows {
        use crate::domain::{DocumentType, Gender};
        TalentRows {
            unmasked,
            genders: [Gender::Male, Gender::Female].map(|g| tr(lang, g.label_key()).into_owned()),
            documents: DocumentType::ALL.iter().map(|d| (*d, tr(lang, d.label_key()).into_owned())).collect(),
        }
    }

    /// One talent's row.
    pub fn row(&self, t: &TalentRow) -> Row {
        self.row_of(t.clone())
    }

    /// One talent's row, taking the talent's texts instead of copying them (an export of
    /// a million rows makes a dozen fewer allocations a row).
    pub fn row_of(&self, t: TalentRow) -> Row {
        let doc = if self.unmasked { t.doc_number.into_whole() } else { mask_stored(t.doc_type, t.doc_number.whole()) };
        let phone =
            if self.unmasked || t.phone.is_empty() { t.phone.into_whole() } else { mask_phone(t.phone.whole()) };
        let gender = &self.genders[usize::from(t.gender == crate::domain::Gender::Female)];
        let document = self.documents.iter().find(|(d, _)| *d == t.doc_type).map_or("", |(_, l)| l.as_str());
        vec![
            Cell::Text(t.name),
            Cell::Text(gender.clone()),
            Cell::Date(t.birth_date),
            Cell::Text(t.nationality),
            Cell::Text(document.to_string()),
            Cell::Text(doc),
            Cell::Text(phone),
            Cell::Text(t.tier),
            Cell::Text(t.field),
            Cell::Text(t.zone_name),
            Cell::Text(t.employer_name),
            t.arrival_date.map_or(Cell::Empty, Cell::Date),
        ]
    }
}

/// One talent as a row of the talent list (see [`TalentRows`] for many).
pub fn talent_row(t: &TalentRow, unmasked: bool, lang: Lang) -> Row {
    TalentRows::new(unmasked, lang).row(t)
}

/// Which list of cards a table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardList {
    /// The card list (绿卡名单): every card the filter finds, in any state.
    All,
    /// Active cards expiring soon (到期提醒).
    Expiring,
}

/// The columns of a card list: number, holder, document (masked unless asked), tier, state,
/// issued, valid until, zone, employer.
pub fn card_meta(list: CardList, filter: String, generated: NaiveDate, lang: Lang) -> TableMeta {
    use ColumnKind::{Date, Text};
    let columns = vec![
        column(lang, "verify.number", Text, 16),
        column(lang, "verify.holder", Text, 10),
        column(lang, "talent.doc_number", Text, 20),
        column(lang, "housing.tier_short", Text, 5),
        column(lang, "verify.state", Text, 8),
        column(lang, "card.issued_on", Date, 11),
        column(lang, "verify.valid_until", Date, 11),
        column(lang, "talent.zone", Text, 14),
        column(lang, "talent.employer", Text, 24),
    ];
    let title = match list {
        CardList::All => "export.card_list_title",
        CardList::Expiring => "export.cards_title",
    };
    TableMeta { title: tr(lang, title).into_owned(), filter, generated, columns, lang }
}

/// One card as a row of a card list; its state is the one on `on`.
pub fn card_row(c: &Card, on: NaiveDate, unmasked: bool, lang: Lang) -> Row {
    let document = if unmasked {
        c.holder_doc_number.whole().to_string()
    } else {
        mask_stored(c.holder_doc_type, c.holder_doc_number.whole())
    };
    vec![
        Cell::Text(c.number.clone()),
        Cell::Text(c.holder.clone()),
        Cell::Text(document),
        Cell::Text(c.tier.clone()),
        Cell::Text(tr(lang, c.state_on(on).label_key()).into_owned()),
        Cell::Date(c.issued_on),
        Cell::Date(c.expires_on),
        Cell::Text(c.zone_name.clone()),
        Cell::Text(c.employer_name.clone()),
    ]
}

/// A list of cards as a table (see [`card_meta`] and [`card_row`]).
pub fn card_table(
    cards: &[Card],
    list: CardList,
    filter: String,
    generated: NaiveDate,
    unmasked: bool,
    lang: Lang,
) -> (TableMeta, Vec<Row>) {
    let rows = cards.iter().map(|c| card_row(c, generated, unmasked, lang)).collect();
    (card_meta(list, filter, generated, lang), rows)
}

/// A review queue: number, kind, applicant, summary, waiting since.
pub fn queue_table(apps: &[Application], filter: String, generated: NaiveDate, lang: Lang) -> (TableMeta, Vec<Row>) {
    use ColumnKind::{Integer, Text};
    let columns = vec![
        column(lang, "review.no", Integer, 8),
        column(lang, "review.kind", Text, 10),
        column(lang, "grant.applicant", Text, 10),
        column(lang, "review.summary", Text, 30),
        column(lang, "review.waiting_since", Text, 20),
    ];
    let rows = apps
        .iter()
        .map(|a| {
            vec![
                Cell::Integer(a.id),
                Cell::Text(tr(lang, a.kind.label_key()).into_owned()),
                Cell::Text(a.talent_name.clone()),
                Cell::Text(a.summary.clone()),
                Cell::Text(a.waiting_since.clone()),
            ]
        })
        .collect();
    (TableMeta { title: tr(lang, "export.queue_title").into_owned(), filter, generated, columns, lang }, rows)
}

/// The team list (团队): name, leader, field, zone, introduced, members.
pub fn team_table(teams: &[Team], filter: String, generated: NaiveDate, lang: Lang) -> (TableMeta, Vec<Row>) {
    use ColumnKind::{Date, Integer, Text};
    let columns = vec![
        column(lang, "teams.name", Text, 24),
        column(lang, "teams.leader", Text, 10),
        column(lang, "talent.field", Text, 12),
        column(lang, "talent.zone", Text, 14),
        column(lang, "teams.introduced", Date, 11),
        column(lang, "teams.members", Integer, 8),
    ];
    let rows = teams
        .iter()
        .map(|t| {
            vec![
                Cell::Text(t.name.clone()),
                Cell::Text(t.leader_name.clone()),
                Cell::Text(t.field.clone()),
                Cell::Text(t.zone_name.clone()),
                Cell::Date(t.introduced_on),
                Cell::Integer(t.members),
            ]
        })
        .collect();
    (TableMeta { title: tr(lang, "export.teams_title").into_owned(), filter, generated, columns, lang }, rows)
}
