//! The import figure on its own:
//!
//! ```text
//! cargo run --release --example import_bench -- --talents 1000000 [--rows 100000] [--runs 3]
//! ```
//!
//! Builds a demo database of `--talents` talents (or reuses the file when it already holds
//! that many), writes a sheet of `--rows` further generated people under the template's
//! headings, and prints `import_xlsx_100k median p95 s` over `--runs` imports, each into a
//! fresh copy of the database.

#![allow(clippy::print_stdout)]

#[path = "support/figure.rs"]
mod figure;
#[path = "support/import.rs"]
mod import;

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Parser;
use greencard::domain::Role;
use greencard::store::{NewUser, Store};

use crate::figure::figure;

/// Benchmark of the talent import.
#[derive(Debug, Parser)]
struct Args {
    /// How many demo talents the database holds.
    #[arg(long, default_value_t = 1_000_000)]
    talents: usize,
    /// How many rows the imported sheet has.
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
    /// Timed imports.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// The database file (default: greencard-bench-<talents>.db in the temp folder).
    #[arg(long)]
    db: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let path =
        args.db.clone().unwrap_or_else(|| std::env::temp_dir().join(format!("greencard-bench-{}.db", args.talents)));
    let today = chrono::Local::now().date_naive();
    let mut store = Store::open(&path).with_context(|| path.display().to_string())?;
    let held = store.registry_counts()?.talents;
    if held == 0 {
        let admin = store.create_first_admin(&NewUser {
            username: "admin".into(),
            display_name: "系统管理员".into(),
            role: Role::Admin,
            password: "bench-admin-1".into(),
        })?;
        let data = greencard::demo::generate(args.talents, 1, today);
        store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams)?;
    } else if usize::try_from(held)? != args.talents {
        bail!("{} holds {held} talents, not {}: pass another --db", path.display(), args.talents);
    }
    let sheet = std::env::temp_dir().join(format!("greencard-import-{}.xlsx", args.rows));
    // Another seed than the database's: these are people the office does not know yet.
    import::write_sheet(&store, &sheet, args.rows, 0x1A4_0127, today)?;
    drop(store);
    import::figures(&path, &sheet, args.rows, args.runs.max(1), today, &figure)?;
    std::fs::remove_file(&sheet)?;
    Ok(())
}
