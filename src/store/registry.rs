//! The registry of zones, employers, talents and teams (the forms and searches of the
//! registry issue grow here).

use rusqlite::Connection;

use super::Result;

/// How many records of each kind the registry holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegistryCounts {
    /// Development zones.
    pub zones: i64,
    /// Employers.
    pub employers: i64,
    /// Talents.
    pub talents: i64,
    /// Teams.
    pub teams: i64,
}

/// Counts every kind of record in one query.
pub(crate) fn counts(conn: &Connection) -> Result<RegistryCounts> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM zones), (SELECT count(*) FROM employers),
                (SELECT count(*) FROM talents), (SELECT count(*) FROM teams)",
        [],
        |r| {
            Ok(RegistryCounts {
                zones: r.get(0)?,
                employers: r.get(1)?,
                talents: r.get(2)?,
                teams: r.get(3)?,
            })
        },
    )?)
}
