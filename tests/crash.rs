//! The crash tests: programs are killed with SIGKILL mid-work and the files checked.
//! - The write loop (`examples/crash_helper.rs`, one talent per transaction, each commit
//!   printed) killed at random moments: every commit it reported, in this cycle and in every
//!   earlier one, is there with its audit row; integrity, foreign keys and the hash chain hold.
//! - `greencard restore` killed at random moments, and at the one moment that matters (the
//!   old log removed, the rename not yet done) after a killed program left commits in the
//!   log: the database is the old one with every commit, or the restored one.
//! - `greencard backup --out FILE` killed at random moments: FILE is the old backup or the
//!   new one, both complete, and the database is untouched.
//!
//! `cargo test --test crash` runs 25 cycles of the write loop; `GREENCARD_CRASH_CYCLES=1000
//! cargo test --release --test crash -- --nocapture` runs the long one. `GREENCARD_CRASH_SEED`
//! repeats a run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod files;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use greencard::store::Store;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One commit the program reported: the talent's id and document number.
type Reported = (i64, String);

/// The generator of kill moments, from `GREENCARD_CRASH_SEED` or the clock (printed, so a
/// failing run can be repeated).
fn moments() -> (ChaCha8Rng, u64) {
    let seed: u64 = std::env::var("GREENCARD_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    (ChaCha8Rng::seed_from_u64(seed), seed)
}

/// The crash helper, or a copy of it given by GREENCARD_CRASH_HELPER (a long run then
/// survives rebuilds meanwhile).
fn helper() -> Command {
    Command::new(
        std::env::var_os("GREENCARD_CRASH_HELPER").unwrap_or_else(|| common::example_exe("crash_helper").into()),
    )
}

/// Starts `command`, kills it once `after` has passed or a line starting with `on_line` has
/// been printed (whichever comes first), and returns the whole lines it printed (a line cut
/// by the kill was never fully reported).
fn kill(mut command: Command, after: Duration, on_line: Option<&str>) -> Vec<String> {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(whole) = line.strip_suffix('\n')
                && tx.send(whole.to_string()).is_err()
            {
                break;
            }
            line.clear();
        }
    });
    let deadline = Instant::now() + after;
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let hit = on_line.is_some_and(|p| line.starts_with(p));
                lines.push(line);
                if hit {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    // SIGKILL on Unix, TerminateProcess on Windows: no destructor, no flush, no checkpoint.
    // A program that already ended is no error.
    if child.kill().is_err() {
        assert!(child.try_wait().unwrap().is_some(), "the program could not be killed");
    }
    child.wait().unwrap();
    // What it printed between the last line taken and the kill was reported too.
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    lines
}

fn committed(lines: &[String]) -> Vec<Reported> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("committed ")?.split_once(' '))
        .map(|(id, doc)| (id.parse().unwrap(), doc.to_string()))
        .collect()
}

/// Reopens the database as the next start would and lists what is wrong.
fn problems_after_crash(db: &Path, reported: &[Reported]) -> Vec<String> {
    let store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => return vec![format!("does not open: {e}")],
    };
    let mut problems = store.check().unwrap_or_else(|e| vec![format!("check failed: {e}")]);
    for (id, doc) in reported {
        match store.talent(*id) {
            Ok(t) if t.doc_number.whole() == *doc => {}
            Ok(t) => problems.push(format!("talent {id} has document {}, reported {doc}", t.doc_number.whole())),
            Err(e) => problems.push(format!("reported talent {id} ({doc}) is missing: {e}")),
        }
        match store.talent_history(*id) {
            Ok(rows) if rows.iter().any(|r| r.action == "talent.create") => {}
            Ok(_) => problems.push(format!("talent {id} has no audit row")),
            Err(e) => problems.push(format!("audit of {id}: {e}")),
        }
    }
    problems
}

#[test]
fn killed_at_random_moments_the_database_keeps_every_reported_commit() {
    let cycles: usize = std::env::var("GREENCARD_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(25);
    let (mut rng, seed) = moments();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    drop(common::office(Some(&db), 20));
    let talents_before = Store::open(&db).unwrap().registry_counts().unwrap().talents;

    let (mut failures, mut without_commit) = (0usize, 0usize);
    let mut all_reported: Vec<Reported> = Vec::new();
    let mut first_failure = None;
    for cycle in 0..cycles {
        // From before the first commit to deep into the loop.
        let after = Duration::from_millis(rng.random_range(20..400));
        let mut command = helper();
        command.arg("write-loop").arg(&db);
        let reported = committed(&kill(command, after, None));
        if reported.is_empty() {
            without_commit += 1;
        }
        let problems = problems_after_crash(&db, &reported);
        all_reported.extend(reported);
        if !problems.is_empty() {
            failures += 1;
            first_failure.get_or_insert((cycle, problems));
        }
        if (cycle + 1) % 100 == 0 {
            println!("crash cycles so far: {}, failures: {failures}", cycle + 1);
        }
    }
    // Every commit reported in any cycle is still there after all the later kills.
    let at_the_end = problems_after_crash(&db, &all_reported);
    let store = Store::open(&db).unwrap();
    let talents = store.registry_counts().unwrap().talents;
    println!(
        "crash cycles: {cycles}, failures: {failures}, reported commits checked: {}, \
         kills before the first commit: {without_commit}, talents written: {}, seed: {seed}",
        all_reported.len(),
        talents - talents_before
    );
    assert_eq!(failures, 0, "seed {seed}, first failure: {first_failure:?}");
    assert_eq!(at_the_end, Vec::<String>::new(), "seed {seed}: checked again at the end");
    assert!(!all_reported.is_empty(), "the loop committed nothing in {cycles} cycles");
    // Nothing appeared that was never written: every talent past the set-up came from the loop.
    assert!(talents - talents_before >= all_reported.len() as i64, "reported commits are all in the file");
}

/// What a database holds, as far as these tests tell the old one from the restored one.
#[derive(Debug, PartialEq)]
struct State {
    talents: i64,
    late_zone: bool,
    hot: bool,
}

fn state_of(db: &Path) -> State {
    let store = Store::open(db).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new(), "the database is sound");
    State {
        talents: store.registry_counts().unwrap().talents,
        late_zone: store.zones().unwrap().iter().any(|z| z.code == "LATE"),
        hot: store.setting("test.hot").unwrap().is_some(),
    }
}

/// An office of 30 talents with a backup, then a zone made after the backup, and a program
/// killed after a commit that only its log holds (a hot write-ahead log).
fn office_after_a_crash(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (db, backup) = files::office_with_backup(dir, 30);
    let mut store = Store::open(&db).unwrap();
    let admin = store.first_admin().unwrap();
    store.create_zone(&admin, "LATE", "后建区").unwrap();
    drop(store);
    let mut hot = helper();
    hot.arg("hot-wal").arg(&db);
    let lines = kill(hot, Duration::from_secs(60), Some("hot"));
    assert_eq!(lines, ["hot"]);
    assert!(files::companion(&db, "-wal").metadata().unwrap().len() > 0, "the log holds the last commit");
    (db, backup.path)
}

#[test]
fn a_restore_killed_after_removing_the_old_log_leaves_the_old_database_with_its_last_commits() {
    let dir = tempfile::tempdir().unwrap();
    let (db, backup) = office_after_a_crash(dir.path());
    // Killed between removing the old log and the rename: the one moment where the old
    // file stands alone.
    let mut restore = helper();
    restore.arg("restore").arg(&db).arg(&backup).arg("installing");
    let lines = kill(restore, Duration::from_secs(60), Some("phase installing"));
    assert_eq!(lines.last().map(String::as_str), Some("phase installing"), "{lines:?}");
    assert!(!files::companion(&db, "-wal").exists(), "the old log is gone");
    let old = State { talents: 30, late_zone: true, hot: true };
    assert_eq!(state_of(&db), old, "the old database, with the commit its log held");
    assert!(!files::companion(&db, ".restoring").exists(), "the next start swept the staging copy");
    // And the restore, run to its end, brings the backup back.
    let out = common::greencard(&db, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    assert_eq!(state_of(&db), State { talents: 30, late_zone: false, hot: false });
}

#[test]
fn restore_and_backup_killed_at_random_moments_leave_the_old_file_or_the_new_one() {
    let cycles: usize =
        std::env::var("GREENCARD_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).map_or(6, |c: usize| c.min(100));
    let (mut rng, seed) = moments();
    let dir = tempfile::tempdir().unwrap();
    let (template, backup) = office_after_a_crash(dir.path());
    let old = State { talents: 30, late_zone: true, hot: true };
    let restored = State { talents: 30, late_zone: false, hot: false };
    // How long one restore takes here, so the kills fall across all of it.
    let timing = dir.path().join("timing");
    std::fs::create_dir(&timing).unwrap();
    let db = timing.join("office.db");
    copy_database(&template, &db);
    let started = Instant::now();
    assert!(common::greencard(&db, &["restore", backup.to_str().unwrap()]).status.success());
    let restore_takes = started.elapsed();

    let mut outcomes = [0usize; 2];
    for cycle in 0..cycles {
        let case = dir.path().join(format!("restore-{cycle}"));
        std::fs::create_dir(&case).unwrap();
        let db = case.join("office.db");
        copy_database(&template, &db);
        let mut restore = Command::new(env!("CARGO_BIN_EXE_greencard"));
        restore.arg("--db").arg(&db).arg("restore").arg(&backup);
        let after = restore_takes.mul_f64(rng.random_range(0.0..1.2));
        kill(restore, after, None);
        let state = state_of(&db);
        assert!(state == old || state == restored, "seed {seed}, cycle {cycle}: {state:?}");
        outcomes[usize::from(state == restored)] += 1;
    }
    println!("restore killed {cycles} times (seed {seed}): old database {}, restored {}", outcomes[0], outcomes[1]);

    // A backup over an older one: the file is one of the two, whole.
    let db = dir.path().join("restore-0").join("office.db");
    let out_file = dir.path().join("friday.db");
    assert!(common::greencard(&template, &["backup", "--out", out_file.to_str().unwrap()]).status.success());
    let before = greencard::store::verify_backup(&out_file).unwrap();
    let old_backup = std::fs::read(&out_file).unwrap();
    let mut store = Store::open(&db).unwrap();
    let admin = store.first_admin().unwrap();
    store.create_zone(&admin, "NEWER", "更新区").unwrap();
    drop(store);
    let db_bytes = std::fs::read(&db).unwrap();
    let started = Instant::now();
    assert!(
        common::greencard(&db, &["backup", "--out", dir.path().join("timing.db").to_str().unwrap()]).status.success()
    );
    let backup_takes = started.elapsed();
    let mut outcomes = [0usize; 2];
    for cycle in 0..cycles {
        // Each kill meets the older backup at FILE, as the first one did.
        std::fs::write(&out_file, &old_backup).unwrap();
        let mut backup = Command::new(env!("CARGO_BIN_EXE_greencard"));
        backup.arg("--db").arg(&db).args(["backup", "--out"]).arg(&out_file);
        kill(backup, backup_takes.mul_f64(rng.random_range(0.0..1.2)), None);
        let facts = greencard::store::verify_backup(&out_file)
            .unwrap_or_else(|e| panic!("seed {seed}, cycle {cycle}: the backup file is broken: {e}"));
        let newer = facts.audit_head != before.audit_head;
        outcomes[usize::from(newer)] += 1;
        assert_eq!(std::fs::read(&db).unwrap(), db_bytes, "the database is untouched");
    }
    println!("backup killed {cycles} times (seed {seed}): old backup {}, new backup {}", outcomes[0], outcomes[1]);
}

/// Copies a closed database with its log, as it lies on disk.
fn copy_database(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let wal = files::companion(from, "-wal");
    if wal.exists() {
        std::fs::copy(&wal, files::companion(to, "-wal")).unwrap();
    }
}
