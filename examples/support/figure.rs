//! How every bench figure is printed.

/// Prints `name median p95 unit`.
pub fn figure(name: &str, values: &[f64], unit: &str) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    println!("{name} {:.3} {:.3} {unit}", at(0.5), at(0.95));
}

/// Prints a line that says how a figure was taken when it differs from its name (a
/// small database exports and imports fewer rows): `# name: why`, which no figure reader
/// takes for a figure.
#[allow(dead_code, reason = "each example that includes this module uses what it needs")]
pub fn note(name: &str, why: &str) {
    println!("# {name}: {why}");
}

/// CPU seconds (user and system) from a Linux `stat` file: `/proc/self/stat` for every
/// thread of the process, `/proc/thread-self/stat` for the calling one; 0 where there is
/// none. On a machine shared with other builds the wall clock says little, CPU time more.
#[allow(dead_code, reason = "each example that includes this module uses what it needs")]
pub fn cpu_seconds(stat: &str) -> f64 {
    let Ok(text) = std::fs::read_to_string(stat) else { return 0.0 };
    // The fields after the command name, which may hold spaces, in parentheses.
    let Some((_, rest)) = text.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime, fields 14 and 15 of the line (12 and 13 after the name), in 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}
