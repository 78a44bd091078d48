//! The app's side of keeping data safe: the start-up check and the recovery screen, the
//! daily and the requested backup, restore, and the warning for a network drive.

use super::{GreencardApp, Notice, NoticeKind};
use crate::domain::Message;
use crate::ui::backup_job::BackupJob;
use crate::ui::command::Command;
use crate::ui::recovery::{RecoveryAction, RecoveryScreen, StartupCheck};

/// What the app keeps for backups and recovery.
#[derive(Default)]
pub(super) struct Safety {
    job: BackupJob,
    check: Option<StartupCheck>,
    recovery: Option<RecoveryScreen>,
    network: Option<crate::store::NetworkDrive>,
}

impl GreencardApp {
    /// At start: the quick check goes to the background, and a network drive is named.
    pub(super) fn start_safety(&mut self) {
        let Some(db) = self.store.path().map(std::path::Path::to_path_buf) else { return };
        self.safety.check = StartupCheck::start(&db);
        self.safety.network = crate::store::network_drive(&db);
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

    /// Once per frame: takes the start-up check's and the backup's answers, starts the daily
    /// backup when due, and draws the recovery screen instead of everything else while the
    /// database is damaged (returns true then).
    pub(super) fn safety_ui(&mut self, ui: &mut egui::Ui) -> bool {
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
                    let result = self.store.recover_from(&from).map_err(|e| Message::of(&e));
                    screen.restored(result);
                    self.refresh();
                }
                Some(RecoveryAction::Finish) => {
                    self.safety.recovery = None;
                    self.session = None;
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
        if self.safety.check.is_none() {
            self.safety.job.daily(&self.store);
        }
        self.fill_backups_view();
        ui.ctx().request_repaint_after(self.safety.job.next_daily_check().max(std::time::Duration::from_secs(1)));
        false
    }

    /// Keeps the database tab's view of the backups current.
    fn fill_backups_view(&mut self) {
        let view = &mut self.cache.backups;
        view.running = self.safety.job.fraction();
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

    /// Applies 立即备份 and a confirmed restore.
    pub(super) fn apply_backup(&mut self, command: Command) {
        match command {
            Command::BackupNow => match self.store.path().map(std::path::Path::to_path_buf) {
                Some(db) => self.safety.job.start(&db),
                None => self.error(&crate::store::StoreError::rule("backup.err.in_memory")),
            },
            Command::RestoreBackup(from) => {
                let Some(actor) = self.session.clone() else { return };
                match self.store.restore_from(&actor, &from, true) {
                    Ok(kept) => {
                        let kept = kept.map_or_else(String::new, |p| p.display().to_string());
                        self.success("backup.restored", &[("from", from.display().to_string()), ("kept", kept)]);
                    }
                    Err(e) => self.error(&e),
                }
            }
            _ => {}
        }
    }
}
