//! The folded names of every employer, cached for employer-name search.

use std::cell::RefCell;

use rusqlite::Connection;

use super::fold;
use crate::store::Result;

/// The folded names of all employers, kept between searches: folding thousands of names
/// on every key press would cost more than the search itself. Rebuilt after any change
/// to the database (by this connection, or committed by another).
#[derive(Default)]
pub(crate) struct EmployerNames {
    snapshot: RefCell<Option<EmployerSnapshot>>,
}

struct EmployerSnapshot {
    /// `total_changes` of this connection and `data_version` when it was read.
    version: (u64, i64),
    /// Every folded name, each followed by a line break (folded text has none).
    names: String,
    /// Where each name starts in `names`, ascending.
    starts: Vec<usize>,
    /// The employer id of each name.
    ids: Vec<i64>,
}

impl EmployerNames {
    /// Ids of the employers whose folded name contains `text`, ascending.
    pub(crate) fn matching(&self, conn: &Connection, text: &str) -> Result<Vec<i64>> {
        let data_version: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        let version = (conn.total_changes(), data_version);
        let mut snapshot = self.snapshot.borrow_mut();
        let snapshot = match snapshot.take() {
            Some(s) if s.version == version => snapshot.insert(s),
            _ => snapshot.insert(EmployerSnapshot::read(conn, version)?),
        };
        let mut ids: Vec<i64> = snapshot
            .names
            .match_indices(text)
            .filter_map(|(at, _)| {
                let index = snapshot.starts.partition_point(|start| *start <= at).checked_sub(1)?;
                snapshot.ids.get(index).copied()
            })
            .collect();
        ids.dedup();
        Ok(ids)
    }
}

impl EmployerSnapshot {
    fn read(conn: &Connection, version: (u64, i64)) -> Result<EmployerSnapshot> {
        let mut snapshot = EmployerSnapshot { version, names: String::new(), starts: Vec::new(), ids: Vec::new() };
        let mut stmt = conn.prepare_cached("SELECT id, name FROM employers ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            snapshot.ids.push(row.get("id")?);
            snapshot.starts.push(snapshot.names.len());
            let name: String = row.get("name")?;
            snapshot.names.push_str(&fold(&name));
            snapshot.names.push('\n');
        }
        Ok(snapshot)
    }
}
