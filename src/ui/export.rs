//! The export buttons every list carries: Excel, CSV and PDF. Small lists are built on the
//! UI thread from the rows on screen; the talent list streams from its own read-only
//! connection on a worker thread. Personal data is masked unless a user with the right to
//! see it ticks "unmasked": the file is then written only after the store has checked the
//! right and written the audit row.

use std::sync::mpsc::{SyncSender, sync_channel};

use egui::Ui;

use super::View;
use super::command::Command;
use super::file_job::FileJob;
use crate::domain::Message;
use crate::exchange::{Format, Row, TableMeta, write_rows};
use crate::i18n::tr;

/// Where the rows of an export come from.
pub enum Rows {
    /// Already in memory.
    Ready(Vec<Row>),
    /// Produced on a worker thread into the sender (at most `count`, for the progress bar).
    Stream {
        /// How many rows to expect, when known.
        count: Option<u64>,
        /// Sends the rows; stops early when the receiver is gone (cancel).
        produce: Box<dyn FnOnce(SyncSender<Row>) -> Result<(), Message> + Send>,
    },
}

/// A table to export: its heading and its rows.
pub struct ExportSource {
    /// Title, filter, columns.
    pub meta: TableMeta,
    /// The rows.
    pub rows: Rows,
}

/// The store's answer to an unmasked export: allowed (audit row written) or why not.
pub type Verdict = std::sync::Arc<std::sync::OnceLock<Result<(), Message>>>;

/// An unmasked export waiting for the store's verdict before any row is written.
struct Pending {
    path: std::path::PathBuf,
    format: Format,
    source: ExportSource,
    verdict: Verdict,
}

/// The buttons and the file they are writing.
#[derive(Default)]
pub struct ExportButtons {
    job: FileJob,
    unmasked: bool,
    pending: Option<Pending>,
}

fn label_key(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "export.xlsx",
        Format::Csv => "export.csv",
        Format::Pdf => "export.pdf",
    }
}

impl ExportButtons {
    /// Draws the buttons (and the running export's progress). `personal` lists hold
    /// document numbers and phones: administrators may then export them unmasked. `make`
    /// builds the source, told whether to unmask, only when a button is clicked.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, personal: bool, make: impl FnOnce(bool) -> ExportSource) {
        let lang = view.lang;
        let may_unmask = personal && view.cache.rights.as_ref().is_some_and(|r| r.can_unmask);
        self.take_verdict();
        let mut chosen = None;
        ui.horizontal(|ui| {
            let idle = !self.job.is_running() && self.pending.is_none();
            for format in Format::ALL {
                if ui.add_enabled(idle, egui::Button::new(tr(lang, label_key(format)))).clicked() {
                    chosen = Some(format);
                }
            }
            if may_unmask {
                ui.checkbox(&mut self.unmasked, tr(lang, "export.unmasked"));
            }
        });
        self.job.ui(ui, lang, "export.done");
        let Some(format) = chosen else { return };
        let unmasked = may_unmask && self.unmasked;
        let ExportSource { meta, rows } = make(unmasked);
        let name = format!("{}_{}.{}", meta.title, crate::domain::dates::fmt_date(meta.generated), format.extension());
        let asked = match &view.cache.save_to {
            Some(folder) => Some(folder.join(&name)),
            None => rfd::FileDialog::new()
                .set_file_name(name)
                .add_filter(format.extension().to_uppercase(), &[format.extension()])
                .save_file(),
        };
        let Some(path) = asked else { return };
        if unmasked {
            let verdict = Verdict::default();
            view.commands.push(Command::AuditUnmaskedExport {
                list: meta.title.clone(),
                file: path.display().to_string(),
                verdict: verdict.clone(),
            });
            self.pending = Some(Pending { path, format, source: ExportSource { meta, rows }, verdict });
            return;
        }
        self.start(path, format, ExportSource { meta, rows });
    }

    /// Starts the unmasked export the store allowed, or shows why it refused.
    fn take_verdict(&mut self) {
        let Some(verdict) = self.pending.as_ref().and_then(|p| p.verdict.get().cloned()) else { return };
        let Some(p) = self.pending.take() else { return };
        match verdict {
            Ok(()) => self.start(p.path, p.format, p.source),
            Err(m) => self.job.fail(m),
        }
    }

    /// Writes the file on a worker.
    fn start(&mut self, path: std::path::PathBuf, format: Format, source: ExportSource) {
        let ExportSource { meta, rows } = source;
        self.job.start(path, move |path, progress| match rows {
            Rows::Ready(rows) => {
                let count = Some(rows.len() as u64);
                write_rows(path, format, &meta, rows, count, progress).map_err(|e| Message::of(&e))
            }
            Rows::Stream { count, produce } => {
                let (tx, rx) = sync_channel(4096);
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
