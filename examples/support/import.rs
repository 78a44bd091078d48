//! The import figure of the benchmark: a 100,000-row enterprise sheet (the template's
//! headings, valid generated people) read, checked, planned and written in one
//! transaction into a copy of the bench database, as `import_xlsx_100k median p95 s`.

// SQLite's floor under the write, printed beside the figure; it comes with this module, so
// whoever includes the sheet writer needs no second line for it.
#[path = "floor.rs"]
mod floor;

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use greencard::exchange::Progress;
use greencard::exchange::import::{Column, Lookup, Mapping, SavedMapping, parse_sheet, read_sheet};
use greencard::i18n::{Lang, tr};
use greencard::store::Store;
use rust_xlsxwriter::Workbook;

/// Writes `rows` generated people (seed `seed`) under the template's headings to `path`,
/// with the zones and employers of `store`.
pub fn write_sheet(store: &Store, path: &Path, rows: usize, seed: u64, today: NaiveDate) -> anyhow::Result<()> {
    let data = greencard::demo::generate(rows, seed, today);
    let employers = store.employers()?;
    let zones = store.zones()?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    for (c, column) in (0u16..).zip(Column::ALL) {
        sheet.write_string(0, c, column.zh())?;
    }
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    for (r, t) in (1u32..).zip(&data.talents) {
        let employer = employers.get(t.employer % employers.len().max(1));
        let zone = zones.get(t.zone % zones.len().max(1)).map(|z| z.code.clone()).unwrap_or_default();
        let cells = [
            t.name.clone(),
            tr(Lang::Zh, t.doc_type.label_key()).into_owned(),
            t.doc_number.whole().to_string(),
            tr(Lang::Zh, t.gender.label_key()).into_owned(),
            date(t.birth_date),
            t.nationality.to_string(),
            t.phone.whole().to_string(),
            t.email.clone(),
            t.education.to_string(),
            t.title.to_string(),
            t.field.to_string(),
            employer.map(|e| e.name.clone()).unwrap_or_default(),
            employer.map(|e| e.credit_code.clone()).unwrap_or_default(),
            zone,
            t.tier.to_string(),
            date(t.arrival_date),
        ];
        for (c, v) in (0u16..).zip(&cells) {
            sheet.write_string(r, c, v)?;
        }
    }
    book.save(path)?;
    Ok(())
}

/// Imports the sheet at `sheet` into fresh copies of the closed database `db`, `runs`
/// times, and prints `import_xlsx_100k` (with a note when the sheet has another number of
/// rows): read, check, plan and apply, each run timed whole; and `import_xlsx_100k_cpu`,
/// the CPU time of every thread of the process for the same, which the load of other
/// programs on the machine does not change; `import_xlsx_100k_dry_run` (read, check, plan:
/// until the clerk sees the report) and `import_xlsx_100k_write` (the one transaction);
/// then `import_floor_talent_rows` and `import_floor_audit_rows`, SQLite's own time for
/// the rows of that write ([`floor`]).
pub fn figures(
    db: &Path,
    sheet: &Path,
    rows: usize,
    runs: usize,
    today: NaiveDate,
    figure: &dyn Fn(&str, &[f64], &str),
) -> anyhow::Result<()> {
    let copy = db.with_extension("import-copy.db");
    let mut seconds = Vec::with_capacity(runs);
    let mut cpu_seconds = Vec::with_capacity(runs);
    // The two waits of a clerk: the dry run (read, check, plan) before the report, and the
    // write after 确认导入.
    let (mut dry_runs, mut writes) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        std::fs::copy(db, &copy)?;
        let mut store = Store::open(&copy)?;
        let admin = store.first_admin()?;
        let cpu = || crate::figure::cpu_seconds("/proc/self/stat");
        let (started, cpu_start) = (Instant::now(), cpu());
        let progress = Progress::new();
        let read = read_sheet(sheet, &progress)?;
        let (t_read, c_read) = (started.elapsed().as_secs_f64(), cpu());
        let mapping = Mapping::new(&read.headers, &SavedMapping::default());
        let parsed = parse_sheet(&read, &mapping, &Lookup::from_store(&store, today)?, &progress)?;
        let (t_parse, c_parse) = (started.elapsed().as_secs_f64(), cpu());
        let plan = store.plan_import(parsed.rows, parsed.rejected)?;
        let (t_plan, c_plan) = (started.elapsed().as_secs_f64(), cpu());
        let this_thread = || crate::figure::cpu_seconds("/proc/thread-self/stat");
        let c_writer = this_thread();
        let counts = store.apply_import(&admin, &plan)?;
        let (total, c_total, c_writer) = (started.elapsed().as_secs_f64(), cpu(), this_thread() - c_writer);
        seconds.push(total);
        cpu_seconds.push(c_total - cpu_start);
        dry_runs.push(t_plan);
        writes.push(total - t_plan);
        // Wall time carries the load of whatever else runs on the machine; CPU time (every
        // thread of the process) does not.
        eprintln!(
            "import: read {t_read:.2} s, check {:.2} s, plan {:.2} s, write {:.2} s; CPU: read {:.2} s, check {:.2} s, plan {:.2} s, write {:.2} s ({c_writer:.2} s on the writing thread)",
            t_parse - t_read,
            t_plan - t_parse,
            total - t_plan,
            c_read - cpu_start,
            c_parse - c_read,
            c_plan - c_parse,
            c_total - c_plan,
        );
        if counts.rejected > 0 || counts.new + counts.updated + counts.unchanged != rows {
            anyhow::bail!("the generated sheet did not import cleanly: {counts:?}");
        }
        drop(store);
        std::fs::remove_file(&copy)?;
    }
    if rows != 100_000 {
        crate::figure::note("import_xlsx_100k", &format!("{rows} rows, not 100,000"));
    }
    figure("import_xlsx_100k", &seconds, "s");
    figure("import_xlsx_100k_cpu", &cpu_seconds, "s");
    figure("import_xlsx_100k_dry_run", &dry_runs, "s");
    figure("import_xlsx_100k_write", &writes, "s");
    // What SQLite alone takes for the rows of the write (see floor.rs), on the same database.
    let (mut talents, mut audit) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        let (t, a) = floor::floor(db, rows)?;
        talents.push(t);
        audit.push(a);
    }
    figure("import_floor_talent_rows", &talents, "s");
    figure("import_floor_audit_rows", &audit, "s");
    Ok(())
}
