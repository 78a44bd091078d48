//! What both PDFs share: the bundled CJK font, single-line layout with exact widths from
//! the font's own advances, ellipsis, a few drawing helpers, and saving the document.
//! Characters the font lacks (emoji, rare symbols) print as `?` instead of failing.

use std::path::Path;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::output::write_atomically;
use super::{ExchangeError, Progress};
use crate::i18n::Lang;

/// The bundled font (a subset of Noto Sans CJK SC); only the glyphs used are embedded.
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/GreencardSansSC-Regular.otf");

/// What a character the font lacks is shown as.
const MISSING: char = '?';
/// What ends a cut text.
const ELLIPSIS: char = '…';

/// The font with what layout needs: its character map and advances.
pub(crate) struct Typeface {
    font: Font,
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    upem: f32,
}

/// One laid-out line: glyphs with advances in em, and the text they stand for (with the
/// replacements made), so the PDF's text can be copied and searched.
#[derive(Clone, Debug, Default)]
pub(crate) struct Line {
    glyphs: Vec<KrillaGlyph>,
    text: String,
    em: f32,
}

impl Line {
    /// The width at `size` points.
    pub(crate) fn width(&self, size: f32) -> f32 {
        self.em * size
    }

    /// The text as drawn.
    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

impl Typeface {
    /// Reads the bundled font.
    pub(crate) fn load() -> Result<Typeface, ExchangeError> {
        let bad = |what: &str| ExchangeError::Font { reason: what.to_string() };
        let font_ref = FontRef::new(CJK_FONT).map_err(|e| bad(&e.to_string()))?;
        let upem = f32::from(font_ref.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1));
        let font = Font::new(krilla::Data::from(CJK_FONT), 0).ok_or_else(|| bad("unreadable font"))?;
        Ok(Typeface {
            font,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            upem,
        })
    }

    /// Lays `text` out on one line: line breaks and tabs become spaces, invisible marks
    /// (variation selectors, joiners, skin tones) are dropped, and a character the font
    /// lacks becomes `?`.
    pub(crate) fn shape(&self, text: &str) -> Line {
        let mut line = Line::default();
        for c in text.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c.is_control() || is_invisible(c) {
                continue;
            }
            match self.glyph(c) {
                Some(glyph) => self.push(&mut line, c, glyph),
                None => {
                    if let Some(glyph) = self.glyph(MISSING) {
                        self.push(&mut line, MISSING, glyph);
                    }
                }
            }
        }
        line
    }

    /// `text` on one line no wider than `max_width` at `size`, cut with `…` when longer.
    pub(crate) fn fit(&self, text: &str, size: f32, max_width: f32) -> Line {
        let line = self.shape(text);
        if line.width(size) <= max_width {
            return line;
        }
        let mut cut = Line::default();
        let Some(ellipsis) = self.glyph(ELLIPSIS) else { return cut };
        let room_em = max_width / size.max(0.1) - self.advance(ellipsis);
        for glyph in &line.glyphs {
            if cut.em + glyph.x_advance > room_em {
                break;
            }
            cut.em += glyph.x_advance;
            cut.text.push_str(&line.text[glyph.text_range.clone()]);
            cut.glyphs.push(glyph.clone());
        }
        if room_em >= 0.0 {
            self.push(&mut cut, ELLIPSIS, ellipsis);
        }
        cut
    }

    /// The largest size from `max` down to `min` at which `text` fits `max_width`; at `min`
    /// it is cut with `…`.
    pub(crate) fn shrink(&self, text: &str, max: f32, min: f32, max_width: f32) -> (Line, f32) {
        let line = self.shape(text);
        let em = line.width(1.0);
        // A hair under the exact ratio, so rounding never triggers the ellipsis.
        let size = if em * max <= max_width { max } else { (max_width / em.max(0.001) * 0.999).max(min) };
        (self.fit(text, size, max_width), size)
    }

    /// Draws `line` with its baseline starting at (`x`, `baseline`), in the current fill.
    pub(crate) fn draw(&self, surface: &mut Surface<'_>, line: &Line, x: f32, baseline: f32, size: f32) {
        if !line.glyphs.is_empty() {
            surface.draw_glyphs(Point::from_xy(x, baseline), &line.glyphs, self.font.clone(), &line.text, size, false);
        }
    }

    fn glyph(&self, c: char) -> Option<skrifa::GlyphId> {
        self.charmap.map(c).filter(|g| g.to_u32() != 0)
    }

    fn advance(&self, glyph: skrifa::GlyphId) -> f32 {
        self.metrics.advance_width(glyph).unwrap_or(0.0) / self.upem
    }

    fn push(&self, line: &mut Line, c: char, glyph: skrifa::GlyphId) {
        let start = line.text.len();
        line.text.push(c);
        let advance = self.advance(glyph);
        line.em += advance;
        line.glyphs.push(KrillaGlyph::new(
            GlyphId::new(glyph.to_u32()),
            advance,
            0.0,
            0.0,
            0.0,
            start..line.text.len(),
            None,
        ));
    }
}

/// An empty document titled `title`, in `lang`, made by greencard.
pub(crate) fn document(title: String, lang: Lang) -> Document {
    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(title).creator("greencard".into()).language(lang.code().into()));
    document
}

/// How often the thread waiting for a PDF looks at the cancel.
const CANCEL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Lays a document out with `build` and serialises it (embedding the font subset) on a
/// worker thread, then writes it atomically to `path`. `build` checks the cancel page by
/// page; serialising — seconds for a long list — is one call of krilla's
/// (`Document::finish`) with no way in, so this thread watches the cancel meanwhile: a
/// cancel returns at once with [`ExchangeError::Cancelled`] and no file, and the worker's
/// bytes are thrown away when it is done.
pub(crate) fn build_and_save(
    path: &Path,
    progress: &Progress,
    build: impl FnOnce(&Progress) -> Result<Document, ExchangeError> + Send + 'static,
) -> Result<(), ExchangeError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker_progress = progress.clone();
    std::thread::Builder::new()
        .name("pdf-build".into())
        .spawn(move || {
            let bytes = build(&worker_progress).and_then(|document| {
                worker_progress.set_saving();
                serialise(document)
            });
            // A cancelled export no longer waits for the bytes.
            let _ = tx.send(bytes);
        })
        .map_err(|e| ExchangeError::Pdf { reason: e.to_string() })?;
    let bytes = loop {
        progress.check()?;
        match rx.recv_timeout(CANCEL_POLL) {
            Ok(bytes) => break bytes?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ExchangeError::Pdf { reason: "the PDF worker stopped".into() });
            }
        }
    };
    write_atomically(path, progress, |out| {
        std::io::Write::write_all(out, &bytes).map_err(|e| ExchangeError::io(path, &e))
    })
}

/// The finished document's bytes.
fn serialise(document: Document) -> Result<Vec<u8>, ExchangeError> {
    document.finish().map_err(|e| match e {
        krilla::error::KrillaError::Font(_, reason) => ExchangeError::Font { reason },
        other => ExchangeError::Pdf { reason: other.to_string() },
    })
}

/// Marks that change how a neighbour looks but have no glyph of their own.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0x1F3FB..=0x1F3FF | 0xE0000..=0xE01EF)
}

/// An opaque colour from `0xRRGGBB`.
pub(crate) fn fill(rgb_hex: u32) -> Fill {
    let [_, r, g, b] = rgb_hex.to_be_bytes();
    Fill { paint: rgb::Color::new(r, g, b).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

/// Fills the rectangle (`x`, `y`, `w`, `h`) with `colour`; an empty rectangle draws nothing.
pub(crate) fn fill_rect(surface: &mut Surface<'_>, x: f32, y: f32, w: f32, h: f32, colour: u32) {
    let mut path = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        path.push_rect(rect);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(colour)));
        surface.draw_path(&path);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_while_the_document_is_built_or_saved_returns_at_once_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("名单.pdf");
        std::fs::write(&path, "old").unwrap();
        let progress = Progress::new();
        let clerk = progress.clone();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            clerk.cancel();
        });
        let started = std::time::Instant::now();
        // Stands in for a long serialisation, which nothing can interrupt.
        let result = build_and_save(&path, &progress, |_| {
            std::thread::sleep(std::time::Duration::from_secs(5));
            Ok(document("名单".into(), Lang::Zh))
        });
        canceller.join().unwrap();
        assert!(matches!(result, Err(ExchangeError::Cancelled)), "{result:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_characters_become_question_marks_and_marks_vanish() {
        let face = Typeface::load().unwrap();
        assert_eq!(face.shape("张伟\n堃").text(), "张伟 堃");
        assert_eq!(face.shape("👍🏽 ok").text(), "? ok");
        assert_eq!(face.shape("\u{1F600}\u{FE0F}").text(), "?");
        assert!(face.shape("").glyphs.is_empty());
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_inside_the_width() {
        let face = Typeface::load().unwrap();
        let long = "国家级领军人才".repeat(20);
        let cut = face.fit(&long, 10.0, 100.0);
        assert!(cut.width(10.0) <= 100.0 + 1e-3, "{}", cut.width(10.0));
        assert!(cut.text().ends_with('…') && cut.text().starts_with("国家级"), "{}", cut.text());
        assert!(face.fit(&long, 10.0, 1.0).text().is_empty());
        let (line, size) = face.shrink("欧阳娜娜", 16.0, 6.0, 40.0);
        assert!(size < 16.0 && line.width(size) <= 40.0 + 1e-3 && line.text() == "欧阳娜娜");
    }
}
