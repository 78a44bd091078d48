//! 人才公寓: the vacancy board of projects and units, the ranked waiting list with
//! allocation, the leases with their ledgers, arrears, tenants who must leave, and the
//! allocation list clerks send out.

mod board;
mod lease_page;
mod lists;
mod waiting;

use chrono::NaiveDate;
use egui::Ui;

use super::{View, widgets};
use crate::domain::Message;
use crate::i18n::{tr, tr_args};
use crate::store::{AptProject, AptUnit, Lease, LeaseRow, Store, WaitingEntry};

pub use lease_page::LeasePage;

/// The tabs of the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Board,
    Waiting,
    Leases,
    Arrears,
    MustLeave,
}

/// The rows the screen lists, read by the app when the section is shown.
#[derive(Clone, Debug, Default)]
pub struct HousingRows {
    /// Projects.
    pub projects: Vec<AptProject>,
    /// Units as they are today.
    pub units: Vec<AptUnit>,
    /// The ranked waiting list.
    pub waiting: Vec<WaitingEntry>,
    /// The allocation list for the chosen day, project and zone.
    pub allocations: Vec<LeaseRow>,
    /// Everyone in arrears today.
    pub arrears: Vec<LeaseRow>,
    /// Tenants who must leave.
    pub must_leave: Vec<Lease>,
}

/// The screen's state.
#[derive(Default)]
pub struct HousingScreen {
    tab: Tab,
    board: board::BoardState,
    waiting: waiting::WaitingState,
    lists: lists::ListState,
    page: Option<Box<LeasePage>>,
    /// A filter changed: the rows must be read again.
    reload: bool,
}

impl HousingScreen {
    /// Whether the rows must be read again (and forget that they must).
    pub fn take_reload(&mut self) -> bool {
        std::mem::take(&mut self.reload)
    }

    /// The day, project and zone of the allocation list.
    pub fn allocation_filter(&self) -> (NaiveDate, Option<i64>, Option<i64>) {
        self.lists.filter()
    }

    /// Shows a lease's page.
    pub fn open_lease(&mut self, store: &Store, id: i64) -> Result<(), Message> {
        self.page = Some(Box::new(LeasePage::load(store, id, chrono::Local::now().date_naive())?));
        Ok(())
    }

    /// The lease whose page is open.
    pub fn open_lease_id(&self) -> Option<i64> {
        self.page.as_ref().map(|p| p.lease.id)
    }

    /// Forgets the forms after a change was saved.
    pub fn after_change(&mut self) {
        self.board.clear_forms();
        self.waiting.clear_form();
    }

    /// Shows the store's refusal at the allocation form.
    pub fn allocation_refused(&mut self, message: Message) {
        self.waiting.error = Some(message);
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, rows: &HousingRows) {
        let lang = view.lang;
        if let Some(page) = self.page.as_mut() {
            if lease_page::lease_page_ui(ui, view, page) {
                self.page = None;
            }
            return;
        }
        widgets::page_heading_ui(ui, &tr(lang, "nav.housing"), &tr(lang, "section.housing.subtitle"));
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Board, tr(lang, "housing.tab_board").into_owned()),
                (Tab::Waiting, tr_args(lang, "housing.tab_waiting", &[("n", rows.waiting.len().to_string())])),
                (Tab::Leases, tr(lang, "housing.tab_leases").into_owned()),
                (Tab::Arrears, tr_args(lang, "housing.tab_arrears", &[("n", rows.arrears.len().to_string())])),
                (Tab::MustLeave, tr_args(lang, "housing.tab_must_leave", &[("n", rows.must_leave.len().to_string())])),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().id_salt("housing").auto_shrink([false, false]).show(ui, |ui| match self.tab {
            Tab::Board => self.board.ui(ui, view, rows),
            Tab::Waiting => self.waiting.ui(ui, view, rows),
            Tab::Leases => {
                if self.lists.allocations_ui(ui, view, rows) {
                    self.reload = true;
                }
            }
            Tab::Arrears => lists::arrears_ui(ui, view, &rows.arrears, self.lists.arrears_export()),
            Tab::MustLeave => lists::must_leave_ui(ui, view, &rows.must_leave),
        });
    }
}
