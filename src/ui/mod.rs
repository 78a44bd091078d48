//! The egui application: the window, the login and set-up screens, the navigation shell and
//! one module per screen. Screens draw and push [`Command`]s; only [`app`] talks to the
//! store, after the frame's UI has run.

pub mod app;
pub mod clock;
pub mod command;
pub mod fonts;
pub mod nav;
pub mod theme;

mod audit_log;
mod backup_job;
mod card_page;
pub(crate) mod cards;
mod database;
pub mod export;
pub mod file_dialog;
mod file_job;
mod grants;
mod housing;
mod lock;
mod login;
mod placeholder;
mod policy_edit;
mod policy_panel;
mod policy_view;
pub mod recovery;
pub mod restore_job;
mod review;
mod services;
mod settings;
mod setup;
mod sign_in;
mod stats;
pub mod talents;
mod teams;
mod user_access;
mod users;
mod widgets;

pub use app::{Cache, GreencardApp};
pub use cards::print_faces;
pub use command::Command;

use crate::domain::Actor;
use crate::i18n::Lang;
use crate::store::Store;

/// What a screen needs to draw: the language, who is logged in, the cached rows, and where
/// to push its commands.
pub struct View<'a> {
    /// The interface language.
    pub lang: Lang,
    /// The logged-in user.
    pub actor: &'a Actor,
    /// Light or dark.
    pub theme: theme::ThemeChoice,
    /// Rows read from the store after the last change.
    pub cache: &'a Cache,
    /// Where the screen's requests go.
    pub commands: &'a mut Vec<Command>,
    /// The file dialogs and the file manager.
    pub desktop: &'a dyn file_dialog::Desktop,
}

/// Opens the main window on `store` and runs until it is closed.
pub fn run_native(store: Store) -> eframe::Result {
    let title = app::window_title(&store);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("greencard")
            .with_inner_size([1366.0, 820.0])
            .with_min_inner_size([1024.0, 640.0]),
        ..Default::default()
    };
    eframe::run_native("greencard", options, Box::new(|cc| Ok(Box::new(GreencardApp::new(&cc.egui_ctx, store)))))
}

/// Opens the recovery window for a database SQLite cannot open (see [`recovery`]).
pub fn run_recovery(db: &std::path::Path) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(format!("greencard 人才绿卡服务台 — {}", db.display()))
            .with_app_id("greencard")
            .with_inner_size([1024.0, 640.0]),
        ..Default::default()
    };
    let db = db.to_path_buf();
    eframe::run_native(
        "greencard",
        options,
        Box::new(move |cc| Ok(Box::new(recovery::RecoveryApp::new(&cc.egui_ctx, &db)))),
    )
}
