//! Many rows into one table with few statements: a statement run costs about as much as
//! the b-tree work of a small row, so bulk writers (an import, the demo, the search index)
//! send their rows many to an INSERT.

use rusqlite::{Connection, Statement};

use super::Result;

/// Rows per INSERT statement. With the widest row (the audit log's eleven columns) that is
/// 704 parameters, far below SQLite's limit.
pub(crate) const ROWS_PER_INSERT: usize = 64;

/// Inserts `rows` into `target` (`table (col, …)` with `width` columns): full groups of
/// [`ROWS_PER_INSERT`] through one cached multi-row statement, the rest one by one. `bind`
/// binds one row's values from parameter `first` on (1-based).
pub(crate) fn insert_rows<T>(
    conn: &Connection,
    target: &str,
    width: usize,
    rows: &[T],
    bind: impl Fn(&mut Statement<'_>, usize, &T) -> rusqlite::Result<()>,
) -> Result<()> {
    let marks = format!("({})", vec!["?"; width].join(", "));
    let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
    if chunks.len() > 0 {
        let values = vec![marks.as_str(); ROWS_PER_INSERT].join(", ");
        let mut stmt = conn.prepare_cached(&format!("INSERT INTO {target} VALUES {values}"))?;
        for chunk in chunks.by_ref() {
            for (i, row) in chunk.iter().enumerate() {
                bind(&mut stmt, i * width + 1, row)?;
            }
            stmt.raw_execute()?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut stmt = conn.prepare_cached(&format!("INSERT INTO {target} VALUES {marks}"))?;
        for row in rest {
            bind(&mut stmt, 1, row)?;
            stmt.raw_execute()?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn full_groups_and_the_rest_all_arrive_in_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)").unwrap();
        let rows: Vec<(i64, String)> = (0..ROWS_PER_INSERT as i64 * 2 + 5).map(|i| (i, format!("行{i}"))).collect();
        insert_rows(&conn, "t (a, b)", 2, &rows, |stmt, first, (a, b)| {
            stmt.raw_bind_parameter(first, a)?;
            stmt.raw_bind_parameter(first + 1, b)
        })
        .unwrap();
        let mut stmt = conn.prepare("SELECT a, b FROM t ORDER BY rowid").unwrap();
        let back: Vec<(i64, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(back, rows);
        insert_rows(&conn, "t (a, b)", 2, &[] as &[(i64, String)], |_, _, _| Ok(())).unwrap();
    }
}
