//! The app's side of keeping data safe: the start-up check and the recovery screen, the
//! daily and the requested backup, the restore beside the window (the store closed meanwhile,
//! the clerk logged out after it), and the warning for a network drive.

use egui::RichText;

use super::{GreencardApp, Notice, NoticeKind};
use crate::domain::{Message, Problem};
use crate::i18n::{tr, tr_args};
use crate::ui::backup_job::BackupJob;
use crate::ui::command::Command;
use crate::ui::recovery::{RecoveryAction, RecoveryScreen, StartupCheck};
use crate::ui::restore_job::{RestoreDone, RestoreJob, RestoreWork};
use crate::ui::{theme, widgets};

/// What the app keeps for backups and recovery.
#[derive(Default)]
pub(super) struct Safety {
    job: BackupJob,
    restore: RestoreJob,
    check: Option<StartupCheck>,
    /// The database the start-up check is yet to start on: it starts in the first frame,
    /// after that frame looked for its answer, so the window always opens on the login and
    /// the recovery screen follows once the check has found damage.
    check_due: Option<std::path::PathBuf>,
    recovery: Option<RecoveryScreen>,
    network: Option<crate::store::NetworkDrive>,
    /// Why the database could not be opened again after a restore.
    reopen_failed: Option<Message>,
}

impl GreencardApp {
    /// At start: the quick check is due (for the background, from the first frame on), and a
    /// network drive is named.
    pub(super) fn start_safety(&mut self) {
        let Some(db) = self.store.path().map(std::path::Path::to_path_buf) else { return };
        self.safety.network = crate::store::network_drive(&db);
        self.safety.check_due = Some(db);
        if let Some(drive) = &self.safety.network {
            self.notice = Some(Notice {
                kind: NoticeKind::Error,
                message: Message {
                    key: "backup.network_drive",
                    args: vec![("kind", drive.kind.clone()), ("mount", drive.mount.clone())],
                },
            });
        }
    }

    /// Whether a restore is running beside the window (for tests and the title).
    pub fn restoring(&self) -> bool {
        self.safety.restore.is_running()
    }

    /// Whether the check at start is yet to answer (restores wait for it; for tests).
    pub fn checking(&self) -> bool {
        self.safety.check.is_some() || self.safety.check_due.is_some()
    }

    /// Whether the recovery screen for a damaged database is what the window shows.
    pub fn recovery_shown(&self) -> bool {
        self.safety.recovery.is_some()
    }

    /// Once per frame: takes the start-up check's, the backup's and the restore's answers,
    /// starts the daily backup when due, and draws the restore's progress, a database that
    /// did not open again, or the recovery screen instead of everything else (returns true
    /// then).
    pub(super) fn safety_ui(&mut self, ui: &mut egui::Ui) -> bool {
        if let Some(answer) = self.safety.restore.poll() {
            self.restore_answered(answer);
        }
        if self.safety.restore.is_running() {
            egui::CentralPanel::default().show(ui, |ui| self.safety.restore.progress_ui(ui, self.lang));
            return true;
        }
        if self.store.is_closed() {
            self.closed_ui(ui);
            return true;
        }
        if let Some(found) = self.safety.check.as_ref().and_then(StartupCheck::poll) {
            self.safety.check = None;
            match found {
                Ok(Some(damage)) => {
                    if let Some(db) = self.store.path() {
                        self.safety.recovery = Some(RecoveryScreen::new(db, damage));
                    }
                }
                Ok(None) => {}
                Err(m) => self.notice = Some(Notice { kind: NoticeKind::Error, message: m }),
            }
        }
        if let Some(screen) = &mut self.safety.recovery {
            let mut action = None;
            egui::CentralPanel::default().show(ui, |ui| action = screen.ui(ui, self.lang));
            match action {
                Some(RecoveryAction::Restore(from)) => {
                    let started = self
                        .store
                        .close_for_recovery()
                        .map_err(|e| Message::of(&e))
                        .and_then(|lock| self.safety.restore.start(lock, RestoreWork::Recover { from }));
                    if let Err(m) = started {
                        screen.restored(Err(m));
                        self.reopen_if_closed();
                    }
                }
                Some(RecoveryAction::Finish) => {
                    self.safety.recovery = None;
                    self.log_out();
                }
                Some(RecoveryAction::Dismiss) => {
                    self.safety.recovery = None;
                    self.notice =
                        Some(Notice { kind: NoticeKind::Error, message: Message::new("recovery.still_damaged") });
                }
                None => {}
            }
            return true;
        }
        if self.safety.job.poll() {
            // Read the list again: the new file, and what the rotation removed.
            self.cache.backups.folder = None;
        }
        // Here, after this frame looked for an answer: the first frame is always the login.
        if let Some(db) = self.safety.check_due.take() {
            let ctx = ui.ctx().clone();
            self.safety.check = StartupCheck::start(&db, move || ctx.request_repaint());
        }
        if self.safety.check.is_none() {
            self.safety.job.daily(&self.store);
        }
        self.fill_backups_view();
        ui.ctx().request_repaint_after(self.safety.job.next_daily_check().max(std::time::Duration::from_secs(1)));
        false
    }

    /// The thread has answered: the file opens again, and after a restore that replaced it
    /// everyone logs in anew (the session's user may not even exist in the restored file).
    fn restore_answered(&mut self, answer: Result<RestoreDone, Message>) {
        self.reopen_if_closed();
        self.cache.backups.folder = None;
        self.refresh();
        if let Some(screen) = &mut self.safety.recovery {
            screen.restored(answer.map(|done| done.afterwards));
            return;
        }
        match answer {
            Ok(done) => {
                self.log_out();
                let kept = done.kept.map_or_else(String::new, |p| p.display().to_string());
                let from = done.from.display().to_string();
                match done.afterwards {
                    None => self.success("backup.restored", &[("from", from), ("kept", kept)]),
                    Some(m) => {
                        let message = Message {
                            key: "backup.restored_but",
                            args: vec![("from", from), ("kept", kept), ("detail", m.text(self.lang))],
                        };
                        self.notice = Some(Notice { kind: NoticeKind::Error, message });
                    }
                }
            }
            Err(m) => self.notice = Some(Notice { kind: NoticeKind::Error, message: m }),
        }
    }

    /// Opens the store again if it is closed; a failure is kept and shown instead of the app.
    fn reopen_if_closed(&mut self) {
        if !self.store.is_closed() {
            return;
        }
        self.safety.reopen_failed = self.store.reopen().err().map(|e| Message::of(&e));
    }

    /// The database did not open again after a restore: say so, name it, offer to retry.
    fn closed_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let path = self.store.path().map(|p| p.display().to_string()).unwrap_or_default();
        let mut retry = false;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(96.0);
            ui.vertical_centered(|ui| {
                theme::card(ui.visuals()).show(ui, |ui| {
                    ui.set_width(560.0);
                    let title = tr(lang, "restore.closed_title");
                    ui.label(RichText::new(title).size(20.0).strong().color(theme::ERROR));
                    ui.add_space(8.0);
                    ui.label(tr_args(lang, "restore.closed_text", &[("path", path)]));
                    if let Some(m) = &self.safety.reopen_failed {
                        ui.label(widgets::muted(ui, &m.text(lang)));
                    }
                    // What the restore said (the backup restored, where the old file was kept).
                    if let Some(notice) = &self.notice {
                        ui.add_space(8.0);
                        ui.label(RichText::new(notice.message.text(lang)).color(theme::WARN));
                    }
                    ui.add_space(12.0);
                    retry = ui.add(theme::primary_button(tr(lang, "restore.retry_open"))).clicked();
                });
            });
        });
        if retry {
            self.reopen_if_closed();
            self.refresh();
        }
    }

    /// Keeps the database tab's view of the backups current.
    fn fill_backups_view(&mut self) {
        let checking = self.checking();
        let view = &mut self.cache.backups;
        view.running = self.safety.job.fraction();
        // The check holds the file open: a restore would be refused as if another window
        // had it, which is not what the clerk needs to hear.
        view.checking = checking;
        view.last = self.safety.job.last().cloned();
        view.network.clone_from(&self.safety.network);
        if view.folder.is_none()
            && let Some(db) = self.store.path()
        {
            view.folder = Some(crate::store::backups_dir(db).display().to_string());
            match crate::store::list_backups(db) {
                Ok(list) => view.list = list,
                Err(e) => self.notice = Some(Notice { kind: NoticeKind::Error, message: Message::of(&e) }),
            }
        }
    }

    /// Applies 立即备份 and a confirmed restore. The restore closes the store here, on the UI
    /// side, and takes the database to itself (refused while anything else, this window's own
    /// backup or export included, has it open); the work goes to a thread.
    pub(super) fn apply_backup(&mut self, command: Command) {
        match command {
            Command::BackupNow => match self.store.path().map(std::path::Path::to_path_buf) {
                Some(db) => self.safety.job.start(&db),
                None => self.error(&crate::store::StoreError::rule("backup.err.in_memory")),
            },
            Command::RestoreBackup(from) => {
                let Some(actor) = self.session.clone() else { return };
                // The same reasons the tab greys 恢复 for, read afresh: the command may come
                // from a frame drawn before the backup or the check began.
                self.fill_backups_view();
                let busy = self.cache.backups.restore_blocked();
                if let Some(key) = busy {
                    self.notice = Some(Notice { kind: NoticeKind::Error, message: Message::new(key) });
                    return;
                }
                let work = RestoreWork::Restore { from, by: actor.username.clone() };
                let started = self
                    .store
                    .close_for_restore(&actor)
                    .map_err(|e| Message::of(&e))
                    .and_then(|lock| self.safety.restore.start(lock, work));
                if let Err(m) = started {
                    self.reopen_if_closed();
                    self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
                }
            }
            _ => {}
        }
    }
}
