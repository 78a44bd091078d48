//! 绿卡名单: every card, narrowed by its state today, the holder's zone and a text (the
//! start of the card number, part of the holder's or the employer's name), with the three
//! exports. The screen shows the first rows; an export writes every card the filter finds.
//! Counting and reading run on a worker with its own read-only connection (a filter on one
//! common character finds some 14,000 of the 400,000 cards of a million talents), the
//! newest filter winning, so the frame never waits.

use std::collections::BTreeSet;
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::state_color;
use crate::domain::card::CardState;
use crate::domain::dates::fmt_date;
use crate::domain::id_number::mask_stored;
use crate::domain::{Message, Problem};
use crate::exchange::{CardList, card_meta, card_row};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Card, CardQuery, Store, Zone};
use crate::ui::command::Command;
use crate::ui::export::{ExportButtons, ExportSource, Personal, Rows};
use crate::ui::placeholder::count;
use crate::ui::{View, theme, widgets};

/// How many cards the screen lists (the export has them all).
pub const SHOWN: u32 = 1_000;

/// What the reader hands back for a query: the count and the first rows.
type Read = (CardQuery, Result<(u64, Vec<Card>), Message>);

/// The worker that counts and reads the list: queries in, answers out.
struct Reader {
    queries: Sender<CardQuery>,
    answers: Receiver<Read>,
}

impl Reader {
    /// Starts the worker with `store` (a reader of its own, with the session's zone scope,
    /// see [`Store::open_reader`]); `wake` repaints after each answer.
    fn start(store: Store, wake: impl Fn() + Send + 'static) -> Option<Reader> {
        let (queries, inbox) = channel::<CardQuery>();
        let (outbox, answers) = channel();
        std::thread::Builder::new()
            .name("card-list".into())
            .spawn(move || {
                while let Ok(mut query) = inbox.recv() {
                    // Only the newest filter matters: the clerk typed on.
                    while let Ok(newer) = inbox.try_recv() {
                        query = newer;
                    }
                    let read = read(&store, &query);
                    if outbox.send((query, read)).is_err() {
                        return;
                    }
                    wake();
                }
            })
            .ok()?;
        Some(Reader { queries, answers })
    }
}

/// The count and the first [`SHOWN`] cards of `q`.
fn read(store: &Store, q: &CardQuery) -> Result<(u64, Vec<Card>), Message> {
    let total = store.count_cards(q).map_err(|e| Message::of(&e))?;
    let cards = store.card_list(q, SHOWN).map_err(|e| Message::of(&e))?;
    Ok((total, cards))
}

/// The tab's filters, rows and export.
#[derive(Default)]
pub struct CardListTab {
    state: Option<CardState>,
    zone_id: Option<i64>,
    text: String,
    export: ExportButtons,
    /// The rows shown, the total, and the query they answer.
    rows: Vec<Card>,
    total: u64,
    shown: Option<CardQuery>,
    /// The last query sent to the reader and not answered yet.
    asked: Option<CardQuery>,
    error: Option<Message>,
    reader: Option<Reader>,
}

impl CardListTab {
    /// What the list shows on `today`.
    pub fn query(&self, today: chrono::NaiveDate) -> CardQuery {
        CardQuery { state: self.state, zone_id: self.zone_id, text: self.text.trim().to_string(), on: today }
    }

    /// The filter in words, for the title row of an export.
    fn filter_text(&self, lang: Lang, zones: &[Zone]) -> String {
        let all = tr(lang, "housing.all").into_owned();
        let state = self.state.map_or(all.clone(), |s| tr(lang, s.label_key()).into_owned());
        let zone =
            self.zone_id.and_then(|id| zones.iter().find(|z| z.id == id)).map_or(all.clone(), |z| z.name.clone());
        let text = if self.text.trim().is_empty() { all } else { self.text.trim().to_string() };
        tr_args(lang, "export.card_list_filter", &[("state", state), ("zone", zone), ("text", text)])
    }

    /// Forgets the rows shown, so that they are read again (after a change to any card).
    pub fn invalidate(&mut self) {
        self.shown = None;
    }

    /// Asks for the rows of `query` (from the reader when the database is a file, at once
    /// otherwise) unless they are shown or asked for; takes in the reader's answer.
    fn refresh(&mut self, ui: &Ui, store: &Store, query: &CardQuery) {
        if self.reader.is_none()
            && let Some(Ok(reader)) = store.open_list_reader()
        {
            let ctx = ui.ctx().clone();
            self.reader = Reader::start(reader, move || ctx.request_repaint());
        }
        let answers: Vec<Read> = self.reader.as_ref().map(|r| r.answers.try_iter().collect()).unwrap_or_default();
        for (answered, read) in answers {
            if self.asked.as_ref() == Some(&answered) {
                self.asked = None;
            }
            self.take(answered, read);
        }
        if self.shown.as_ref() == Some(query) || self.asked.as_ref() == Some(query) {
            return;
        }
        match &self.reader {
            Some(reader) if reader.queries.send(query.clone()).is_ok() => self.asked = Some(query.clone()),
            _ => self.take(query.clone(), read(store, query)),
        }
    }

    fn take(&mut self, query: CardQuery, read: Result<(u64, Vec<Card>), Message>) {
        match read {
            Ok((total, rows)) => {
                (self.total, self.rows, self.error) = (total, rows, None);
            }
            Err(m) => self.error = Some(m),
        }
        self.shown = Some(query);
    }

    /// Draws the filters, the export buttons and the first [`SHOWN`] cards.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        self.filters_ui(ui, lang, &view.cache.zones);
        let today = chrono::Local::now().date_naive();
        let (query, filter) = (self.query(today), self.filter_text(lang, &view.cache.zones));
        self.refresh(ui, store, &query);
        let (cards, total) = (std::mem::take(&mut self.rows), self.total);
        ui.horizontal(|ui| {
            if self.asked.is_some() {
                ui.spinner();
            }
            let shown = if total > cards.len() as u64 {
                tr_args(
                    lang,
                    "cards.list_count_first",
                    &[("n", count(total as i64)), ("shown", count(cards.len() as i64))],
                )
            } else {
                tr_args(lang, "cards.list_count", &[("n", count(total as i64))])
            };
            ui.label(RichText::new(shown).strong());
            ui.add_space(16.0);
            self.export.ui(ui, view, Personal::Documents, |unmasked| ExportSource {
                meta: card_meta(CardList::All, filter, today, lang),
                rows: Rows::from_store(store, total, move |reader, send| {
                    reader.for_each_card(&query, |c| send(card_row(&c, today, unmasked, lang)))
                }),
            });
        });
        if let Some(m) = &self.error {
            ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
        }
        cards_table_ui(ui, lang, ("card_list", "cards.list_none"), &cards, today, None, view.commands);
        self.rows = cards;
    }

    fn filters_ui(&mut self, ui: &mut Ui, lang: Lang, zones: &[Zone]) {
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "verify.state"));
            let all = tr(lang, "housing.all").into_owned();
            let shown = self.state.map_or(all.clone(), |s| tr(lang, s.label_key()).into_owned());
            egui::ComboBox::from_id_salt("card_list_state")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for state in std::iter::once(None).chain(CardState::ALL.map(Some)) {
                        let name = state.map_or(all.clone(), |s| tr(lang, s.label_key()).into_owned());
                        if ui.selectable_label(self.state == state, name).clicked() {
                            self.state = state;
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add_space(12.0);
            let label = ui.label(tr(lang, "talent.zone"));
            let all = tr(lang, "cards.all_zones").into_owned();
            let shown =
                self.zone_id.and_then(|id| zones.iter().find(|z| z.id == id)).map_or(all.clone(), |z| z.name.clone());
            egui::ComboBox::from_id_salt("card_list_zone")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (id, name) in
                        std::iter::once((None, all)).chain(zones.iter().map(|z| (Some(z.id), z.name.clone())))
                    {
                        if ui.selectable_label(self.zone_id == id, name).clicked() {
                            self.zone_id = id;
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add_space(12.0);
            let label = ui.label(tr(lang, "cards.list_search"));
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .desired_width(240.0)
                    .hint_text(tr(lang, "cards.list_search_hint")),
            )
            .labelled_by(label.id);
        });
        ui.add_space(4.0);
    }
}

/// Cards as a table: number (a link to the card's page), holder, masked document, tier,
/// state on `today`, issue and expiry dates, zone, employer; with a tick box per card when
/// a `selection` is given. `empty_key` says what an empty list means.
pub fn cards_table_ui(
    ui: &mut Ui,
    lang: Lang,
    (id, empty_key): (&str, &str),
    cards: &[Card],
    today: chrono::NaiveDate,
    mut selection: Option<&mut BTreeSet<i64>>,
    commands: &mut Vec<Command>,
) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if cards.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, empty_key)));
            return;
        }
        let mut table = TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .max_scroll_height(440.0);
        if selection.is_some() {
            table = table.column(Column::exact(36.0));
        }
        table
            .column(Column::initial(140.0))
            .column(Column::initial(90.0))
            .column(Column::initial(160.0))
            .column(Column::initial(44.0))
            .column(Column::initial(72.0))
            .column(Column::initial(92.0))
            .column(Column::initial(92.0))
            .column(Column::initial(140.0).clip(true))
            .column(Column::remainder().clip(true))
            .header(theme::ROW_HEIGHT, |mut h| {
                if selection.is_some() {
                    h.col(|_| {});
                }
                for key in [
                    "verify.number",
                    "verify.holder",
                    "talent.doc_number",
                    "talent.tier_short",
                    "verify.state",
                    "card.issued_on",
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
                    if let Some(selected) = selection.as_deref_mut() {
                        row.col(|ui| tick_ui(ui, lang, c, selected));
                    }
                    row.col(|ui| {
                        if ui.link(RichText::new(&c.number).monospace()).clicked() {
                            commands.push(Command::OpenCard { card_id: c.id });
                        }
                    });
                    row.col(|ui| {
                        ui.label(&c.holder);
                    });
                    row.col(|ui| {
                        ui.label(
                            RichText::new(mask_stored(c.holder_doc_type, c.holder_doc_number.whole())).monospace(),
                        );
                    });
                    row.col(|ui| {
                        ui.label(&c.tier);
                    });
                    row.col(|ui| {
                        let state = c.state_on(today);
                        widgets::badge_ui(ui, &tr(lang, state.label_key()), state_color(state));
                    });
                    row.col(|ui| {
                        ui.label(fmt_date(c.issued_on));
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

/// A card's tick box.
fn tick_ui(ui: &mut Ui, lang: Lang, c: &Card, selected: &mut BTreeSet<i64>) {
    let mut checked = selected.contains(&c.id);
    if ui.checkbox(&mut checked, "").on_hover_text(format!("{} {}", tr(lang, "cards.select"), c.number)).changed() {
        if checked {
            selected.insert(c.id);
        } else {
            selected.remove(&c.id);
        }
    }
}
