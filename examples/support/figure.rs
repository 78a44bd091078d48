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
