//! Reading what a query finds: a page, every row in order (an export), every id in order
//! (the order of a whole result, so that a page anywhere in it is read by its ids), the
//! rows of given ids, and the count.

use rusqlite::Connection;
use rusqlite::Statement;
use rusqlite::types::Value;

use super::{BASE_WHERE, EmployerNames, Plan, TalentQuery, TalentRow, TalentSort};
use crate::store::Result;

/// Binds the values that `stmt` uses, by name.
pub(crate) fn bind(stmt: &mut Statement<'_>, values: &[(&'static str, Value)]) -> Result<()> {
    stmt.clear_bindings();
    for (name, value) in values {
        if let Some(index) = stmt.parameter_index(name)? {
            stmt.raw_bind_parameter(index, value)?;
        }
    }
    Ok(())
}

fn order_by(q: &TalentQuery) -> String {
    let direction = if q.descending { "DESC" } else { "ASC" };
    let key = match q.sort {
        TalentSort::Id => return format!("t.id {direction}"),
        TalentSort::Name => "t.name",
        TalentSort::BirthDate => "t.birth_date",
        TalentSort::Tier => "t.tier",
        TalentSort::Zone => "z.name",
        TalentSort::Employer => "coalesce(e.name, '')",
        TalentSort::ArrivalDate => "t.arrival_date",
    };
    format!("{key} {direction}, t.id ASC")
}

/// One page of the talents `q` finds, in its order.
pub(crate) fn search(
    conn: &Connection,
    employer_names: &EmployerNames,
    q: &TalentQuery,
    offset: u64,
    limit: u32,
) -> Result<Vec<TalentRow>> {
    let mut out = Vec::with_capacity(limit.min(1000) as usize);
    if limit == 0 {
        return Ok(out);
    }
    visit(conn, employer_names, q, offset, i64::from(limit), &mut |row| {
        out.push(row);
        true
    })?;
    Ok(out)
}

/// The columns of a [`TalentRow`], on the talent `t`, its zone `z` and its employer `e`, in
/// the order `TalentRow::from_row` reads them.
const ROW_COLUMNS: &str = "t.id, t.name, t.gender, t.birth_date, t.nationality, t.doc_type, t.doc_number, t.phone,
        t.tier, t.field, t.zone_id, z.name AS zone_name, t.employer_id, coalesce(e.name, '') AS employer_name,
        t.arrival_date";

/// The tables [`ROW_COLUMNS`] read.
const ROW_FROM: &str = "talents t JOIN zones z ON z.id = t.zone_id LEFT JOIN employers e ON e.id = t.employer_id";

/// What a statement over the talents a query finds selects.
#[derive(Clone, Copy)]
enum Select {
    /// Whole [`TalentRow`]s.
    Rows,
    /// The ids alone, joining only what the order needs.
    Ids,
}

/// The statement selecting the talents `q` finds from `offset` on (at most `limit`; a
/// negative limit is none) in its order, and the values it binds.
fn statement(
    conn: &Connection,
    employer_names: &EmployerNames,
    q: &TalentQuery,
    offset: u64,
    limit: i64,
    select: Select,
) -> Result<(String, Vec<(&'static str, Value)>)> {
    let plan = Plan::new(conn, employer_names, q)?;
    let (conditions, candidates, paging) =
        if plan.walk_only || (q.sort == TalentSort::Id && plan.walk_in_id_order(conn, q)?) {
            (plan.conditions.as_str(), String::new(), " LIMIT :limit OFFSET :offset")
        } else if q.sort == TalentSort::Id && limit >= 0 {
            // The page's ids are final: checked, filtered and cut to the page.
            ("", plan.page_in_id_order(q.descending), "")
        } else {
            (plan.conditions.as_str(), plan.candidates(), " LIMIT :limit OFFSET :offset")
        };
    let (columns, from) = match (select, q.sort) {
        (Select::Rows, _) => (ROW_COLUMNS, ROW_FROM),
        (Select::Ids, TalentSort::Zone) => ("t.id", "talents t JOIN zones z ON z.id = t.zone_id"),
        (Select::Ids, TalentSort::Employer) => ("t.id", "talents t LEFT JOIN employers e ON e.id = t.employer_id"),
        (Select::Ids, _) => ("t.id", "talents t"),
    };
    let sql = format!(
        "SELECT {columns} FROM {from} WHERE {BASE_WHERE}{conditions}{candidates} ORDER BY {}{paging}",
        order_by(q)
    );
    let mut values = plan.values;
    values.push((":limit", Value::Integer(limit)));
    values.push((":offset", Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX))));
    Ok((sql, values))
}

/// Hands every talent `q` finds from `offset` on (at most `limit`; a negative limit is none)
/// to `f`, in the query's order, one row at a time, until `f` says stop.
pub(crate) fn visit(
    conn: &Connection,
    employer_names: &EmployerNames,
    q: &TalentQuery,
    offset: u64,
    limit: i64,
    f: &mut dyn FnMut(TalentRow) -> bool,
) -> Result<()> {
    let (sql, values) = statement(conn, employer_names, q, offset, limit, Select::Rows)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    bind(&mut stmt, &values)?;
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        if !f(TalentRow::from_row(row)?) {
            break;
        }
    }
    Ok(())
}

/// Hands the id of every talent `q` finds to `f`, in the query's order, until `f` says
/// stop: the order of a whole result, read once, so that a page anywhere in it is read by
/// its ids ([`rows_by_id`]) instead of by an OFFSET that reads every row before it.
pub(crate) fn visit_ids(
    conn: &Connection,
    employer_names: &EmployerNames,
    q: &TalentQuery,
    f: &mut dyn FnMut(i64) -> bool,
) -> Result<()> {
    let (sql, values) = statement(conn, employer_names, q, 0, -1, Select::Ids)?;
    let mut stmt = conn.prepare_cached(&sql)?;
    bind(&mut stmt, &values)?;
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        if !f(row.get(0)?) {
            break;
        }
    }
    Ok(())
}

/// The talents with these ids, in the order of `ids`; an id that names no talent is
/// left out.
pub(crate) fn rows_by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<TalentRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM {ROW_FROM} WHERE t.id IN (SELECT value FROM json_each(:ids))"
    ))?;
    let list = serde_json::json!(ids).to_string();
    stmt.raw_bind_parameter(1, list)?;
    let mut found = std::collections::HashMap::with_capacity(ids.len());
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        let t = TalentRow::from_row(row)?;
        found.insert(t.id, t);
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// How many talents `q` finds.
pub(crate) fn count(conn: &Connection, employer_names: &EmployerNames, q: &TalentQuery) -> Result<u64> {
    let plan = Plan::new(conn, employer_names, q)?;
    let candidates = if plan.walk_only { String::new() } else { plan.candidates() };
    let sql = format!("SELECT count(*) FROM talents t WHERE {BASE_WHERE}{}{candidates}", plan.conditions);
    let mut stmt = conn.prepare_cached(&sql)?;
    bind(&mut stmt, &plan.values)?;
    let mut rows = stmt.raw_query();
    let count: i64 = match rows.next()? {
        Some(row) => row.get(0)?,
        None => 0,
    };
    Ok(u64::try_from(count).unwrap_or_default())
}
