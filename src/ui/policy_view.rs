//! Read-only views in Settings: the policy in force (tiers, validity, rent shares, grant
//! caps, the services of each tier, the general terms) and facts about the open database.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{View, theme, widgets};
use crate::domain::dates::fmt_date;
use crate::domain::{Bp, Policy, RentAfter};
use crate::i18n::{Lang, tr, tr_args};

/// A tier's rent in words: `55%`, or `前 3 年 55%，第 4 年起 70%` with a later share.
pub fn shares_text(lang: Lang, first: Bp, after: Option<RentAfter>) -> String {
    match after {
        None => first.to_string(),
        Some(a) => tr_args(
            lang,
            "policy.shares",
            &[
                ("years", a.years.to_string()),
                ("first", first.to_string()),
                ("next", (a.years + 1).to_string()),
                ("later", a.share.to_string()),
            ],
        ),
    }
}

/// The policy version in force today: a table of the tiers, the services each tier gets
/// (a matrix, one row per service, so no list runs past the edge), and the general terms.
pub fn policy_ui(ui: &mut Ui, view: &View<'_>) {
    let lang = view.lang;
    let Some(version) = &view.cache.policy else {
        ui.label(widgets::muted(ui, &tr(lang, "policy.none")));
        return;
    };
    let p = &version.policy;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "policy.in_force"));
        ui.label(widgets::muted(
            ui,
            &tr_args(
                lang,
                "policy.version_line",
                &[
                    ("id", version.id.to_string()),
                    ("date", fmt_date(version.effective_from)),
                    ("count", view.cache.policy_versions.len().to_string()),
                ],
            ),
        ));
        ui.add_space(8.0);
        tiers_ui(ui, lang, p);
    });
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.columns(2, |cols| {
        theme::card(cols[0].visuals()).show(&mut cols[0], |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.services_by_tier"));
            services_ui(ui, view, p);
        });
        theme::card(cols[1].visuals()).show(&mut cols[1], |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.edit.terms"));
            terms_ui(ui, lang, p);
        });
    });
}

/// The space between a right-aligned figure and the text column after it.
const GAP: f32 = 18.0;

fn tiers_ui(ui: &mut Ui, lang: Lang, p: &Policy) {
    TableBuilder::new(ui)
        .id_salt("policy_tiers")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(56.0))
        .column(Column::auto().at_least(170.0))
        .column(Column::exact(100.0))
        .column(Column::auto().at_least(120.0))
        .column(Column::exact(150.0))
        .column(Column::exact(80.0 + GAP))
        .header(theme::ROW_HEIGHT, |mut h| {
            for (key, numeric) in [
                ("policy.tier", false),
                ("policy.tier_name", false),
                ("policy.validity", true),
                ("policy.rent", true),
                ("policy.grant_cap", true),
                ("policy.family", false),
            ] {
                h.col(|ui| {
                    let text = RichText::new(tr(lang, key)).strong();
                    // 家属卡 is text after the right-aligned grant cap: keep them apart.
                    if key == "policy.family" {
                        ui.add_space(GAP);
                    }
                    if numeric {
                        right(ui, text)
                    } else {
                        ui.label(text);
                    }
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
                        right(ui, tr_args(lang, "policy.years", &[("n", t.card_validity_years.to_string())]).into());
                    });
                    row.col(|ui| right(ui, shares_text(lang, t.rent, t.rent_after).into()));
                    row.col(|ui| right(ui, t.grant_cap.to_string().into()));
                    row.col(|ui| {
                        ui.add_space(GAP);
                        ui.label(tr(lang, if t.family_cards { "common.yes" } else { "common.no" }));
                    });
                });
            }
        });
}

/// One row per service of the catalogue a tier has (or that is still offered), one column
/// per tier: a dot where the tier gets it.
fn services_ui(ui: &mut Ui, view: &View<'_>, p: &Policy) {
    let lang = view.lang;
    let shown: Vec<&crate::store::Service> = view
        .cache
        .services
        .iter()
        .filter(|s| s.active || p.tiers.iter().any(|t| t.services.contains(&s.code)))
        .collect();
    egui::Grid::new("policy_services").striped(true).spacing([18.0, 6.0]).show(ui, |ui| {
        ui.strong(tr(lang, "policy.services"));
        for t in &p.tiers {
            ui.strong(tr_args(lang, "stats.tier_column", &[("tier", t.code.to_string())]));
        }
        ui.end_row();
        for s in shown {
            ui.label(s.name(lang));
            for t in &p.tiers {
                let (mark, color) = if t.services.contains(&s.code) {
                    ("●", theme::ACCENT)
                } else {
                    ("—", ui.visuals().weak_text_color())
                };
                ui.label(RichText::new(mark).color(color)).on_hover_text(format!("{} · {}", t.code, s.name(lang)));
            }
            ui.end_row();
        }
    });
}

fn terms_ui(ui: &mut Ui, lang: Lang, p: &Policy) {
    let line = |key: &str, value: String| (tr(lang, key).into_owned(), value);
    egui::Grid::new("policy_terms").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
        for (label, value) in [
            line("policy.renewal_window", tr_args(lang, "policy.days", &[("n", p.renewal_window_days.to_string())])),
            line("policy.renewal_grace", tr_args(lang, "policy.days", &[("n", p.renewal_grace_days.to_string())])),
            line("policy.term_cap", tr_args(lang, "policy.years", &[("n", p.lease_term_cap_years.to_string())])),
            line("policy.exit_period", tr_args(lang, "policy.months", &[("n", p.lease_exit_months.to_string())])),
            line("policy.reward_share", p.reward_share.to_string()),
        ] {
            ui.label(widgets::muted(ui, &label));
            ui.label(value);
            ui.end_row();
        }
    });
}

fn right(ui: &mut Ui, text: RichText) {
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
                widgets::key_label_ui(ui, &tr(lang, key));
                ui.label(RichText::new(value));
            });
        }
    });
}
