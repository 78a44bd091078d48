//! The alert figures of the benchmark: reading every alert standing today with the latest
//! acknowledgements (what the 统计 worker does, off the UI thread), and acknowledging one
//! alert (what the UI thread does when a clerk clicks 确认知悉, with its audit row).

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use greencard::domain::Actor;
use greencard::store::Store;

/// Prints `alerts_read` and `alert_acknowledge`.
pub fn figures(
    store: &mut Store,
    path: &Path,
    admin: &Actor,
    today: NaiveDate,
    runs: usize,
    figure: &dyn Fn(&str, &[f64], &str),
) -> anyhow::Result<()> {
    let mut ms = Vec::with_capacity(runs);
    let mut standing = Vec::new();
    for _ in 0..runs.min(20) {
        let started = Instant::now();
        let reader = Store::open_read_only(path)?;
        standing = reader.alerts(today)?;
        std::hint::black_box(reader.alert_history(&standing, 300)?);
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figure("alerts_read", &ms, "ms");
    let open: Vec<_> = standing.into_iter().filter(|a| a.ack.is_none()).collect();
    anyhow::ensure!(!open.is_empty(), "no unacknowledged alert to acknowledge");
    let mut ms = Vec::with_capacity(runs);
    // Spread over the kinds, so each kind's check is timed.
    for i in 0..runs.min(open.len()) {
        let a = &open[(i * 7919) % open.len()];
        let started = Instant::now();
        match store.acknowledge_alert(admin, today, a.kind, a.subject_id, &a.cause) {
            // Drawn twice: already acknowledged, not a figure.
            Err(greencard::store::StoreError::Invalid { key: "alerts.err.already", .. }) => continue,
            other => other?,
        }
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    figure("alert_acknowledge", &ms, "ms");
    Ok(())
}
