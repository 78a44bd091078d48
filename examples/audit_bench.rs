//! The audit screen's figures at a long log:
//!
//! ```text
//! cargo run --release --example audit_bench -- --rows 1000000 [--db PATH] [--runs 50]
//! ```
//!
//! Builds (or reuses) a database of 2,000 demo talents and `--rows` demo audit rows spread
//! over two years, then prints `name median p95 unit` for a page of fifty rows: the newest,
//! the oldest (by keyset), by user, by action, by a talent, by a day in the middle, and by a
//! user on that day; the list of actions; and the walk of the whole hash chain.

#![allow(clippy::print_stdout)]

#[path = "support/figure.rs"]
mod figure;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use greencard::domain::Role;
use greencard::store::{AuditFilter, AuditUser, NewUser, Store};

use crate::figure::figure;

/// Benchmark of the audit log.
#[derive(Debug, Parser)]
struct Args {
    /// How many audit rows the log holds.
    #[arg(long, default_value_t = 1_000_000)]
    rows: usize,
    /// Timed reads of each page.
    #[arg(long, default_value_t = 50)]
    runs: usize,
    /// The database file (default: greencard-audit-<rows>.db in the temp folder).
    #[arg(long)]
    db: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let path = args.db.unwrap_or_else(|| std::env::temp_dir().join(format!("greencard-audit-{}.db", args.rows)));
    let today = chrono::Local::now().date_naive();
    let mut store = Store::open(&path).context("open")?;
    if store.user_count()? == 0 {
        let started = Instant::now();
        let admin = store.create_first_admin(&NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            role: Role::Admin,
            password: "bench-password-1".into(),
        })?;
        let clerk = NewUser {
            username: "clerk".into(),
            display_name: "经办".into(),
            role: Role::Clerk,
            password: "bench-password-1".into(),
        };
        store.create_user(&admin, &clerk)?;
        let data = greencard::demo::generate(2_000, 1, today);
        store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams)?;
        store.insert_demo_audit(&admin, args.rows, 730, today)?;
        println!("audit_build {:.1} s ({} rows)", started.elapsed().as_secs_f64(), store.audit_row_count()?);
    }
    let admin = store.authenticate("admin", "bench-password-1")?;
    let clerk = store.users()?.into_iter().find(|u| u.username == "clerk").context("clerk")?;
    let middle = today - chrono::Days::new(365);
    let all = AuditFilter::default();
    let oldest = store.audit_page(&admin, &all, Some(60), 50)?.last().map(|e| e.id);
    let filters: Vec<(&str, AuditFilter, Option<i64>)> = vec![
        ("audit_page_newest", all.clone(), None),
        ("audit_page_oldest", all.clone(), oldest.map(|id| id + 60)),
        ("audit_page_user", AuditFilter { user: AuditUser::User(clerk.id), ..all.clone() }, None),
        ("audit_page_action", AuditFilter { action: Some("talent.unmask".into()), ..all.clone() }, None),
        ("audit_page_talent", AuditFilter { entity: Some("talent".into()), entity_id: Some(7), ..all.clone() }, None),
        ("audit_page_day", AuditFilter { from: Some(middle), to: Some(middle), ..all.clone() }, None),
        (
            "audit_page_action_day",
            AuditFilter { action: Some("talent.update".into()), from: Some(middle), to: Some(middle), ..all.clone() },
            None,
        ),
        (
            "audit_page_user_day",
            AuditFilter { user: AuditUser::User(clerk.id), from: Some(middle), to: Some(middle), ..all.clone() },
            None,
        ),
    ];
    for (name, filter, before) in &filters {
        let mut ms = Vec::with_capacity(args.runs);
        let mut rows = 0;
        for _ in 0..args.runs {
            let started = Instant::now();
            rows = store.audit_page(&admin, filter, *before, 51)?.len();
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        figure(name, &ms, &format!("ms ({rows} rows)"));
    }
    let mut ms = Vec::new();
    for _ in 0..args.runs.min(10) {
        let started = Instant::now();
        store.audit_actions(&admin)?;
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figure("audit_actions", &ms, "ms");
    let started = Instant::now();
    let broken = store.verify_audit_chain()?;
    figure("audit_chain_check", &[started.elapsed().as_secs_f64()], &format!("s (broken: {broken:?})"));
    Ok(())
}
