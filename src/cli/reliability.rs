//! The commands that keep the data safe: `backup`, `restore`, and the audit head that
//! `check` prints.

use std::path::Path;
use std::process::ExitCode;

use crate::domain::Problem;
use crate::domain::text::megabytes;
use crate::i18n::Lang;
use crate::store::{BackupInfo, Store};

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
    print_warnings(info);
}

/// What went wrong around a backup that was written all the same, on standard error.
fn print_warnings(info: &BackupInfo) {
    for warning in &info.warnings {
        eprintln!("greencard: {}", warning.text(Lang::Zh));
    }
}

/// `greencard backup [--out FILE] [--force]`: to FILE, or into the backups folder with
/// rotation. The database is opened read-only (a mistyped `--db` creates nothing, and an
/// older schema is backed up as it is, not migrated first).
pub(super) fn backup(db: &Path, out: Option<&Path>, force: bool) -> ExitCode {
    let store = match Store::open_read_only(db) {
        Ok(s) => s,
        Err(e) => return super::refused(e),
    };
    let result = match out {
        Some(out) => store.backup_to(out, force, &mut |_, _| {}),
        None => store.backup_now(&mut |_, _| {}),
    };
    match result {
        Ok(info) => {
            print_backup(&info);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("greencard: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The automatic backup when the window has closed: into the backups folder, rotated. A
/// failure is printed and changes nothing (a damaged database fails the backup's own check,
/// so it never pushes a good backup out of the rotation).
pub(super) fn backup_on_close(db: &Path) {
    let result = Store::open_read_only(db).and_then(|store| store.backup_now(&mut |_, _| {}));
    match result {
        Ok(info) => {
            eprintln!(
                "greencard: backup on close: {} ({}, {:.2} s)",
                info.path.display(),
                megabytes(info.bytes),
                info.elapsed.as_secs_f64()
            );
            print_warnings(&info);
        }
        Err(e) => eprintln!("greencard: backup on close failed: {e}"),
    }
}

/// `greencard restore FILE`: copies FILE beside the database and verifies the copy, keeps
/// the current database as a copy and puts the verified one in its place; refused while a
/// greencard has it open. Exit 1 when refused, and when something failed after the file
/// was replaced (then it says so, and where the old database was kept).
pub(super) fn restore(db: &Path, from: &Path) -> ExitCode {
    let restored = match crate::store::restore_file(db, from, true, None) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("greencard: {}: {e}", from.display());
            return ExitCode::FAILURE;
        }
    };
    let facts = &restored.facts;
    out!("verified {}: schema {}, {} talents, audit chain intact", from.display(), facts.schema_version, facts.talents);
    if let Some(kept) = &restored.kept {
        out!("the previous database was kept as {}", kept.display());
    }
    out!("restored {} from {}", db.display(), from.display());
    match &restored.afterwards {
        None => ExitCode::SUCCESS,
        Some(e) => {
            eprintln!("greencard: restored, but: {e}");
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
