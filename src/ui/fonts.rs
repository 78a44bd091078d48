//! The bundled CJK font (a subset of Noto Sans CJK SC covering the whole CJK Unified
//! Ideographs block, so rare name characters such as 堃 喆 镕 render). It is installed as
//! a fallback of both font families in the app and in every test harness; eframe's system
//! font provider stays behind it for anything outside the subset.

use std::sync::Arc;

/// The font file, compiled into the binary.
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/GreencardSansSC-Regular.otf");

/// The name the font is registered under.
pub const CJK_FONT_NAME: &str = "GreencardSansSC";

/// Egui's default fonts plus the CJK font as the fallback of the proportional and the
/// monospace family.
pub fn definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(CJK_FONT_NAME.to_string(), Arc::new(egui::FontData::from_static(CJK_FONT)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push(CJK_FONT_NAME.to_string());
    }
    fonts
}

/// Installs [`definitions`] on a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
