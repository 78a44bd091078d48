//! 统计: the office dashboard (zone targets against the straight-line pace, talents by zone
//! and tier, cards by state and per month, apartment occupancy, grant budgets, each chart
//! exportable) and the early warnings with their acknowledgements. Figures are read off the
//! UI thread; the frame shows the last figures (or a spinner) until the new ones arrive.

mod alerts_view;
mod charts;
mod overview;
mod reader;

use egui::Ui;

use super::{View, widgets};
use crate::domain::Message;
use crate::i18n::{tr, tr_args};
use crate::store::{Dashboard, Store};

/// The tabs of the section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
enum Tab {
    #[default]
    Overview,
    Alerts,
}

/// The section's state.
#[derive(Default)]
pub struct StatsScreen {
    tab: Tab,
    reader: reader::Reader,
    dashboard: Option<Result<Dashboard, Message>>,
    alerts: Option<Result<reader::AlertRows, Message>>,
    overview: overview::OverviewState,
    alert_list: alerts_view::AlertListState,
}

impl StatsScreen {
    /// Reads the figures and alerts again (after a change, or when the section opens).
    pub fn reload(&mut self, store: &Store, ctx: &egui::Context) {
        let today = crate::ui::clock::today();
        let ctx = ctx.clone();
        let answers = self.reader.start(store, today, move || ctx.request_repaint());
        self.take(answers);
    }

    fn take(&mut self, answers: Vec<reader::Answer>) {
        for a in answers {
            match a {
                reader::Answer::Dashboard(d) => self.dashboard = Some(d),
                reader::Answer::Alerts(a) => self.alerts = Some(a),
            }
        }
    }

    /// Draws the section.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let answers = self.reader.answers();
        self.take(answers);
        let lang = view.lang;
        widgets::page_heading_ui(ui, &tr(lang, "nav.stats"), &tr(lang, "section.stats.subtitle"));
        let open = match &self.alerts {
            Some(Ok((alerts, _))) => alerts.iter().filter(|a| a.ack.is_none()).count().to_string(),
            _ => "…".to_string(),
        };
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Overview, tr(lang, "stats.tab_overview").into_owned()),
                (Tab::Alerts, tr_args(lang, "stats.tab_alerts", &[("n", open.clone())])),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                }
            }
            if self.reader.busy() {
                ui.spinner();
                ui.label(widgets::muted(ui, &tr(lang, "stats.reading")));
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().id_salt(("stats", self.tab)).auto_shrink([false, false]).show(ui, |ui| match self
            .tab
        {
            Tab::Overview => match &self.dashboard {
                Some(Ok(d)) => self.overview.ui(ui, view, d),
                Some(Err(m)) => failed_ui(ui, view, m),
                None => waiting_ui(ui, view),
            },
            Tab::Alerts => match &self.alerts {
                Some(Ok((alerts, history))) => self.alert_list.ui(ui, view, alerts, history),
                Some(Err(m)) => failed_ui(ui, view, m),
                None => waiting_ui(ui, view),
            },
        });
    }
}

fn waiting_ui(ui: &mut Ui, view: &View<'_>) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(widgets::muted(ui, &tr(view.lang, "stats.reading")));
    });
}

fn failed_ui(ui: &mut Ui, view: &View<'_>, m: &Message) {
    use crate::domain::Problem;
    ui.colored_label(super::theme::ERROR, m.text(view.lang));
}
