//! 绿卡: approved applications waiting for their card, cards expiring within 30/60/90 days
//! with renewal of the selection, and the card check (验证) a service provider would do.

mod card_list;
mod print_file;
pub use print_file::faces as print_faces;
mod prints;

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::card_page::{CardPage, CardPageAction, card_page_ui};
use super::command::Command;
use super::export::{ExportButtons, ExportSource, Personal, Rows};
use super::{View, theme, widgets};
use crate::domain::card::{CardNumber, CardState};
use crate::domain::dates::fmt_date;
use crate::domain::{Message, Problem};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Application, Card, CardCheck, ExpiringFilter, PrintJob, PrintState, Store};

/// The tabs of the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Awaiting,
    List,
    Expiring,
    Prints,
    Verify,
}

/// The cards screen's state.
#[derive(Default)]
pub struct CardsScreen {
    tab: Tab,
    within: u32,
    selected: BTreeSet<i64>,
    number: String,
    checked: Option<Result<Option<CardCheck>, Message>>,
    /// The horizon or a filter changed: the lists must be read again.
    reload: bool,
    /// Only cards of holders in this zone.
    zone_id: Option<i64>,
    /// Only cards of holders whose employer's name contains this.
    employer: String,
    /// The print queue's tab.
    prints: prints::PrintsTab,
    /// The card page, when one is open.
    page: Option<Box<CardPage>>,
    /// The expiring list's export.
    export: ExportButtons,
    /// The card list's filters and export.
    list: card_list::CardListTab,
}

/// A card state's badge colour.
pub fn state_color(state: CardState) -> egui::Color32 {
    match state {
        CardState::Valid => theme::OK,
        CardState::Expired | CardState::Suspended => theme::WARN,
        CardState::Revoked | CardState::Voided => theme::ERROR,
    }
}

impl CardsScreen {
    /// The expiry horizon in days (30, 60 or 90).
    pub fn within(&self) -> u32 {
        if self.within == 0 { 30 } else { self.within }
    }

    /// Whether the list must be read again (and forget that it must).
    pub fn take_reload(&mut self) -> bool {
        std::mem::take(&mut self.reload)
    }

    /// Forgets the card list's rows after a change: it reads them again when shown.
    pub fn invalidate_card_list(&mut self) {
        self.list.invalidate();
    }

    /// Forgets the selection after a renewal.
    pub fn after_renewal(&mut self) {
        self.selected.clear();
    }

    /// The zone and employer the expiring list is narrowed to.
    pub fn expiring_filter(&self) -> ExpiringFilter {
        ExpiringFilter { zone_id: self.zone_id, employer: self.employer.trim().to_string() }
    }

    /// The state of print requests the queue tab lists.
    pub fn print_state(&self) -> PrintState {
        self.prints.state
    }

    /// Forgets the print selection after the requests moved on.
    pub fn after_prints(&mut self) {
        self.prints.selected.clear();
    }

    /// Shows a card's page.
    pub fn open_card(&mut self, store: &Store, card_id: i64) -> Result<(), Message> {
        self.page = Some(Box::new(CardPage::load(store, card_id, chrono::Local::now().date_naive())?));
        Ok(())
    }

    /// The card whose page is open, if any.
    pub fn open_card_id(&self) -> Option<i64> {
        self.page.as_ref().map(|p| p.card.id)
    }

    /// Reads the open card page again after a change, keeping what the clerk typed in the
    /// forms that did not change anything.
    pub fn reload_card(&mut self, store: &Store, card_id: i64) -> Result<(), Message> {
        let old = self.page.take();
        self.open_card(store, card_id)?;
        if let (Some(old), Some(new)) = (old, self.page.as_mut())
            && old.card.id == card_id
        {
            new.family_input = old.family_input;
            new.family_tried = old.family_tried;
            new.use_error = old.use_error;
        }
        Ok(())
    }

    /// Shows the store's refusal of a service use at the form.
    pub fn service_refused(&mut self, message: Message) {
        if let Some(p) = self.page.as_mut() {
            p.use_error = Some(message);
        }
    }

    /// Clears the family form after an attached card was issued.
    pub fn after_family_issued(&mut self) {
        if let Some(p) = self.page.as_mut() {
            p.family_input = Default::default();
            p.family_tried = false;
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store, lists: CardLists<'_>) {
        let lang = view.lang;
        if let Some(page) = self.page.as_mut() {
            let can_act = matches!(view.actor.role, crate::domain::Role::Clerk | crate::domain::Role::Admin);
            match card_page_ui(ui, lang, page, can_act) {
                CardPageAction::None => {}
                CardPageAction::Back => self.page = None,
                CardPageAction::Holder(id) => view.commands.push(Command::OpenTalent { id }),
                CardPageAction::Command(c) => view.commands.push(c),
            }
            return;
        }
        widgets::page_heading_ui(ui, &tr(lang, "nav.cards"), &tr(lang, "section.cards.subtitle"));
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Awaiting, tr_args(lang, "cards.tab_awaiting", &[("n", lists.awaiting.len().to_string())])),
                (Tab::List, tr(lang, "cards.tab_list").into_owned()),
                (Tab::Expiring, tr(lang, "cards.tab_expiring").into_owned()),
                (Tab::Prints, tr(lang, "print.tab").into_owned()),
                (Tab::Verify, tr(lang, "cards.tab_verify").into_owned()),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            Tab::Awaiting => awaiting_ui(ui, lang, lists.awaiting, view.commands),
            Tab::List => self.list.ui(ui, view, store),
            Tab::Expiring => self.expiring_ui(ui, view, lists.expiring),
            Tab::Prints => {
                if self.prints.ui(ui, lang, store, lists.prints, view.commands, view.desktop) {
                    self.reload = true;
                }
            }
            Tab::Verify => self.verify_ui(ui, lang, store, view.commands),
        }
    }

    fn expiring_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, cards: &[Card]) {
        let lang = view.lang;
        self.filters_ui(ui, lang, &view.cache.zones);
        let filter = tr_args(lang, "export.cards_filter", &[("days", self.within().to_string())]);
        self.export.ui(ui, view, Personal::Documents, |unmasked| {
            let today = chrono::Local::now().date_naive();
            let (meta, rows) =
                crate::exchange::card_table(cards, crate::exchange::CardList::Expiring, filter, today, unmasked, lang);
            ExportSource { meta, rows: Rows::Ready(rows) }
        });
        let commands = &mut *view.commands;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr_args(
                    lang,
                    "cards.expiring_count",
                    &[("n", crate::ui::placeholder::count(cards.len() as i64))],
                ))
                .strong(),
            );
            ui.label(tr(lang, "cards.within"));
            for days in [30, 60, 90] {
                if ui
                    .selectable_label(self.within() == days, tr_args(lang, "policy.days", &[("n", days.to_string())]))
                    .clicked()
                {
                    self.within = days;
                    self.reload = true;
                    self.selected.clear();
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let n = self.selected.len();
                if ui
                    .add_enabled(
                        n > 0,
                        theme::primary_button(tr_args(lang, "cards.renew_selected", &[("n", n.to_string())])),
                    )
                    .clicked()
                {
                    commands.push(Command::RenewCards { ids: self.selected.iter().copied().collect() });
                }
            });
        });
        let today = chrono::Local::now().date_naive();
        let ids = ("expiring", "cards.none_expiring");
        card_list::cards_table_ui(ui, lang, ids, cards, today, Some(&mut self.selected), commands);
    }

    fn filters_ui(&mut self, ui: &mut Ui, lang: Lang, zones: &[crate::store::Zone]) {
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "talent.zone"));
            let all = tr(lang, "cards.all_zones").into_owned();
            let shown =
                self.zone_id.and_then(|id| zones.iter().find(|z| z.id == id)).map_or(all.clone(), |z| z.name.clone());
            egui::ComboBox::from_id_salt("expiring_zone")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(self.zone_id.is_none(), all).clicked() {
                        self.zone_id = None;
                        self.reload = true;
                    }
                    for z in zones {
                        if ui.selectable_label(self.zone_id == Some(z.id), &z.name).clicked() {
                            self.zone_id = Some(z.id);
                            self.reload = true;
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add_space(12.0);
            let label = ui.label(tr(lang, "talent.employer"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.employer)
                        .desired_width(220.0)
                        .hint_text(tr(lang, "cards.employer_hint")),
                )
                .labelled_by(label.id);
            if field.changed() {
                self.reload = true;
                self.selected.clear();
            }
        });
        ui.add_space(4.0);
    }

    fn verify_ui(&mut self, ui: &mut Ui, lang: Lang, store: &Store, commands: &mut Vec<Command>) {
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(720.0));
            widgets::section_heading_ui(ui, &tr(lang, "cards.verify_title"));
            let parsed = CardNumber::parse(&self.number);
            let error = (!self.number.trim().is_empty()).then(|| parsed.as_ref().err().map(|e| e.text(lang))).flatten();
            let field = widgets::field_row_ui(ui, &tr(lang, "verify.number"), error.as_deref(), |ui| {
                ui.add(
                    widgets::text_field(&mut self.number).font(egui::TextStyle::Monospace).hint_text("GC2026000001X"),
                )
            });
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let clicked = ui
                .horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    ui.add_enabled(parsed.is_ok(), theme::primary_button(tr(lang, "cards.verify"))).clicked()
                })
                .inner;
            if (clicked || enter)
                && let Ok(number) = &parsed
            {
                let today = chrono::Local::now().date_naive();
                self.checked = Some(store.check_card(number, today).map_err(|e| Message::of(&e)));
            }
            match &self.checked {
                None => {}
                Some(Err(m)) => {
                    ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
                }
                Some(Ok(None)) => {
                    ui.label(RichText::new(tr(lang, "verify.unknown")).color(theme::ERROR).size(16.0));
                }
                Some(Ok(Some(check))) => {
                    card_check_ui(ui, lang, check);
                    if ui.button(tr(lang, "card.open")).clicked() {
                        commands.push(Command::OpenCard { card_id: check.card_id });
                    }
                }
            }
        });
    }
}

fn awaiting_ui(ui: &mut Ui, lang: Lang, awaiting: &[Application], commands: &mut Vec<Command>) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if awaiting.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "cards.none_awaiting")));
            return;
        }
        for a in awaiting {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{} · {}", a.id, a.talent_name)).strong());
                ui.label(widgets::muted(ui, &a.summary));
                if ui
                    .add(theme::primary_button(tr(lang, "cards.issue")))
                    .on_hover_text(format!("{} {}", tr(lang, "cards.issue"), a.talent_name))
                    .clicked()
                {
                    commands.push(Command::IssueCard { application_id: a.id });
                }
            });
        }
    });
}

/// What a card check shows: holder masked, tier, status, valid-until and entitled services.
pub fn card_check_ui(ui: &mut Ui, lang: Lang, check: &CardCheck) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        widgets::badge_ui(ui, &tr(lang, check.state.label_key()), state_color(check.state));
        ui.label(RichText::new(&check.number).monospace().strong());
    });
    egui::Grid::new("card_check").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
        let mut row = |label: &str, value: String| {
            ui.label(widgets::muted(ui, label));
            ui.label(value);
            ui.end_row();
        };
        row(&tr(lang, "verify.holder"), format!("{}（{}）", check.holder_masked, check.document_masked));
        if let Some((relation, main)) = &check.attached {
            row(&tr(lang, "family.attached_to"), format!("{} · {main}", tr(lang, relation.label_key())));
        }
        row(&tr(lang, "talent.tier"), check.tier.clone());
        row(&tr(lang, "verify.valid_until"), fmt_date(check.valid_until));
        if check.is_valid() {
            let names: Vec<&str> = check.services.iter().map(|s| s.name(lang)).collect();
            row(&tr(lang, "verify.services"), names.join("、"));
        }
    });
}

/// The rows the screen lists, read by the app when the section is shown.
pub struct CardLists<'a> {
    /// Approved card applications waiting for their card.
    pub awaiting: &'a [Application],
    /// Active cards expiring within the horizon.
    pub expiring: &'a [Card],
    /// Print requests in the chosen state.
    pub prints: &'a [PrintJob],
}
