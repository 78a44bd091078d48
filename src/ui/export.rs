//! The export buttons every list carries: Excel, CSV and PDF. Small lists are built on the
//! UI thread from the rows on screen; the talent list streams from its own read-only
//! connection on a worker thread. Personal data is masked unless an administrator ticks
//! "unmasked", which writes an audit row.

use egui::Ui;

use super::View;
use super::command::Command;
use super::file_job::FileJob;
use crate::domain::Message;
use crate::exchange::{Format, Row, RowSender, TableMeta, row_channel, write_rows};
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
        produce: Box<dyn FnOnce(RowSender) -> Result<(), Message> + Send>,
    },
}

/// A table to export: its heading and its rows.
pub struct ExportSource {
    /// Title, filter, columns.
    pub meta: TableMeta,
    /// The rows.
    pub rows: Rows,
}

/// The buttons and the file they are writing.
#[derive(Default)]
pub struct ExportButtons {
    job: FileJob,
    unmasked: bool,
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
        let may_unmask = personal && view.actor.role.is_admin();
        let mut chosen = None;
        ui.horizontal(|ui| {
            for format in Format::ALL {
                if ui.add_enabled(!self.job.is_running(), egui::Button::new(tr(lang, label_key(format)))).clicked() {
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
        let Some(path) = rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(format.extension().to_uppercase(), &[format.extension()])
            .save_file()
        else {
            return;
        };
        if unmasked {
            view.commands
                .push(Command::AuditUnmaskedExport { list: meta.title.clone(), file: path.display().to_string() });
        }
        self.job.start(path, move |path, progress| match rows {
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
