//! The programs the crash tests kill (`tests/crash.rs`), kept out of the product binary:
//! nothing here can write test data into an office's database by a mistyped command.
//!
//! ```text
//! crash_helper write-loop DB              # one talent per transaction, `committed <id> <doc>` after each
//! crash_helper hot-wal DB                 # a commit left in the log, not in the file, then waits
//! crash_helper restore DB FROM PHASE      # restores FROM and waits at PHASE (e.g. installing)
//! ```
//! Each prints its lines as it goes and flushes them, so a test may kill it on a line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use greencard::domain::{DocumentNumber, DocumentType, Gender, TierCode, talent::NewTalent};
use greencard::store::{RestorePhase, Store};

/// How long a helper that waits to be killed waits at most.
const WAIT_FOR_KILL: Duration = Duration::from_secs(120);

/// Prints a line and flushes it: the test reads it before it kills.
fn say(line: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).map_err(|e| e.to_string())
}

/// Registers talents one transaction at a time through the store's ordinary path (talent,
/// search index, duplicate check, audit row), printing `committed <id> <document>` after
/// each commit.
fn write_loop(db: &Path) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let actor = store.first_admin().map_err(|e| e.to_string())?;
    let zone = store.zones().map_err(|e| e.to_string())?.first().map(|z| z.id).ok_or("no zone")?;
    let today = chrono::Local::now().date_naive();
    let start = store.registry_counts().map_err(|e| e.to_string())?.talents as u64;
    let tier = TierCode::parse("C").map_err(|e| e.to_string())?;
    let birth = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).ok_or("date")?;
    for n in start.. {
        let number = format!("WL{n:09}");
        let doc = DocumentNumber::parse(DocumentType::Passport, &number, today).map_err(|e| e.to_string())?;
        let talent = NewTalent {
            // A name of its own: equal names and birth dates would be flagged as duplicates.
            name: format!("Write Loop {n}"),
            doc,
            gender: Gender::Female,
            birth_date: birth,
            nationality: "新加坡".into(),
            phone: Default::default(),
            email: String::new(),
            education: String::new(),
            title: String::new(),
            field: String::new(),
            employer_id: None,
            zone_id: zone,
            tier: tier.clone(),
            arrival_date: None,
            recognised_until: None,
            notes: String::new(),
        };
        let created = store.create_talent(&actor, &talent).map_err(|e| e.to_string())?;
        // The line is out before the next write starts: the crash test relies on it.
        say(&format!("committed {} {number}", created.id))?;
    }
    Ok(())
}

/// Commits the setting `test.hot` through a bare connection that never checkpoints, then
/// waits: killed, it leaves the commit in the write-ahead log only, as a crashed program does.
fn hot_wal(db: &Path) -> Result<(), String> {
    let conn = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0;
         INSERT INTO settings (key, value) VALUES ('test.hot', 'in the log only')",
    )
    .map_err(|e| e.to_string())?;
    say("hot")?;
    std::thread::sleep(WAIT_FOR_KILL);
    Ok(())
}

/// Restores `from` over `db` as `greencard restore` does, and waits (to be killed) when the
/// restore reaches `pause_at` (`installing`: the old log is gone, the rename comes next).
fn restore(db: &Path, from: &Path, pause_at: &str) -> Result<(), String> {
    let lock = greencard::store::take_exclusive(db).map_err(|e| e.to_string())?;
    let mut report = |phase: RestorePhase| {
        let name = match phase {
            RestorePhase::CheckingDamage => "checking",
            RestorePhase::Copying { .. } => "copying",
            RestorePhase::Verifying => "verifying",
            RestorePhase::KeepingCurrent => "keeping",
            RestorePhase::Replacing => "replacing",
            RestorePhase::Installing => "installing",
            RestorePhase::Recording => "recording",
        };
        if name == pause_at && say(&format!("phase {name}")).is_ok() {
            std::thread::sleep(WAIT_FOR_KILL);
        }
    };
    greencard::store::restore_locked(&lock, from, true, None, &mut report).map_err(|e| e.to_string())?;
    say("restored")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["write-loop", db] => write_loop(Path::new(db)),
        ["hot-wal", db] => hot_wal(Path::new(db)),
        ["restore", db, from, phase] => restore(Path::new(db), Path::new(from), phase),
        _ => Err("usage: crash_helper write-loop DB | hot-wal DB | restore DB FROM PHASE".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crash_helper: {e}");
            ExitCode::FAILURE
        }
    }
}
