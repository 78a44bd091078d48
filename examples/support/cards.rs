//! The card figures of the benchmark: finding a holder by an exact card number, the issue
//! of a card as one committed transaction with its event, print request and audit row
//! (synchronous=FULL, as the app runs), and the disk's own fsync to judge it by.

use std::time::Instant;

use chrono::NaiveDate;
use greencard::domain::card::CardStatus;
use greencard::domain::review::Decision;
use greencard::domain::{Actor, Role};
use greencard::store::search::CardFilter;
use greencard::store::{ApplicationKind, ExpiringFilter, NewUser, Store, StoreError, TalentQuery};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// The office's users for the bench, made once per database.
fn user(store: &mut Store, admin: &Actor, name: &str, role: Role) -> anyhow::Result<Actor> {
    let password = format!("{name}-bench-1");
    let new = NewUser { username: name.into(), display_name: name.into(), role, password: password.clone() };
    match store.create_user(admin, &new) {
        Ok(_) | Err(StoreError::UsernameTaken { .. }) => Ok(store.authenticate(name, &password)?),
        Err(e) => Err(e.into()),
    }
}

/// Prints `search_card_exact` and `card_issue_commit`.
pub fn figures(
    store: &mut Store,
    admin: &Actor,
    runs: usize,
    today: NaiveDate,
    figure: &dyn Fn(&str, &[f64], &str),
) -> anyhow::Result<()> {
    let numbers: Vec<String> = store
        .expiring_cards(d(1900, 1, 1), d(9999, 12, 31), &ExpiringFilter::default(), 100_000)?
        .into_iter()
        .map(|c| c.number)
        .collect();
    if !numbers.is_empty() {
        let mut ms = Vec::new();
        for i in 0..runs {
            let number = &numbers[(i * 7919) % numbers.len()];
            let q = TalentQuery { text: number.to_lowercase(), ..TalentQuery::default() };
            let started = Instant::now();
            let found = store.search_talents(&q, 0, 50)?;
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(found.len() == 1, "card {number} found {} holders", found.len());
        }
        figure("search_card_exact", &ms, "ms");
    }
    let clerk = user(store, admin, "bench-clerk", Role::Clerk)?;
    let reviewers = [
        user(store, admin, "bench-review", Role::FirstReviewer)?,
        user(store, admin, "bench-recheck", Role::ThirdPartyReviewer)?,
        user(store, admin, "bench-committee", Role::Committee)?,
    ];
    // Talents whose card was revoked come first: the bench revokes each card it issued
    // (below, untimed), so a reused database never runs out of talents to issue to.
    let mut candidates = Vec::new();
    for filter in [CardFilter::Revoked, CardFilter::None] {
        let q = TalentQuery { card: Some((filter, today)), ..TalentQuery::default() };
        candidates.extend(store.search_talents(&q, 0, (runs * 3) as u32)?);
    }
    let mut ms = Vec::new();
    for t in candidates {
        if ms.len() == runs {
            break;
        }
        let app = store.submit_application(&clerk, ApplicationKind::Card, t.id, "基准测试")?;
        for r in &reviewers {
            store.decide_application(r, app.id, Decision::Approve, "同意")?;
        }
        let started = Instant::now();
        let issued = store.issue_card(&clerk, app.id, today);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        // A recognition that already ended refuses the card: not a figure.
        if let Ok(card) = issued {
            ms.push(elapsed);
            // Its own transaction, outside the timing: the talent can be issued a card again.
            store.set_card_status(admin, card.id, CardStatus::Revoked, today, "基准测试后吊销")?;
        }
    }
    anyhow::ensure!(!ms.is_empty(), "no talent without a card to issue one to");
    figure("card_issue_commit", &ms, "ms");
    disk_fsync(store, runs, figure)
}

/// Prints `disk_fsync`: what this disk takes to make 80 KB (a card issue's share of the
/// log: some twenty pages) durable with one fsync, beside the database, by the same call
/// SQLite makes. A commit cannot be faster than this.
fn disk_fsync(store: &Store, runs: usize, figure: &dyn Fn(&str, &[f64], &str)) -> anyhow::Result<()> {
    use std::io::{Seek, Write};
    let dir =
        store.path().and_then(|p| p.parent()).map(std::path::Path::to_path_buf).unwrap_or_else(std::env::temp_dir);
    let mut file = tempfile::tempfile_in(dir)?;
    let page = vec![7u8; 80 * 1024];
    let mut ms = Vec::with_capacity(runs);
    for i in 0..runs {
        // Over the same few hundred KB again and again, as a log after its first pass.
        file.seek(std::io::SeekFrom::Start((i % 8) as u64 * page.len() as u64))?;
        file.write_all(&page)?;
        let started = Instant::now();
        file.sync_all()?;
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figure("disk_fsync", &ms, "ms");
    Ok(())
}
