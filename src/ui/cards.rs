//! 绿卡: approved applications waiting for their card, cards expiring within 30/60/90 days
//! with renewal of the selection, and the card check (验证) a service provider would do.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::command::Command;
use super::{View, theme, widgets};
use crate::domain::card::{CardNumber, CardState};
use crate::domain::dates::fmt_date;
use crate::domain::{Message, Problem};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Application, Card, Store};

/// The tabs of the screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Awaiting,
    Expiring,
    Verify,
}

/// The cards screen's state.
#[derive(Default)]
pub struct CardsScreen {
    tab: Tab,
    within: u32,
    selected: BTreeSet<i64>,
    number: String,
    checked: Option<Result<Option<Card>, Message>>,
    /// The horizon changed: the expiring list must be read again.
    reload: bool,
}

/// The i18n key of a card state.
pub fn state_key(state: CardState) -> &'static str {
    match state {
        CardState::Valid => "verify.valid",
        CardState::Expired => "verify.expired",
        CardState::Suspended => "verify.suspended",
        CardState::Revoked => "verify.revoked",
        CardState::Voided => "verify.voided",
    }
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

    /// Forgets the selection after a renewal.
    pub fn after_renewal(&mut self) {
        self.selected.clear();
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store, awaiting: &[Application], expiring: &[Card]) {
        let lang = view.lang;
        widgets::page_heading_ui(ui, &tr(lang, "nav.cards"), &tr(lang, "section.cards.subtitle"));
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Awaiting, tr_args(lang, "cards.tab_awaiting", &[("n", awaiting.len().to_string())])),
                (Tab::Expiring, tr(lang, "cards.tab_expiring").into_owned()),
                (Tab::Verify, tr(lang, "cards.tab_verify").into_owned()),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            Tab::Awaiting => awaiting_ui(ui, lang, awaiting, view.commands),
            Tab::Expiring => self.expiring_ui(ui, lang, expiring, view.commands),
            Tab::Verify => self.verify_ui(ui, lang, store),
        }
    }

    fn expiring_ui(&mut self, ui: &mut Ui, lang: Lang, cards: &[Card], commands: &mut Vec<Command>) {
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
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if cards.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "cards.none_expiring")));
                return;
            }
            TableBuilder::new(ui)
                .id_salt("expiring")
                .striped(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .max_scroll_height(420.0)
                .column(Column::exact(36.0))
                .column(Column::initial(150.0))
                .column(Column::initial(120.0))
                .column(Column::initial(60.0))
                .column(Column::initial(100.0))
                .column(Column::initial(160.0).clip(true))
                .column(Column::remainder().clip(true))
                .header(theme::ROW_HEIGHT, |mut h| {
                    h.col(|_| {});
                    for key in [
                        "verify.number",
                        "verify.holder",
                        "talent.tier",
                        "verify.valid_until",
                        "talent.zone",
                        "talent.employer",
                    ] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, cards.len(), |mut row| {
                        let c = &cards[row.index()];
                        row.col(|ui| {
                            let mut checked = self.selected.contains(&c.id);
                            if ui
                                .checkbox(&mut checked, "")
                                .on_hover_text(format!("{} {}", tr(lang, "cards.select"), c.number))
                                .changed()
                            {
                                if checked {
                                    self.selected.insert(c.id);
                                } else {
                                    self.selected.remove(&c.id);
                                }
                            }
                        });
                        row.col(|ui| {
                            ui.monospace(&c.number);
                        });
                        row.col(|ui| {
                            ui.label(&c.holder);
                        });
                        row.col(|ui| {
                            ui.label(&c.tier);
                        });
                        row.col(|ui| {
                            ui.label(fmt_date(c.expires_on));
                        });
                        row.col(|ui| {
                            ui.label(&c.zone_name);
                        });
                        row.col(|ui| {
                            ui.label(&c.employer_name);
                        });
                    });
                });
        });
    }

    fn verify_ui(&mut self, ui: &mut Ui, lang: Lang, store: &Store) {
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
                    ui.add_space(theme::LABEL_WIDTH + ui.spacing().item_spacing.x);
                    ui.add_enabled(parsed.is_ok(), theme::primary_button(tr(lang, "cards.verify"))).clicked()
                })
                .inner;
            if (clicked || enter)
                && let Ok(number) = &parsed
            {
                self.checked = Some(store.card_by_number(number).map_err(|e| Message::of(&e)));
            }
            match &self.checked {
                None => {}
                Some(Err(m)) => {
                    ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
                }
                Some(Ok(None)) => {
                    ui.label(RichText::new(tr(lang, "verify.unknown")).color(theme::ERROR).size(16.0));
                }
                Some(Ok(Some(card))) => card_check_ui(ui, lang, store, card),
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
pub fn card_check_ui(ui: &mut Ui, lang: Lang, store: &Store, card: &Card) {
    let today = chrono::Local::now().date_naive();
    let state = card.state_on(today);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        widgets::badge_ui(ui, &tr(lang, state_key(state)), state_color(state));
        ui.label(RichText::new(&card.number).monospace().strong());
    });
    let services: Vec<String> = store
        .policy_in_force(today)
        .ok()
        .and_then(|p| {
            crate::domain::TierCode::parse(&card.tier).ok().and_then(|t| p.policy.tier(&t).map(|r| r.services.clone()))
        })
        .unwrap_or_default()
        .iter()
        .map(|s| tr(lang, &format!("service.{s}")).into_owned())
        .collect();
    egui::Grid::new("card_check").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
        ui.label(widgets::muted(ui, &tr(lang, "verify.holder")));
        ui.label(crate::domain::talent::mask_name(&card.holder));
        ui.end_row();
        ui.label(widgets::muted(ui, &tr(lang, "talent.tier")));
        ui.label(&card.tier);
        ui.end_row();
        ui.label(widgets::muted(ui, &tr(lang, "verify.valid_until")));
        ui.label(fmt_date(card.expires_on));
        ui.end_row();
        if state == CardState::Valid {
            ui.label(widgets::muted(ui, &tr(lang, "verify.services")));
            ui.label(services.join("、"));
            ui.end_row();
        }
    });
}
