//! 设置 → 数据库: the open file and what it holds, a warning for a network drive, and the
//! backups: the folder, the list, 立即备份 with its progress, and restore with confirmation.

use std::path::PathBuf;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::backup_job::BackupOutcome;
use super::command::Command;
use super::{View, policy_view, theme, widgets};
use crate::domain::Problem;
use crate::domain::text::megabytes;
use crate::i18n::{tr, tr_args};
use crate::store::{BackupEntry, NetworkDrive};

/// What the tab shows about backups, refreshed by the app.
#[derive(Clone, Debug, Default)]
pub struct BackupsView {
    /// The backups folder (none for a database in memory).
    pub folder: Option<String>,
    /// The automatic backups, newest first.
    pub list: Vec<BackupEntry>,
    /// Done over total while a backup runs.
    pub running: Option<f32>,
    /// The start-up check is still reading the file (it holds it open, so a restore would
    /// be refused as if another window had it).
    pub checking: bool,
    /// How the last backup of this session ended.
    pub last: Option<BackupOutcome>,
    /// The network drive the database lies on, if any.
    pub network: Option<NetworkDrive>,
}

impl BackupsView {
    /// Why a restore cannot start now, as a message key: a backup being written (it would
    /// write the replaced database into the list) or the start-up check still reading the
    /// file (which holds it open).
    pub fn restore_blocked(&self) -> Option<&'static str> {
        if self.running.is_some() {
            Some("backup.err.backup_running")
        } else if self.checking {
            Some("backup.err.check_running")
        } else {
            None
        }
    }
}

/// The database tab's state: the backup a restore waits to be confirmed for.
#[derive(Default)]
pub struct DatabasePanel {
    confirm: Option<BackupEntry>,
}

impl DatabasePanel {
    /// Draws the tab.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        if let Some(drive) = &view.cache.backups.network {
            network_warning_ui(ui, view, drive);
            ui.add_space(theme::SECTION_GAP);
        }
        policy_view::about_ui(ui, view);
        ui.add_space(theme::SECTION_GAP);
        let backups = &view.cache.backups;
        let Some(folder) = &backups.folder else { return };
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(760.0));
            widgets::section_heading_ui(ui, &tr(lang, "backup.heading"));
            ui.horizontal(|ui| {
                widgets::key_label_ui(ui, &tr(lang, "backup.folder"));
                ui.label(folder.as_str());
            });
            ui.label(widgets::muted(ui, &tr(lang, "backup.policy")));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let idle = backups.running.is_none();
                if ui.add_enabled(idle, theme::primary_button(tr(lang, "backup.now"))).clicked() {
                    view.commands.push(Command::BackupNow);
                }
                if let Some(fraction) = backups.running {
                    // A bar, not a spinner: it repaints only as often as the progress moves.
                    theme::progress_bar(
                        ui,
                        egui::ProgressBar::new(fraction).desired_width(240.0).text(tr(lang, "backup.writing")),
                    );
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
            });
            match &backups.last {
                Some(BackupOutcome::Written { path, bytes, seconds, warnings }) => {
                    let text = tr_args(
                        lang,
                        "backup.done",
                        &[
                            ("path", path.display().to_string()),
                            ("size", megabytes(*bytes)),
                            ("seconds", format!("{seconds:.1}")),
                        ],
                    );
                    ui.label(RichText::new(text).color(theme::OK));
                    for w in warnings {
                        ui.label(RichText::new(w.text(lang)).color(theme::WARN));
                    }
                }
                Some(BackupOutcome::Failed(m)) => {
                    ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
                }
                None => {}
            }
            ui.add_space(8.0);
            self.list_ui(ui, view);
        });
        self.confirm_ui(ui, view);
    }

    fn list_ui(&mut self, ui: &mut Ui, view: &View<'_>) {
        let lang = view.lang;
        let list = &view.cache.backups.list;
        if list.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "backup.none")));
            return;
        }
        let admin = view.actor.role.is_admin();
        let busy = view.cache.backups.restore_blocked();
        TableBuilder::new(ui)
            .id_salt("backups")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(170.0))
            .column(Column::exact(90.0))
            .column(Column::exact(120.0))
            .column(Column::remainder().at_least(120.0))
            .header(theme::ROW_HEIGHT, |mut h| {
                // Size and audit row are numbers: their headings stand right, over the figures.
                for (key, right) in [
                    ("backup.taken_at", false),
                    ("backup.size", true),
                    ("backup.audit_head", true),
                    ("common.actions", false),
                ] {
                    h.col(|ui| {
                        if right {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                ui.strong(tr(lang, key));
                            });
                        } else {
                            ui.strong(tr(lang, key));
                        }
                    });
                }
            })
            .body(|mut body| {
                for entry in list {
                    body.row(theme::ROW_HEIGHT + 4.0, |mut row| {
                        row.col(|ui| {
                            let when = entry.taken_at.format("%Y-%m-%d %H:%M:%S").to_string();
                            if entry.doubtful_time {
                                // The clock was wrong when it was taken (or is now): say so.
                                ui.label(RichText::new(when).color(theme::WARN))
                                    .on_hover_text(tr(lang, "backup.doubtful_time"));
                            } else {
                                ui.label(when);
                            }
                        });
                        row.col(|ui| {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                ui.label(megabytes(entry.bytes));
                            });
                        });
                        row.col(|ui| {
                            let head = entry.anchor.as_ref().and_then(|a| a.audit_head.as_ref());
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                let text = head.map_or_else(
                                    || "—".to_string(),
                                    |h| tr_args(lang, "backup.audit_row", &[("row", h.id.to_string())]),
                                );
                                ui.label(text);
                            });
                        });
                        row.col(|ui| {
                            if admin {
                                let button = egui::Button::new(tr(lang, "backup.restore")).small();
                                let response = ui.add_enabled(busy.is_none(), button);
                                if let Some(why) = busy {
                                    response.on_disabled_hover_text(tr(lang, why));
                                } else if response.clicked() {
                                    self.confirm = Some(entry.clone());
                                }
                            }
                        });
                    });
                }
            });
        if !admin {
            ui.label(widgets::muted(ui, &tr(lang, "backup.admin_only")));
        }
    }

    fn confirm_ui(&mut self, ui: &mut Ui, view: &mut View<'_>) {
        let lang = view.lang;
        let Some(entry) = &self.confirm else { return };
        // A backup written meanwhile (the daily one) would hold the database open.
        let busy = view.cache.backups.restore_blocked();
        let idle = busy.is_none();
        let mut close = false;
        let mut confirmed: Option<PathBuf> = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm_restore")).show(ui.ctx(), |ui| {
            ui.set_width(460.0);
            widgets::section_heading_ui(ui, &tr(lang, "backup.confirm_title"));
            let when = entry.taken_at.format("%Y-%m-%d %H:%M:%S").to_string();
            ui.label(tr_args(lang, "backup.confirm_text", &[("when", when)]));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.add_enabled(idle, theme::primary_button(tr(lang, "backup.confirm_restore"))).clicked() {
                    confirmed = Some(entry.path.clone());
                }
                if ui.button(tr(lang, "common.cancel")).clicked() {
                    close = true;
                }
            });
            if let Some(why) = busy {
                ui.label(widgets::muted(ui, &tr(lang, why)));
            }
        });
        if let Some(path) = confirmed {
            view.commands.push(Command::RestoreBackup(path));
            close = true;
        }
        if close || modal.should_close() {
            self.confirm = None;
        }
    }
}

/// The warning for a database on a network drive.
fn network_warning_ui(ui: &mut Ui, view: &View<'_>, drive: &NetworkDrive) {
    let text =
        tr_args(view.lang, "backup.network_drive", &[("kind", drive.kind.clone()), ("mount", drive.mount.clone())]);
    egui::Frame::new()
        .fill(theme::WARN.gamma_multiply(0.12))
        .stroke(egui::Stroke::new(1.0, theme::WARN.gamma_multiply(0.6)))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(760.0));
            ui.label(RichText::new(text).color(theme::WARN));
        });
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use super::*;
    use crate::domain::{Actor, Role};
    use crate::ui::Cache;
    use crate::ui::file_dialog::NativeDesktop;

    /// Draws the restore confirmation with a backup running (`running`) or not, clicks
    /// 确认恢复, and returns whether the button was enabled and what was asked for.
    fn confirm_with(running: Option<f32>, checking: bool) -> (bool, Vec<Command>) {
        let taken_at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let entry = BackupEntry {
            path: "backups/office.db-20261201-090000.db".into(),
            taken_at,
            bytes: 4096,
            anchor: None,
            doubtful_time: false,
        };
        let actor = Actor { user_id: 1, username: "admin".into(), display_name: "管理员".into(), role: Role::Admin };
        let mut cache = Cache::default();
        cache.backups.running = running;
        cache.backups.checking = checking;
        let desktop = NativeDesktop::new();
        let mut panel = DatabasePanel { confirm: Some(entry) };
        let mut commands = Vec::new();
        let enabled = {
            let mut h = Harness::builder().with_context_setup(crate::ui::fonts::install).build_ui(|ui| {
                let mut view = View {
                    lang: crate::i18n::Lang::Zh,
                    actor: &actor,
                    theme: Default::default(),
                    cache: &cache,
                    commands: &mut commands,
                    desktop: &desktop,
                };
                panel.confirm_ui(ui, &mut view);
            });
            h.run();
            let button = h.get_by_role_and_label(egui::accesskit::Role::Button, "确认恢复");
            let enabled = !button.accesskit_node().is_disabled();
            button.click();
            h.run();
            if running.is_some() {
                assert!(h.query_by_label("正在写入备份，请等备份完成后再恢复").is_some(), "it says why");
            } else if checking {
                assert!(
                    h.query_by_label("正在检查数据库文件（启动时的检查），请等检查完成后再恢复").is_some(),
                    "it says why"
                );
            }
            enabled
        };
        (enabled, commands)
    }

    #[test]
    fn the_restore_cannot_be_confirmed_while_a_backup_is_being_written() {
        let (enabled, commands) = confirm_with(Some(0.4), false);
        assert!(!enabled && commands.is_empty(), "greyed while the backup runs");
        let (enabled, commands) = confirm_with(None, false);
        assert!(enabled);
        assert!(matches!(commands.as_slice(), [Command::RestoreBackup(_)]), "the restore is asked for");
    }

    #[test]
    fn the_restore_cannot_be_confirmed_while_the_start_up_check_reads_the_file() {
        let (enabled, commands) = confirm_with(None, true);
        assert!(!enabled && commands.is_empty(), "greyed while the check runs");
    }
}
