//! The card list's figures (绿卡名单; a million demo talents hold about 400,000 cards):
//!
//! ```text
//! target/debug/greencard --db /tmp/m1.db demo --talents 1000000     # once
//! cargo run --example card_list_bench -- --db /tmp/m1.db [--runs 20]
//! ```
//!
//! Opens the database read-only, draws texts from its own cards (numbers, holders,
//! employers), and prints `name median p95 unit` for what the list's worker does for one
//! filter: count the cards and read the first 1,000 of them.

#![allow(clippy::print_stdout)]

#[path = "support/figure.rs"]
mod figure;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, ensure};
use clap::Parser;
use greencard::store::{Card, CardQuery, Store};

use crate::figure::figure;

/// Benchmark of the card list's text search.
#[derive(Debug, Parser)]
struct Args {
    /// The database (a `greencard demo` or bench database).
    #[arg(long)]
    db: PathBuf,
    /// Timed runs per figure, each with a text drawn afresh.
    #[arg(long, default_value_t = 20)]
    runs: usize,
}

/// The text a clerk would type to find a card.
type TextOf = dyn Fn(&Card) -> String;

/// What the card list's worker does for a filter: the count and the first rows shown.
fn read(store: &Store, q: &CardQuery) -> anyhow::Result<u64> {
    let total = store.count_cards(q)?;
    let rows = store.card_list(q, 1_000)?;
    ensure!(rows.len() as u64 == total.min(1_000), "{q:?}: {total} counted, {} read", rows.len());
    Ok(total)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let store = Store::open_read_only(&args.db).with_context(|| args.db.display().to_string())?;
    let today = chrono::Local::now().date_naive();
    let all = CardQuery::all(today);
    let mut sample: Vec<Card> = Vec::new();
    let mut seen = 0u64;
    store.for_each_card(&all, |c| {
        seen += 1;
        if seen.is_multiple_of(997) {
            sample.push(c);
        }
        true
    })?;
    ensure!(!sample.is_empty(), "{} has too few cards", args.db.display());
    println!("cards {seen}");
    let pick = |i: usize| &sample[(i * 7919) % sample.len()];
    let kinds: [(&str, &TextOf); 6] = [
        ("card_list_number_exact", &|c| c.number.to_lowercase()),
        ("card_list_number_prefix", &|c| c.number[..10].to_string()),
        ("card_list_holder_name", &|c| c.holder.clone()),
        ("card_list_holder_one_character", &|c| c.holder.chars().take(1).collect()),
        ("card_list_employer_name", &|c| c.employer_name.clone()),
        ("card_list_no_text", &|_| String::new()),
    ];
    for (name, text) in kinds {
        let query = |i: usize| CardQuery { text: text(pick(i)), ..all.clone() };
        read(&store, &query(args.runs))?;
        let mut ms = Vec::with_capacity(args.runs);
        let mut found = 0;
        for i in 0..args.runs {
            let q = query(i);
            let started = Instant::now();
            found += read(&store, &q)?;
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        figure(name, &ms, "ms");
        println!("  ({} cards found on average)", found / args.runs.max(1) as u64);
    }
    Ok(())
}
