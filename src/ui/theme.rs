//! Colours, sizes and spacing of the whole UI, in one place. Calm and dense: one accent
//! colour (the green of the card), grey surfaces, clear type.

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, TextStyle, Theme, Visuals};

pub use crate::domain::preferences::ThemeChoice;

/// The accent: the green of the talent card.
pub const ACCENT: Color32 = Color32::from_rgb(0x1E, 0x6F, 0x5C);
/// The accent, lighter, for hover and selection in dark surfaces.
pub const ACCENT_LIGHT: Color32 = Color32::from_rgb(0x3C, 0x9A, 0x7F);
/// The navigation rail's background.
pub const NAV_BG: Color32 = Color32::from_rgb(0x15, 0x36, 0x2E);
/// Text on the navigation rail.
pub const NAV_TEXT: Color32 = Color32::from_rgb(0xE4, 0xEE, 0xEA);
/// Muted text on the navigation rail.
pub const NAV_MUTED: Color32 = Color32::from_rgb(0x9F, 0xB8, 0xB0);
/// Error text and borders.
pub const ERROR: Color32 = Color32::from_rgb(0xC0, 0x39, 0x2B);
/// Warnings (amber).
pub const WARN: Color32 = Color32::from_rgb(0xB7, 0x79, 0x1F);
/// Success notices.
pub const OK: Color32 = Color32::from_rgb(0x2E, 0x7D, 0x32);
/// Occupied, in use (a let apartment): a calm blue, apart from the greens.
pub const INFO: Color32 = Color32::from_rgb(0x2F, 0x5E, 0x9E);

/// A slate grey for what is neither good nor bad (voided cards, the last series).
pub const SLATE: Color32 = Color32::from_rgb(0x8E, 0x99, 0xA6);

/// The series of a chart in order: the accent first, then calm tones that stay apart from
/// each other on white and on dark surfaces.
pub const SERIES: [Color32; 6] = [
    ACCENT,
    Color32::from_rgb(0x5B, 0x8D, 0xB8),
    Color32::from_rgb(0x8C, 0xBF, 0xA8),
    Color32::from_rgb(0xD1, 0xA9, 0x5E),
    SLATE,
    Color32::from_rgb(0xA9, 0x8B, 0xB5),
];

/// The colour of series `i` of a chart (the palette repeats after six).
pub fn series_color(i: usize) -> Color32 {
    SERIES[i % SERIES.len()]
}

/// Width of the navigation rail.
pub const NAV_WIDTH: f32 = 176.0;
/// Height of a table row.
pub const ROW_HEIGHT: f32 = 26.0;
/// Width of a form's label column.
pub const LABEL_WIDTH: f32 = 96.0;
/// Width of a form field.
pub const FIELD_WIDTH: f32 = 260.0;
/// Space between sections of a page.
pub const SECTION_GAP: f32 = 18.0;
/// Inner margin of a card.
pub const CARD_MARGIN: Margin = Margin::same(16);
/// Corner radius of cards and buttons.
pub const RADIUS: CornerRadius = CornerRadius::same(6);

/// The background of a card (a white or dark panel on the page).
pub fn card_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0x26, 0x2B, 0x2E) } else { Color32::WHITE }
}

/// The thin border of a card.
pub fn card_stroke(visuals: &Visuals) -> Stroke {
    if visuals.dark_mode {
        Stroke::new(1.0, Color32::from_rgb(0x3A, 0x41, 0x45))
    } else {
        Stroke::new(1.0, Color32::from_rgb(0xDD, 0xE3, 0xE8))
    }
}

/// A card frame: the box every group of content sits in.
pub fn card(visuals: &Visuals) -> egui::Frame {
    egui::Frame::new()
        .fill(card_fill(visuals))
        .stroke(card_stroke(visuals))
        .corner_radius(RADIUS)
        .inner_margin(CARD_MARGIN)
}

/// The unfilled part of a progress bar. egui paints it in `extreme_bg_color`, the white of
/// a text field, which on a white card shows no bar at all: grey, about as strong as a
/// card's border, so the whole length is seen.
pub fn progress_track(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0x3A, 0x42, 0x46) } else { Color32::from_rgb(0xE4, 0xE9, 0xED) }
}

/// The filled part of a progress bar: the accent's green, light enough for the bar's text.
pub fn progress_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(0x2F, 0x7F, 0x69) } else { Color32::from_rgb(0xA8, 0xD5, 0xC6) }
}

/// The text on a progress bar, readable on the fill and on the track.
pub fn progress_text(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::WHITE } else { NAV_BG }
}

/// Adds `bar` in the office's colours (every progress bar of the program goes through here).
pub fn progress_bar(ui: &mut egui::Ui, bar: egui::ProgressBar) -> egui::Response {
    ui.scope(|ui| {
        let v = ui.visuals_mut();
        v.extreme_bg_color = progress_track(v);
        v.selection.bg_fill = progress_fill(v);
        v.selection.stroke.color = progress_text(v);
        ui.add(bar)
    })
    .inner
}

fn visuals(theme: Theme) -> Visuals {
    let mut v = match theme {
        Theme::Light => Visuals::light(),
        Theme::Dark => Visuals::dark(),
    };
    let dark = v.dark_mode;
    v.panel_fill = if dark { Color32::from_rgb(0x1C, 0x20, 0x22) } else { Color32::from_rgb(0xF3, 0xF5, 0xF7) };
    v.window_fill = card_fill(&v);
    v.extreme_bg_color = if dark { Color32::from_rgb(0x14, 0x17, 0x19) } else { Color32::WHITE };
    v.faint_bg_color = if dark { Color32::from_rgb(0x24, 0x29, 0x2C) } else { Color32::from_rgb(0xF6, 0xF8, 0xF9) };
    v.selection.bg_fill = if dark { Color32::from_rgb(0x24, 0x5C, 0x4D) } else { Color32::from_rgb(0xCF, 0xE8, 0xE0) };
    v.selection.stroke = Stroke::new(1.0, if dark { Color32::WHITE } else { ACCENT });
    v.hyperlink_color = if dark { ACCENT_LIGHT } else { ACCENT };
    v.error_fg_color = ERROR;
    v.warn_fg_color = WARN;
    v.window_corner_radius = RADIUS;
    v.striped = true;
    for w in [&mut v.widgets.inactive, &mut v.widgets.hovered, &mut v.widgets.active, &mut v.widgets.open] {
        w.corner_radius = CornerRadius::same(4);
    }
    v.widgets.noninteractive.corner_radius = CornerRadius::same(4);
    // Fields and buttons need a visible edge on white cards.
    v.widgets.inactive.bg_stroke =
        Stroke::new(1.0, if dark { Color32::from_rgb(0x4A, 0x52, 0x57) } else { Color32::from_rgb(0xC5, 0xCD, 0xD4) });
    v.widgets.hovered.bg_stroke = Stroke::new(1.0, if dark { ACCENT_LIGHT } else { ACCENT });
    v
}

/// Applies the theme choice, text sizes and spacing to a context.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    for theme in [Theme::Light, Theme::Dark] {
        ctx.set_visuals_of(theme, visuals(theme));
    }
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::new(11.5, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(14.0, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(14.0, FontFamily::Proportional)),
            (TextStyle::Heading, FontId::new(20.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(13.0, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 26.0;
    });
    ctx.set_theme(match choice {
        ThemeChoice::Light => Theme::Light,
        ThemeChoice::Dark => Theme::Dark,
    });
}

/// A primary button: filled with the accent.
pub fn primary_button(text: impl Into<String>) -> egui::Button<'static> {
    egui::Button::new(egui::RichText::new(text.into()).color(Color32::WHITE).strong())
        .fill(ACCENT)
        .corner_radius(CornerRadius::same(4))
        .min_size(egui::vec2(88.0, 30.0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two colours (1 = the same, 21 = black on white).
    fn contrast(a: Color32, b: Color32) -> f32 {
        let lum = |c: Color32| {
            let lin = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
        };
        let (a, b) = (lum(a), lum(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn a_progress_bar_shows_its_whole_length_on_a_card_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            let (track, fill, text) = (progress_track(&v), progress_fill(&v), progress_text(&v));
            // The track stands out from the card at least as a card's border does from the page.
            assert!(contrast(track, card_fill(&v)) >= 1.2, "{theme:?}: track on card");
            assert!(contrast(fill, track) >= 1.3, "{theme:?}: fill on track");
            for under in [fill, track] {
                assert!(contrast(text, under) >= 4.5, "{theme:?}: text {:.2}", contrast(text, under));
            }
        }
    }

    #[test]
    fn every_progress_bar_of_the_program_takes_the_theme() {
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut bare = Vec::new();
        let mut files = vec![ui];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("theme.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("ProgressBar::new") && !text.contains("theme::progress_bar(") {
                    bare.push(path.display().to_string());
                }
                if text.contains("ui.add(egui::ProgressBar") {
                    bare.push(path.display().to_string());
                }
            }
        }
        assert!(bare.is_empty(), "progress bars without the theme's track: {bare:?}");
    }
}
