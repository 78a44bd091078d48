//! The print queue tab (制卡): requests waiting to be printed, printed cards waiting for
//! their holder, and cards handed over; the selection moves a step on in one click.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::print_file::faces;
use crate::domain::dates::fmt_date;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{PrintJob, PrintState, Store};
use crate::ui::command::Command;
use crate::ui::file_dialog::{Desktop, FileChooser, FileRequest};
use crate::ui::file_job::FileJob;
use crate::ui::{theme, widgets};

/// The tab's state.
pub struct PrintsTab {
    /// Which requests are listed.
    pub state: PrintState,
    /// Selected request ids.
    pub selected: BTreeSet<i64>,
    /// The print file being written, or how the last one ended.
    file: FileJob,
    /// Where the print file goes, and the faces waiting for it.
    chooser: FileChooser,
    faces: Option<Vec<crate::exchange::CardFace>>,
}

impl Default for PrintsTab {
    fn default() -> PrintsTab {
        PrintsTab {
            state: PrintState::Requested,
            selected: BTreeSet::new(),
            file: FileJob::default(),
            chooser: FileChooser::default(),
            faces: None,
        }
    }
}

impl PrintsTab {
    /// Draws the tab; returns true when the listed state changed (the rows must be read).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        store: &Store,
        jobs: &[PrintJob],
        commands: &mut Vec<Command>,
        desktop: &dyn Desktop,
    ) -> bool {
        let mut changed = false;
        if let Some(path) = self.chooser.ui(ui, lang) {
            self.write_file(path);
        }
        if !self.chooser.is_asking() {
            self.faces = None;
        }
        self.file.ui(ui, lang, desktop, "print.file_done");
        ui.horizontal(|ui| {
            for state in [PrintState::Requested, PrintState::Printed, PrintState::HandedOver] {
                if ui.selectable_label(self.state == state, tr(lang, state.label_key())).clicked()
                    && self.state != state
                {
                    self.state = state;
                    self.selected.clear();
                    changed = true;
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let next = match self.state {
                    PrintState::Requested => Some("print.mark_printed"),
                    PrintState::Printed => Some("print.mark_handed"),
                    PrintState::HandedOver | PrintState::Cancelled => None,
                };
                if let Some(key) = next {
                    let n = self.selected.len();
                    if ui
                        .add_enabled(n > 0, theme::primary_button(tr_args(lang, key, &[("n", n.to_string())])))
                        .clicked()
                    {
                        commands.push(Command::AdvancePrints { ids: self.selected.iter().copied().collect() });
                    }
                    if self.state == PrintState::Requested
                        && ui
                            .add_enabled(
                                !self.file.is_running() && !self.chooser.is_asking() && !self.selected.is_empty(),
                                egui::Button::new(tr(lang, "print.make_file")),
                            )
                            .clicked()
                    {
                        self.make_file(store, jobs, desktop);
                    }
                    if ui.button(tr(lang, "print.select_all")).clicked() {
                        self.selected = jobs.iter().map(|j| j.id).collect();
                    }
                }
            });
        });
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if jobs.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "print.empty")));
                return;
            }
            TableBuilder::new(ui)
                .id_salt("print_queue")
                .striped(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .max_scroll_height(460.0)
                .column(Column::exact(36.0))
                .column(Column::initial(150.0))
                .column(Column::initial(120.0))
                .column(Column::initial(120.0))
                .column(Column::initial(110.0))
                .column(Column::remainder().clip(true))
                .header(theme::ROW_HEIGHT, |mut h| {
                    h.col(|_| {});
                    for key in ["verify.number", "print.name", "verify.holder", "print.requested_on", "print.reason"] {
                        h.col(|ui| {
                            ui.strong(tr(lang, key));
                        });
                    }
                })
                .body(|body| {
                    body.rows(theme::ROW_HEIGHT, jobs.len(), |mut row| {
                        let j = &jobs[row.index()];
                        row.col(|ui| {
                            let mut checked = self.selected.contains(&j.id);
                            if ui
                                .checkbox(&mut checked, "")
                                .on_hover_text(format!("{} {}", tr(lang, "cards.select"), j.number))
                                .changed()
                            {
                                if checked {
                                    self.selected.insert(j.id);
                                } else {
                                    self.selected.remove(&j.id);
                                }
                            }
                        });
                        row.col(|ui| {
                            if ui.link(RichText::new(&j.number).monospace()).clicked() {
                                commands.push(Command::OpenCard { card_id: j.card_id });
                            }
                        });
                        row.col(|ui| {
                            ui.label(&j.name);
                        });
                        row.col(|ui| {
                            ui.label(widgets::muted(ui, &j.holder));
                        });
                        row.col(|ui| {
                            ui.label(fmt_date(j.requested_on));
                        });
                        row.col(|ui| {
                            ui.label(&j.reason);
                        });
                    });
                });
        });
        changed
    }
}

impl PrintsTab {
    /// Reads the selected cards' faces and asks where to save their print file.
    fn make_file(&mut self, store: &Store, jobs: &[PrintJob], desktop: &dyn Desktop) {
        let today = chrono::Local::now().date_naive();
        let chosen: Vec<&PrintJob> = jobs.iter().filter(|j| self.selected.contains(&j.id)).collect();
        match faces(store, &chosen, today) {
            Ok(f) => self.faces = Some(f),
            Err(m) => return self.file.fail(m),
        }
        let name = format!("绿卡制卡_{}.pdf", crate::domain::dates::fmt_date(today));
        // The chosen path is taken at the top of the next frame.
        self.chooser.ask(desktop, FileRequest::save(name, "PDF", "pdf"));
    }

    /// Starts writing the waiting faces to `path`.
    fn write_file(&mut self, path: std::path::PathBuf) {
        let Some(faces) = self.faces.take() else { return };
        self.file.start(path, move |path, progress| {
            crate::exchange::write_cards(path, &faces, progress)
                .map(|n| n as u64)
                .map_err(|e| crate::domain::Message::of(&e))
        });
    }
}
