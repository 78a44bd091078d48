//! The restore (or the recovery of a damaged file) that runs beside the window: the app
//! closes its store and takes the database to itself on the UI side, then a named thread
//! copies, verifies and installs the backup while the window shows the phase with a
//! progress bar; the app opens the file again when the thread answers.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use egui::{RichText, Ui};

use super::{theme, widgets};
use crate::domain::Message;
use crate::i18n::{Lang, tr};
use crate::store::{ExclusiveLock, RestorePhase};

/// What the thread is to do.
#[derive(Clone, Debug)]
pub enum RestoreWork {
    /// An administrator's restore of `from`, asked for by the user `by`.
    Restore { from: PathBuf, by: String },
    /// The recovery of a damaged database from `from`, without a login.
    Recover { from: PathBuf },
}

/// How a restore that replaced the database went.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreDone {
    /// The backup restored.
    pub from: PathBuf,
    /// The copy of the database as it was.
    pub kept: Option<PathBuf>,
    /// What failed after the file was already replaced, in the clerk's words.
    pub afterwards: Option<Message>,
}

struct Running {
    phase: Arc<Mutex<RestorePhase>>,
    rx: Receiver<Result<RestoreDone, Message>>,
    thread: Option<JoinHandle<()>>,
}

/// The running restore, if any.
#[derive(Default)]
pub struct RestoreJob {
    running: Option<Running>,
}

impl RestoreJob {
    /// Starts `work` on the database that `lock` holds. The lock goes with the thread and
    /// is let go before it answers, so the window can open the file again at once.
    pub fn start(&mut self, lock: ExclusiveLock, work: RestoreWork) -> Result<(), Message> {
        let phase = Arc::new(Mutex::new(RestorePhase::Copying { done: 0, total: 0 }));
        let (tx, rx) = channel();
        let seen = phase.clone();
        let spawned = std::thread::Builder::new().name("restore".into()).spawn(move || {
            let mut report = |p: RestorePhase| {
                if let Ok(mut now) = seen.lock() {
                    *now = p;
                }
            };
            let (from, result) = match work {
                RestoreWork::Restore { from, by } => {
                    let r = crate::store::restore_locked(&lock, &from, true, Some(&by), &mut report);
                    (from, r)
                }
                RestoreWork::Recover { from } => {
                    let r = crate::store::recover_locked(&lock, &from, &mut report);
                    (from, r)
                }
            };
            drop(lock);
            let answer = result
                .map(|r| RestoreDone { from, kept: r.kept, afterwards: r.afterwards.map(|e| Message::of(&e)) })
                .map_err(|e| Message::of(&e));
            // The window may be closing; then nobody needs the answer.
            if tx.send(answer).is_err() {
                log::info!("restore finished after the window closed");
            }
        });
        match spawned {
            Ok(thread) => {
                self.running = Some(Running { phase, rx, thread: Some(thread) });
                Ok(())
            }
            Err(_) => Err(Message::new("print.err.thread")),
        }
    }

    /// Whether a restore runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The thread's answer, once it has come (the thread has ended by then).
    pub fn poll(&mut self) -> Option<Result<RestoreDone, Message>> {
        let answer = self.running.as_ref()?.rx.try_recv().ok()?;
        if let Some(mut running) = self.running.take() {
            join(&mut running.thread);
        }
        Some(answer)
    }

    /// The screen while the restore runs: what it does now, with a bar.
    pub fn progress_ui(&self, ui: &mut Ui, lang: Lang) {
        let Some(running) = &self.running else { return };
        let phase = running.phase.lock().map(|p| *p).unwrap_or(RestorePhase::Verifying);
        let (key, fraction) = phase_bar(phase);
        ui.add_space(96.0);
        ui.vertical_centered(|ui| {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(520.0);
                ui.label(RichText::new(tr(lang, "restore.running")).size(20.0).strong());
                ui.add_space(8.0);
                ui.label(widgets::muted(ui, &tr(lang, "restore.wait")));
                ui.add_space(12.0);
                // No spinner on the bar: it would sit on the text; the phase says what goes on.
                let bar = egui::ProgressBar::new(fraction).desired_width(480.0);
                theme::progress_bar(ui, bar.text(tr(lang, key)));
            });
        });
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
    }
}

/// What the bar says in `phase`, and how far along the whole restore it stands. The bar
/// never goes back: the copy fills its first part page by page, and each later step (whose
/// length is not known in advance) starts where the one before it ended, weighted by what
/// it costs at 250 MB (the check of the copy is the longest).
fn phase_bar(phase: RestorePhase) -> (&'static str, f32) {
    match phase {
        RestorePhase::CheckingDamage => ("restore.phase.checking", 0.02),
        RestorePhase::Copying { done, total } => {
            let copied = if total > 0 { done as f32 / total as f32 } else { 0.0 };
            ("restore.phase.copying", 0.05 + 0.25 * copied)
        }
        RestorePhase::Verifying => ("restore.phase.verifying", 0.30),
        RestorePhase::KeepingCurrent => ("restore.phase.keeping", 0.75),
        RestorePhase::Replacing | RestorePhase::Installing => ("restore.phase.replacing", 0.90),
        RestorePhase::Recording => ("restore.phase.recording", 0.96),
    }
}

fn join(thread: &mut Option<JoinHandle<()>>) {
    if let Some(t) = thread.take()
        && t.join().is_err()
    {
        log::warn!("the restore thread panicked");
    }
}

impl Drop for RestoreJob {
    /// A window closed during a restore waits for it: the file is then whole and recorded.
    fn drop(&mut self) {
        if let Some(running) = &mut self.running {
            join(&mut running.thread);
        }
    }
}
