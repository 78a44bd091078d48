//! A damaged database: the start-up check that runs in the background (it starts with the
//! first frame, which never waits for it), and the screen that says plainly what happened, where the copy of
//! the damaged file is, and offers the newest good backup, restored only after a
//! confirmation. [`RecoveryApp`] is the window for a file so damaged that it does not open.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use super::restore_job::{RestoreJob, RestoreWork};
use super::{theme, widgets};
use crate::domain::text::megabytes;
use crate::domain::{Message, Problem};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Damage, Store};

/// The background quick check of the database opened at start.
pub struct StartupCheck {
    rx: Receiver<Result<Option<Damage>, Message>>,
}

impl StartupCheck {
    /// Starts the check of `db` on a named thread (`None` if no thread could be made; the
    /// app then runs unchecked, as it did before this check existed). `wake` is called once
    /// the answer is sent (the app passes `request_repaint`), so the recovery screen shows
    /// at once even when the clerk does nothing.
    pub fn start(db: &Path, wake: impl FnOnce() + Send + 'static) -> Option<StartupCheck> {
        let (tx, rx) = channel();
        let db = db.to_path_buf();
        let spawned = std::thread::Builder::new().name("startup-check".into()).spawn(move || {
            // The window may have closed meanwhile; then nobody needs the finding.
            if tx.send(crate::store::examine(&db).map_err(|e| Message::of(&e))).is_err() {
                log::info!("start-up check finished after the window closed");
            }
            wake();
        });
        spawned.ok().map(|_| StartupCheck { rx })
    }

    /// The finding, once the thread is done.
    pub fn poll(&self) -> Option<Result<Option<Damage>, Message>> {
        self.rx.try_recv().ok()
    }
}

/// What the clerk chose on the recovery screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecoveryAction {
    /// Restore this backup over the damaged file.
    Restore(PathBuf),
    /// Go on with the damaged file for now.
    Dismiss,
    /// The restore is done: on to the login.
    Finish,
}

/// The recovery screen's state.
pub struct RecoveryScreen {
    db: PathBuf,
    damage: Damage,
    confirming: bool,
    /// How the restore went: done (with what failed after the file was replaced), or not.
    outcome: Option<Result<Option<Message>, Message>>,
    /// The label of the way out without a restore (go on, or quit when the file cannot open).
    dismiss_key: &'static str,
}

impl RecoveryScreen {
    /// The screen for the damaged database at `db`.
    pub fn new(db: &Path, damage: Damage) -> RecoveryScreen {
        RecoveryScreen {
            db: db.to_path_buf(),
            damage,
            confirming: false,
            outcome: None,
            dismiss_key: "recovery.dismiss",
        }
    }

    /// Records how the restore went.
    pub fn restored(&mut self, result: Result<Option<Message>, Message>) {
        self.confirming = false;
        self.outcome = Some(result);
    }

    /// Draws the screen; returns the clerk's choice.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<RecoveryAction> {
        let mut action = None;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.add_space(48.0);
            // A centred column: the card reads as a dialog, not as a page of data.
            let side = ((ui.available_width() - 760.0) / 2.0).max(0.0);
            ui.horizontal_top(|ui| {
                ui.add_space(side);
                ui.vertical(|ui| self.card_ui(ui, lang, &mut action));
            });
        });
        action
    }

    fn card_ui(&mut self, ui: &mut Ui, lang: Lang, action: &mut Option<RecoveryAction>) {
        {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width().min(760.0));
                let (title, color) = match &self.outcome {
                    Some(Ok(_)) => ("recovery.title_done", theme::OK),
                    _ => ("recovery.title", theme::ERROR),
                };
                ui.label(RichText::new(tr(lang, title)).size(22.0).strong().color(color));
                ui.add_space(6.0);
                ui.label(tr_args(lang, "recovery.explain", &[("path", self.db.display().to_string())]));
                ui.add_space(8.0);
                widgets::section_heading_ui(ui, &tr(lang, "recovery.findings"));
                for line in &self.damage.problems {
                    ui.label(widgets::muted(ui, line).monospace());
                }
                if self.damage.problem_count > self.damage.problems.len() {
                    let n = [
                        ("n", self.damage.problem_count.to_string()),
                        ("shown", self.damage.problems.len().to_string()),
                    ];
                    ui.label(widgets::muted(ui, &tr_args(lang, "recovery.more_findings", &n)));
                }
                ui.add_space(8.0);
                match &self.damage.kept {
                    Ok(copy) => ui.label(tr_args(lang, "recovery.kept", &[("copy", copy.display().to_string())])),
                    Err(reason) => ui.label(
                        RichText::new(tr_args(lang, "recovery.not_kept", &[("reason", reason.clone())]))
                            .color(theme::ERROR),
                    ),
                };
                ui.add_space(12.0);
                *action = self.choices_ui(ui, lang);
            });
        }
    }

    fn choices_ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<RecoveryAction> {
        let mut action = None;
        if let Some(Ok(afterwards)) = &self.outcome {
            ui.label(RichText::new(tr(lang, "recovery.done")).color(theme::OK).strong());
            if let Some(m) = afterwards {
                ui.label(RichText::new(m.text(lang)).color(theme::WARN));
            }
            if ui.add(theme::primary_button(tr(lang, "recovery.continue"))).clicked() {
                action = Some(RecoveryAction::Finish);
            }
            return action;
        }
        if let Some(Err(m)) = &self.outcome {
            ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
        }
        match (&self.damage.newest_good, &self.damage.kept) {
            (Some((entry, facts)), Ok(_)) => {
                let when = entry.taken_at.format("%Y-%m-%d %H:%M:%S").to_string();
                ui.label(tr_args(
                    lang,
                    "recovery.newest_good",
                    &[
                        ("when", when),
                        ("size", megabytes(entry.bytes)),
                        ("talents", super::placeholder::count(facts.talents)),
                    ],
                ));
                ui.add_space(6.0);
                if self.confirming {
                    ui.label(RichText::new(tr(lang, "recovery.confirm_text")).color(theme::WARN));
                    ui.horizontal(|ui| {
                        if ui.add(theme::primary_button(tr(lang, "backup.confirm_restore"))).clicked() {
                            action = Some(RecoveryAction::Restore(entry.path.clone()));
                        }
                        if ui.button(tr(lang, "common.cancel")).clicked() {
                            self.confirming = false;
                        }
                    });
                } else if ui.add(theme::primary_button(tr(lang, "recovery.restore_newest"))).clicked() {
                    self.confirming = true;
                }
            }
            (None, _) => {
                ui.label(RichText::new(tr(lang, "recovery.no_backup")).color(theme::ERROR));
            }
            // Without a copy of the damaged file nothing may replace it.
            (Some(_), Err(_)) => {}
        }
        ui.add_space(12.0);
        if ui.button(tr(lang, self.dismiss_key)).clicked() {
            action = Some(RecoveryAction::Dismiss);
        }
        action
    }
}

/// The window for a database that SQLite cannot open at all: the same screen, and once a
/// backup is restored (on a thread of its own), the ordinary app on the restored file.
pub struct RecoveryApp {
    db: PathBuf,
    check: Option<StartupCheck>,
    screen: Option<RecoveryScreen>,
    restore: RestoreJob,
    app: Option<Box<super::GreencardApp>>,
    failed: Option<Message>,
}

impl RecoveryApp {
    /// Starts the examination of `db` and installs the CJK font.
    pub fn new(ctx: &egui::Context, db: &Path) -> RecoveryApp {
        super::fonts::install(ctx);
        let ctx = ctx.clone();
        RecoveryApp {
            db: db.to_path_buf(),
            check: StartupCheck::start(db, move || ctx.request_repaint()),
            screen: None,
            restore: RestoreJob::default(),
            app: None,
            failed: None,
        }
    }

    fn poll(&mut self) {
        if let Some(found) = self.check.as_ref().and_then(StartupCheck::poll) {
            self.check = None;
            match found {
                Ok(Some(damage)) => {
                    let mut screen = RecoveryScreen::new(&self.db, damage);
                    screen.dismiss_key = "recovery.quit";
                    self.screen = Some(screen);
                }
                Ok(None) => self.failed = Some(Message::new("recovery.sound_now")),
                Err(m) => self.failed = Some(m),
            }
        }
        if let Some(answer) = self.restore.poll()
            && let Some(screen) = &mut self.screen
        {
            screen.restored(answer.map(|done| done.afterwards));
        }
    }

    /// Takes the database to itself and starts the restore of `from` beside the window.
    fn start_restore(&mut self, from: PathBuf) {
        let started = crate::store::take_exclusive(&self.db)
            .map_err(|e| Message::of(&e))
            .and_then(|lock| self.restore.start(lock, RestoreWork::Recover { from }));
        if let (Err(m), Some(screen)) = (started, &mut self.screen) {
            screen.restored(Err(m));
        }
    }
}

impl eframe::App for RecoveryApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        if let Some(app) = &mut self.app {
            return app.ui(ui, frame);
        }
        self.poll();
        let lang = Lang::Zh;
        let mut action = None;
        egui::CentralPanel::default().show(ui, |ui| {
            if self.restore.is_running() {
                self.restore.progress_ui(ui, lang);
            } else if let Some(m) = &self.failed {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            } else if let Some(screen) = &mut self.screen {
                action = screen.ui(ui, lang);
            } else {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr(lang, "recovery.checking"));
                });
                ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
            }
        });
        match action {
            Some(RecoveryAction::Restore(from)) => self.start_restore(from),
            Some(RecoveryAction::Finish) => match Store::open(&self.db) {
                Ok(store) => self.app = Some(Box::new(super::GreencardApp::new(ui.ctx(), store))),
                Err(e) => self.failed = Some(Message::of(&e)),
            },
            Some(RecoveryAction::Dismiss) => ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close),
            None => {}
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::time::Duration;

    use super::StartupCheck;

    /// The thread wakes the window when its answer is there, so the frame it causes finds it.
    #[test]
    fn the_start_up_check_wakes_the_window_with_its_answer() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("check.db");
        drop(crate::store::Store::open(&db).unwrap());
        let (woke, woken) = std::sync::mpsc::channel();
        let check = StartupCheck::start(&db, move || woke.send(()).unwrap()).unwrap();
        woken.recv_timeout(Duration::from_secs(30)).expect("the check never asked for a repaint");
        assert!(matches!(check.poll(), Some(Ok(None))), "a sound file, answered before the wake");
    }
}
