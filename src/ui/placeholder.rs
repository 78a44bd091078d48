//! The empty state of a section whose screens are still to come: what the section is for,
//! what the registry already holds, and that the module is not open yet.

use egui::{RichText, Ui};

use super::nav::Section;
use super::{View, theme, widgets};
use crate::domain::text::group_thousands;
use crate::i18n::{tr, tr_args};

/// A record count as shown to clerks: `1,000,000`.
pub fn count(n: i64) -> String {
    group_thousands(n.max(0).unsigned_abs())
}

/// Draws the section's heading and its empty state.
pub fn section_ui(ui: &mut Ui, section: Section, view: &View<'_>) {
    let lang = view.lang;
    let key = section.label_key().trim_start_matches("nav.");
    widgets::page_heading_ui(ui, &tr(lang, section.label_key()), &tr(lang, &format!("section.{key}.subtitle")));
    let c = &view.cache.counts;
    let summary = match section {
        Section::Talents => Some(tr_args(
            lang,
            "section.talents.summary",
            &[("talents", count(c.talents)), ("employers", count(c.employers)), ("zones", count(c.zones))],
        )),
        Section::Teams => Some(tr_args(lang, "section.teams.summary", &[("teams", count(c.teams))])),
        _ => None,
    };
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(tr(lang, "section.coming")).size(17.0).strong());
            ui.add_space(6.0);
            ui.label(widgets::muted(ui, &tr(lang, &format!("section.{key}.explain"))));
            if let Some(summary) = summary {
                ui.add_space(12.0);
                ui.label(RichText::new(summary).color(theme::ACCENT).strong());
            }
        });
        ui.add_space(24.0);
    });
}
