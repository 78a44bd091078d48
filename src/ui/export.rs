//! The export buttons every list carries: Excel, CSV and PDF. Small lists are built on the
//! UI thread from the rows on screen; the talent list streams from its own read-only
//! connection on a worker thread. Personal data is masked unless a user with the right to
//! see it ticks "unmasked": the file is then written only after the store has checked the
//! right and written the audit row.

use std::path::PathBuf;

use egui::Ui;

use super::View;
use super::command::Command;
use super::file_dialog::{FileChooser, FileRequest};
use super::file_job::FileJob;
use crate::domain::Message;
use crate::exchange::{Format, Row, RowSender, TableMeta, row_channel, write_rows};
use crate::i18n::tr;
use crate::store::{Store, StoreError};

/// Where the rows of an export come from.
pub enum Rows {
    /// Already in memory.
    Ready(Vec<Row>),
    /// Produced on a worker thread into the sender (at most `count`, for the progress bar).
    Stream {
        /// How many rows to expect, when known.
        count: Option<u64>,
        /// Sends the rows; stops early when the receiver is gone (cancel).
        produce: Box<dyn FnOnce(RowSender) -> Result<(), Message> + Send>,
    },
    /// The rows could not be read: the export shows why and writes nothing.
    Failed(Message),
}

impl Rows {
    /// The rows `read` hands over from the store: on the export's worker, from a read-only
    /// connection of its own, when the database is a file (a long list never sits in
    /// memory); at once from `store` when it is in memory.
    pub fn from_store(
        store: &Store,
        count: u64,
        read: impl FnOnce(&Store, &mut dyn FnMut(Row) -> bool) -> Result<(), StoreError> + Send + 'static,
    ) -> Rows {
        // The reader keeps the session's zone scope: a limited user exports only their zones.
        match store.open_reader() {
            Some(reader) => Rows::Stream {
                count: Some(count),
                produce: Box::new(move |mut tx| {
                    let reader = reader.map_err(|e| Message::of(&e))?;
                    read(&reader, &mut |row| tx.send(row)).map_err(|e| Message::of(&e))
                }),
            },
            None => {
                let mut rows = Vec::new();
                match read(store, &mut |row| {
                    rows.push(row);
                    true
                }) {
                    Ok(()) => Rows::Ready(rows),
                    Err(e) => Rows::Failed(Message::of(&e)),
                }
            }
        }
    }
}

/// A table to export: its heading and its rows.
pub struct ExportSource {
    /// Title, filter, columns.
    pub meta: TableMeta,
    /// The rows.
    pub rows: Rows,
}

/// An export waiting for its file: the format, whether it is unmasked, and its rows.
struct Pending {
    format: Format,
    unmasked: bool,
    source: ExportSource,
}

/// The store's answer to an unmasked export: allowed (audit row written) or why not.
pub type Verdict = std::sync::Arc<std::sync::OnceLock<Result<(), Message>>>;

/// An unmasked export whose file is chosen, waiting for the store's verdict before any row
/// is written.
struct Awaiting {
    path: PathBuf,
    format: Format,
    source: ExportSource,
    verdict: Verdict,
}

/// The buttons, the file being chosen and the file being written.
#[derive(Default)]
pub struct ExportButtons {
    job: FileJob,
    unmasked: bool,
    chooser: FileChooser,
    pending: Option<Pending>,
    awaiting: Option<Awaiting>,
}

fn label_key(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "export.xlsx",
        Format::Csv => "export.csv",
        Format::Pdf => "export.pdf",
    }
}

/// The name a save dialog suggests: the list's title and the day.
fn file_name(meta: &TableMeta, format: Format) -> String {
    format!("{}_{}.{}", meta.title, crate::domain::dates::fmt_date(meta.generated), format.extension())
}

impl ExportButtons {
    /// Draws the buttons (and the running export's progress). `personal` lists hold
    /// document numbers and phones: a user with the right may then export them unmasked. `make`
    /// builds the source, told whether to unmask, only when a button is clicked; the file
    /// is written once the clerk chose where.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, personal: bool, make: impl FnOnce(bool) -> ExportSource) {
        let lang = view.lang;
        let may_unmask = personal && view.cache.rights.as_ref().is_some_and(|r| r.can_unmask);
        self.take_verdict();
        ui.vertical(|ui| {
            let mut clicked = None;
            ui.horizontal(|ui| {
                let idle = !self.job.is_running() && !self.chooser.is_asking() && self.awaiting.is_none();
                for format in Format::ALL {
                    if ui.add_enabled(idle, egui::Button::new(tr(lang, label_key(format)))).clicked() {
                        clicked = Some(format);
                    }
                }
                if may_unmask {
                    ui.checkbox(&mut self.unmasked, tr(lang, "export.unmasked"));
                }
            });
            if let Some(format) = clicked {
                let unmasked = may_unmask && self.unmasked;
                let source = make(unmasked);
                let request = FileRequest::save(
                    file_name(&source.meta, format),
                    format.extension().to_uppercase(),
                    format.extension(),
                );
                self.pending = Some(Pending { format, unmasked, source });
                self.chooser.ask(view.desktop, request);
            }
            let chosen = self.chooser.ui(ui, lang);
            match (chosen, self.pending.take()) {
                (Some(path), Some(p)) => self.start(view, path, p.format, p.unmasked, p.source),
                // Still waiting for a typed path.
                (None, Some(p)) if self.chooser.is_asking() => self.pending = Some(p),
                _ => {}
            }
            self.job.ui(ui, lang, view.desktop, "export.done");
        });
    }

    fn start(&mut self, view: &mut View<'_>, path: PathBuf, format: Format, unmasked: bool, source: ExportSource) {
        if unmasked {
            let verdict = Verdict::default();
            view.commands.push(Command::AuditUnmaskedExport {
                list: source.meta.title.clone(),
                file: path.display().to_string(),
                verdict: verdict.clone(),
            });
            self.awaiting = Some(Awaiting { path, format, source, verdict });
            return;
        }
        self.write(path, format, source);
    }

    /// Writes the unmasked export the store allowed, or shows why it refused.
    fn take_verdict(&mut self) {
        let Some(verdict) = self.awaiting.as_ref().and_then(|a| a.verdict.get().cloned()) else { return };
        let Some(a) = self.awaiting.take() else { return };
        match verdict {
            Ok(()) => self.write(a.path, a.format, a.source),
            Err(m) => self.job.fail(m),
        }
    }

    /// Writes the file on a worker.
    fn write(&mut self, path: PathBuf, format: Format, source: ExportSource) {
        let ExportSource { meta, rows } = source;
        self.job.start(path, move |path, progress| match rows {
            Rows::Failed(m) => Err(m),
            Rows::Ready(rows) => {
                let count = Some(rows.len() as u64);
                write_rows(path, format, &meta, rows, count, progress).map_err(|e| Message::of(&e))
            }
            Rows::Stream { count, produce } => {
                let (tx, rx) = row_channel();
                let producer = std::thread::Builder::new()
                    .name("export-rows".into())
                    .spawn(move || produce(tx))
                    .map_err(|_| Message::new("print.err.thread"))?;
                let written = write_rows(path, format, &meta, rx, count, progress).map_err(|e| Message::of(&e));
                // The producer ends once the receiver is dropped; its own failure wins.
                match producer.join() {
                    Ok(Err(m)) => Err(m),
                    _ => written,
                }
            }
        });
    }
}
