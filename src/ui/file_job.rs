//! A file written on a worker thread (an export, a report, the template, a print file): the
//! frame shows its progress (rows done of all) with a cancel button and, once it is done,
//! where it went — with a button that opens the containing folder — or why it failed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{RichText, Ui};

use super::file_dialog::Desktop;
use super::theme;
use crate::domain::{Message, Problem};
use crate::exchange::Progress;
use crate::i18n::{Lang, tr, tr_args};

/// A file on its way: where it goes, how far it is, and where the worker's answer arrives.
type Running = (PathBuf, Progress, Receiver<Result<u64, Message>>);

/// A file being written, or how the last one ended.
#[derive(Default)]
pub struct FileJob {
    running: Option<Running>,
    outcome: Option<Result<(u64, PathBuf), Message>>,
    /// Why the folder could not be opened.
    reveal_error: Option<Message>,
}

impl FileJob {
    /// Whether a file is being written.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts `work` on a named worker thread, writing to `path`.
    pub fn start(
        &mut self,
        path: PathBuf,
        work: impl FnOnce(&Path, &Progress) -> Result<u64, Message> + Send + 'static,
    ) {
        let progress = Progress::new();
        let (tx, rx) = channel();
        let (worker_path, worker_progress) = (path.clone(), progress.clone());
        let spawned = std::thread::Builder::new().name("write-file".into()).spawn(move || {
            // The screen may be gone by the end; then nobody needs the answer.
            let _ = tx.send(work(&worker_path, &worker_progress));
        });
        self.reveal_error = None;
        match spawned {
            Ok(_) => {
                self.running = Some((path, progress, rx));
                self.outcome = None;
            }
            Err(_) => self.outcome = Some(Err(Message::new("print.err.thread"))),
        }
    }

    /// Shows a refusal that happened before any file was started.
    pub fn fail(&mut self, message: Message) {
        self.outcome = Some(Err(message));
    }

    /// Draws the progress (with cancel) or the outcome; `done_key` names what was written
    /// (`%{n}` items to `%{path}`). The folder is opened through `desktop`.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, desktop: &dyn Desktop, done_key: &str) {
        if let Some((path, progress, rx)) = &self.running {
            match rx.try_recv() {
                Ok(result) => {
                    self.outcome = Some(result.map(|n| (n, path.clone())));
                    self.running = None;
                }
                // The worker ended without an answer (it panicked): say so, never spin forever.
                Err(TryRecvError::Disconnected) => {
                    self.outcome = Some(Err(Message::new("file.err.worker")));
                    self.running = None;
                }
                Err(TryRecvError::Empty) => {
                    progress_ui(ui, lang, progress);
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
            }
        }
        match &self.outcome {
            Some(Ok((n, path))) => {
                ui.horizontal_wrapped(|ui| {
                    let n = crate::ui::placeholder::count(i64::try_from(*n).unwrap_or(i64::MAX));
                    let text = tr_args(lang, done_key, &[("n", n), ("path", path.display().to_string())]);
                    ui.label(RichText::new(text).color(theme::OK));
                    if ui.button(tr(lang, "file.reveal")).clicked() {
                        self.reveal_error = desktop.reveal(path).err();
                    }
                });
                if let Some(m) = &self.reveal_error {
                    ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
                }
            }
            Some(Err(m)) => {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
            None => {}
        }
    }
}

/// The bar of a running job: rows done of all (when the total is known), or that the file
/// is being finished, and 取消.
pub fn progress_ui(ui: &mut Ui, lang: Lang, progress: &Progress) {
    ui.horizontal(|ui| {
        ui.spinner();
        let done = progress.done();
        let count = |n: u64| crate::ui::placeholder::count(i64::try_from(n).unwrap_or(i64::MAX));
        // A total the list had not counted yet (or counted low) is no total.
        let bar = match progress.total().filter(|t| *t >= done && *t > 0) {
            _ if progress.is_saving() => {
                egui::ProgressBar::new(1.0).animate(true).text(tr(lang, "file.saving").into_owned())
            }
            Some(total) => {
                let text = tr_args(lang, "file.progress", &[("done", count(done)), ("total", count(total))]);
                egui::ProgressBar::new(progress.fraction().unwrap_or(0.0)).text(text)
            }
            None if done > 0 => {
                let text = tr_args(lang, "file.progress_rows", &[("done", count(done))]);
                egui::ProgressBar::new(0.0).animate(true).text(text)
            }
            None => egui::ProgressBar::new(0.0).animate(true).text(tr(lang, "file.working").into_owned()),
        };
        theme::progress_bar(ui, bar.desired_width(280.0));
        if ui.button(tr(lang, "print.cancel_file")).clicked() {
            progress.cancel();
        }
    });
}
