//! The QR code printed on a card: it carries exactly the card number (check character
//! included), as runs of dark modules that the card PDF fills as vector rectangles.

use qrcode::{Color, EcLevel, QrCode};

use super::ExchangeError;

/// The error correction of card codes: Q restores a quarter of the code, for scuffed cards.
pub const EC_LEVEL: EcLevel = EcLevel::Q;

/// A run of dark modules on one row of the code, drawn as one filled rectangle (so no
/// hairline seams appear between neighbouring squares).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// The row, 0 at the top.
    pub row: usize,
    /// The first dark column, 0 at the left.
    pub col: usize,
    /// How many modules are dark from `col` on.
    pub len: usize,
}

/// A QR code as dark runs, without its quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrModules {
    /// Modules per side.
    pub width: usize,
    /// The dark runs, row by row, left to right.
    pub runs: Vec<Run>,
}

impl QrModules {
    /// Whether the module at (`col`, `row`) is dark.
    pub fn is_dark(&self, col: usize, row: usize) -> bool {
        self.runs.iter().any(|r| r.row == row && (r.col..r.col + r.len).contains(&col))
    }
}

/// The QR code carrying `text` (the card number) at [`EC_LEVEL`].
pub fn qr_modules(text: &str) -> Result<QrModules, ExchangeError> {
    let code = QrCode::with_error_correction_level(text, EC_LEVEL)
        .map_err(|e| ExchangeError::Pdf { reason: format!("QR code: {e}") })?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (row, line) in colors.chunks(width.max(1)).enumerate() {
        let mut col = 0;
        while col < line.len() {
            if line[col] == Color::Dark {
                let len = line[col..].iter().take_while(|c| **c == Color::Dark).count();
                runs.push(Run { row, col, len });
                col += len;
            } else {
                col += 1;
            }
        }
    }
    Ok(QrModules { width, runs })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_squares_are_the_qrcode_crates_own_matrix() {
        for number in ["GC20260001237", "GC2026000017X", ""] {
            let modules = qr_modules(number).unwrap();
            let code = QrCode::with_error_correction_level(number, EC_LEVEL).unwrap();
            assert_eq!(modules.width, code.width());
            for y in 0..code.width() {
                for x in 0..code.width() {
                    assert_eq!(modules.is_dark(x, y), code[(x, y)] == Color::Dark, "{number} ({x}, {y})");
                }
            }
        }
        // A 13-character card number fits the smallest code (21 modules): large squares.
        assert_eq!(qr_modules("GC20260001237").unwrap().width, 21);
    }

    #[test]
    fn text_too_long_for_any_code_is_an_error_not_a_panic() {
        assert!(qr_modules(&"号".repeat(3000)).is_err());
    }
}
