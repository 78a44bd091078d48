//! The cost of encryption on bulk inserts: 100,000 talent-like rows in one transaction, then
//! 300 single-row commits (WAL, synchronous=FULL), as plain SQLite or SQLCipher. Run it in a
//! plain build and in one with the `encryption` feature and compare:
//!
//! ```text
//! cargo run --release --example cipher_bench -- /tmp/plain.db
//! cargo run --release --features encryption --example cipher_bench -- /tmp/cipher.db PASSPHRASE
//! ```

use std::time::Instant;

fn main() -> rusqlite::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: cipher_bench PATH [KEY]");
        return Ok(());
    };
    let key = args.get(2);
    let rows = 100_000;
    // A fresh file each run; a missing one is what we want.
    let _ = std::fs::remove_file(path);
    let conn = rusqlite::Connection::open(path)?;
    if let Some(k) = key {
        conn.pragma_update(None, "key", k)?;
    }
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, doc TEXT UNIQUE, phone TEXT, note TEXT);
         CREATE INDEX t_name ON t(name);",
    )?;
    let start = Instant::now();
    let tx = conn.unchecked_transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO t (name, doc, phone, note) VALUES (?1, ?2, ?3, ?4)")?;
        for i in 0..rows {
            insert.execute((
                format!("张伟{i}"),
                format!("1101011990{i:08}"),
                format!("138{i:08}"),
                "备注".repeat(10),
            ))?;
        }
    }
    tx.commit()?;
    let bulk = start.elapsed().as_secs_f64();
    let start = Instant::now();
    for i in 0..300 {
        conn.execute(
            "INSERT INTO t (name, doc, phone, note) VALUES (?1, ?2, '', '')",
            (format!("李{i}"), format!("X{i}")),
        )?;
    }
    let single = start.elapsed().as_secs_f64() / 300.0 * 1000.0;
    let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok();
    let library = cipher.map_or_else(|| "plain SQLite".to_string(), |v| format!("SQLCipher {v}"));
    println!("{library}: bulk_insert_100k {bulk:.3} s, single_commit {single:.2} ms");
    Ok(())
}
