//! The left navigation rail and the sections it leads to.

use egui::{RichText, Ui};

use super::theme;
use crate::i18n::{Lang, tr};

/// A top-level section of the app, in the order of the navigation rail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// 人才: the registry of talents.
    Talents,
    /// 团队: talent teams.
    Teams,
    /// 绿卡: green cards.
    Cards,
    /// 人才公寓: talent apartments.
    Housing,
    /// 创业资助: startup grants and rewards.
    Grants,
    /// 审核: the four-level review.
    Review,
    /// 统计: the dashboard.
    Stats,
    /// 设置: settings, users, policy.
    Settings,
}

impl Section {
    /// Every section, in rail order.
    pub const ALL: [Section; 8] = [
        Section::Talents,
        Section::Teams,
        Section::Cards,
        Section::Housing,
        Section::Grants,
        Section::Review,
        Section::Stats,
        Section::Settings,
    ];

    /// The i18n key of the section's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Section::Talents => "nav.talents",
            Section::Teams => "nav.teams",
            Section::Cards => "nav.cards",
            Section::Housing => "nav.housing",
            Section::Grants => "nav.grants",
            Section::Review => "nav.review",
            Section::Stats => "nav.stats",
            Section::Settings => "nav.settings",
        }
    }
}

/// Draws the rail; changes `current` when a section is clicked.
pub fn nav_ui(ui: &mut Ui, lang: Lang, current: &mut Section) {
    ui.add_space(14.0);
    ui.horizontal(|ui| {
        ui.add_space(14.0);
        ui.vertical(|ui| {
            ui.label(RichText::new(tr(lang, "app.name")).color(theme::NAV_TEXT).size(17.0).strong());
            ui.label(RichText::new(tr(lang, "app.office")).color(theme::NAV_MUTED).small());
        });
    });
    ui.add_space(16.0);
    for section in Section::ALL {
        let selected = *current == section;
        let label = tr(lang, section.label_key());
        let text = RichText::new(label.as_ref()).size(15.0).color(if selected {
            egui::Color32::WHITE
        } else {
            theme::NAV_TEXT
        });
        // A growing atom after the name pushes it to the left edge, like a menu.
        let button = egui::Button::selectable(selected, (text, egui::Atom::grow()))
            .min_size(egui::vec2(theme::NAV_WIDTH - 16.0, 36.0))
            .corner_radius(egui::CornerRadius::same(4));
        ui.horizontal(|ui| {
            ui.add_space(8.0);
            let response = ui.scope(|ui| {
                let v = ui.visuals_mut();
                v.selection.bg_fill = theme::ACCENT;
                v.selection.stroke = egui::Stroke::new(1.0, theme::ACCENT_LIGHT);
                v.widgets.hovered.weak_bg_fill = theme::ACCENT.gamma_multiply(0.5);
                v.widgets.hovered.bg_stroke = egui::Stroke::NONE;
                ui.add(button).on_hover_text(label.as_ref())
            });
            if response.inner.clicked() {
                *current = section;
            }
        });
        ui.add_space(2.0);
    }
}
