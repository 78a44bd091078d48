//! A fingerprint of everything the database holds: a refused write must leave it exactly
//! as it was, and tests (and `greencard`'s bad-input checks) compare it before and after.

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use super::{Result, Store};

impl Store {
    /// SHA-256 over every row of every table (by name, rows in rowid or key order), and the
    /// schema version: equal digests mean equal content.
    pub fn content_digest(&self) -> Result<String> {
        let mut h = Sha256::new();
        h.update(self.schema_version()?.to_le_bytes());
        let tables: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        for table in tables {
            h.update(table.as_bytes());
            // Names come from sqlite_master, not from a user; ORDER BY 1.. covers WITHOUT
            // ROWID tables and virtual tables alike.
            let quoted = table.replace('"', "\"\"");
            let stmt = self.conn.prepare(&format!("SELECT * FROM \"{quoted}\""))?;
            let columns = stmt.column_count();
            let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
            drop(stmt);
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM \"{quoted}\" ORDER BY {}", order.join(",")))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                for i in 0..columns {
                    match row.get_ref(i)? {
                        ValueRef::Null => h.update([0]),
                        ValueRef::Integer(v) => {
                            h.update([1]);
                            h.update(v.to_le_bytes());
                        }
                        ValueRef::Real(v) => {
                            h.update([2]);
                            h.update(v.to_le_bytes());
                        }
                        ValueRef::Text(v) | ValueRef::Blob(v) => {
                            h.update([3]);
                            h.update((v.len() as u64).to_le_bytes());
                            h.update(v);
                        }
                    }
                }
            }
        }
        Ok(hex::encode(h.finalize()))
    }
}
