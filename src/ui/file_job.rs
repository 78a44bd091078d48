//! A file written on a worker thread (an export, a print file): the frame shows its
//! progress with a cancel button and, once it is done, where it went or why it failed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

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
    /// (`%{n}` items to `%{path}`).
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, done_key: &str) {
        if let Some((path, progress, rx)) = &self.running {
            if let Ok(result) = rx.try_recv() {
                self.outcome = Some(result.map(|n| (n, path.clone())));
                self.running = None;
            } else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.add(
                        egui::ProgressBar::new(progress.fraction().unwrap_or(0.0))
                            .desired_width(240.0)
                            .text(tr(lang, "print.writing")),
                    );
                    if ui.button(tr(lang, "print.cancel_file")).clicked() {
                        progress.cancel();
                    }
                });
                ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        match &self.outcome {
            Some(Ok((n, path))) => {
                let text = tr_args(lang, done_key, &[("n", n.to_string()), ("path", path.display().to_string())]);
                ui.label(RichText::new(text).color(theme::OK));
            }
            Some(Err(m)) => {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
            None => {}
        }
    }
}
