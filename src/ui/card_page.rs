//! One green card on one screen: its facts and the policy version it was issued under,
//! the actions a clerk takes on it, its attached family cards, the services it entitles to
//! and their logged use, its print history, and every event of its life.

mod forms;
mod history;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::cards::state_color;
use super::command::Command;
use super::{theme, widgets};
use crate::domain::card::{CardState, CardStatus};
use crate::domain::dates::fmt_date;
use crate::domain::family::{FamilyInput, ServiceUseInput};
use crate::domain::{Message, Problem};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Card, CardEvent, FamilyCard, PrintJob, Service, ServiceUse, Store};

/// Everything the card page shows, read when it opens and after each change.
pub struct CardPage {
    /// The card.
    pub card: Card,
    /// Its events and those of the cards it replaced, oldest first.
    pub events: Vec<CardEvent>,
    /// Its attached cards.
    pub family: Vec<FamilyCard>,
    /// The services the card entitles to today.
    pub entitled: Vec<Service>,
    /// The whole catalogue (names of services used in the past).
    pub catalogue: Vec<Service>,
    /// Logged uses, newest first.
    pub uses: Vec<ServiceUse>,
    /// Print requests, newest first.
    pub prints: Vec<PrintJob>,
    /// Whether the holder's tier may have attached cards under today's policy.
    pub family_allowed: bool,
    /// The reason typed for an action.
    pub reason: String,
    /// The family form.
    pub family_input: FamilyInput,
    /// The family form has been submitted once (errors show from then on).
    pub family_tried: bool,
    /// The service-use form.
    pub use_input: ServiceUseInput,
    /// The refusal of the last service-use entry, shown at the form.
    pub use_error: Option<Message>,
}

impl CardPage {
    /// Reads a card's page.
    pub fn load(store: &Store, card_id: i64, today: NaiveDate) -> Result<CardPage, Message> {
        let m = |e: crate::store::StoreError| Message::of(&e);
        let card = store.card(card_id).map_err(m)?;
        let entitled = store.entitled_services(&card.tier, today).map_err(m)?;
        let family_allowed = store
            .policy_in_force(today)
            .ok()
            .and_then(|p| {
                crate::domain::TierCode::parse(&card.tier).ok().and_then(|t| p.policy.tier(&t).map(|r| r.family_cards))
            })
            .unwrap_or(false);
        Ok(CardPage {
            events: store.card_events(card_id).map_err(m)?,
            family: store.family_cards(card_id).map_err(m)?,
            catalogue: store.services().map_err(m)?,
            uses: store.service_uses(card_id).map_err(m)?,
            prints: store.card_prints(card_id).map_err(m)?,
            use_input: ServiceUseInput {
                service: entitled.first().map(|s| s.code.clone()).unwrap_or_default(),
                used_on: fmt_date(today),
                ..ServiceUseInput::default()
            },
            entitled,
            family_allowed,
            card,
            reason: String::new(),
            family_input: FamilyInput::default(),
            family_tried: false,
            use_error: None,
        })
    }

    /// A service's name in `lang` (its code if the catalogue lost it).
    fn service_name<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.catalogue.iter().find(|s| s.code == code).map_or(code, |s| s.name(lang))
    }
}

/// What the clerk asked for on the card page.
pub enum CardPageAction {
    /// Nothing.
    None,
    /// Back to where the clerk came from.
    Back,
    /// Open the holder's profile.
    Holder(i64),
    /// A change to apply.
    Command(Command),
}

/// Draws the card page.
pub fn card_page_ui(ui: &mut Ui, lang: Lang, page: &mut CardPage, can_act: bool) -> CardPageAction {
    let today = chrono::Local::now().date_naive();
    let mut action = CardPageAction::None;
    let card = page.card.clone();
    let state = card.state_on(today);
    ui.horizontal(|ui| {
        if ui.button(tr(lang, "card.back")).clicked() {
            action = CardPageAction::Back;
        }
        ui.add_space(8.0);
        ui.label(RichText::new(&card.number).size(22.0).monospace().strong());
        widgets::badge_ui(ui, &tr(lang, state.label_key()), state_color(state));
        widgets::badge_ui(ui, &format!("{} {}", tr(lang, "talent.tier"), card.tier), theme::ACCENT);
        if ui.button(tr_args(lang, "card.holder_button", &[("name", card.holder.clone())])).clicked() {
            action = CardPageAction::Holder(card.talent_id);
        }
    });
    ui.add_space(8.0);
    egui::ScrollArea::vertical().id_salt("card_page").auto_shrink([false, false]).show(ui, |ui| {
        ui.columns(2, |cols| {
            facts_ui(&mut cols[0], lang, page, state);
            if can_act && let Some(c) = actions_ui(&mut cols[0], lang, page, state) {
                action = CardPageAction::Command(c);
            }
            if let Some(c) = forms::family_ui(&mut cols[0], lang, page, can_act, today) {
                action = CardPageAction::Command(c);
            }
            if let Some(c) = forms::services_ui(&mut cols[1], lang, page, can_act && state == CardState::Valid) {
                action = CardPageAction::Command(c);
            }
            history::prints_ui(&mut cols[1], lang, page);
            history::events_ui(&mut cols[1], lang, page);
        });
    });
    action
}

fn facts_ui(ui: &mut Ui, lang: Lang, page: &CardPage, state: CardState) {
    let c = &page.card;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "card.facts"));
        egui::Grid::new("card_facts").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
            let mut row = |label: &str, value: String| {
                ui.label(widgets::muted(ui, label));
                ui.label(value);
                ui.end_row();
            };
            row(&tr(lang, "verify.holder"), c.holder.clone());
            row(&tr(lang, "talent.zone"), c.zone_name.clone());
            row(
                &tr(lang, "talent.employer"),
                if c.employer_name.is_empty() { "—".into() } else { c.employer_name.clone() },
            );
            row(&tr(lang, "card.issued_on"), fmt_date(c.issued_on));
            row(&tr(lang, "verify.valid_until"), fmt_date(c.expires_on));
            row(
                &tr(lang, "card.policy_version"),
                tr_args(lang, "card.policy_version_n", &[("n", c.policy_version.to_string())]),
            );
            if state != CardState::Valid && !c.status_reason.is_empty() {
                row(&tr(lang, "card.status_reason"), c.status_reason.clone());
            }
        });
    });
    ui.add_space(theme::SECTION_GAP / 2.0);
}

fn actions_ui(ui: &mut Ui, lang: Lang, page: &mut CardPage, state: CardState) -> Option<Command> {
    let c = page.card.clone();
    if !matches!(c.status, CardStatus::Active | CardStatus::Suspended) {
        return None;
    }
    let mut command = None;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "card.actions"));
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "cards.reason"));
            ui.add(
                egui::TextEdit::singleline(&mut page.reason)
                    .desired_width(260.0)
                    .hint_text(tr(lang, "card.reason_hint")),
            )
            .labelled_by(label.id);
        });
        // A typed reason that cannot be stored says why at the field (an empty one is
        // refused by the action that needs it).
        if let Some(m) =
            (!page.reason.trim().is_empty()).then(|| crate::domain::text::parse_reason(&page.reason).err()).flatten()
        {
            ui.label(RichText::new(m.text(lang)).color(theme::ERROR).small());
        }
        let reason = page.reason.clone();
        ui.horizontal_wrapped(|ui| {
            if state != CardState::Suspended && ui.button(tr(lang, "cards.renew")).clicked() {
                command = Some(Command::RenewCards { ids: vec![c.id] });
            }
            if ui.button(tr(lang, "cards.report_lost")).clicked() {
                command = Some(Command::ReportCardLost { card_id: c.id, reason: reason.clone() });
            }
            let (to, key) = if c.status == CardStatus::Suspended {
                (CardStatus::Active, "cards.resume")
            } else {
                (CardStatus::Suspended, "cards.suspend")
            };
            if ui.button(tr(lang, key)).clicked() {
                command = Some(Command::SetCardStatus { card_id: c.id, to, reason: reason.clone() });
            }
            if ui.button(RichText::new(tr(lang, "cards.revoke")).color(theme::ERROR)).clicked() {
                command =
                    Some(Command::SetCardStatus { card_id: c.id, to: CardStatus::Revoked, reason: reason.clone() });
            }
            if ui.button(tr(lang, "print.reprint")).clicked() {
                command = Some(Command::RequestReprint { card_id: c.id, family_card_id: None, reason: reason.clone() });
            }
        });
        ui.label(widgets::muted(ui, &tr(lang, "card.actions_hint")));
    });
    ui.add_space(theme::SECTION_GAP / 2.0);
    command
}

/// The i18n key of a card event.
pub fn event_key(event: &str) -> &'static str {
    match event {
        "issued" => "card.event.issued",
        "renewed" => "card.event.renewed",
        "reissued" => "card.event.reissued",
        "suspended" => "card.event.suspended",
        "resumed" => "card.event.resumed",
        "revoked" => "card.event.revoked",
        _ => "card.event.voided",
    }
}

/// Shows a refusal under a form.
fn refusal_ui(ui: &mut Ui, lang: Lang, error: &Option<Message>) {
    if let Some(m) = error {
        ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
    }
}
