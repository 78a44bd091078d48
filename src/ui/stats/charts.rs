//! The dashboard's charts (egui_plot): talents by zone stacked by tier, cards by state, and
//! cards issued (bars) and renewed (a line) per month. Bars are filled with the theme's
//! series colours (one accent, calm tones after it) and separated by a thin line of the card's
//! colour; each legend stands where no bar reaches (above the bars, or right of them).

use egui::{Color32, Stroke, Ui};
use egui_plot::{AxisHints, Bar, BarChart, Corner, GridMark, Legend, Line, Plot};

use crate::exchange::stats_lists as lists;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::Dashboard;
use crate::ui::theme;

/// Room above the tallest bar for a two-line legend, as a share of it.
const HEADROOM: f64 = 1.5;

/// Room right of the last bar for a legend of up to six lines, in bar places.
const LEGEND_ROOM: f64 = 1.6;

/// A bar filled with `color`, outlined in the card's colour (stacked parts stay apart).
fn bar(ui: &Ui, x: usize, value: i64, color: Color32) -> Bar {
    solid_bar(x, value, color, theme::card_fill(ui.visuals()))
}

fn solid_bar(x: usize, value: i64, color: Color32, outline: Color32) -> Bar {
    Bar::new(x as f64, value as f64).width(0.62).fill(color).stroke(Stroke::new(1.0, outline))
}

/// The series of the zone chart: per tier its name, colour and one bar per zone.
fn tier_series(lang: Lang, d: &Dashboard, tiers: &[String], outline: Color32) -> Vec<(String, Color32, Vec<Bar>)> {
    tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let color = theme::series_color(i);
            let bars = d.zones.iter().enumerate().map(|(x, z)| solid_bar(x, lists::tier_count(z, t), color, outline));
            (tr_args(lang, "stats.tier_column", &[("tier", t.clone())]), color, bars.collect())
        })
        .collect()
}

/// A plot of fixed height that does not pan or zoom (a report, not an instrument), one grid
/// line per category, each named by `labels` (short names may stand close together).
fn plot(id: &str, height: f32, labels: Vec<String>) -> Plot<'static> {
    let places = labels.len();
    let x_axis = AxisHints::new_x()
        .formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .label_spacing(24.0..=32.0);
    Plot::new(id.to_string())
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
        // A mark at each category and none beyond the last (where a legend may stand); the
        // categories name the bars, so only the values get grid lines.
        .x_grid_spacer(move |_| (0..places).map(|i| GridMark { value: i as f64, step_size: 1.0 }).collect())
        .show_grid([false, true])
        .custom_x_axes(vec![x_axis])
}

fn legend(corner: Corner) -> Legend {
    Legend::default().position(corner).text_style(egui::TextStyle::Body).follow_insertion_order(true)
}

/// One bar per zone, stacked by tier (the top tier at the bottom), coloured by tier.
pub fn zone_tier_ui(ui: &mut Ui, lang: Lang, d: &Dashboard, tiers: &[String], height: f32) {
    let mut charts: Vec<BarChart> = Vec::new();
    for (name, color, bars) in tier_series(lang, d, tiers, theme::card_fill(ui.visuals())) {
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(name, bars).color(color).stack_on(&below);
        charts.push(chart);
    }
    let tallest = d.zones.iter().map(|z| z.talents()).max().unwrap_or(0);
    let names: Vec<String> = d.zones.iter().map(|z| z.zone.code.clone()).collect();
    // The tiers' legend is tall: it stands right of the last zone, not above the bars.
    let right_edge = d.zones.len() as f64 - 0.5 + LEGEND_ROOM;
    plot("zone_tier_chart", height, names)
        .legend(legend(Corner::RightTop))
        .include_x(-0.5)
        .include_x(right_edge)
        .include_y(0.0)
        .include_y(tallest as f64 * 1.05)
        .show(ui, |plot| {
            for c in charts {
                plot.bar_chart(c);
            }
        });
}

/// The colour of each card state, in the order of [`lists::card_states`]: valid in the
/// accent, expired amber, suspended blue, revoked red, voided slate.
const STATE_COLORS: [Color32; 5] = [theme::ACCENT, theme::WARN, theme::INFO, theme::ERROR, theme::SLATE];

/// One bar per card state.
pub fn card_states_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    let states = lists::card_states(d);
    let labels: Vec<String> = states.iter().map(|(k, _)| tr(lang, k).into_owned()).collect();
    let bars: Vec<Bar> = states
        .iter()
        .zip(STATE_COLORS)
        .enumerate()
        .map(|(x, ((k, n), color))| bar(ui, x, *n, color).name(tr(lang, k)))
        .collect();
    let tallest = states.iter().map(|(_, n)| *n).max().unwrap_or(0);
    plot("card_states_chart", 180.0, labels)
        .include_y(0.0)
        .include_y(tallest as f64 * 1.1)
        .show(ui, |plot| plot.bar_chart(BarChart::new(tr(lang, "stats.count"), bars).color(theme::ACCENT)));
}

/// Cards issued in each of the last twelve months (bars) and renewed (a line).
pub fn months_ui(ui: &mut Ui, lang: Lang, d: &Dashboard) {
    let labels: Vec<String> = d.months.iter().map(|m| m.month.format("%-m月").to_string()).collect();
    let issued: Vec<Bar> = d.months.iter().enumerate().map(|(x, m)| bar(ui, x, m.issued, theme::ACCENT)).collect();
    let renewed: Vec<[f64; 2]> = d.months.iter().enumerate().map(|(x, m)| [x as f64, m.renewed as f64]).collect();
    let tallest = d.months.iter().map(|m| m.issued.max(m.renewed)).max().unwrap_or(0);
    plot("cards_month_chart", 180.0, labels)
        .legend(legend(Corner::LeftTop))
        .include_y(0.0)
        .include_y(tallest as f64 * HEADROOM)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(tr(lang, "stats.issued"), issued).color(theme::ACCENT));
            plot.line(Line::new(tr(lang, "stats.renewed"), renewed).color(theme::INFO).width(2.0));
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Zone, ZoneFigures};

    #[test]
    fn each_tier_is_a_solid_bar_of_its_own_theme_colour() {
        let zone = |id: i64, code: &str| ZoneFigures {
            zone: Zone { id, code: code.into(), name: code.into() },
            by_tier: vec![("A".into(), 3), ("B".into(), 5), ("E".into(), 40)],
            target: None,
            actual: Default::default(),
        };
        let d = Dashboard { zones: vec![zone(1, "GX"), zone(2, "JK")], ..Default::default() };
        let tiers: Vec<String> = ["A", "B", "C", "D", "E"].iter().map(|t| t.to_string()).collect();
        let series = tier_series(Lang::Zh, &d, &tiers, Color32::WHITE);
        let colours: Vec<Color32> = series.iter().map(|(_, c, _)| *c).collect();
        assert_eq!(colours[0], theme::ACCENT, "the top tier in the accent");
        for (i, c) in colours.iter().enumerate() {
            assert!(!colours[..i].contains(c), "tier {} shares a colour", tiers[i]);
        }
        for (name, colour, bars) in &series {
            assert_eq!(bars.len(), 2, "{name}: a bar per zone");
            // Filled with the series colour itself (egui_plot's default is a pale tint of it).
            assert!(bars.iter().all(|b| b.fill == *colour && b.stroke.color == Color32::WHITE), "{name}");
        }
        assert_eq!(series[4].0, "E 类");
        assert_eq!(series[4].2.iter().map(|b| b.value).collect::<Vec<_>>(), vec![40.0, 40.0]);
    }
}
