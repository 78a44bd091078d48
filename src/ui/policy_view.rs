//! Read-only views in Settings: the policy in force (tiers, validity, rent shares, grant
//! caps) and facts about the open database.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{View, theme, widgets};
use crate::domain::dates::fmt_date;
use crate::i18n::{Lang, tr, tr_args};

/// The policy version in force today, as a table per tier plus the general terms.
pub fn policy_ui(ui: &mut Ui, view: &View<'_>) {
    let lang = view.lang;
    let Some(version) = &view.cache.policy else {
        ui.label(widgets::muted(ui, &tr(lang, "policy.none")));
        return;
    };
    let p = &version.policy;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_max_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "policy.in_force"));
        ui.label(tr_args(
            lang,
            "policy.version_line",
            &[
                ("id", version.id.to_string()),
                ("date", fmt_date(version.effective_from)),
                ("count", view.cache.policy_versions.len().to_string()),
            ],
        ));
        ui.add_space(8.0);
        TableBuilder::new(ui)
            .id_salt("policy_tiers")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(48.0))
            .column(Column::auto().at_least(160.0))
            .column(Column::exact(96.0))
            .column(Column::exact(96.0))
            .column(Column::exact(130.0))
            .column(Column::exact(72.0))
            .column(Column::remainder().at_least(80.0))
            .header(theme::ROW_HEIGHT, |mut h| {
                for key in [
                    "policy.tier",
                    "policy.tier_name",
                    "policy.validity",
                    "policy.rent",
                    "policy.grant_cap",
                    "policy.family",
                    "policy.services",
                ] {
                    h.col(|ui| {
                        ui.strong(tr(lang, key));
                    });
                }
            })
            .body(|mut body| {
                for t in &p.tiers {
                    body.row(theme::ROW_HEIGHT, |mut row| {
                        row.col(|ui| {
                            ui.strong(t.code.as_str());
                        });
                        row.col(|ui| {
                            ui.label(if lang == Lang::Zh { &t.name_zh } else { &t.name_en });
                        });
                        row.col(|ui| {
                            right(ui, &tr_args(lang, "policy.years", &[("n", t.card_validity_years.to_string())]));
                        });
                        row.col(|ui| right(ui, &t.rent.to_string()));
                        row.col(|ui| right(ui, &t.grant_cap.to_string()));
                        row.col(|ui| {
                            ui.label(tr(lang, if t.family_cards { "common.yes" } else { "common.no" }));
                        });
                        row.col(|ui| {
                            let names: Vec<String> = t
                                .services
                                .iter()
                                .map(|code| {
                                    view.cache
                                        .services
                                        .iter()
                                        .find(|s| &s.code == code)
                                        .map_or_else(|| code.clone(), |s| s.name(lang).to_string())
                                })
                                .collect();
                            ui.add(egui::Label::new(names.join("、")).truncate()).on_hover_text(names.join("\n"));
                        });
                    });
                }
            });
        ui.add_space(10.0);
        let line = |key: &str, value: String| (tr(lang, key).into_owned(), value);
        for (label, value) in [
            line("policy.renewal_window", tr_args(lang, "policy.days", &[("n", p.renewal_window_days.to_string())])),
            line("policy.renewal_grace", tr_args(lang, "policy.days", &[("n", p.renewal_grace_days.to_string())])),
            line("policy.term_cap", tr_args(lang, "policy.years", &[("n", p.lease_term_cap_years.to_string())])),
            line("policy.exit_period", tr_args(lang, "policy.months", &[("n", p.lease_exit_months.to_string())])),
            line("policy.reward_share", p.reward_share.to_string()),
        ] {
            ui.horizontal(|ui| {
                ui.add_sized([180.0, 22.0], egui::Label::new(widgets::muted(ui, &label)));
                ui.label(value);
            });
        }
    });
}

fn right(ui: &mut Ui, text: &str) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
}

/// The open database: where it is, its schema version, what it holds.
pub fn about_ui(ui: &mut Ui, view: &View<'_>) {
    let lang = view.lang;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(760.0));
        widgets::section_heading_ui(ui, &tr(lang, "about.database"));
        let c = &view.cache.counts;
        for (key, value) in [
            ("about.path", view.cache.db_path.clone()),
            ("about.schema", view.cache.schema_version.to_string()),
            ("about.program", env!("CARGO_PKG_VERSION").to_string()),
            ("about.zones", super::placeholder::count(c.zones)),
            ("about.employers", super::placeholder::count(c.employers)),
            ("about.talents", super::placeholder::count(c.talents)),
            ("about.teams", super::placeholder::count(c.teams)),
        ] {
            ui.horizontal(|ui| {
                ui.add_sized([theme::LABEL_WIDTH + 40.0, 22.0], egui::Label::new(widgets::muted(ui, &tr(lang, key))));
                ui.label(RichText::new(value));
            });
        }
    });
}
