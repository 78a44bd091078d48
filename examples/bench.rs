//! The performance figures of talent search on a large demo database:
//!
//! ```text
//! cargo run --release --example bench -- --talents 1000000 [--db PATH]
//! ```
//!
//! Builds the demo database (or reuses the file when it already holds that many talents),
//! then prints one line per figure, `name median p95 unit`, from repeated runs after a
//! warm-up. Each run draws a fresh fragment from real data, so caches do not flatter.

#![allow(clippy::print_stdout)]

#[path = "support/alerts.rs"]
mod alerts;
#[path = "support/cards.rs"]
mod cards;
#[path = "support/exports.rs"]
mod exports;
#[path = "support/figure.rs"]
mod figure;
#[path = "support/frames.rs"]
mod frames;
#[path = "support/import.rs"]
mod import;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use greencard::domain::{Role, pinyin};
use greencard::store::{NewUser, Store, TalentQuery, TalentSort};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::figure::figure;

/// Benchmark of the talent search.
#[derive(Debug, Parser)]
struct Args {
    /// How many demo talents the database holds.
    #[arg(long, default_value_t = 1_000_000)]
    talents: usize,
    /// The database file (default: greencard-bench-<talents>.db in the temp folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Timed runs per figure (after as many warm-up runs as a tenth of this).
    #[arg(long, default_value_t = 200)]
    runs: usize,
    /// Seed of the demo data and of the drawn fragments.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only the frame figures, in this process (the full run starts itself again with this,
    /// so that the memory figure is that of a fresh process, not of the data generator).
    #[arg(long, hide = true)]
    frames_only: bool,
    /// Only the export figures, in this process (a fresh one, for the peak memory).
    #[arg(long, hide = true)]
    exports_only: bool,
    /// Only the figures of the 统计 section (dashboard_open, alerts_read, alert_acknowledge)
    /// and of a card issue, which the dashboard's counters add work to.
    #[arg(long)]
    stats_only: bool,
    /// Only the card figures and the disk's own fsync, on an existing database (to trace
    /// a card issue's system calls: `strace -f -c … --cards-only`).
    #[arg(long)]
    cards_only: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let path =
        args.db.clone().unwrap_or_else(|| std::env::temp_dir().join(format!("greencard-bench-{}.db", args.talents)));
    if args.frames_only {
        return frames::figures(&path, args.runs.max(10), args.seed, &figure);
    }
    if args.exports_only {
        return exports::figures(&path, &figure);
    }
    if args.cards_only {
        let mut store = Store::open(&path).with_context(|| path.display().to_string())?;
        let admin = store.authenticate("admin", "bench-admin-1").context("the bench database's administrator")?;
        return cards::figures(&mut store, &admin, args.runs.max(10), chrono::Local::now().date_naive(), &figure);
    }
    let existed = path.exists();
    let mut store = Store::open(&path).with_context(|| path.display().to_string())?;
    let held = store.registry_counts()?.talents;
    let today = chrono::Local::now().date_naive();
    let admin = if !existed || held == 0 {
        let (started, cpu) = (Instant::now(), figure::cpu_seconds("/proc/self/stat"));
        let admin = store.create_first_admin(&NewUser {
            username: "admin".into(),
            display_name: "系统管理员".into(),
            role: Role::Admin,
            password: "bench-admin-1".into(),
        })?;
        let data = greencard::demo::generate(args.talents, args.seed, today);
        store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams)?;
        store.insert_demo_cards(&admin, today, &greencard::demo::cards(&data, args.seed, today))?;
        store.insert_demo_housing(&admin, today)?;
        store.insert_demo_grants(&admin, today)?;
        store.insert_demo_targets(&admin, today)?;
        figure("demo_build", &[started.elapsed().as_secs_f64()], "s");
        // CPU time of the process, which the load of other programs does not change.
        figure("demo_build_cpu", &[figure::cpu_seconds("/proc/self/stat") - cpu], "s");
        admin
    } else if usize::try_from(held)? != args.talents {
        bail!("{} holds {held} talents, not {}: pass another --db", path.display(), args.talents);
    } else {
        store.authenticate("admin", "bench-admin-1").context("the bench database's administrator")?
    };

    dashboard_open(&path, today, args.runs.clamp(10, 50))?;
    alerts::figures(&mut store, &path, &admin, today, args.runs.clamp(10, 50), &figure)?;
    if args.stats_only {
        return cards::figures(&mut store, &admin, args.runs.clamp(10, 50), today, &figure);
    }

    let mut rng = ChaCha8Rng::seed_from_u64(args.seed ^ 0xBE7C);
    let mut rows = Vec::new();
    for _ in 0..20 {
        let offset = rng.random_range(0..args.talents.saturating_sub(500).max(1)) as u64;
        rows.extend(store.search_talents(&TalentQuery::default(), offset, 500)?);
    }
    let names = common_bigrams(rows.iter().map(|r| r.name.as_str()));
    let initials: Vec<String> = rows.iter().flat_map(|r| pinyin::initials(&r.name)).filter(|i| i.len() >= 2).collect();
    let docs: Vec<&str> = rows.iter().map(|r| r.doc_number.whole()).collect();
    if names.is_empty() || initials.is_empty() || docs.is_empty() {
        bail!("the database has too few talents to draw fragments from");
    }

    let runs = args.runs.max(10);
    let query = |text: String| TalentQuery { text, ..TalentQuery::default() };
    let name = |rng: &mut ChaCha8Rng| query(names[rng.random_range(0..names.len())].clone());
    let surname = |rng: &mut ChaCha8Rng| query(names[rng.random_range(0..names.len())].chars().take(1).collect());
    let pinyin = |rng: &mut ChaCha8Rng| {
        let i = &initials[rng.random_range(0..initials.len())];
        query(i[..rng.random_range(2..=i.len().min(3))].to_string())
    };
    let id_fragment = |rng: &mut ChaCha8Rng| {
        let doc = docs[rng.random_range(0..docs.len())];
        let len = rng.random_range(3..=6).min(doc.len());
        let start = rng.random_range(0..=doc.len() - len);
        query(doc[start..start + len].to_string())
    };
    let first50 = |store: &Store, q: &TalentQuery| store.search_talents(q, 0, 50).map(|r| r.len() as u64);
    let count = |store: &Store, q: &TalentQuery| store.count_talents(q);

    time(&store, &mut rng, runs, "search_name_first50", &name, &first50)?;
    time(&store, &mut rng, runs, "search_name_count", &name, &count)?;
    time(&store, &mut rng, runs, "search_pinyin_first50", &pinyin, &first50)?;
    time(&store, &mut rng, runs, "search_id_fragment_first50", &id_fragment, &first50)?;
    // Further figures, without goals: they show where the design's limits are.
    time(&store, &mut rng, runs, "search_pinyin_count", &pinyin, &count)?;
    time(&store, &mut rng, runs, "search_id_fragment_count", &id_fragment, &count)?;
    time(&store, &mut rng, runs, "search_surname_first50", &surname, &first50)?;
    time(&store, &mut rng, runs, "search_surname_count", &surname, &count)?;
    let by_birth = |rng: &mut ChaCha8Rng| TalentQuery { sort: TalentSort::BirthDate, ..name(rng) };
    time(&store, &mut rng, runs, "search_name_by_birth_first50", &by_birth, &first50)?;
    let everyone = |_: &mut ChaCha8Rng| TalentQuery::default();
    time(&store, &mut rng, runs.min(20), "search_all_count", &everyone, &count)?;
    cards::figures(&mut store, &admin, runs, today, &figure)?;

    let people = scaled(1_000_000, args.talents);
    if people < 1_000_000 {
        figure::note("pinyin_initials_1m", &format!("{people} names, not 1,000,000"));
    }
    let data = greencard::demo::generate(people, args.seed, today);
    let names: Vec<&str> = data.talents.iter().map(|t| t.name.as_str()).collect();
    let mut seconds = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let total: usize = names.iter().map(|n| pinyin::initials(n).len()).sum();
        seconds.push(started.elapsed().as_secs_f64());
        std::hint::black_box(total);
    }
    figure("pinyin_initials_1m", &seconds, "s");
    let rows = scaled(100_000, args.talents);
    let sheet = std::env::temp_dir().join(format!("greencard-import-{rows}-{}.xlsx", std::process::id()));
    // Another seed than the database's: people the office does not know yet.
    import::write_sheet(&store, &sheet, rows, args.seed ^ 0x1A4_0127, today)?;
    drop(store);
    import::figures(&path, &sheet, rows, if rows == 100_000 { 3 } else { 1 }, today, &figure)?;
    std::fs::remove_file(&sheet)?;
    let status = std::process::Command::new(std::env::current_exe()?)
        .args(["--talents", &args.talents.to_string(), "--runs", &runs.to_string(), "--seed", &args.seed.to_string()])
        .arg("--db")
        .arg(&path)
        .arg("--frames-only")
        .status()?;
    if !status.success() {
        bail!("the frame figures failed");
    }
    let status = std::process::Command::new(std::env::current_exe()?)
        .args(["--talents", &args.talents.to_string()])
        .arg("--db")
        .arg(&path)
        .arg("--exports-only")
        .status()?;
    if !status.success() {
        bail!("the export figures failed");
    }
    Ok(())
}

/// How many rows a bulk figure named for `full` rows takes: all of them at a million
/// talents, a tenth of the talents below (the CI smoke run of a debug build must stay
/// short); the figure's note says so.
fn scaled(full: usize, talents: usize) -> usize {
    if talents >= 1_000_000 { full } else { (talents / 10).clamp(1, full) }
}

/// The two-character fragments that occur most often in `names`.
fn common_bigrams<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for name in names {
        let chars: Vec<char> = name.chars().collect();
        for pair in chars.windows(2) {
            if pair.iter().all(|c| !c.is_ascii()) {
                *counts.entry(pair.iter().collect()).or_default() += 1;
            }
        }
    }
    let mut common: Vec<(String, usize)> = counts.into_iter().collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    common.into_iter().take(50).map(|(s, _)| s).collect()
}

/// Runs `run` on fresh queries: a tenth of `runs` to warm up, then `runs` timed.
fn time(
    store: &Store,
    rng: &mut ChaCha8Rng,
    runs: usize,
    name: &str,
    make: &dyn Fn(&mut ChaCha8Rng) -> TalentQuery,
    run: &dyn Fn(&Store, &TalentQuery) -> greencard::store::Result<u64>,
) -> anyhow::Result<()> {
    for _ in 0..runs / 10 {
        run(store, &make(rng))?;
    }
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let q = make(rng);
        let started = Instant::now();
        std::hint::black_box(run(store, &q)?);
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figure(name, &ms, "ms");
    Ok(())
}

/// `dashboard_open`: the 统计 dashboard's figures read as the app reads them, on a fresh
/// read-only connection (what its worker opens), from the call to the figures in hand.
fn dashboard_open(path: &std::path::Path, today: chrono::NaiveDate, runs: usize) -> anyhow::Result<()> {
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let reader = Store::open_read_only(path)?;
        std::hint::black_box(reader.dashboard(today)?);
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figure("dashboard_open", &ms, "ms");
    Ok(())
}
