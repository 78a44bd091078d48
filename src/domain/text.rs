//! Text normalisation shared by every parser: what spreadsheets and Chinese input methods
//! produce (full-width digits and letters, ideographic spaces) becomes plain ASCII.

/// Maps a full-width form (U+FF01–U+FF5E) and the ideographic space to its ASCII twin;
/// any other character is returned unchanged.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '。' => '.',
        _ => c,
    }
}

/// A file size in megabytes with one decimal (`251.3 MB`), as backups are listed.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// Trims and normalises full-width characters; collapses inner runs of white space to one.
pub fn clean(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut space = false;
    for c in input.trim().chars().map(halfwidth) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out.trim().to_string()
}

/// The most characters a reason (for a suspension, a refusal, a clawback …) may have: a
/// sentence or two, as it shows on the card page and in the audit log.
pub const MAX_REASON_CHARS: usize = 200;

/// Checks a typed reason: cleaned, 1–[`MAX_REASON_CHARS`] characters, no control characters.
pub fn parse_reason(input: &str) -> Result<String, super::Message> {
    let reason = clean(input);
    if reason.is_empty() {
        return Err(super::Message::new("card.err.no_reason"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(super::Message { key: "reason.too_long", args: vec![("max", MAX_REASON_CHARS.to_string())] });
    }
    if let Some(bad) = reason.chars().find(|c| c.is_control()) {
        return Err(super::Message { key: "reason.bad_char", args: vec![("ch", visible(bad))] });
    }
    Ok(reason)
}

/// Renders a character so the clerk can see it even when it is invisible on its own
/// (control characters, lone combining marks, zero-width spaces).
pub fn visible(ch: char) -> String {
    if ch.is_control() || is_invisible_or_combining(ch) { format!("U+{:04X}", u32::from(ch)) } else { ch.to_string() }
}

/// Rough test for characters that render as nothing or attach to their neighbour; no
/// Unicode tables are pulled in just for an error message.
fn is_invisible_or_combining(ch: char) -> bool {
    matches!(
        u32::from(ch),
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200B..=0x200F | 0x2060..=0x206F
            | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xFEFF
    )
}

/// Half-width form of the input with all whitespace removed; clerks paste numbers with
/// stray spaces, tabs and no-break spaces from PDFs and chat apps.
pub fn compact(input: &str) -> String {
    input.chars().map(halfwidth).filter(|c| !c.is_whitespace()).collect()
}

/// Writes a whole number with thousands separators: `1,000,000`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_full_width() {
        assert_eq!(halfwidth('１'), '1');
        assert_eq!(halfwidth('Ｘ'), 'X');
        assert_eq!(halfwidth('　'), ' ');
        assert_eq!(halfwidth('张'), '张');
        assert_eq!(clean("  张　伟  "), "张 伟");
        assert_eq!(clean("John   Smith"), "John Smith");
        assert_eq!(clean(""), "");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(0), "0");
    }
}
