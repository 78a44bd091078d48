//! Printable lists: A4 landscape, the title and filter on the first page, the header
//! repeated on every page, thin grid lines, text cut with `…` to its column, numbers on
//! the right, and `第 3 页 / 共 12 页` at the foot of each page.

use std::path::Path;

use krilla::Document;
use krilla::geom::PathBuilder;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;

use super::table::{RowLimit, for_each_row};
use super::typeset::{Typeface, build_and_save, document, fill, fill_rect};
use super::{ExchangeError, Progress, Row, TableMeta};
use crate::i18n::{tr, tr_args};

/// A4 landscape, in points.
const PAGE_W: f32 = 841.89;
const PAGE_H: f32 = 595.28;
/// 10 mm.
const MARGIN: f32 = 28.35;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Room for the title and the filter line on the first page.
const HEAD_H: f32 = 40.0;
/// Room for the page number.
const FOOT_H: f32 = 18.0;
const HEADER_H: f32 = 18.0;
const ROW_H: f32 = 14.0;
const TEXT_SIZE: f32 = 7.5;
const HEADER_SIZE: f32 = 8.0;
const PAD: f32 = 3.0;
const INK: u32 = 0x1a1a1a;
const GREY: u32 = 0x666666;
const HEADER_FILL: u32 = 0xe6efe9;
const STRIPE_FILL: u32 = 0xf6f8f7;
const RULE: u32 = 0x9aa5a0;

/// The most rows one PDF takes (about 2,800 pages); longer lists belong in Excel or CSV.
pub const MAX_PDF_ROWS: u64 = 100_000;

/// Writes `rows` to `path` as an A4 landscape PDF with the CJK font embedded as a subset.
/// The rows are read first (the page count is printed on every page), then laid out and
/// saved on a worker; the progress bar follows the reading and then the pages, and a
/// cancel is honoured at once at every stage. Returns the number of rows written.
pub fn write_pdf<E: Into<ExchangeError>>(
    path: &Path,
    meta: &TableMeta,
    rows: impl IntoIterator<Item = Result<Row, E>>,
    count: Option<u64>,
    progress: &Progress,
) -> Result<u64, ExchangeError> {
    let mut all = Vec::new();
    let limit = RowLimit { format: "PDF", max: MAX_PDF_ROWS };
    for_each_row(meta, rows, count, Some(limit), progress, |_, row| {
        all.push(row);
        Ok(())
    })?;
    let n = all.len() as u64;
    let meta = meta.clone();
    build_and_save(path, progress, move |progress| render(&meta, &all, &Typeface::load()?, progress))?;
    Ok(n)
}

/// Rows that fit under the header on the first page and on the others.
fn rows_per_page(first: bool) -> usize {
    let top = if first { MARGIN + HEAD_H } else { MARGIN };
    ((PAGE_H - MARGIN - FOOT_H - top - HEADER_H) / ROW_H).floor() as usize
}

/// How many pages `rows` rows take (at least one, for the header).
pub fn page_count(rows: usize) -> usize {
    1 + rows.saturating_sub(rows_per_page(true)).div_ceil(rows_per_page(false))
}

/// The x position of each column's left edge, plus the right edge of the last one: the
/// widths of the columns in proportion to their `width_chars`, filling the page.
fn column_edges(meta: &TableMeta) -> Vec<f32> {
    let weights: Vec<f32> = meta.columns.iter().map(|c| f32::from(c.width_chars.max(1))).collect();
    let sum: f32 = weights.iter().sum();
    let mut edges = vec![MARGIN];
    let mut x = MARGIN;
    for w in weights {
        x += CONTENT_W * w / sum;
        edges.push(x);
    }
    edges
}

/// Lays every page out.
fn render(meta: &TableMeta, rows: &[Row], face: &Typeface, progress: &Progress) -> Result<Document, ExchangeError> {
    let mut document = document(meta.title.clone(), meta.lang);
    let edges = column_edges(meta);
    let pages = page_count(rows.len());
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(ExchangeError::Pdf { reason: "page size".into() })?;
    let mut next = 0;
    for number in 1..=pages {
        progress.check()?;
        let first = number == 1;
        let take = rows_per_page(first).min(rows.len() - next);
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut top = MARGIN;
        if first {
            surface.set_fill(Some(fill(INK)));
            face.draw(&mut surface, &face.fit(&meta.title, 14.0, CONTENT_W), MARGIN, MARGIN + 14.0, 14.0);
            surface.set_fill(Some(fill(GREY)));
            face.draw(&mut surface, &face.fit(&meta.subtitle(), 8.5, CONTENT_W), MARGIN, MARGIN + 30.0, 8.5);
            top += HEAD_H;
        }
        let page_rows = &rows[next..next + take];
        table(&mut surface, face, meta, &edges, top, page_rows, next);
        if rows.is_empty() {
            surface.set_fill(Some(fill(GREY)));
            let line = face.fit(&tr(meta.lang, "exchange.no_rows"), TEXT_SIZE, CONTENT_W);
            face.draw(&mut surface, &line, MARGIN + PAD, top + HEADER_H + ROW_H - 4.0, TEXT_SIZE);
        }
        let foot =
            tr_args(meta.lang, "exchange.page_of", &[("page", number.to_string()), ("pages", pages.to_string())]);
        let line = face.fit(&foot, 8.0, CONTENT_W);
        surface.set_fill(Some(fill(GREY)));
        face.draw(&mut surface, &line, (PAGE_W - line.width(8.0)) / 2.0, PAGE_H - MARGIN, 8.0);
        surface.finish();
        page.finish();
        next += take;
        progress.set_done(next as u64);
    }
    Ok(document)
}

/// The header and `rows` starting at `top`; `first_index` numbers the stripes.
fn table(
    surface: &mut Surface<'_>,
    face: &Typeface,
    meta: &TableMeta,
    edges: &[f32],
    top: f32,
    rows: &[Row],
    first_index: usize,
) {
    if meta.columns.is_empty() {
        return;
    }
    let body_top = top + HEADER_H;
    fill_rect(surface, MARGIN, top, CONTENT_W, HEADER_H, HEADER_FILL);
    for (i, _) in rows.iter().enumerate().filter(|(i, _)| (first_index + i) % 2 == 1) {
        fill_rect(surface, MARGIN, body_top + i as f32 * ROW_H, CONTENT_W, ROW_H, STRIPE_FILL);
    }
    surface.set_fill(Some(fill(INK)));
    for (c, column) in meta.columns.iter().enumerate() {
        let right = column.kind.is_numeric();
        cell_text(surface, face, &column.header, HEADER_SIZE, (edges[c], edges[c + 1]), top, HEADER_H, right);
    }
    for (i, row) in rows.iter().enumerate() {
        let y = body_top + i as f32 * ROW_H;
        for (c, cell) in row.iter().enumerate() {
            let right = cell.is_number();
            cell_text(surface, face, &cell.display(), TEXT_SIZE, (edges[c], edges[c + 1]), y, ROW_H, right);
        }
    }
    grid(surface, edges, top, body_top + rows.len() as f32 * ROW_H);
}

/// One cell's text, cut to the cell and aligned left or right, centred vertically.
#[allow(clippy::too_many_arguments)]
fn cell_text(
    surface: &mut Surface<'_>,
    face: &Typeface,
    text: &str,
    size: f32,
    (left, right): (f32, f32),
    top: f32,
    height: f32,
    align_right: bool,
) {
    if text.is_empty() {
        return;
    }
    let line = face.fit(text, size, right - left - 2.0 * PAD);
    let x = if align_right { right - PAD - line.width(size) } else { left + PAD };
    face.draw(surface, &line, x, top + height / 2.0 + size * 0.36, size);
}

/// Thin lines round the header and every row, and between the columns.
fn grid(surface: &mut Surface<'_>, edges: &[f32], top: f32, bottom: f32) {
    let mut path = PathBuilder::new();
    let (left, right) = (MARGIN, MARGIN + CONTENT_W);
    let mut y = top;
    for line_y in std::iter::once(top).chain((0..).map(|i| top + HEADER_H + i as f32 * ROW_H)) {
        if line_y > bottom + 0.01 {
            break;
        }
        y = line_y;
        path.move_to(left, y);
        path.line_to(right, y);
    }
    for x in edges {
        path.move_to(*x, top);
        path.line_to(*x, y);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke { paint: fill(RULE).paint, width: 0.4, ..Default::default() }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_fill_up_before_a_new_one_starts() {
        let (first, other) = (rows_per_page(true), rows_per_page(false));
        assert!(first > 20 && other > first, "{first} {other}");
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(first), 1);
        assert_eq!(page_count(first + 1), 2);
        assert_eq!(page_count(first + other), 2);
        assert_eq!(page_count(first + other + 1), 3);
    }
}
