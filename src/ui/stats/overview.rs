//! The dashboard: headline figures, each zone's targets against the straight-line pace
//! (amber behind, red far behind, with the numbers), talents by zone and tier, cards by
//! state and per month (the charts of [`super::charts`]), occupancy and grant budgets. Under
//! each block the buttons export the table it is drawn from.

use egui::{RichText, Ui};

use super::charts;
use crate::domain::Fen;
use crate::domain::targets::{PaceStatus, TargetKind, days_elapsed, pace};
use crate::exchange::stats_lists as lists;
use crate::exchange::{Row, TableMeta};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::Dashboard;
use crate::ui::export::{ExportButtons, ExportSource, Personal, Rows};
use crate::ui::placeholder::count;
use crate::ui::{View, theme, widgets};

/// The export buttons of each block.
#[derive(Default)]
pub struct OverviewState {
    exports: [ExportButtons; 6],
}

/// The colour of a pace status.
pub fn status_color(ui: &Ui, s: PaceStatus) -> egui::Color32 {
    match s {
        PaceStatus::OnPace => ui.visuals().text_color(),
        PaceStatus::Behind => theme::WARN,
        PaceStatus::FarBehind => theme::ERROR,
    }
}

/// A figure of the targets table: a count, or money in 万元 (ten thousand yuan) rounded
/// half-up to two decimals, trailing zeros dropped (the exports keep every fen).
fn figure(kind: TargetKind, n: i64) -> String {
    if !kind.is_money() {
        return count(n);
    }
    let hundredths = (n.max(0) + 5_000) / 10_000;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    let whole = count(whole);
    match frac {
        0 => whole,
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

fn block(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, title);
        add(ui);
    });
}

/// The export buttons of a block; `table` builds what is exported, only when a button is
/// clicked (not on every frame the dashboard is drawn).
fn export_ui(
    ui: &mut Ui,
    view: &mut View<'_>,
    buttons: &mut ExportButtons,
    table: impl FnOnce() -> (TableMeta, Vec<Row>),
) {
    ui.add_space(4.0);
    buttons.ui(ui, view, Personal::None, move |_| {
        let (meta, rows) = table();
        ExportSource { meta, rows: Rows::Ready(rows) }
    });
}

fn right(ui: &mut Ui, text: RichText) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
}

impl OverviewState {
    /// Draws the dashboard of `d`.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, d: &Dashboard) {
        let lang = view.lang;
        headline_ui(ui, lang, d);
        ui.add_space(theme::SECTION_GAP / 2.0);
        let far = view.cache.warnings.far_behind;
        let (elapsed, days) = days_elapsed(d.year, d.today);
        let title = tr_args(
            lang,
            "stats.targets_title",
            &[
                ("year", d.year.to_string()),
                ("date", crate::domain::dates::fmt_date(d.today)),
                ("pace", lists::share(elapsed, days).to_string()),
            ],
        );
        let [targets, zones, cards, months, occupancy, budgets] = &mut self.exports;
        block(ui, &title, |ui| {
            ui.label(widgets::muted(ui, &tr_args(lang, "stats.pace_rule", &[("far", far.to_string())])));
            targets_ui(ui, lang, d, far);
            export_ui(ui, view, targets, || lists::targets_table(d, far, lang, d.today));
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        let order: Vec<String> = view
            .cache
            .policy
            .as_ref()
            .map(|p| p.policy.tiers.iter().map(|t| t.code.to_string()).collect())
            .unwrap_or_default();
        let tiers = lists::tier_codes(d, &order);
        block(ui, &tr(lang, "stats.by_zone_tier"), |ui| {
            zone_tier_ui(ui, lang, d, &tiers);
            export_ui(ui, view, zones, || lists::zone_tier_table(d, &tiers, lang));
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.columns(2, |cols| {
            block(&mut cols[0], &tr(lang, "stats.cards_by_state"), |ui| {
                card_states_line_ui(ui, lang, d);
                charts::card_states_ui(ui, lang, d);
                export_ui(ui, view, cards, || lists::card_state_table(d, lang));
            });
            block(&mut cols[1], &tr(lang, "stats.cards_per_month"), |ui| {
                months_line_ui(ui, lang, d);
                charts::months_ui(ui, lang, d);
                export_ui(ui, view, months, || lists::monthly_table(d, lang));
            });
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.columns(2, |cols| {
            block(&mut cols[0], &tr(lang, "stats.occupancy_by_project"), |ui| {
                egui::Grid::new("occupancy").striped(true).spacing([14.0, 4.0]).show(ui, |ui| {
                    for o in &d.occupancy {
                        ui.label(&o.project);
                        right(ui, RichText::new(format!("{} / {}", o.let_units, o.units)));
                        widgets::share_bar_ui(ui, o.let_units as f32 / o.units.max(1) as f32, 140.0);
                        ui.end_row();
                    }
                });
                export_ui(ui, view, occupancy, || lists::occupancy_table(d, lang));
            });
            block(&mut cols[1], &tr(lang, "stats.budgets"), |ui| {
                budgets_ui(ui, lang, d);
                export_ui(ui, view, budgets, || lists::budget_table(d, lang));
            });
        });
    }
}

fn headline_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    let talents: i64 = d.zones.iter().map(|z| z.talents()).sum();
    let units: i64 = d.occupancy.iter().map(|o| o.units).sum();
    let let_units: i64 = d.occupancy.iter().map(|o| o.let_units).sum();
    let left = Fen(d.programmes.iter().map(|p| p.remaining().fen()).sum());
    let figures = [
        ("stats.kpi_talents", count(talents)),
        ("stats.kpi_valid_cards", count(d.cards.valid)),
        (
            "stats.kpi_occupancy",
            format!(
                "{} · {}",
                lists::share(let_units, units),
                tr_args(lang, "stats.units_of", &[("let", count(let_units)), ("all", count(units))])
            ),
        ),
        ("stats.kpi_budget_left", left.to_string()),
    ];
    ui.columns(figures.len(), |cols| {
        for (ui, (key, value)) in cols.iter_mut().zip(figures) {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let title = tr(lang, key);
                ui.label(widgets::muted(ui, &title));
                let r = ui.label(RichText::new(&value).size(20.0).strong().color(theme::ACCENT));
                // A screen reader (and a test) hears the figure with what it counts.
                widgets::accessible_name(ui, &r, &format!("{title}：{value}"));
            });
        }
    });
}

/// Each zone's four figures against the pace, two lines a cell: what was reached of the
/// year's target, then what is due by today and, when behind, the status in words.
fn targets_ui(ui: &mut Ui, lang: Lang, d: &Dashboard, far: crate::domain::Bp) {
    egui::Grid::new("zone_targets").striped(true).num_columns(5).spacing([28.0, 4.0]).show(ui, |ui| {
        ui.strong(tr(lang, "talent.zone"));
        for kind in TargetKind::ALL {
            ui.strong(tr(lang, if kind.is_money() { "stats.grants_wan" } else { kind.label_key() }));
        }
        ui.end_row();
        for z in &d.zones {
            ui.label(&z.zone.name);
            for kind in TargetKind::ALL {
                let (target, actual) = lists::target_and_actual(z, kind);
                if z.target.is_none() {
                    ui.label(widgets::muted(ui, &tr(lang, "stats.no_target")));
                    continue;
                }
                let p = pace(target, actual, d.year, d.today, far);
                let color = status_color(ui, p.status);
                ui.vertical(|ui| {
                    ui.spacing_mut().item_spacing.y = 1.0;
                    let pair = [("actual", figure(kind, p.actual)), ("target", figure(kind, p.target))];
                    ui.label(RichText::new(tr_args(lang, "stats.target_pair", &pair)).color(color).strong())
                        .on_hover_text(tr(lang, p.status.label_key()));
                    ui.horizontal(|ui| {
                        let due = tr_args(lang, "stats.target_due", &[("expected", figure(kind, p.expected))]);
                        ui.label(widgets::muted(ui, &due));
                        if p.status != PaceStatus::OnPace {
                            widgets::badge_ui(ui, &tr(lang, p.status.label_key()), color);
                        }
                    });
                });
            }
            ui.end_row();
        }
    });
}

fn zone_tier_ui(ui: &mut Ui, lang: Lang, d: &Dashboard, tiers: &[String]) {
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            egui::Grid::new("zone_tier").striped(true).spacing([18.0, 4.0]).show(ui, |ui| {
                ui.strong(tr(lang, "talent.zone"));
                for t in tiers {
                    right(ui, RichText::new(tr_args(lang, "stats.tier_column", &[("tier", t.clone())])).strong());
                }
                right(ui, RichText::new(tr(lang, "stats.total")).strong());
                ui.end_row();
                for z in &d.zones {
                    ui.label(&z.zone.name);
                    for t in tiers {
                        right(ui, RichText::new(count(lists::tier_count(z, t))));
                    }
                    right(ui, RichText::new(count(z.talents())).strong());
                    ui.end_row();
                }
            });
        });
        ui.add_space(12.0);
        ui.vertical(|ui| {
            ui.set_width(ui.available_width().max(240.0));
            charts::zone_tier_ui(ui, lang, d, tiers, 210.0);
        });
    });
}

/// Each programme of the year: its name and the share used, a bar, and what is left of
/// the budget, on lines of their own so long names and amounts never run past the card.
fn budgets_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    for p in &d.programmes {
        let used = p.used.fen() as f32 / p.budget.fen().max(1) as f32;
        ui.horizontal(|ui| {
            ui.label(RichText::new(&p.name).strong());
        });
        ui.horizontal(|ui| {
            widgets::share_bar_ui(ui, used, (ui.available_width() - 60.0).clamp(80.0, 260.0));
        });
        let text = tr_args(
            lang,
            "stats.remaining_of",
            &[("left", p.remaining().to_string()), ("budget", p.budget.to_string())],
        );
        ui.label(widgets::muted(ui, &text));
        ui.add_space(6.0);
    }
    if d.programmes.is_empty() {
        ui.label(widgets::muted(ui, &tr(lang, "stats.no_programmes")));
    }
}

/// The card states in figures, above their chart.
fn card_states_line_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    ui.horizontal_wrapped(|ui| {
        for (key, n) in lists::card_states(d) {
            ui.label(widgets::muted(ui, &tr(lang, key)));
            ui.label(RichText::new(count(n)).strong());
            ui.add_space(6.0);
        }
    });
}

/// The twelve months' totals, above their chart.
fn months_line_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    let total_issued: i64 = d.months.iter().map(|m| m.issued).sum();
    let total_renewed: i64 = d.months.iter().map(|m| m.renewed).sum();
    ui.label(widgets::muted(
        ui,
        &tr_args(lang, "stats.months_line", &[("issued", count(total_issued)), ("renewed", count(total_renewed))]),
    ));
}
