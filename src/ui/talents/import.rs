//! 批量导入: an enterprise's declaration sheet into the registry. Choose the file, check the
//! headings matched to the template's columns (and match others by hand), run the check (the
//! dry run: new, updated with the fields that change, unchanged, rejected with row, column and
//! reason), then import every valid row in one transaction; the rejected rows go back to the
//! enterprise as an Excel report. Large files are read and checked on a worker thread.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use crate::domain::{Message, Problem};
use crate::exchange::Progress;
use crate::exchange::import::{Column, Lookup, Mapping, SavedMapping, Sheet, parse_sheet, read_sheet};
use crate::i18n::{tr, tr_args};
use crate::store::{ImportPlan, Store};
use crate::ui::command::Command;
use crate::ui::file_dialog::{FileChooser, FileRequest};
use crate::ui::file_job::{FileJob, progress_ui};
use crate::ui::{View, theme, widgets};

/// Files up to this size are read and checked on the UI thread (instantly); larger ones on a
/// worker thread with a progress bar.
const INLINE_BYTES: u64 = 512 * 1024;

/// What a worker thread hands back.
enum Work {
    Read(Result<Sheet, Message>),
    Planned(Result<ImportPlan, Message>),
    Applied(Result<crate::store::ImportCounts, Message>),
}

/// The import panel's state.
#[derive(Default)]
pub struct ImportPanel {
    file: Option<PathBuf>,
    sheet: Option<Sheet>,
    mapping: Option<Mapping>,
    saved: SavedMapping,
    plan: Option<ImportPlan>,
    applied: bool,
    error: Option<Message>,
    work: Option<(Progress, Receiver<Work>)>,
    /// The work running is the write (which has no cancel of its own here).
    writing: bool,
    /// Why the imported file's folder could not be opened.
    reveal_error: Option<Message>,
    template: FileJob,
    report: FileJob,
    /// Where the template, the sheet and the report go or come from.
    template_file: FileChooser,
    sheet_file: FileChooser,
    report_file: FileChooser,
}

fn read(path: &Path, progress: &Progress) -> Result<Sheet, Message> {
    read_sheet(path, progress).map_err(|e| Message::of(&e))
}

fn plan(store: &Store, sheet: &Sheet, mapping: &Mapping, progress: &Progress) -> Result<ImportPlan, Message> {
    let today = chrono::Local::now().date_naive();
    let lookup = Lookup::from_store(store, today).map_err(|e| Message::of(&e))?;
    let parsed = parse_sheet(sheet, mapping, &lookup, progress).map_err(|e| Message::of(&e))?;
    store.plan_import(parsed.rows, parsed.rejected).map_err(|e| Message::of(&e))
}

impl ImportPanel {
    /// Starts reading `path` (what 选择文件 does after the dialog; tests call it directly).
    pub fn load_file(&mut self, store: &Store, path: PathBuf) {
        *self = ImportPanel {
            template: std::mem::take(&mut self.template),
            template_file: std::mem::take(&mut self.template_file),
            ..ImportPanel::default()
        };
        let small = std::fs::metadata(&path).map(|m| m.len() <= INLINE_BYTES).unwrap_or(true);
        self.file = Some(path.clone());
        if small {
            self.finish(store, Work::Read(read(&path, &Progress::new())));
            return;
        }
        let progress = Progress::new();
        let (tx, rx) = channel();
        let worker = progress.clone();
        if std::thread::Builder::new()
            .name("import-read".into())
            .spawn(move || tx.send(Work::Read(read(&path, &worker))))
            .is_ok()
        {
            self.work = Some((progress, rx));
        } else {
            self.error = Some(Message::new("print.err.thread"));
        }
    }

    /// After the import was applied: the plan stays for its report, the buttons go.
    pub fn after_apply(&mut self) {
        self.applied = true;
    }

    fn finish(&mut self, store: &Store, work: Work) {
        match work {
            Work::Read(Ok(sheet)) => {
                self.saved = SavedMapping::load(store).unwrap_or_default();
                self.mapping = Some(Mapping::new(&sheet.headers, &self.saved));
                self.sheet = Some(sheet);
            }
            Work::Planned(Ok(p)) => self.plan = Some(p),
            Work::Read(Err(m)) | Work::Planned(Err(m)) | Work::Applied(Err(m)) => {
                self.error = Some(cancelled_as_import(m))
            }
            Work::Applied(Ok(_)) => self.applied = true,
        }
    }

    fn check(&mut self, store: &Store) {
        let (Some(sheet), Some(mapping)) = (&self.sheet, &self.mapping) else { return };
        self.plan = None;
        self.error = None;
        let big = sheet.rows.len() > 5_000;
        // The reader keeps the session's zone scope: rows of other zones are rejected.
        match store.open_reader().filter(|_| big) {
            None => {
                let result = plan(store, sheet, mapping, &Progress::new());
                self.finish(store, Work::Planned(result));
            }
            Some(reader) => {
                let (sheet, mapping) = (sheet.clone(), mapping.clone());
                let progress = Progress::new();
                let (tx, rx) = channel();
                let worker = progress.clone();
                let spawned = std::thread::Builder::new().name("import-check".into()).spawn(move || {
                    let result =
                        reader.map_err(|e| Message::of(&e)).and_then(|reader| plan(&reader, &sheet, &mapping, &worker));
                    let _ = tx.send(Work::Planned(result));
                });
                match spawned {
                    Ok(_) => self.work = Some((progress, rx)),
                    Err(_) => self.error = Some(Message::new("print.err.thread")),
                }
            }
        }
    }

    /// Writes the plan in one transaction on a worker thread with its own connection (the
    /// database is a file), publishing the rows written for the progress bar; Cancel rolls
    /// the whole file back. The app hears of the counts when it is done.
    fn apply_in_background(&mut self, db: PathBuf, actor: crate::domain::Actor, plan: ImportPlan, saved: SavedMapping) {
        let (tx, rx) = channel();
        let progress = Progress::new();
        progress.set_total(Some((plan.new.len() + plan.updated.len()) as u64));
        let worker = progress.clone();
        let spawned = std::thread::Builder::new().name("import-write".into()).spawn(move || {
            let result = Store::open(&db).map_err(|e| Message::of(&e)).and_then(|mut writer| {
                let counts = writer
                    .apply_import_cancellable(&actor, &plan, |written| {
                        worker.set_done(written as u64);
                        !worker.is_cancelled()
                    })
                    .map_err(|e| Message::of(&e))?;
                saved.save(&mut writer, &actor).map_err(|e| Message::of(&e))?;
                Ok(counts)
            });
            let _ = tx.send(Work::Applied(result));
        });
        match spawned {
            Ok(_) => {
                self.work = Some((progress, rx));
                self.writing = true;
            }
            Err(_) => self.error = Some(Message::new("print.err.thread")),
        }
    }

    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        if let Some((progress, rx)) = &self.work {
            match rx.try_recv() {
                Ok(Work::Applied(result)) => {
                    self.work = None;
                    self.writing = false;
                    match result {
                        Ok(counts) => {
                            self.applied = true;
                            view.commands.push(Command::ImportDone(counts));
                        }
                        Err(m) => self.error = Some(m),
                    }
                }
                Ok(work) => {
                    self.work = None;
                    self.finish(store, work);
                }
                Err(_) if self.writing => {
                    // The rows written so far, and Cancel, which rolls the whole file back.
                    ui.label(tr(lang, "import.writing"));
                    progress_ui(ui, lang, progress);
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
                Err(_) => {
                    progress_ui(ui, lang, progress);
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
            }
        }
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "import.title"));
            ui.label(widgets::muted(ui, &tr(lang, "import.hint")));
            ui.horizontal(|ui| {
                if ui.button(tr(lang, "import.template")).clicked() {
                    let request = FileRequest::save(tr(lang, "import.template_name"), "Excel", "xlsx");
                    self.template_file.ask(view.desktop, request);
                }
                if ui.add_enabled(self.work.is_none(), theme::primary_button(tr(lang, "import.choose"))).clicked() {
                    let request = FileRequest::open(tr(lang, "import.sheets"), &["xlsx", "xls", "ods", "csv"]);
                    self.sheet_file.ask(view.desktop, request);
                }
                if let Some(file) = &self.file {
                    ui.label(
                        RichText::new(file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
                            .strong(),
                    );
                }
            });
            if let Some(path) = self.template_file.ui(ui, lang) {
                self.template.start(path, |path, _| {
                    crate::exchange::import::write_template(path).map(|()| 16).map_err(|e| Message::of(&e))
                });
            }
            if let Some(path) = self.sheet_file.ui(ui, lang) {
                self.load_file(store, path);
            }
            self.template.ui(ui, lang, view.desktop, "import.template_done");
            if let Some(m) = &self.error {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
        });
        if self.sheet.is_some() {
            ui.add_space(theme::SECTION_GAP / 2.0);
            self.mapping_ui(ui, view, store);
        }
        if self.plan.is_some() {
            ui.add_space(theme::SECTION_GAP / 2.0);
            if let Some((plan, saved)) = self.plan_ui(ui, view) {
                match store.path() {
                    Some(db) => self.apply_in_background(db.to_path_buf(), view.actor.clone(), plan, saved),
                    None => view.commands.push(Command::ApplyImport { plan: Box::new(plan), mapping: saved }),
                }
            }
        }
    }

    fn mapping_ui(&mut self, ui: &mut Ui, view: &mut View<'_>, store: &Store) {
        let lang = view.lang;
        let rows = self.sheet.as_ref().map_or(0, |s| s.rows.len());
        let Some(mapping) = self.mapping.as_mut() else { return };
        let mut changed = false;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr_args(lang, "import.mapping_title", &[("n", rows.to_string())]));
            egui::Grid::new("import_mapping").num_columns(4).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                let headers: Vec<String> = mapping.headers().to_vec();
                for (i, header) in headers.iter().enumerate() {
                    let label = ui.label(RichText::new(header).strong());
                    let current = mapping.column_of(i);
                    let shown =
                        current.map_or_else(|| tr(lang, "import.skip").into_owned(), |c| c.name(lang).to_string());
                    egui::ComboBox::from_id_salt(("import_col", i))
                        .selected_text(shown)
                        .width(160.0)
                        .show_ui(ui, |ui| {
                            if ui.selectable_label(current.is_none(), tr(lang, "import.skip")).clicked() {
                                mapping.set(i, None);
                                changed = true;
                            }
                            for c in Column::ALL {
                                if ui.selectable_label(current == Some(c), c.name(lang)).clicked() {
                                    mapping.set(i, Some(c));
                                    changed = true;
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
            let missing = mapping.missing_required();
            if !missing.is_empty() {
                let names: Vec<String> = missing.iter().map(|c| c.name(lang).to_string()).collect();
                ui.label(
                    RichText::new(tr_args(lang, "import.missing", &[("columns", names.join("、"))]))
                        .color(theme::ERROR),
                );
            }
            let ready = missing.is_empty() && self.work.is_none();
            if ui.add_enabled(ready, theme::primary_button(tr(lang, "import.check"))).clicked() {
                changed = true;
                self.plan = None;
                self.applied = false;
            }
        });
        if changed {
            self.plan = None;
            if self.mapping.as_ref().is_some_and(|m| m.missing_required().is_empty()) {
                self.check(store);
            }
        }
    }

    /// The dry run's result; returns the plan (and the mapping to remember) when the clerk
    /// confirms the import.
    fn plan_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) -> Option<(ImportPlan, SavedMapping)> {
        let lang = view.lang;
        let mut confirmed = None;
        let Some(p) = &self.plan else { return None };
        let c = p.counts();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(
                ui,
                &tr(lang, if self.applied { "import.done_title" } else { "import.plan_title" }),
            );
            if self.applied
                && let Some(file) = &self.file
            {
                ui.horizontal_wrapped(|ui| {
                    let text = tr_args(lang, "import.imported_file", &[("path", file.display().to_string())]);
                    ui.label(RichText::new(text).color(theme::OK));
                    if ui.button(tr(lang, "file.reveal")).clicked() {
                        self.reveal_error = view.desktop.reveal(file).err();
                    }
                });
                if let Some(m) = &self.reveal_error {
                    ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
                }
            }
            ui.horizontal(|ui| {
                widgets::badge_ui(ui, &tr_args(lang, "import.new", &[("n", c.new.to_string())]), theme::OK);
                widgets::badge_ui(ui, &tr_args(lang, "import.updated", &[("n", c.updated.to_string())]), theme::INFO);
                widgets::badge_ui(
                    ui,
                    &tr_args(lang, "import.unchanged", &[("n", c.unchanged.to_string())]),
                    theme::ACCENT,
                );
                widgets::badge_ui(
                    ui,
                    &tr_args(lang, "import.rejected", &[("n", c.rejected.to_string())]),
                    theme::ERROR,
                );
            });
            ui.horizontal(|ui| {
                let n = c.new + c.updated;
                let idle = self.work.is_none();
                if !self.applied
                    && ui
                        .add_enabled(
                            n > 0 && idle,
                            theme::primary_button(tr_args(lang, "import.apply", &[("n", n.to_string())])),
                        )
                        .clicked()
                    && let Some(mapping) = &self.mapping
                {
                    confirmed = Some((p.clone(), mapping.remember(&self.saved)));
                }
                if c.rejected > 0 && ui.button(tr(lang, "import.report")).clicked() {
                    let request = FileRequest::save(tr(lang, "import.report_name"), "Excel", "xlsx");
                    self.report_file.ask(view.desktop, request);
                }
            });
            if let Some(path) = self.report_file.ui(ui, lang) {
                let headers = self.sheet.as_ref().map(|s| s.headers.clone()).unwrap_or_default();
                let rejected = p.rejected.clone();
                self.report.start(path, move |path, progress| {
                    let today = chrono::Local::now().date_naive();
                    crate::exchange::import::write_report(path, &headers, &rejected, today, lang, progress)
                        .map_err(|e| Message::of(&e))
                });
            }
            self.report.ui(ui, lang, view.desktop, "import.report_done");
            if !p.rejected.is_empty() {
                ui.separator();
                ui.label(RichText::new(tr(lang, "import.rejected_rows")).strong());
                egui::Grid::new("import_rejected").num_columns(3).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                    for r in p.rejected.iter().take(300) {
                        for problem in &r.problems {
                            ui.label(tr_args(lang, "import.row_n", &[("n", r.row.to_string())]));
                            ui.label(&problem.column);
                            ui.label(RichText::new(problem.reason.text(lang)).color(theme::ERROR));
                            ui.end_row();
                        }
                    }
                });
            }
            if !p.updated.is_empty() {
                ui.separator();
                ui.label(RichText::new(tr(lang, "import.updated_rows")).strong());
                for u in p.updated.iter().take(200) {
                    let fields: Vec<String> = u.changed.iter().map(|f| tr(lang, f.label_key()).into_owned()).collect();
                    ui.label(tr_args(
                        lang,
                        "import.update_line",
                        &[("n", u.row.to_string()), ("name", u.talent.name.clone()), ("fields", fields.join("、"))],
                    ));
                }
            }
        });
        confirmed
    }
}

/// A cancelled read or check says so in the import's words: nothing was written.
fn cancelled_as_import(m: Message) -> Message {
    if m.key == "exchange.cancelled" { Message::new("import.cancelled") } else { m }
}
