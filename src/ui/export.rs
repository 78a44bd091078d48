//! The export buttons every list carries: Excel, CSV and PDF. The table is built on the UI
//! thread from the rows already on screen, then written on a worker thread with progress.

use egui::Ui;

use super::file_job::FileJob;
use crate::domain::Message;
use crate::exchange::{Format, Row, TableMeta, write_table};
use crate::i18n::{Lang, tr};

/// The buttons and the file they are writing.
#[derive(Default)]
pub struct ExportButtons {
    job: FileJob,
}

fn label_key(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "export.xlsx",
        Format::Csv => "export.csv",
        Format::Pdf => "export.pdf",
    }
}

impl ExportButtons {
    /// Draws the three buttons (and the running export's progress); `make` builds the
    /// table only when one is clicked.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, make: impl FnOnce() -> (TableMeta, Vec<Row>)) {
        let mut chosen = None;
        ui.horizontal(|ui| {
            for format in Format::ALL {
                if ui.add_enabled(!self.job.is_running(), egui::Button::new(tr(lang, label_key(format)))).clicked() {
                    chosen = Some(format);
                }
            }
        });
        self.job.ui(ui, lang, "export.done");
        let Some(format) = chosen else { return };
        let (meta, rows) = make();
        let name = format!("{}_{}.{}", meta.title, crate::domain::dates::fmt_date(meta.generated), format.extension());
        let Some(path) = rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(format.extension().to_uppercase(), &[format.extension()])
            .save_file()
        else {
            return;
        };
        self.job.start(path, move |path, progress| {
            write_table(path, format, &meta, rows, progress).map_err(|e| Message::of(&e))
        });
    }
}
