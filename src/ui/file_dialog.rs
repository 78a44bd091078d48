//! Where every file the app writes or reads is chosen: one helper for the exports, the
//! import, the template, the rejection report and the print file. It asks the [`Desktop`]
//! for a native dialog; when none can be shown (no desktop portal, no zenity, the dialog
//! failed) it offers a path field instead of failing silently.
//!
//! [`Desktop`] is also the seam of the UI tests: the harness hands the app a desktop that
//! answers with a path (and records the folders it was asked to open) without any window.

mod native;

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

pub use native::NativeDesktop;

use super::theme;
use crate::domain::{Message, Problem};
use crate::i18n::{Lang, tr, tr_args};

/// Whether a file is to be written or read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A new file (a save dialog).
    Save,
    /// An existing file (an open dialog).
    Open,
}

/// What the app asks the desktop for: a file to save under a suggested name, or one to
/// open, of the given types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRequest {
    /// Save or open.
    pub kind: FileKind,
    /// The suggested file name (save only), e.g. `人才名单_2026-11-29.xlsx`.
    pub file_name: String,
    /// The name of the file type the dialog offers, e.g. `Excel`.
    pub filter_name: String,
    /// The extensions of that type, without the dot.
    pub extensions: Vec<&'static str>,
}

impl FileRequest {
    /// A save dialog for `file_name`, offering its own extension.
    pub fn save(file_name: impl Into<String>, filter_name: impl Into<String>, extension: &'static str) -> FileRequest {
        FileRequest {
            kind: FileKind::Save,
            file_name: file_name.into(),
            filter_name: filter_name.into(),
            extensions: vec![extension],
        }
    }

    /// An open dialog for files with one of `extensions`.
    pub fn open(filter_name: impl Into<String>, extensions: &[&'static str]) -> FileRequest {
        FileRequest {
            kind: FileKind::Open,
            file_name: String::new(),
            filter_name: filter_name.into(),
            extensions: extensions.to_vec(),
        }
    }

    /// A file name the save would write: the extension is added when the clerk left it out
    /// (a dot followed by what is no file type, as in `名单 v1.2`, is part of the name).
    pub fn completed(&self, path: PathBuf) -> PathBuf {
        match (self.kind, self.extensions.as_slice()) {
            (FileKind::Save, [ext]) if file_type(&path).is_none() => {
                let mut name = path.into_os_string();
                name.push(format!(".{ext}"));
                PathBuf::from(name)
            }
            _ => path,
        }
    }

    /// Checks the file type a save's path names: another type than the one written
    /// (`名单.csv` for an Excel file) is refused, as the command line refuses it.
    pub fn check_type(&self, path: &Path) -> Result<(), Message> {
        let (FileKind::Save, Some(found)) = (self.kind, file_type(path)) else { return Ok(()) };
        if self.extensions.iter().any(|e| e.eq_ignore_ascii_case(&found)) {
            return Ok(());
        }
        let expected = self.extensions.first().copied().unwrap_or_default();
        Err(Message {
            key: "file.err.extension",
            args: vec![
                ("path", path.display().to_string()),
                ("found", found),
                ("kind", self.filter_name.clone()),
                ("expected", expected.to_string()),
            ],
        })
    }

    /// Checks a typed path: a save needs an existing folder and a name of the type it
    /// writes, an open an existing file.
    pub fn accept(&self, typed: &str) -> Result<PathBuf, Message> {
        let typed = typed.trim().trim_matches(['"', '\'']).trim();
        if typed.is_empty() {
            return Err(Message::new("file.err.empty"));
        }
        let shown = |p: &Path| vec![("path", p.display().to_string())];
        let typed_path = PathBuf::from(typed);
        let named = typed_path.file_stem().is_some_and(|s| !s.to_string_lossy().starts_with('.'));
        if self.kind == FileKind::Save && (typed_path.is_dir() || !named || typed.ends_with(['/', '\\'])) {
            return Err(Message { key: "file.err.is_folder", args: shown(&typed_path) });
        }
        let path = self.completed(typed_path);
        match self.kind {
            FileKind::Save => {
                self.check_type(&path)?;
                let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                if !folder.is_dir() {
                    return Err(Message { key: "file.err.no_folder", args: shown(folder) });
                }
            }
            FileKind::Open => {
                if !path.is_file() {
                    return Err(Message { key: "file.err.no_file", args: shown(&path) });
                }
            }
        }
        Ok(path)
    }

    /// What the path field holds at first: the suggested name in the documents folder.
    fn suggestion(&self) -> String {
        let dirs = directories::UserDirs::new();
        let folder = dirs.as_ref().map(|d| d.document_dir().unwrap_or(d.home_dir()).to_path_buf());
        let folder = folder.unwrap_or_else(|| PathBuf::from("."));
        match self.kind {
            FileKind::Save => folder.join(&self.file_name).display().to_string(),
            FileKind::Open => format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR),
        }
    }
}

/// The type a file name ends in (`xlsx` of `名单.xlsx`): one to five letters and digits
/// with a letter among them; anything else after the last dot is part of the name.
fn file_type(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    let typed = (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && ext.bytes().any(|b| b.is_ascii_alphabetic());
    typed.then(|| ext.to_ascii_lowercase())
}

/// What a dialog gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// The clerk chose this file.
    Chosen(PathBuf),
    /// The clerk closed the dialog.
    Cancelled,
    /// No dialog could be shown: the app asks for a typed path instead.
    Unavailable,
}

/// The desktop the app runs on: its file dialogs and its file manager.
pub trait Desktop {
    /// Shows the dialog `request` describes and says what came of it.
    fn pick(&self, request: &FileRequest) -> Picked;
    /// Opens the folder holding `path` in the file manager (the file selected where the
    /// file manager can do that).
    fn reveal(&self, path: &Path) -> Result<(), Message>;
}

/// The typed path offered when no dialog could be shown (or to correct the type of a file
/// a dialog gave).
struct PathField {
    request: FileRequest,
    text: String,
    error: Option<Message>,
    /// No dialog could be shown (the field says so).
    no_dialog: bool,
    /// A file that exists at the confirmed path, waiting for 替换 or 不替换.
    existing: Option<PathBuf>,
}

/// The file choice of one button: asks the desktop, and when no dialog can be shown, draws
/// a path field until the clerk confirms a usable path or gives up.
#[derive(Default)]
pub struct FileChooser {
    field: Option<PathField>,
    chosen: Option<PathBuf>,
}

impl FileChooser {
    /// Asks for a file (what a click on 导出 or 选择文件 does).
    pub fn ask(&mut self, desktop: &dyn Desktop, request: FileRequest) {
        self.field = None;
        match desktop.pick(&request) {
            // The dialog asked about replacing a file itself, not about its type.
            Picked::Chosen(path) => {
                let path = request.completed(path);
                match request.check_type(&path) {
                    Ok(()) => self.chosen = Some(path),
                    Err(m) => {
                        let text = path.display().to_string();
                        self.field =
                            Some(PathField { request, text, error: Some(m), no_dialog: false, existing: None });
                    }
                }
            }
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let text = request.suggestion();
                self.field = Some(PathField { request, text, error: None, no_dialog: true, existing: None });
            }
        }
    }

    /// Whether the path field is waiting for the clerk.
    pub fn is_asking(&self) -> bool {
        self.field.is_some()
    }

    /// Draws the path field (when no dialog could be shown); gives the chosen path once,
    /// in the frame it was chosen. A save to a file that exists asks first.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<PathBuf> {
        let mut done = false;
        if let Some(field) = &mut self.field {
            if field.no_dialog {
                ui.label(RichText::new(tr(lang, "file.no_dialog")).color(theme::WARN));
            }
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, "file.path"));
                let edit =
                    ui.add(egui::TextEdit::singleline(&mut field.text).desired_width(420.0)).labelled_by(label.id);
                let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if edit.changed() {
                    (field.error, field.existing) = (None, None);
                }
                let confirm = ui.add(theme::primary_button(tr(lang, "file.confirm"))).clicked();
                if confirm || entered {
                    match field.request.accept(&field.text) {
                        Ok(path) if field.request.kind == FileKind::Save && path.is_file() => {
                            field.existing = Some(path);
                        }
                        Ok(path) => {
                            self.chosen = Some(path);
                            done = true;
                        }
                        Err(m) => field.error = Some(m),
                    }
                }
                if ui.button(tr(lang, "file.cancel")).clicked() {
                    done = true;
                }
            });
            if let Some(m) = &field.error {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
            if let Some(path) = field.existing.clone() {
                ui.horizontal(|ui| {
                    let question = tr_args(lang, "file.exists", &[("path", path.display().to_string())]);
                    ui.label(RichText::new(question).color(theme::WARN));
                    if ui.button(tr(lang, "file.replace")).clicked() {
                        self.chosen = Some(path);
                        done = true;
                    }
                    if ui.button(tr(lang, "file.keep")).clicked() {
                        field.existing = None;
                    }
                });
            }
        }
        if done {
            self.field = None;
        }
        self.chosen.take()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_save_path_needs_its_folder_and_gets_its_extension() {
        let dir = tempfile::tempdir().unwrap();
        let save = FileRequest::save("名单.xlsx", "Excel", "xlsx");
        let typed = dir.path().join("名单");
        assert_eq!(save.accept(&format!("  \"{}\" ", typed.display())).unwrap(), dir.path().join("名单.xlsx"));
        assert_eq!(save.accept("").unwrap_err().key, "file.err.empty");
        let missing = dir.path().join("没有").join("a.xlsx");
        assert_eq!(save.accept(&missing.display().to_string()).unwrap_err().key, "file.err.no_folder");
        assert_eq!(save.accept(&dir.path().display().to_string()).unwrap_err().key, "file.err.is_folder");
        let folder = format!("{}/", dir.path().display());
        assert_eq!(save.accept(&folder).unwrap_err().key, "file.err.is_folder", "a folder, not a file '.xlsx'");
    }

    #[test]
    fn a_save_refuses_a_name_of_another_file_type_and_reads_other_dots_as_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let save = FileRequest::save("名单.xlsx", "XLSX", "xlsx");
        let csv = dir.path().join("名单.csv");
        let err = save.accept(&csv.display().to_string()).unwrap_err();
        assert_eq!(err.key, "file.err.extension");
        let text = err.text(Lang::Zh);
        assert!(text.contains(".csv") && text.contains(".xlsx") && text.contains("XLSX"), "{text}");
        assert!(save.accept(&dir.path().join("名单.XLSX").display().to_string()).is_ok(), "any case");
        let dotted = dir.path().join("名单 v1.2");
        assert_eq!(save.accept(&dotted.display().to_string()).unwrap(), dir.path().join("名单 v1.2.xlsx"));
        assert_eq!(save.check_type(&dir.path().join("名单.pdf")).unwrap_err().key, "file.err.extension");
        let open = FileRequest::open("表格", &["xlsx", "csv"]);
        assert!(open.check_type(&csv).is_ok(), "an open takes what it lists");
    }

    #[test]
    fn a_typed_open_path_must_be_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("申报.csv");
        std::fs::write(&file, "姓名\n").unwrap();
        let open = FileRequest::open("表格", &["xlsx", "csv"]);
        assert_eq!(open.accept(&file.display().to_string()).unwrap(), file);
        let err = open.accept(&dir.path().join("x.csv").display().to_string()).unwrap_err();
        assert_eq!(err.key, "file.err.no_file");
        assert!(err.text(Lang::Zh).contains("x.csv"));
    }
}
