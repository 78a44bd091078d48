//! Export figures, taken in a fresh process so that the peak memory is the export's own:
//! the first 100,000 talents of the list as .xlsx (time and peak RSS) and every talent as
//! .csv, streamed from the store as the talent screen's export does.

use std::path::Path;
use std::time::Instant;

use greencard::exchange::{Format, Progress, TalentRows, row_channel, talent_meta, write_rows};
use greencard::i18n::Lang;
use greencard::store::{Store, TalentQuery};

/// Peak resident memory of this process in MB (Linux), if it can be read.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Exports at most `limit` talents; returns the seconds, the CPU seconds of both threads
/// and the rows written.
fn export(store: &Store, out: &Path, format: Format, limit: u64) -> anyhow::Result<(f64, f64, u64)> {
    let meta = talent_meta("全部人才".into(), chrono::Local::now().date_naive(), Lang::Zh);
    let cpu = crate::figure::cpu_seconds("/proc/self/stat");
    let started = Instant::now();
    let (mut tx, rx) = row_channel();
    let n = std::thread::scope(|s| -> anyhow::Result<u64> {
        let writer = s.spawn(|| write_rows(out, format, &meta, rx, Some(limit), &Progress::new()));
        let mut sent = 0u64;
        let maker = TalentRows::new(false, Lang::Zh);
        let read = store.for_each_talent(&TalentQuery::default(), |t| {
            sent += 1;
            sent <= limit && tx.send(maker.row_of(t))
        });
        tx.finish(read.map_err(|e| greencard::domain::Message::of(&e)));
        writer.join().map_err(|_| anyhow::anyhow!("the writer panicked"))?.map_err(|e| anyhow::anyhow!("{e}"))
    })?;
    Ok((started.elapsed().as_secs_f64(), crate::figure::cpu_seconds("/proc/self/stat") - cpu, n))
}

/// Prints `export_xlsx_100k`, `export_xlsx_100k_peak_rss`, `export_csv_1m` with the CPU
/// time of the latter, and `export_xlsx_1m` (every talent as .xlsx: a sheet holds
/// 1,048,573 rows, so a million fits).
pub fn figures(path: &Path, figure: &dyn Fn(&str, &[f64], &str)) -> anyhow::Result<()> {
    let store = Store::open_read_only(path)?;
    let dir = tempfile::tempdir()?;
    let (seconds, _, n) = export(&store, &dir.path().join("talents.xlsx"), Format::Xlsx, 100_000)?;
    if n < 100_000 {
        crate::figure::note("export_xlsx_100k", &format!("{n} rows (every talent), not 100,000"));
    }
    figure("export_xlsx_100k", &[seconds], "s");
    if let Some(mb) = peak_rss_mb() {
        figure("export_xlsx_100k_peak_rss", &[mb], "MB");
    }
    let (seconds, cpu, n) = export(&store, &dir.path().join("talents.csv"), Format::Csv, u64::MAX)?;
    if n != 1_000_000 {
        crate::figure::note("export_csv_1m", &format!("{n} rows (every talent), not 1,000,000"));
    }
    figure("export_csv_1m", &[seconds], "s");
    // Both threads together: on a quiet two-core machine the wall clock is at most this.
    figure("export_csv_1m_cpu", &[cpu], "s");
    let (seconds, _, n) = export(&store, &dir.path().join("talents-all.xlsx"), Format::Xlsx, 1_000_000)?;
    if n != 1_000_000 {
        crate::figure::note("export_xlsx_1m", &format!("{n} rows (every talent), not 1,000,000"));
    }
    figure("export_xlsx_1m", &[seconds], "s");
    Ok(())
}
