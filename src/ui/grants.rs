//! 创业资助: grant and reward programmes with their budgets (the remaining budget always in
//! sight), the application form, the award list and the payment list (both exportable), and
//! one grant's page with its tranches.

mod form;
mod grant_page;
mod lists;

use egui::{RichText, Ui};

use super::{View, theme, widgets};
use crate::domain::Message;
use crate::domain::grants::{parse_plan, plan_text};
use crate::i18n::{tr, tr_args};
use crate::store::{Grant, GrantEntry, Programme, Store};

pub use grant_page::GrantPage;

/// The tabs of the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Programmes,
    Apply,
    Awards,
    Payments,
}

/// The rows the screen lists, read by the app when the section is shown.
#[derive(Clone, Debug, Default)]
pub struct GrantRows {
    /// Programmes with their budgets.
    pub programmes: Vec<Programme>,
    /// Grants of the chosen year.
    pub grants: Vec<Grant>,
    /// Payments and clawbacks of the chosen year.
    pub payments: Vec<GrantEntry>,
}

/// The screen's state.
#[derive(Default)]
pub struct GrantsScreen {
    tab: Tab,
    name: String,
    year: String,
    budget: String,
    plan: String,
    tried: bool,
    form: form::GrantForm,
    lists: lists::ListState,
    page: Option<Box<GrantPage>>,
}

impl GrantsScreen {
    /// The year the lists show (None: every year).
    pub fn year(&self) -> Option<i64> {
        self.lists.year()
    }

    /// Whether the lists must be read again (and forget that they must).
    pub fn take_reload(&mut self) -> bool {
        self.lists.take_reload()
    }

    /// Shows a grant's page.
    pub fn open_grant(&mut self, store: &Store, id: i64) -> Result<(), Message> {
        self.page = Some(Box::new(GrantPage::load(store, id)?));
        Ok(())
    }

    /// Forgets the forms after a change was saved.
    pub fn after_change(&mut self) {
        self.name.clear();
        self.budget.clear();
        self.tried = false;
        self.form = form::GrantForm::default();
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store, rows: &GrantRows) {
        let lang = view.lang;
        if let Some(page) = self.page.as_mut() {
            if grant_page::grant_page_ui(ui, view, page) {
                self.page = None;
            }
            return;
        }
        widgets::page_heading_ui(ui, &tr(lang, "nav.grants"), &tr(lang, "section.grants.subtitle"));
        ui.horizontal(|ui| {
            for (tab, key) in [
                (Tab::Programmes, "grant.tab_programmes"),
                (Tab::Apply, "grant.tab_apply"),
                (Tab::Awards, "grant.tab_awards"),
                (Tab::Payments, "grant.tab_payments"),
            ] {
                if ui.selectable_label(self.tab == tab, tr(lang, key)).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().id_salt("grants").auto_shrink([false, false]).show(ui, |ui| match self.tab {
            Tab::Programmes => self.programmes_ui(ui, view, rows),
            Tab::Apply => self.form.ui(ui, view, store, &rows.programmes),
            Tab::Awards => self.lists.awards_ui(ui, view, rows),
            Tab::Payments => self.lists.payments_ui(ui, view, rows),
        });
    }

    fn programmes_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &GrantRows) {
        let lang = view.lang;
        if rows.programmes.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "grant.no_programmes")));
        }
        for p in &rows.programmes {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&p.name).size(16.0).strong());
                    ui.label(widgets::muted(ui, &tr_args(lang, "grant.year_n", &[("year", p.year.to_string())])));
                });
                let used = if p.budget.fen() > 0 { p.used.fen() as f32 / p.budget.fen() as f32 } else { 0.0 };
                ui.horizontal(|ui| widgets::share_bar_ui(ui, used, 520.0));
                ui.label(
                    RichText::new(tr_args(
                        lang,
                        "grant.budget_line",
                        &[
                            ("budget", p.budget.to_string()),
                            ("used", p.used.to_string()),
                            ("remaining", p.remaining().to_string()),
                        ],
                    ))
                    .strong(),
                );
                ui.label(widgets::muted(ui, &tr_args(lang, "grant.plan_line", &[("plan", plan_text(&p.plan))])));
            });
            ui.add_space(theme::SECTION_GAP / 2.0);
        }
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(680.0));
            widgets::section_heading_ui(ui, &tr(lang, "grant.add_programme"));
            if self.year.is_empty() {
                self.year = view.cache.year.to_string();
            }
            if self.plan.is_empty() {
                self.plan = "签约 40%，中期评估 30%，验收 30%".to_string();
            }
            let budget = crate::domain::Fen::parse_non_negative(&self.budget);
            let year = self.year.trim().parse::<i64>().ok().filter(|y| (2000..=2100).contains(y));
            let plan = parse_plan(&self.plan);
            let show = |e: Option<String>| e.filter(|_| self.tried);
            widgets::field_row_ui(ui, &tr(lang, "grant.programme_name"), None, |ui| {
                ui.add(widgets::text_field(&mut self.name))
            });
            let e = show(year.is_none().then(|| tr(lang, "grant.err.year").into_owned()));
            widgets::field_row_ui(ui, &tr(lang, "grant.year"), e.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.year))
            });
            let e = show(budget.as_ref().err().map(|e| crate::domain::Problem::text(e, lang)));
            widgets::field_row_ui(ui, &tr(lang, "grant.budget"), e.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.budget).hint_text("5000000"))
            });
            let e = show(plan.as_ref().err().map(|m| crate::domain::Problem::text(m, lang)));
            widgets::field_row_ui(ui, &tr(lang, "grant.plan"), e.as_deref(), |ui| {
                ui.add(widgets::text_field(&mut self.plan))
            });
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add(theme::primary_button(tr(lang, "grant.add_programme_button"))).clicked() {
                    self.tried = true;
                    if let (Ok(budget), Some(year), Ok(plan)) = (budget, year, plan)
                        && !self.name.trim().is_empty()
                    {
                        view.commands.push(super::Command::AddGrantProgramme {
                            name: self.name.clone(),
                            year,
                            budget,
                            plan,
                        });
                    }
                }
            });
        });
    }
}
