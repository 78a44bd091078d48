//! The export buttons every list carries: Excel, CSV and PDF. Small lists are built on the
//! UI thread from the rows on screen; the talent list streams from its own read-only
//! connection on a worker thread. Personal data is masked unless a user with the right to
//! see it ticks "unmasked": the file is then written only after the store has checked the
//! right and written the audit row.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::View;
use super::command::Command;
use super::file_dialog::{FileChooser, FileRequest};
use super::file_job::FileJob;
use crate::domain::Message;
use crate::exchange::{Format, Progress, ReadRows, Row, TableMeta, spawn_reader, write_rows, write_table};
use crate::i18n::tr;
use crate::store::{Store, StoreError};

/// Where the rows of an export come from.
pub enum Rows {
    /// Already in memory.
    Ready(Vec<Row>),
    /// Produced on a worker thread of their own (at most `count`, for the progress bar).
    Stream {
        /// How many rows to expect, when known.
        count: Option<u64>,
        /// Sends each row, stops early when told (cancel); its error, or its panic, fails
        /// the export and leaves no file.
        produce: ReadRows,
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
        // It is opened on the export's worker, when the file is written.
        match store.reader_opener() {
            Some(opener) => Rows::Stream {
                count: Some(count),
                produce: Box::new(move |send| {
                    let reader = opener.open().map_err(|e| Message::of(&e))?;
                    read(&reader, send).map_err(|e| Message::of(&e))
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

impl Rows {
    /// Writes the rows to `path` in `format` under `meta` (on the export's worker); returns
    /// how many. Rows that could not be read, and a reader that fails or panics halfway,
    /// fail the export: no file is put in place and an existing one keeps its content.
    pub fn write(self, path: &Path, format: Format, meta: &TableMeta, progress: &Progress) -> Result<u64, Message> {
        let written = match self {
            Rows::Failed(m) => return Err(m),
            Rows::Ready(rows) => write_table(path, format, meta, rows, progress),
            Rows::Stream { count, produce } => write_rows(path, format, meta, spawn_reader(produce)?, count, progress),
        };
        written.map_err(|e| Message::of(&e))
    }
}

/// A table to export: its heading and its rows.
pub struct ExportSource {
    /// Title, filter, columns.
    pub meta: TableMeta,
    /// The rows.
    pub rows: Rows,
}

/// The personal data a list holds: a user with the right may export it unmasked, and the
/// tick box says which numbers that means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Personal {
    /// Nothing to mask (teams, grants, the review queue, the dashboard's tables).
    None,
    /// Document numbers (the card lists, the allocation and arrears lists).
    Documents,
    /// Document numbers and phones (the talent list).
    DocumentsAndPhones,
}

impl Personal {
    /// The tick box's label, for a list that holds personal data.
    fn unmask_key(self) -> Option<&'static str> {
        match self {
            Personal::None => None,
            Personal::Documents => Some("export.unmasked_documents"),
            Personal::DocumentsAndPhones => Some("export.unmasked"),
        }
    }
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
    /// Draws the buttons (and the running export's progress). Lists holding `personal`
    /// data may be exported unmasked by a user with the right to see it in full. `make`
    /// builds the source, told whether to unmask, only when a button is clicked; the file
    /// is written once the clerk chose where (and, unmasked, once the store allowed it).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        view: &mut View<'_>,
        personal: Personal,
        make: impl FnOnce(bool) -> ExportSource,
    ) {
        let lang = view.lang;
        let may = view.cache.rights.as_ref().is_some_and(|r| r.can_unmask);
        let unmask_key = personal.unmask_key().filter(|_| may);
        let may_unmask = unmask_key.is_some();
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
                if let Some(key) = unmask_key {
                    ui.checkbox(&mut self.unmasked, tr(lang, key));
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
        self.job.start(path, move |path, progress| rows.write(path, format, &meta, progress));
    }
}
