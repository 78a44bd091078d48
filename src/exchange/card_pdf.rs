//! Printable talent green cards: one PDF, a front and a back page per card, each page the
//! size of a bank card (CR80, 85.60 × 53.98 mm). The front carries the holder, the tier,
//! the number, the validity and a QR code of the number; the back the services.

use std::path::Path;

use chrono::NaiveDate;
use krilla::geom::{PathBuilder, Rect};
use krilla::page::PageSettings;
use krilla::surface::Surface;

use super::qr::qr_modules;
use super::typeset::{Typeface, build_and_save, document, fill, fill_rect};
use super::{ExchangeError, Progress};
use crate::domain::dates::fmt_date;
use crate::i18n::{Lang, tr, tr_args};

/// CR80 in points: 85.60 mm × 53.98 mm.
pub const CARD_W: f32 = 85.60 * 72.0 / 25.4;
/// See [`CARD_W`].
pub const CARD_H: f32 = 53.98 * 72.0 / 25.4;
const M: f32 = 10.0;
const GREEN: u32 = 0x1f5f3f;
const GOLD: u32 = 0xc8a951;
const WHITE: u32 = 0xffffff;
const INK: u32 = 0x1a1a1a;
const GREY: u32 = 0x5a5a5a;
const QR_SIDE: f32 = 58.0;
const QR_QUIET: usize = 2;
/// The left text column of the front ends here, clear of the QR code.
const FRONT_TEXT_W: f32 = CARD_W - 2.0 * M - QR_SIDE - 6.0;

/// What is printed on one card.
#[derive(Clone, Debug)]
pub struct CardFace {
    /// The card number with its check character, e.g. `GC20260001237`; the QR code carries it.
    pub number: String,
    /// The holder's name as written in Chinese documents.
    pub holder_name: String,
    /// The name in Latin letters (pinyin or passport name).
    pub holder_name_en: Option<String>,
    /// The tier, "A" to "E".
    pub tier_code: String,
    /// The tier's name, e.g. 国家级领军人才.
    pub tier_name: String,
    /// First day of validity.
    pub issued: NaiveDate,
    /// Last day of validity.
    pub expires: NaiveDate,
    /// The employer.
    pub employer: String,
    /// The development zone.
    pub zone: String,
    /// The services of the tier, listed on the back.
    pub services: Vec<String>,
    /// On a family member's card: the main holder's name.
    pub family_of: Option<String>,
}

/// Writes one PDF with a front and a back page per card, in order, ready for a card
/// printer. Returns the number of cards.
pub fn write_cards(path: &Path, cards: &[CardFace], progress: &Progress) -> Result<usize, ExchangeError> {
    if cards.is_empty() {
        return Err(ExchangeError::NothingToPrint);
    }
    progress.set_total(Some(cards.len() as u64));
    let faces = cards.to_vec();
    build_and_save(path, progress, move |progress| {
        let face = Typeface::load()?;
        let mut document = document(tr(Lang::Zh, "exchange.card.title").into(), Lang::Zh);
        let settings =
            PageSettings::from_wh(CARD_W, CARD_H).ok_or(ExchangeError::Pdf { reason: "card size".into() })?;
        for (i, card) in faces.iter().enumerate() {
            progress.set_done(i as u64);
            progress.check()?;
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            front(&mut surface, &face, card)?;
            surface.finish();
            page.finish();
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            back(&mut surface, &face, card);
            surface.finish();
            page.finish();
        }
        progress.set_done(faces.len() as u64);
        Ok(document)
    })?;
    Ok(cards.len())
}

/// `key` in Chinese, then in English after `sep`.
fn both(key: &str, sep: &str) -> String {
    format!("{}{sep}{}", tr(Lang::Zh, key), tr(Lang::En, key))
}

/// Where a text stands relative to its x.
#[derive(Clone, Copy)]
enum Align {
    /// Starts at x.
    Left,
    /// Ends at x.
    Right,
    /// Is centred on x.
    Centre,
}
use Align::{Centre, Left, Right};

/// Draws `text` in `colour` at baseline `y`, cut to `width`.
#[allow(clippy::too_many_arguments)]
fn text(
    s: &mut Surface<'_>,
    face: &Typeface,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    width: f32,
    colour: u32,
    align: Align,
) {
    let line = face.fit(text, size, width);
    let x = match align {
        Left => x,
        Right => x - line.width(size),
        Centre => x - line.width(size) / 2.0,
    };
    s.set_fill(Some(fill(colour)));
    face.draw(s, &line, x, y, size);
}

/// The coloured band at the top and the thin strip at the foot, on both sides.
fn frame(s: &mut Surface<'_>, band_h: f32) {
    fill_rect(s, 0.0, 0.0, CARD_W, band_h, GREEN);
    fill_rect(s, 0.0, band_h, CARD_W, 1.2, GOLD);
    fill_rect(s, 0.0, CARD_H - 5.0, CARD_W, 5.0, GREEN);
}

fn front(s: &mut Surface<'_>, face: &Typeface, card: &CardFace) -> Result<(), ExchangeError> {
    let full = CARD_W - 2.0 * M;
    frame(s, 34.0);
    let tier = [("code", card.tier_code.clone())];
    text(s, face, &tr(Lang::Zh, "exchange.card.title"), M, 19.0, 14.0, full * 0.6, WHITE, Left);
    text(s, face, &tr(Lang::En, "exchange.card.title"), M, 28.5, 6.5, full * 0.6, WHITE, Left);
    text(s, face, &tr_args(Lang::Zh, "exchange.card.tier", &tier), CARD_W - M, 19.0, 11.0, full * 0.35, WHITE, Right);
    text(s, face, &tr_args(Lang::En, "exchange.card.tier", &tier), CARD_W - M, 28.5, 6.0, full * 0.35, WHITE, Right);

    let (name, size) = face.shrink(&card.holder_name, 15.0, 8.0, FRONT_TEXT_W);
    s.set_fill(Some(fill(INK)));
    face.draw(s, &name, M, 55.0, size);
    if let Some(en) = card.holder_name_en.as_deref().filter(|n| !n.trim().is_empty()) {
        text(s, face, en, M, 65.0, 7.0, FRONT_TEXT_W, GREY, Left);
    }
    let tier_line = format!("{} · {}", tr_args(Lang::Zh, "exchange.card.tier", &tier), card.tier_name);
    text(s, face, &tier_line, M, 76.5, 7.0, FRONT_TEXT_W, INK, Left);
    if let Some(holder) = &card.family_of {
        let line = tr_args(Lang::Zh, "exchange.card.family", &[("name", holder.clone())]);
        text(s, face, &line, M, 86.0, 6.0, FRONT_TEXT_W, GREEN, Left);
    }
    text(s, face, &both("exchange.card.number", " "), M, 98.0, 5.5, FRONT_TEXT_W, GREY, Left);
    text(s, face, &card.number, M, 109.0, 10.0, FRONT_TEXT_W, INK, Left);
    let valid = format!("{}  {} — {}", both("exchange.card.valid", " "), fmt_date(card.issued), fmt_date(card.expires));
    text(s, face, &valid, M, 122.0, 6.0, full, INK, Left);
    let place = [card.employer.trim(), card.zone.trim()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>();
    text(s, face, &place.join(" · "), M, 133.0, 5.5, full, GREY, Left);

    let qr_x = CARD_W - M - QR_SIDE;
    qr(s, &card.number, qr_x, 40.0)?;
    text(s, face, &both("exchange.card.scan", " "), qr_x + QR_SIDE / 2.0, 104.0, 4.5, QR_SIDE + M, GREY, Centre);
    Ok(())
}

/// The QR code of `number` as filled rectangles in a `QR_SIDE` square at (`x`, `y`).
fn qr(s: &mut Surface<'_>, number: &str, x: f32, y: f32) -> Result<(), ExchangeError> {
    let modules = qr_modules(number)?;
    let unit = QR_SIDE / (modules.width + 2 * QR_QUIET) as f32;
    let mut path = PathBuilder::new();
    for run in &modules.runs {
        let left = x + (QR_QUIET + run.col) as f32 * unit;
        let top = y + (QR_QUIET + run.row) as f32 * unit;
        // A hair taller than a module, so rows meet without a seam in any viewer.
        if let Some(rect) = Rect::from_xywh(left, top, run.len as f32 * unit, unit + 0.05) {
            path.push_rect(rect);
        }
    }
    if let Some(path) = path.finish() {
        s.set_fill(Some(fill(0x000000)));
        s.draw_path(&path);
    }
    Ok(())
}

/// Sizes tried for the service list, largest first.
const SERVICE_SIZES: [f32; 4] = [7.0, 6.5, 6.0, 5.5];
const LIST_TOP: f32 = 33.0;
const LIST_BOTTOM: f32 = 113.0;
const GUTTER: f32 = 8.0;

/// How the services are set: font size, columns, rows per column and how many fit.
fn service_layout(count: usize) -> (f32, usize, usize) {
    for size in SERVICE_SIZES {
        let per_col = ((LIST_BOTTOM - LIST_TOP) / (size * 1.45)).floor() as usize;
        let cols = if count <= per_col { 1 } else { 2 };
        if count <= per_col * cols {
            return (size, cols, per_col);
        }
    }
    let size = SERVICE_SIZES[SERVICE_SIZES.len() - 1];
    (size, 2, ((LIST_BOTTOM - LIST_TOP) / (size * 1.45)).floor() as usize)
}

fn back(s: &mut Surface<'_>, face: &Typeface, card: &CardFace) {
    let full = CARD_W - 2.0 * M;
    frame(s, 24.0);
    text(s, face, &tr(Lang::Zh, "exchange.card.services"), M, 15.5, 9.0, full * 0.65, WHITE, Left);
    text(s, face, &tr(Lang::En, "exchange.card.services"), CARD_W - M, 15.5, 6.5, full * 0.3, WHITE, Right);

    let mut items: Vec<String> = card.services.iter().map(|name| format!("• {}", name.trim())).collect();
    if items.is_empty() {
        items.push(both("exchange.card.no_services", " / "));
    }
    let (size, cols, per_col) = service_layout(items.len());
    let room = cols * per_col;
    if items.len() > room {
        let more = items.len() - (room - 1);
        items.truncate(room - 1);
        let count = [("count", more.to_string())];
        items.push(format!(
            "{} / {}",
            tr_args(Lang::Zh, "exchange.card.more", &count),
            tr_args(Lang::En, "exchange.card.more", &count)
        ));
    }
    let col_w = if cols == 1 { full } else { (full - GUTTER) / 2.0 };
    for (i, item) in items.iter().enumerate() {
        let (col, row) = (i / per_col.max(1), i % per_col.max(1));
        let x = M + col as f32 * (col_w + GUTTER);
        let y = LIST_TOP + (row as f32 + 0.8) * size * 1.45;
        text(s, face, item, x, y, size, col_w, INK, Left);
    }

    fill_rect(s, M, 118.0, full, 0.5, GREEN);
    text(s, face, &both("exchange.card.office", "  "), M, 129.0, 7.5, full, GREEN, Left);
    text(s, face, &tr(Lang::Zh, "exchange.card.notice"), M, 138.5, 5.8, full, INK, Left);
    text(s, face, &tr(Lang::En, "exchange.card.notice"), M, 145.0, 4.6, full, GREY, Left);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_service_lists_shrink_then_take_two_columns_then_stop() {
        let (size, cols, _) = service_layout(3);
        assert_eq!((size, cols), (7.0, 1));
        let (_, cols, per_col) = service_layout(12);
        assert!(cols == 2 && per_col * 2 >= 12);
        let (size, cols, per_col) = service_layout(200);
        assert_eq!((size, cols), (5.5, 2));
        assert!(per_col * 2 < 200, "a long list is cut and ends with “and N more”");
    }
}
