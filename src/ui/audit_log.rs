//! 设置 → 审计日志 (administrators): the audit log filtered by user, record (kind and number,
//! or a talent found by name or document), action and days, newest first, fifty rows a page
//! (keyset: a page of the millionth row is as quick as the first), each change as
//! `字段：旧 → 新`; the hash chain checked on a worker; the filtered log exported.

mod filter;

use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::export::{ExportButtons, ExportSource, Personal, Rows};
use super::{View, theme, widgets};
use crate::domain::{Message, Problem};
use crate::exchange::audit_list::{action_label, audit_meta, audit_row, describe_changes, record_label, user_label};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{AuditEntry, AuditFilter, Store};

/// Rows a page shows.
const PAGE: u32 = 50;
/// The outcome of a chain check: rows walked and the first broken row.
type ChainResult = Result<(u64, Option<i64>), Message>;

/// The screen's state.
#[derive(Default)]
pub struct AuditLogScreen {
    form: filter::FilterForm,
    /// The filter the rows belong to (None: not read yet).
    applied: Option<AuditFilter>,
    /// `before` of each page shown so far: the first is `None` (newest).
    pages: Vec<Option<i64>>,
    rows: Vec<AuditEntry>,
    has_older: bool,
    actions: Vec<String>,
    error: Option<Message>,
    chain: Option<Receiver<ChainResult>>,
    chain_result: Option<ChainResult>,
    export: ExportButtons,
}

impl AuditLogScreen {
    /// Reads the page that starts at `before` under the applied filter.
    fn read(&mut self, view: &View<'_>, store: &Store, before: Option<i64>) {
        let Some(filter) = &self.applied else { return };
        // One row more than a page says whether an older page exists.
        match store.audit_page(view.actor, filter, before, PAGE + 1) {
            Ok(mut rows) => {
                self.has_older = rows.len() > PAGE as usize;
                rows.truncate(PAGE as usize);
                self.rows = rows;
                self.error = None;
            }
            Err(e) => self.error = Some(Message::of(&e)),
        }
    }

    fn apply(&mut self, view: &View<'_>, store: &Store) {
        match self.form.parse() {
            Ok(filter) => {
                self.applied = Some(filter);
                self.pages = vec![None];
                self.read(view, store, None);
            }
            Err(m) => self.error = Some(m),
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        if self.applied.is_none() {
            self.actions = store.audit_actions(view.actor).unwrap_or_default();
            self.apply(view, store);
        }
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "audit.filter"));
            if self.form.ui(ui, view, store, &self.actions) {
                self.apply(view, store);
            }
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.horizontal(|ui| {
            self.chain_ui(ui, lang, store);
            ui.add_space(24.0);
            self.export_ui(ui, view, store);
        });
        if let Some(error) = &self.error {
            ui.label(RichText::new(error.text(lang)).color(theme::ERROR));
        }
        self.pager_ui(ui, view, store);
        table_ui(ui, lang, &self.rows);
    }

    fn pager_ui(&mut self, ui: &mut Ui, view: &View<'_>, store: &Store) {
        let lang = view.lang;
        ui.horizontal(|ui| {
            let page = self.pages.len().max(1);
            ui.label(RichText::new(tr_args(lang, "audit.page", &[("n", page.to_string())])).strong());
            if ui.add_enabled(self.pages.len() > 1, egui::Button::new(tr(lang, "audit.newer"))).clicked() {
                self.pages.pop();
                let before = self.pages.last().copied().flatten();
                self.read(view, store, before);
            }
            if ui.add_enabled(self.has_older, egui::Button::new(tr(lang, "audit.older"))).clicked()
                && let Some(last) = self.rows.last().map(|r| r.id)
            {
                self.pages.push(Some(last));
                self.read(view, store, Some(last));
            }
            if self.rows.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "audit.none")));
            }
        });
    }

    fn chain_ui(&mut self, ui: &mut Ui, lang: Lang, store: &Store) {
        if let Some(rx) = &self.chain
            && let Ok(result) = rx.try_recv()
        {
            self.chain_result = Some(result);
            self.chain = None;
        }
        let running = self.chain.is_some();
        if ui.add_enabled(!running, egui::Button::new(tr(lang, "audit.check_chain"))).clicked() {
            self.chain_result = None;
            self.chain = Some(check_chain(store, ui.ctx().clone()));
        }
        match (&self.chain_result, running) {
            (_, true) => {
                ui.label(widgets::muted(ui, &tr(lang, "audit.checking")));
                ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
            }
            (Some(Ok((rows, None))), _) => {
                let text = tr_args(lang, "audit.chain_ok", &[("n", crate::ui::placeholder::count(*rows as i64))]);
                ui.label(RichText::new(text).color(theme::OK));
            }
            (Some(Ok((_, Some(row)))), _) => {
                let text = tr_args(lang, "audit.chain_broken", &[("id", row.to_string())]);
                ui.label(RichText::new(text).color(theme::ERROR).strong());
            }
            (Some(Err(m)), _) => {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
            (None, false) => {}
        }
    }

    fn export_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        let Some(filter) = self.applied.clone() else { return };
        let actor = view.actor.clone();
        // Personal data in the values stays masked in the export too.
        self.export.ui(ui, view, Personal::None, |_| {
            let today = chrono::Local::now().date_naive();
            let meta = audit_meta(tr(lang, "audit.export_filter").into_owned(), today, lang);
            let rows = match store.reader_opener() {
                Some(opener) => Rows::Stream {
                    count: None,
                    produce: Box::new(move |send| {
                        let reader = opener.open().map_err(|e| Message::of(&e))?;
                        reader
                            .for_each_audit(&actor, &filter, |e| send(audit_row(lang, &e)))
                            .map_err(|e| Message::of(&e))
                    }),
                },
                None => {
                    let mut rows = Vec::new();
                    let read = store.for_each_audit(&actor, &filter, |e| {
                        rows.push(audit_row(lang, &e));
                        true
                    });
                    if read.is_err() {
                        rows.clear();
                    }
                    Rows::Ready(rows)
                }
            };
            ExportSource { meta, rows }
        });
    }
}

/// Walks the chain on a worker with a connection of its own (in memory: here, it is small).
fn check_chain(store: &Store, ctx: egui::Context) -> Receiver<ChainResult> {
    let (tx, rx) = channel();
    let walk = |s: &Store| -> ChainResult {
        let broken = s.verify_audit_chain().map_err(|e| Message::of(&e))?;
        let rows = s.audit_row_count().map_err(|e| Message::of(&e))?;
        Ok((rows, broken))
    };
    match store.open_reader() {
        Some(reader) => {
            let spawned = std::thread::Builder::new().name("audit-chain".into()).spawn(move || {
                let result = reader.map_err(|e| Message::of(&e)).and_then(|r| walk(&r));
                // The screen may be gone by the end; then nobody needs the answer.
                let _ = tx.send(result);
                ctx.request_repaint();
            });
            if spawned.is_err() {
                let (tx, rx) = channel();
                let _ = tx.send(Err(Message::new("print.err.thread")));
                return rx;
            }
        }
        None => {
            let _ = tx.send(walk(store));
        }
    }
    rx
}

/// The rows: number, time, user, action, record, and the changes one per line.
fn table_ui(ui: &mut Ui, lang: Lang, rows: &[AuditEntry]) {
    TableBuilder::new(ui)
        .id_salt("audit_log")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min))
        .column(Column::exact(64.0))
        .column(Column::exact(170.0))
        .column(Column::exact(90.0))
        .column(Column::exact(130.0))
        .column(Column::exact(110.0))
        .column(Column::remainder().at_least(240.0).clip(true))
        .auto_shrink([false, false])
        .header(theme::ROW_HEIGHT, |mut h| {
            for key in [
                "audit.col.id",
                "audit.col.at",
                "audit.col.user",
                "audit.col.action",
                "audit.col.record",
                "audit.col.changes",
            ] {
                h.col(|ui| {
                    ui.strong(tr(lang, key));
                });
            }
        })
        .body(|mut body| {
            for entry in rows {
                let changes = describe_changes(lang, entry);
                let shown = changes.len().clamp(1, 6);
                body.row(18.0 * shown as f32 + 8.0, |mut row| {
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                            ui.monospace(entry.id.to_string());
                        });
                    });
                    row.col(|ui| {
                        ui.monospace(&entry.at);
                    });
                    row.col(|ui| {
                        ui.label(user_label(lang, entry));
                    });
                    row.col(|ui| {
                        ui.label(action_label(lang, &entry.action));
                    });
                    row.col(|ui| {
                        ui.label(record_label(lang, entry));
                    });
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            ui.spacing_mut().item_spacing.y = 0.0;
                            for line in changes.iter().take(5) {
                                ui.label(line);
                            }
                            if changes.len() > 6 {
                                let more = tr_args(lang, "audit.more", &[("n", (changes.len() - 5).to_string())]);
                                ui.label(widgets::muted(ui, &more));
                            } else if let Some(line) = changes.get(5) {
                                ui.label(line);
                            }
                        });
                    });
                });
            }
        });
}
