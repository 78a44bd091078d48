//! The dashboard: headline figures, each zone's targets against the straight-line pace
//! (amber behind, red far behind, with the numbers), talents by zone and tier, cards by
//! state and per month (egui_plot bar and line charts), occupancy and grant budgets. Under
//! each block the buttons export the table it is drawn from.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot};

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

fn figure(kind: TargetKind, n: i64) -> String {
    if kind.is_money() { Fen(n).to_string() } else { count(n) }
}

fn block(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, title);
        add(ui);
    });
}

fn export_ui(ui: &mut Ui, view: &mut View<'_>, buttons: &mut ExportButtons, table: (TableMeta, Vec<Row>)) {
    ui.add_space(4.0);
    buttons.ui(ui, view, Personal::None, move |_| ExportSource { meta: table.0, rows: Rows::Ready(table.1) });
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
            export_ui(ui, view, targets, lists::targets_table(d, far, lang, d.today));
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
            export_ui(ui, view, zones, lists::zone_tier_table(d, &tiers, lang));
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.columns(2, |cols| {
            block(&mut cols[0], &tr(lang, "stats.cards_by_state"), |ui| {
                card_states_ui(ui, lang, d);
                export_ui(ui, view, cards, lists::card_state_table(d, lang));
            });
            block(&mut cols[1], &tr(lang, "stats.cards_per_month"), |ui| {
                months_ui(ui, lang, d);
                export_ui(ui, view, months, lists::monthly_table(d, lang));
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
                export_ui(ui, view, occupancy, lists::occupancy_table(d, lang));
            });
            block(&mut cols[1], &tr(lang, "stats.budgets"), |ui| {
                egui::Grid::new("budgets").striped(true).spacing([14.0, 4.0]).show(ui, |ui| {
                    for p in &d.programmes {
                        ui.label(&p.name);
                        widgets::share_bar_ui(ui, p.used.fen() as f32 / p.budget.fen().max(1) as f32, 120.0);
                        right(
                            ui,
                            RichText::new(tr_args(
                                lang,
                                "stats.remaining_of",
                                &[("left", p.remaining().to_string()), ("budget", p.budget.to_string())],
                            )),
                        );
                        ui.end_row();
                    }
                });
                if d.programmes.is_empty() {
                    ui.label(widgets::muted(ui, &tr(lang, "stats.no_programmes")));
                }
                export_ui(ui, view, budgets, lists::budget_table(d, lang));
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
                ui.label(widgets::muted(ui, &tr(lang, key)));
                ui.label(RichText::new(value).size(20.0).strong().color(theme::ACCENT));
            });
        }
    });
}

fn targets_ui(ui: &mut Ui, lang: Lang, d: &Dashboard, far: crate::domain::Bp) {
    egui::Grid::new("zone_targets").striped(true).num_columns(5).spacing([22.0, 6.0]).show(ui, |ui| {
        ui.strong(tr(lang, "talent.zone"));
        for kind in TargetKind::ALL {
            ui.strong(tr(lang, kind.label_key()));
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
                let text = tr_args(
                    lang,
                    "stats.target_cell",
                    &[
                        ("actual", figure(kind, p.actual)),
                        ("target", figure(kind, p.target)),
                        ("expected", figure(kind, p.expected)),
                    ],
                );
                ui.horizontal(|ui| {
                    let label = ui.label(RichText::new(text).color(color));
                    if p.status != PaceStatus::OnPace {
                        widgets::badge_ui(ui, &tr(lang, p.status.label_key()), color);
                    }
                    label.on_hover_text(tr(lang, p.status.label_key()));
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
                    ui.strong(tr_args(lang, "stats.tier_column", &[("tier", t.clone())]));
                }
                ui.strong(tr(lang, "stats.total"));
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
        // One bar per zone, stacked by tier, top tier at the bottom.
        let mut charts: Vec<BarChart> = Vec::new();
        let palette = [theme::ACCENT, theme::INFO, theme::WARN, theme::ACCENT_LIGHT, egui::Color32::GRAY];
        for (i, t) in tiers.iter().enumerate() {
            let bars: Vec<Bar> = d
                .zones
                .iter()
                .enumerate()
                .map(|(x, z)| Bar::new(x as f64, lists::tier_count(z, t) as f64).width(0.6))
                .collect();
            let name = tr_args(lang, "stats.tier_column", &[("tier", t.clone())]);
            let others: Vec<&BarChart> = charts.iter().collect();
            let chart = BarChart::new(name, bars).color(palette[i % palette.len()]).stack_on(&others);
            charts.push(chart);
        }
        let names: Vec<String> = d.zones.iter().map(|z| z.zone.code.clone()).collect();
        Plot::new("zone_tier_chart")
            .height(200.0)
            .width(ui.available_width().max(200.0))
            .legend(Legend::default())
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .x_axis_formatter(move |mark, _| names.get(mark.value.round() as usize).cloned().unwrap_or_default())
            .show(ui, |plot| {
                for c in charts {
                    plot.bar_chart(c);
                }
            });
    });
}

fn card_states_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    let states = lists::card_states(d);
    let labels: Vec<String> = states.iter().map(|(k, _)| tr(lang, k).into_owned()).collect();
    let bars: Vec<Bar> = states
        .iter()
        .enumerate()
        .map(|(x, (k, n))| Bar::new(x as f64, *n as f64).width(0.6).name(tr(lang, k)))
        .collect();
    ui.horizontal(|ui| {
        for (label, (_, n)) in labels.iter().zip(states) {
            ui.label(widgets::muted(ui, label));
            ui.label(RichText::new(count(n)).strong());
            ui.add_space(6.0);
        }
    });
    Plot::new("card_states_chart")
        .height(180.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| labels.get(mark.value.round() as usize).cloned().unwrap_or_default())
        .show(ui, |plot| plot.bar_chart(BarChart::new(tr(lang, "stats.count"), bars).color(theme::ACCENT)));
}

fn months_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    let labels: Vec<String> = d.months.iter().map(|m| m.month.format("%m月").to_string()).collect();
    let issued: Vec<Bar> =
        d.months.iter().enumerate().map(|(x, m)| Bar::new(x as f64, m.issued as f64).width(0.6)).collect();
    let renewed: Vec<[f64; 2]> = d.months.iter().enumerate().map(|(x, m)| [x as f64, m.renewed as f64]).collect();
    let total_issued: i64 = d.months.iter().map(|m| m.issued).sum();
    let total_renewed: i64 = d.months.iter().map(|m| m.renewed).sum();
    ui.label(widgets::muted(
        ui,
        &tr_args(lang, "stats.months_line", &[("issued", count(total_issued)), ("renewed", count(total_renewed))]),
    ));
    Plot::new("cards_month_chart")
        .height(180.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| labels.get(mark.value.round() as usize).cloned().unwrap_or_default())
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(tr(lang, "stats.issued"), issued).color(theme::ACCENT));
            plot.line(Line::new(tr(lang, "stats.renewed"), renewed).color(theme::WARN).width(2.0));
        });
}
