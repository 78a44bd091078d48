//! 人才名单: one search box (name fragment, pinyin initials, Latin name, document fragment,
//! employer), filters by zone, tier and field, a sortable table that stays smooth at a
//! million rows (only the visible window of rows is read), masked personal data.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::dates::fmt_date;
use crate::domain::id_number::mask_phone;
use crate::domain::{DocumentNumber, Message, Problem};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::search::CardFilter;
use crate::store::{Store, TalentQuery, TalentRow, TalentSort, Zone};
use crate::ui::View;
use crate::ui::export::{ExportButtons, ExportSource, Personal, Rows};
use crate::ui::{theme, widgets};

use super::loader::{Loader, Request};

/// How many rows are read at once around the visible ones.
const WINDOW: u64 = 200;

/// The list's state: the query, the total, and a cached window of rows.
#[derive(Default)]
pub struct TalentList {
    query: TalentQuery,
    /// The query the cached count and rows belong to.
    loaded: Option<TalentQuery>,
    total: u64,
    window_start: u64,
    rows: Vec<TalentRow>,
    error: Option<Message>,
    focus_search: bool,
    /// A row to bring into view on the next frame (Home/End/PageUp/PageDown, or a jump).
    jump: Option<u64>,
    /// The first row shown in the last frame.
    first_visible: u64,
    /// The background reader (none for a database in memory: then reads are direct).
    loader: Option<Loader>,
    export: ExportButtons,
    loader_tried: bool,
    /// The last request sent and not answered yet.
    pending: Option<Request>,
}

/// What the clerk picked in the list.
pub enum ListAction {
    /// Nothing.
    None,
    /// Open this talent's profile.
    Open(i64),
}

fn masked(row: &TalentRow) -> String {
    DocumentNumber::parse(row.doc_type, row.doc_number.whole(), chrono::NaiveDate::MAX)
        .map(|d| d.masked())
        .unwrap_or_else(|_| "****".to_string())
}

impl TalentList {
    /// Brings row `index` into view on the next frame.
    pub fn jump_to(&mut self, index: u64) {
        self.jump = Some(index);
    }

    /// Whether row `index` is read and ready to show.
    pub fn has_row(&self, index: u64) -> bool {
        self.row(index).is_some()
    }

    /// How many talents the current search finds.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Forgets the cached rows, so the next frame reads them again (after a change).
    pub fn invalidate(&mut self) {
        self.loaded = None;
    }

    fn reload(&mut self, store: &Store) {
        if let Some(loader) = &self.loader {
            let request = Request { query: self.query.clone(), count: true, offset: 0, limit: WINDOW as u32 };
            if self.pending.as_ref() != Some(&request) && loader.ask(request.clone()) {
                self.pending = Some(request);
                self.loaded = Some(self.query.clone());
                // Rows of the previous search must not show under the new one.
                self.rows.clear();
                return;
            }
        }
        match store.count_talents(&self.query) {
            Ok(total) => {
                self.total = total;
                self.loaded = Some(self.query.clone());
                self.window_start = 0;
                self.rows.clear();
                self.error = None;
            }
            Err(e) => self.error = Some(Message::of(&e)),
        }
    }

    fn ensure_window(&mut self, store: &Store, first: u64, last: u64) {
        let have = self.window_start..self.window_start + self.rows.len() as u64;
        if have.contains(&first) && (last < have.end || have.end >= self.total) {
            return;
        }
        let start = first.saturating_sub(WINDOW / 4);
        if let Some(loader) = &self.loader {
            let request = Request { query: self.query.clone(), count: false, offset: start, limit: WINDOW as u32 };
            let waiting = self.pending.as_ref().is_some_and(|p| p.query == request.query && p.offset == start);
            if !waiting && loader.ask(request.clone()) {
                self.pending = Some(request);
            }
            return;
        }
        match store.search_talents(&self.query, start, WINDOW as u32) {
            Ok(rows) => {
                self.window_start = start;
                self.rows = rows;
            }
            Err(e) => self.error = Some(Message::of(&e)),
        }
    }

    fn row(&self, index: u64) -> Option<&TalentRow> {
        index.checked_sub(self.window_start).and_then(|i| self.rows.get(i as usize))
    }

    fn filters_ui(&mut self, ui: &mut Ui, lang: Lang, zones: &[Zone], tiers: &[String], fields: &[String]) {
        ui.horizontal(|ui| {
            let search = ui.add(
                egui::TextEdit::singleline(&mut self.query.text)
                    .hint_text(tr(lang, "talents.search_hint"))
                    .desired_width(360.0),
            );
            if self.focus_search {
                search.request_focus();
                self.focus_search = false;
            }
            let any = tr(lang, "talents.any");
            let zone = zones
                .iter()
                .find(|z| Some(z.id) == self.query.zone_id)
                .map_or_else(|| any.to_string(), |z| z.name.clone());
            egui::ComboBox::from_id_salt("filter_zone")
                .selected_text(format!("{}：{zone}", tr(lang, "talent.zone")))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.query.zone_id, None, any.as_ref());
                    for z in zones {
                        ui.selectable_value(&mut self.query.zone_id, Some(z.id), &z.name);
                    }
                })
                .response
                .accessible_name(tr(lang, "talent.zone"));
            let tier = self.query.tier.clone().unwrap_or_else(|| any.to_string());
            egui::ComboBox::from_id_salt("filter_tier")
                .selected_text(format!("{}：{tier}", tr(lang, "talent.tier")))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.query.tier, None, any.as_ref());
                    for t in tiers {
                        ui.selectable_value(&mut self.query.tier, Some(t.clone()), t);
                    }
                })
                .response
                .accessible_name(tr(lang, "talent.tier"));
            let field = self.query.field.clone().unwrap_or_else(|| any.to_string());
            egui::ComboBox::from_id_salt("filter_field")
                .selected_text(format!("{}：{field}", tr(lang, "talent.field")))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.query.field, None, any.as_ref());
                    for f in fields {
                        ui.selectable_value(&mut self.query.field, Some(f.clone()), f);
                    }
                })
                .response
                .accessible_name(tr(lang, "talent.field"));
            let today = chrono::Local::now().date_naive();
            let card = self.query.card.map_or_else(|| any.to_string(), |(f, _)| tr(lang, f.label_key()).into_owned());
            egui::ComboBox::from_id_salt("filter_card")
                .selected_text(format!("{}：{card}", tr(lang, "talents.card_filter")))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.query.card, None, any.as_ref());
                    for f in CardFilter::ALL {
                        ui.selectable_value(&mut self.query.card, Some((f, today)), tr(lang, f.label_key()));
                    }
                })
                .response
                .accessible_name(tr(lang, "talents.card_filter"));
        });
    }

    /// Takes in what the background reader answered.
    fn receive(&mut self) {
        let Some(loader) = &self.loader else { return };
        for reply in loader.answers() {
            if self.pending.as_ref() == Some(&reply.request) {
                self.pending = None;
            }
            if reply.request.query != self.query {
                continue;
            }
            if let Some(total) = reply.total {
                match total {
                    Ok(total) => {
                        self.total = total;
                        self.error = None;
                    }
                    Err(m) => self.error = Some(m),
                }
            }
            match reply.rows {
                Ok(rows) => {
                    self.window_start = reply.request.offset;
                    self.rows = rows;
                }
                Err(m) => self.error = Some(m),
            }
        }
    }

    /// Draws the search row, the count and the table.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        view: &mut View<'_>,
        store: &Store,
        zones: &[Zone],
        tiers: &[String],
        fields: &[String],
    ) -> ListAction {
        let lang = view.lang;
        if ui.input_mut(|i| i.consume_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::F))) {
            self.focus_search = true;
        }
        if !self.loader_tried {
            self.loader_tried = true;
            let ctx = ui.ctx().clone();
            self.loader = Loader::start(store, move || ctx.request_repaint());
        }
        self.receive();
        self.filters_ui(ui, lang, zones, tiers, fields);
        if self.loaded.as_ref() != Some(&self.query) {
            self.reload(store);
        }
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(tr_args(
                    lang,
                    "talents.count",
                    &[("n", crate::ui::placeholder::count(self.total as i64))],
                ))
                .strong(),
            );
            ui.label(widgets::muted(ui, &tr(lang, "talents.masked_hint")));
            ui.add_space(16.0);
            let (query, total) = (self.query.clone(), self.total);
            let zone = query.zone_id.and_then(|id| zones.iter().find(|z| z.id == id)).map(|z| z.name.as_str());
            let filter = crate::exchange::talent_filter(&query, zone, lang);
            self.export.ui(ui, view, Personal::DocumentsAndPhones, |unmasked| {
                talent_export(store, query, filter, total, unmasked, lang)
            });
        });
        if let Some(error) = &self.error {
            ui.label(RichText::new(error.text(lang)).color(theme::ERROR));
        }
        let mut action = ListAction::None;
        // Sized for a 1366-pixel screen; the employer takes what is left.
        let columns: [(&str, Option<TalentSort>, f32); 11] = [
            ("talent.name", Some(TalentSort::Name), 84.0),
            ("talent.gender", None, 36.0),
            ("talent.birth_date", Some(TalentSort::BirthDate), 90.0),
            ("talent.doc_type", None, 80.0),
            ("talent.doc_number", None, 150.0),
            ("talent.phone", None, 100.0),
            ("talent.tier_short", Some(TalentSort::Tier), 56.0),
            ("talent.field", None, 70.0),
            ("talent.zone", Some(TalentSort::Zone), 120.0),
            ("talent.arrival_date", Some(TalentSort::ArrivalDate), 90.0),
            ("talent.employer", Some(TalentSort::Employer), 160.0),
        ];
        if !ui.ctx().egui_wants_keyboard_input() {
            let page = 30u64;
            let (home, end, up, down) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Home),
                    i.key_pressed(egui::Key::End),
                    i.key_pressed(egui::Key::PageUp),
                    i.key_pressed(egui::Key::PageDown),
                )
            });
            let last = self.total.saturating_sub(1);
            if home {
                self.jump = Some(0);
            } else if end {
                self.jump = Some(last);
            } else if up {
                self.jump = Some(self.first_visible.saturating_sub(page));
            } else if down {
                self.jump = Some((self.first_visible + page).min(last));
            }
        }
        let mut table = TableBuilder::new(ui)
            .id_salt("talents")
            .striped(true)
            // A jump (Home, End, a page) lands at once, as in a spreadsheet: an animated
            // scroll through a million rows would ask for every window on the way and
            // show the row late.
            .animate_scrolling(false)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink([false, false]);
        for (i, (_, _, w)) in columns.iter().enumerate() {
            table = if i + 1 == columns.len() {
                table.column(Column::remainder().at_least(*w).clip(true))
            } else {
                table.column(Column::initial(*w).clip(true).resizable(true))
            };
        }
        if let Some(row) = self.jump.take() {
            // Read the window first, so the frame that jumps already shows the rows.
            if self.loaded.as_ref() == Some(&self.query) {
                self.ensure_window(store, row, row + 40);
            }
            table = table.scroll_to_row(row as usize, Some(egui::Align::TOP));
        }
        let mut sort_clicked = None;
        let mut visible = (u64::MAX, 0u64);
        // Reading happens after the frame knows which rows it shows; the first frame of a
        // new window shows “…” for a moment.
        table
            .header(theme::ROW_HEIGHT, |mut h| {
                for (key, sort, _) in columns {
                    h.col(|ui| {
                        let mut text = tr(lang, key).into_owned();
                        if sort.is_some() && sort == Some(self.query.sort) {
                            text.push_str(if self.query.descending { " ▼" } else { " ▲" });
                        }
                        match sort {
                            Some(s) => {
                                if ui.add(egui::Button::new(RichText::new(text).strong()).frame(false)).clicked() {
                                    sort_clicked = Some(s);
                                }
                            }
                            None => {
                                ui.strong(text);
                            }
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(theme::ROW_HEIGHT, self.total as usize, |mut row| {
                    let index = row.index() as u64;
                    visible = (visible.0.min(index), visible.1.max(index));
                    let Some(t) = self.row(index) else {
                        row.col(|ui| {
                            ui.label(widgets::muted(ui, "…"));
                        });
                        return;
                    };
                    let id = t.id;
                    row.col(|ui| {
                        if ui.link(&t.name).clicked() {
                            action = ListAction::Open(id);
                        }
                    });
                    row.col(|ui| {
                        ui.label(tr(lang, t.gender.label_key()));
                    });
                    row.col(|ui| {
                        ui.label(fmt_date(t.birth_date));
                    });
                    row.col(|ui| {
                        ui.label(tr(lang, &format!("doc.short.{}", t.doc_type.code())));
                    });
                    row.col(|ui| {
                        ui.monospace(masked(t));
                    });
                    row.col(|ui| {
                        ui.monospace(if t.phone.is_empty() { String::new() } else { mask_phone(t.phone.whole()) });
                    });
                    row.col(|ui| {
                        ui.label(&t.tier);
                    });
                    row.col(|ui| {
                        ui.label(&t.field);
                    });
                    row.col(|ui| {
                        ui.label(&t.zone_name);
                    });
                    row.col(|ui| {
                        ui.label(t.arrival_date.map(fmt_date).unwrap_or_default());
                    });
                    row.col(|ui| {
                        ui.label(&t.employer_name);
                    });
                });
            });
        if let Some(sort) = sort_clicked {
            if self.query.sort == sort {
                self.query.descending = !self.query.descending;
            } else {
                self.query.sort = sort;
                self.query.descending = false;
            }
        }
        if visible.0 <= visible.1 {
            self.first_visible = visible.0;
        }
        if visible.0 <= visible.1 && self.loaded.as_ref() == Some(&self.query) {
            let before = (self.window_start, self.rows.len());
            self.ensure_window(store, visible.0, visible.1);
            if before != (self.window_start, self.rows.len()) {
                ui.ctx().request_repaint();
            }
        }
        action
    }
}

/// The talent list as an export: streamed from a read-only connection of its own when the
/// database is a file (a million rows never sit in memory), read at once otherwise (see
/// [`Rows::from_store`]).
fn talent_export(
    store: &Store,
    query: TalentQuery,
    filter: String,
    total: u64,
    unmasked: bool,
    lang: Lang,
) -> ExportSource {
    let today = chrono::Local::now().date_naive();
    let meta = crate::exchange::talent_meta(filter, today, lang);
    let maker = crate::exchange::TalentRows::new(unmasked, lang);
    let rows =
        Rows::from_store(store, total, move |reader, send| reader.for_each_talent(&query, |t| send(maker.row_of(t))));
    ExportSource { meta, rows }
}
