//! One row of a sheet becomes a checked talent or a rejection listing every problem of
//! the row at its column. Messy values are accepted the way clerks type them (spaces,
//! full-width forms, `2024年1月5日`, Excel date cells); an identity number that Excel
//! stored as a number is refused, never repaired.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::mapping::{Column, Mapping};
use super::read::{RawCell, Sheet};
use crate::domain::import::{ImportRow, Rejection, RowProblem};
use crate::domain::talent::{TalentInput, parse_talent};
use crate::domain::text::clean;
use crate::domain::{CreditCode, DocumentType, Gender, Message, Problem, TierCode};
use crate::exchange::{ExchangeError, Progress};
use crate::store::{Employer, Zone};

/// Numbers from this size on have lost digits in a float (15 significant digits is all
/// that Excel keeps), so a document number stored as one cannot be trusted.
const UNTRUSTED_NUMBER: f64 = 1e15;

/// What rows are checked against: the registry's zones and employers, the tiers of the
/// policy in force, and today (birth dates may not lie after it).
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    zones: HashMap<String, i64>,
    employers_by_code: HashMap<String, i64>,
    /// `None` when two employers share the name.
    employers_by_name: HashMap<String, Option<i64>>,
    tiers: Vec<TierCode>,
    today: NaiveDate,
}

impl Lookup {
    /// Indexes the registry for matching: zones by code (any case) and by name,
    /// employers by credit code and by exact name.
    pub fn new(zones: &[Zone], employers: &[Employer], tiers: Vec<TierCode>, today: NaiveDate) -> Lookup {
        let mut lookup = Lookup { tiers, today, ..Lookup::default() };
        for z in zones {
            lookup.zones.insert(z.code.to_ascii_uppercase(), z.id);
            lookup.zones.insert(clean(&z.name), z.id);
        }
        for e in employers {
            lookup.employers_by_code.insert(e.credit_code.clone(), e.id);
            lookup.employers_by_name.entry(clean(&e.name)).and_modify(|id| *id = None).or_insert(Some(e.id));
        }
        lookup
    }
}

/// The rows of a sheet sorted into checked rows and rejections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedSheet {
    /// Rows that passed every check, in file order.
    pub rows: Vec<ImportRow>,
    /// Rows with problems, in file order.
    pub rejected: Vec<Rejection>,
}

/// Rows from which the check runs on two threads.
const TWO_THREADS_FROM: usize = 4096;

/// Checks every row of `sheet`; progress counts rows and a cancel stops. A large sheet is
/// checked on two threads, a half each (rows are independent of each other); the rows
/// and rejections keep file order.
pub fn parse_sheet(
    sheet: &Sheet,
    mapping: &Mapping,
    lookup: &Lookup,
    progress: &Progress,
) -> Result<ParsedSheet, ExchangeError> {
    progress.set_total(Some(sheet.rows.len() as u64));
    let rows = sheet.rows.as_slice();
    let out = if rows.len() < TWO_THREADS_FROM {
        parse_rows(rows, mapping, lookup, progress, 1)?
    } else {
        let (front, back) = rows.split_at(rows.len().div_ceil(2));
        let (mut out, rest) = std::thread::scope(|scope| {
            // The second half only watches for a cancel; the first reports for both.
            let rest = scope.spawn(|| parse_rows(back, mapping, lookup, progress, 0));
            let out = parse_rows(front, mapping, lookup, progress, 2);
            // parse_rows never panics; a panic there is a bug, carried on here.
            (out, rest.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        let rest = rest?;
        if let Ok(out) = out.as_mut() {
            out.rows.extend(rest.rows);
            out.rejected.extend(rest.rejected);
        }
        out?
    };
    progress.set_done(sheet.rows.len() as u64);
    Ok(out)
}

/// Checks `rows` in order. Before every [`crate::exchange::progress::STEP`]th row it stops
/// when cancelled and, unless `report` is 0, publishes `report` times the rows done.
fn parse_rows(
    rows: &[(usize, Vec<RawCell>)],
    mapping: &Mapping,
    lookup: &Lookup,
    progress: &Progress,
    report: u64,
) -> Result<ParsedSheet, ExchangeError> {
    let mut out = ParsedSheet { rows: Vec::with_capacity(rows.len()), rejected: Vec::new() };
    for (i, (row, cells)) in (0u64..).zip(rows) {
        if report > 0 {
            progress.step(i * report)?;
        } else if i.is_multiple_of(crate::exchange::progress::STEP) {
            progress.check()?;
        }
        match parse_row(*row, cells, mapping, lookup) {
            Ok(r) => out.rows.push(r),
            Err(r) => out.rejected.push(r),
        }
    }
    Ok(out)
}

/// Collects the problems of one row by column.
struct Problems<'a> {
    mapping: &'a Mapping,
    list: Vec<(Column, Message)>,
}

impl Problems<'_> {
    fn add(&mut self, column: Column, message: Message) {
        self.list.push((column, message));
    }

    fn has(&self, column: Column) -> bool {
        self.list.iter().any(|(c, _)| *c == column)
    }
}

fn msg(key: &'static str, args: Vec<(&'static str, String)>) -> Message {
    Message { key, args }
}

/// Checks one row: `Ok` with the checked record, or `Err` with every problem found.
pub fn parse_row(row: usize, cells: &[RawCell], mapping: &Mapping, lookup: &Lookup) -> Result<ImportRow, Rejection> {
    let cell = |c: Column| mapping.index(c).and_then(|i| cells.get(i)).unwrap_or(&RawCell::Empty);
    let text = |c: Column| clean(&cell(c).text());
    let mut problems = Problems { mapping, list: Vec::new() };
    let mut input = TalentInput {
        name: text(Column::Name),
        nationality: text(Column::Nationality),
        phone: text(Column::Phone),
        email: text(Column::Email),
        education: text(Column::Education),
        title: text(Column::Title),
        field: text(Column::Field),
        ..TalentInput::default()
    };
    let doc_label = text(Column::DocType);
    input.doc_type = DocumentType::from_label(&doc_label);
    if doc_label.is_empty() {
        problems.add(Column::DocType, Message::new("talent.err.required"));
    } else if input.doc_type.is_none() {
        problems.add(Column::DocType, msg("import.err.doc_type", vec![("text", shown(&doc_label))]));
    }
    match cell(Column::DocNumber) {
        RawCell::Number(n) if n.abs() >= UNTRUSTED_NUMBER => {
            let e = crate::domain::id_number::IdError::NumberStoredAsNumber;
            problems.add(Column::DocNumber, Message::of(&e));
        }
        other => input.doc_number = clean(&other.text()),
    }
    if input.nationality.is_empty() && input.doc_type == Some(DocumentType::ResidentId) {
        input.nationality = "中国".to_string();
    }
    if input.nationality.chars().count() == 1 {
        problems.add(Column::Nationality, Message::new("import.err.nationality"));
    }
    let gender = text(Column::Gender);
    input.gender = parse_gender(&gender);
    if !gender.is_empty() && input.gender.is_none() {
        problems.add(Column::Gender, msg("import.err.gender", vec![("text", shown(&gender))]));
    }
    input.birth_date = date_text(cell(Column::BirthDate));
    input.arrival_date = date_text(cell(Column::ArrivalDate));
    input.employer_id = employer(&text(Column::CreditCode), &text(Column::Employer), lookup, &mut problems);
    let zone = text(Column::Zone);
    input.zone_id = lookup.zones.get(&zone.to_ascii_uppercase()).copied();
    if zone.is_empty() {
        problems.add(Column::Zone, Message::new("talent.err.required"));
    } else if input.zone_id.is_none() {
        problems.add(Column::Zone, msg("import.err.zone", vec![("text", shown(&zone))]));
    }
    let tier = text(Column::Tier);
    input.tier = tier.trim_end_matches(['类', '级']).trim().to_string();
    let known = TierCode::parse(&input.tier).is_ok_and(|t| lookup.tiers.contains(&t));
    if tier.is_empty() {
        problems.add(Column::Tier, Message::new("talent.err.required"));
    } else if !known {
        let codes: Vec<&str> = lookup.tiers.iter().map(TierCode::as_str).collect();
        problems.add(Column::Tier, msg("import.err.tier", vec![("text", shown(&tier)), ("codes", codes.join("、"))]));
    }
    let parsed = parse_talent(&input, &lookup.tiers, lookup.today);
    let field_errors = parsed.as_ref().err().cloned().unwrap_or_default();
    for (field, message) in field_errors {
        let Some(column) = Column::ALL.into_iter().find(|c| c.field() == field && *c != Column::CreditCode) else {
            continue;
        };
        // A resident ID gives gender and birth date; when the number is wrong, their
        // absence is not a problem of its own.
        let from_id = matches!(column, Column::Gender | Column::BirthDate)
            && input.doc_type == Some(DocumentType::ResidentId)
            && matches!(message.key, "talent.err.choose" | "talent.err.required");
        if !problems.has(column) && !from_id {
            // "Please choose" is the form's word for an empty pick list; a sheet has a cell.
            let message =
                if message.key == "talent.err.choose" { Message::new("talent.err.required") } else { message };
            problems.add(column, message);
        }
    }
    let cells_text: Vec<String> = cells.iter().map(RawCell::text).collect();
    match parsed {
        Ok(talent) if problems.list.is_empty() => {
            Ok(ImportRow { row, talent, doc_column: mapping.heading(Column::DocNumber), cells: cells_text })
        }
        _ => Err(problems.into_rejection(row, cells_text)),
    }
}

impl Problems<'_> {
    /// The problems in template column order, each at its heading.
    fn into_rejection(mut self, row: usize, cells: Vec<String>) -> Rejection {
        self.list.sort_by_key(|(c, _)| *c);
        let problems = self
            .list
            .into_iter()
            .map(|(column, reason)| RowProblem { column: self.mapping.heading(column), reason })
            .collect();
        Rejection { row, problems, cells }
    }
}

/// A value quoted in a message, cut short so a huge cell does not flood the report.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// 男/女, M/F, male/female in any case.
fn parse_gender(text: &str) -> Option<Gender> {
    match text.to_lowercase().as_str() {
        "男" | "m" | "male" | "男性" => Some(Gender::Male),
        "女" | "f" | "female" | "女性" => Some(Gender::Female),
        _ => None,
    }
}

/// A date cell as the form's text: a date cell or an Excel serial number becomes
/// `YYYY-MM-DD`; a number like 20240105 and any text are left to `parse_date`.
fn date_text(cell: &RawCell) -> String {
    match cell {
        RawCell::Date(d) => crate::domain::dates::fmt_date(*d),
        RawCell::Number(n) if (1.0..2_958_466.0).contains(n) => {
            // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was,
            // so from day 61 on the days are counted from 1899-12-30.
            let base = if *n < 61.0 { (1899, 12, 31) } else { (1899, 12, 30) };
            NaiveDate::from_ymd_opt(base.0, base.1, base.2)
                .and_then(|b| b.checked_add_days(chrono::Days::new(n.trunc() as u64)))
                .map(crate::domain::dates::fmt_date)
                .unwrap_or_else(|| cell.text())
        }
        other => clean(&other.text()),
    }
}

/// The employer: by credit code when one is given (it identifies the company exactly),
/// otherwise by exact name; empty both means none.
fn employer(code: &str, name: &str, lookup: &Lookup, problems: &mut Problems<'_>) -> Option<i64> {
    if !code.is_empty() {
        return match CreditCode::parse(code) {
            Ok(code) => {
                let id = lookup.employers_by_code.get(code.as_str()).copied();
                if id.is_none() {
                    problems.add(
                        Column::CreditCode,
                        msg("import.err.employer_code", vec![("code", code.as_str().to_string())]),
                    );
                }
                id
            }
            Err(e) => {
                problems.add(Column::CreditCode, Message::of(&e as &dyn Problem));
                None
            }
        };
    }
    if name.is_empty() {
        return None;
    }
    match lookup.employers_by_name.get(name) {
        Some(Some(id)) => Some(*id),
        Some(None) => {
            problems.add(Column::Employer, msg("import.err.employer_ambiguous", vec![("name", shown(name))]));
            None
        }
        None => {
            problems.add(Column::Employer, msg("import.err.employer_name", vec![("name", shown(name))]));
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::exchange::import::mapping::SavedMapping;

    fn lookup() -> Lookup {
        let zones = [Zone { id: 1, code: "GX".into(), name: "高新区".into() }];
        let tiers = ["A", "B", "C", "D", "E"].iter().map(|t| TierCode::parse(t).unwrap()).collect();
        Lookup::new(&zones, &[], tiers, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap())
    }

    fn mapping() -> Mapping {
        let headers: Vec<String> = ["证件号码", "姓名", "证件类型", "开发区", "人才类别", "到岗日期", "性别"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        Mapping::new(&headers, &SavedMapping::default())
    }

    fn text(s: &str) -> RawCell {
        RawCell::Text(s.into())
    }

    #[test]
    fn messy_values_are_accepted() {
        let cells = [
            text(" １１０１０５１９４９１２３１００２ｘ "),
            text("张　伟"),
            text("身份证"),
            text("gx"),
            text("b类"),
            RawCell::Number(45296.0),
            text("女"),
        ];
        let row = parse_row(2, &cells, &mapping(), &lookup()).unwrap();
        assert_eq!(row.talent.doc.as_str(), "11010519491231002X");
        assert_eq!(row.talent.name, "张 伟");
        assert_eq!(row.talent.tier.as_str(), "B");
        assert_eq!(row.talent.nationality, "中国");
        assert_eq!(row.talent.arrival_date, NaiveDate::from_ymd_opt(2024, 1, 5));
        assert_eq!(date_text(&text("2024年1月5日")), "2024年1月5日");
    }

    #[test]
    fn an_id_stored_as_a_number_is_refused_and_every_problem_is_listed() {
        let cells = [RawCell::Number(110_105_194_912_310_000.0), text(""), text("驾照"), text("滨江区"), text("Z")];
        let rejection = parse_row(7, &cells, &mapping(), &lookup()).unwrap_err();
        assert_eq!(rejection.row, 7);
        let got: Vec<(&str, &str)> = rejection.problems.iter().map(|p| (p.column.as_str(), p.reason.key)).collect();
        assert_eq!(
            got,
            [
                ("姓名", "talent.err.name_empty"),
                ("证件类型", "import.err.doc_type"),
                ("证件号码", "id.number_stored_as_number"),
                ("性别", "talent.err.required"),
                ("出生日期", "talent.err.required"),
                ("国籍", "talent.err.required"),
                ("开发区", "import.err.zone"),
                ("人才类别", "import.err.tier"),
            ]
        );
    }
}
