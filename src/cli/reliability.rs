//! The commands that keep the data safe: `backup`, `restore`, the audit head that `check`
//! prints, and the hidden write loop that the crash test kills at random moments.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::domain::{DocumentNumber, DocumentType, Gender, TierCode, talent::NewTalent};
use crate::store::{BackupInfo, Store};

/// Size in MB with one decimal.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn print_backup(info: &BackupInfo) {
    out!(
        "backup written to {}: {} in {:.2} s (quick_check ok)",
        info.path.display(),
        megabytes(info.bytes),
        info.elapsed.as_secs_f64()
    );
    let [copy, check, sync] = info.phases.map(|d| d.as_secs_f64());
    out!("phases: copy {copy:.2} s, quick_check {check:.2} s, fsync and rename {sync:.2} s");
    match &info.audit_head {
        Some(h) => out!("audit head: row {} hash {}", h.id, h.hash),
        None => out!("audit head: empty log"),
    }
}

/// `greencard backup [--out FILE]`: to FILE, or into the backups folder with rotation.
pub(super) fn backup(store: &Store, out: Option<&Path>) -> Result<(), String> {
    let info = match out {
        Some(out) => store.backup_to(out, &mut |_, _| {}),
        None => store.backup_now(&mut |_, _| {}),
    }
    .map_err(|e| e.to_string())?;
    print_backup(&info);
    Ok(())
}

/// The automatic backup when the window has closed: into the backups folder, rotated. A
/// failure is printed and changes nothing (a damaged database fails the backup's own check,
/// so it never pushes a good backup out of the rotation).
pub(super) fn backup_on_close(db: &Path) {
    let result = Store::open_read_only(db).and_then(|store| store.backup_now(&mut |_, _| {}));
    match result {
        Ok(info) => eprintln!(
            "greencard: backup on close: {} ({}, {:.2} s)",
            info.path.display(),
            megabytes(info.bytes),
            info.elapsed.as_secs_f64()
        ),
        Err(e) => eprintln!("greencard: backup on close failed: {e}"),
    }
}

/// `greencard restore FILE`: verifies FILE, keeps the current database as a copy and
/// replaces it; refused while a greencard has it open.
pub(super) fn restore(db: &Path, from: &Path) -> ExitCode {
    let facts = match crate::store::verify_backup(from) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("greencard: {}: {e}", from.display());
            return ExitCode::FAILURE;
        }
    };
    out!("verified {}: schema {}, {} talents, audit chain intact", from.display(), facts.schema_version, facts.talents);
    match crate::store::restore_file(db, from, true, None) {
        Ok(kept) => {
            if let Some(kept) = kept {
                out!("the previous database was kept as {}", kept.display());
            }
            out!("restored {} from {}", db.display(), from.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("greencard: {e}");
            ExitCode::FAILURE
        }
    }
}

/// After `check`: the audit chain's head on standard error (standard output stays `ok`), for
/// the office to write down or compare with a backup's anchor.
pub(super) fn print_audit_head(store: &Store) {
    match store.audit_head() {
        Ok(Some(h)) => eprintln!("audit head: row {} hash {}", h.id, h.hash),
        Ok(None) => eprintln!("audit head: empty log"),
        Err(e) => eprintln!("greencard: {e}"),
    }
}

/// The hidden `write-loop`: registers `count` talents one transaction at a time through the
/// store's ordinary path (talent, search index, duplicate check, audit row), printing
/// `committed <id> <document>` after each commit. The crash test kills it mid-way and checks
/// that every printed change survived.
pub(super) fn write_loop(store: &mut Store, count: u64) -> Result<(), String> {
    let actor = store.first_admin().map_err(|e| e.to_string())?;
    let zone = store.zones().map_err(|e| e.to_string())?.first().map(|z| z.id).ok_or("no zone")?;
    let today = chrono::Local::now().date_naive();
    let start = store.registry_counts().map_err(|e| e.to_string())?.talents;
    let tier = TierCode::parse("C").map_err(|e| e.to_string())?;
    let birth = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).ok_or("date")?;
    for n in 0..count {
        let number = format!("WL{:09}", start as u64 + n);
        let doc = DocumentNumber::parse(DocumentType::Passport, &number, today).map_err(|e| e.to_string())?;
        let talent = NewTalent {
            // A name of its own: equal names and birth dates would be flagged as duplicates.
            name: format!("Write Loop {}", start as u64 + n),
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
        out!("committed {} {number}", created.id);
        // The line is out before the next write starts: the crash test relies on it.
        let _ = std::io::stdout().flush();
    }
    Ok(())
}
