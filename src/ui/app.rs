//! The application: owns the store, the session and the screens; draws the frame, then
//! applies the commands the screens pushed and refreshes the cached rows.

use chrono::Datelike;
use egui::{RichText, Ui};

use super::cards::CardsScreen;
use super::command::Command;

mod apply;
mod apply_backup;
mod apply_cards;
mod apply_grants;
mod apply_housing;
mod apply_policy;
mod session;
use super::View;
use super::login::LoginScreen;
use super::nav::{self, Section};
use super::review::ReviewScreen;
use super::settings::SettingsScreen;
use super::setup::SetupScreen;
use super::talents::TalentsScreen;
use super::teams::TeamsScreen;
use super::theme::{self, ThemeChoice};
use super::widgets::{self, Notice, NoticeKind};
use crate::domain::preferences::{LANGUAGE_SETTING, THEME_SETTING};
use crate::domain::{Actor, Message, PolicyVersion, Problem};
use crate::i18n::{Lang, tr};
use crate::store::{
    Application, Card, DuplicatePair, Employer, PrintJob, RegistryCounts, Service, ShortageEntry, Store, StoreError,
    Team, User, Zone, ZoneTarget,
};

/// Rows read from the store, refreshed after every applied command.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    /// Whether the database has no user yet (first start).
    pub needs_setup: bool,
    /// Record counts of the registry.
    pub counts: RegistryCounts,
    /// User accounts (filled for administrators).
    pub users: Vec<User>,
    /// The policy version in force today.
    pub policy: Option<PolicyVersion>,
    /// Every policy version, oldest effective date first.
    pub policy_versions: Vec<PolicyVersion>,
    /// Who made each version and why (read for Settings).
    pub version_notes: Vec<crate::store::VersionNote>,
    /// The first day a new policy version may take effect (read for Settings).
    pub earliest_policy: Option<chrono::NaiveDate>,
    /// The warning thresholds.
    pub warnings: crate::domain::alerts::WarningSettings,
    /// The schema version of the open database.
    pub schema_version: i64,
    /// The database file, as shown to the user.
    pub db_path: String,
    /// Development zones, for choices.
    pub zones: Vec<Zone>,
    /// Employers, for choices.
    pub employers: Vec<Employer>,
    /// Fields offered in forms: the shortage catalogue's, then the usual clusters.
    pub fields: Vec<String>,
    /// The shortage catalogue.
    pub catalogue: Vec<ShortageEntry>,
    /// Zone targets of the current year.
    pub targets: Vec<ZoneTarget>,
    /// The current year.
    pub year: i64,
    /// The first open possible-duplicate pairs.
    pub duplicates: Vec<DuplicatePair>,
    /// How many pairs are open.
    pub duplicate_count: i64,
    /// Teams, newest first.
    pub teams: Vec<Team>,
    /// The logged-in reviewer's queue, oldest first.
    pub queue: Vec<Application>,
    /// Approved card applications waiting for their card.
    pub awaiting_card: Vec<Application>,
    /// Active cards expiring within the chosen horizon.
    pub expiring: Vec<Card>,
    /// Print requests in the state the print tab shows.
    pub prints: Vec<PrintJob>,
    /// The service catalogue.
    pub services: Vec<Service>,
    /// The housing section's rows.
    pub housing: super::housing::HousingRows,
    /// The grants section's rows.
    pub grants: super::grants::GrantRows,
    /// The logged-in user's rights as the database says now (read after every change).
    pub rights: Option<crate::domain::access::Rights>,
    /// Idle minutes after which the window locks.
    pub idle_minutes: crate::domain::access::IdleMinutes,
    /// The backups of the database tab.
    pub backups: super::database::BackupsView,
}

/// The title of the main window: the app's name and the open file.
pub fn window_title(store: &Store) -> String {
    let path = store.path().map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
    format!("greencard 人才绿卡服务台 — {path}")
}

/// Today's date as the top bar shows it: `2026-11-29 星期日`.
fn today_text(lang: Lang, today: chrono::NaiveDate) -> String {
    let weekday = today.weekday().num_days_from_monday() as usize;
    let names: [&str; 7] = match lang {
        Lang::Zh => ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
        Lang::En => ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    };
    format!("{} {}", crate::domain::dates::fmt_date(today), names[weekday])
}

/// The whole application state.
pub struct GreencardApp {
    store: Store,
    lang: Lang,
    theme: ThemeChoice,
    theme_applied: Option<ThemeChoice>,
    session: Option<Actor>,
    section: Section,
    login: LoginScreen,
    setup: SetupScreen,
    settings: SettingsScreen,
    talents: TalentsScreen,
    teams: TeamsScreen,
    review: ReviewScreen,
    cards: CardsScreen,
    housing: super::housing::HousingScreen,
    grants: super::grants::GrantsScreen,
    stats: super::stats::StatsScreen,
    commands: Vec<Command>,
    /// The file dialogs and the file manager (a scripted one in the UI tests).
    desktop: Box<dyn super::file_dialog::Desktop>,
    notice: Option<Notice>,
    cache: Cache,
    title_sent: Option<String>,
    /// Sections whose rows changed since they were last read.
    stale: std::collections::HashSet<Section>,
    /// Where the time comes from (a manual clock in tests).
    clock: super::clock::Clock,
    /// To wake the frame when a worker is done.
    ctx: egui::Context,
    /// A password being checked on its worker.
    sign_in: Option<super::sign_in::SignIn>,
    /// The window is covered after idle minutes.
    locked: bool,
    /// The last keyboard or mouse input.
    last_input: std::time::Instant,
    /// Idle minutes after which the window locks.
    idle_minutes: crate::domain::access::IdleMinutes,
    lock_screen: super::lock::LockScreen,
    /// Backups, the start-up check and a damaged file's recovery.
    safety: apply_backup::Safety,
}

impl GreencardApp {
    /// Builds the app on an open store: installs the CJK font, reads the remembered
    /// language and theme.
    pub fn new(ctx: &egui::Context, store: Store) -> GreencardApp {
        super::fonts::install(ctx);
        let lang = store.setting(LANGUAGE_SETTING).ok().flatten().map(|c| Lang::from_code(&c)).unwrap_or_default();
        let theme = store.setting(THEME_SETTING).ok().flatten().map(|c| ThemeChoice::from_code(&c)).unwrap_or_default();
        let clock = super::clock::Clock::system();
        let mut app = GreencardApp {
            store,
            lang,
            theme,
            theme_applied: None,
            session: None,
            section: Section::Talents,
            login: LoginScreen::default(),
            setup: SetupScreen::default(),
            settings: SettingsScreen::default(),
            talents: TalentsScreen::default(),
            teams: TeamsScreen::default(),
            review: ReviewScreen::default(),
            cards: CardsScreen::default(),
            housing: Default::default(),
            grants: Default::default(),
            stats: Default::default(),
            commands: Vec::new(),
            desktop: Box::new(super::file_dialog::NativeDesktop::new()),
            notice: None,
            cache: Cache::default(),
            title_sent: None,
            stale: std::collections::HashSet::new(),
            last_input: clock.now(),
            clock,
            ctx: ctx.clone(),
            sign_in: None,
            locked: false,
            idle_minutes: Default::default(),
            lock_screen: Default::default(),
            safety: Default::default(),
        };
        app.start_safety();
        app.refresh();
        app
    }

    /// The interface language in use.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Who is logged in.
    pub fn session(&self) -> Option<&Actor> {
        self.session.as_ref()
    }

    /// The section on screen.
    pub fn section(&self) -> Section {
        self.section
    }

    /// Reads the open profile again after a change to its cards.
    pub(super) fn reopen_profile(&mut self) {
        if let Some(id) = self.talents.profile_id()
            && let Err(m) = self.talents.open_profile(&self.store, id)
        {
            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
        }
    }

    /// Reads the open card page again (or the card that replaced it) after a change.
    fn reopen_card(&mut self, card_id: Option<i64>) {
        if let Some(id) = card_id.or(self.cards.open_card_id())
            && let Err(m) = self.cards.reload_card(&self.store, id)
        {
            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
        }
    }

    /// Shows a card's page in the 绿卡 section.
    pub fn open_card(&mut self, card_id: i64) {
        self.section = Section::Cards;
        if let Err(m) = self.cards.open_card(&self.store, card_id) {
            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
        }
    }

    /// Shows a talent's profile (as a click in the list does).
    pub fn open_talent(&mut self, id: i64) {
        self.section = Section::Talents;
        if let Err(m) = self.talents.open_profile(&self.store, id) {
            self.notice = Some(Notice { kind: NoticeKind::Error, message: m });
        }
    }

    /// Opens the 批量导入 tab on `path` (what choosing a file in the dialog does).
    pub fn import_file(&mut self, path: std::path::PathBuf) {
        self.section = Section::Talents;
        self.talents.tab = super::talents::Tab::Import;
        self.talents.import.load_file(&self.store, path);
    }

    /// Replaces the desktop's dialogs and file manager: the UI tests answer the dialogs
    /// with a path of their own, without a window.
    pub fn set_desktop(&mut self, desktop: Box<dyn super::file_dialog::Desktop>) {
        self.desktop = desktop;
    }

    /// The store (for tests that check what was written).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Reads what every screen needs (counts, policy, zones, employers, fields) and marks
    /// the sections' own rows stale: they are read when their section is next shown, so a
    /// command never pays for lists nobody is looking at.
    fn refresh(&mut self) {
        // The rights first: every read below is narrowed to the scope they give.
        self.read_rights();
        self.stale = Section::ALL.into_iter().collect();
        let result = (|| -> Result<Cache, StoreError> {
            let today = super::clock::today();
            let versions = self.store.policy_versions()?;
            let catalogue = self.store.shortage_catalogue()?;
            let mut fields: Vec<String> = Vec::new();
            for f in catalogue
                .iter()
                .map(|e| e.field.clone())
                .chain(crate::domain::talent::DEFAULT_FIELDS.iter().map(|f| f.to_string()))
            {
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
            Ok(Cache {
                needs_setup: self.store.user_count()? == 0,
                counts: self.store.registry_counts()?,
                policy: crate::domain::policy::in_force(&versions, today).cloned(),
                warnings: self.store.warning_settings()?,
                policy_versions: versions,
                schema_version: self.store.schema_version()?,
                db_path: self.store.path().map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
                catalogue,
                year: i64::from(today.year()),
                duplicate_count: self.store.duplicate_count()?,
                zones: self.store.zones()?,
                employers: self.store.employers()?,
                fields,
                ..Cache::default()
            })
        })();
        match result {
            Ok(cache) => {
                let rights = self.cache.rights.take();
                self.cache = cache;
                self.cache.rights = rights;
            }
            Err(e) => self.error(&e),
        }
        self.read_idle_minutes();
    }

    /// Reads the rows of `section` if a change made them stale.
    fn load_section(&mut self, section: Section) {
        if !self.stale.remove(&section) {
            return;
        }
        if section == Section::Cards {
            // The card list reads its own rows (on a worker); a change makes them stale too.
            self.cards.invalidate_card_list();
        }
        let today = super::clock::today();
        let cache = &mut self.cache;
        let store = &self.store;
        let result = match section {
            Section::Talents => (|| -> Result<(), StoreError> {
                cache.targets = store.zone_targets(cache.year)?;
                cache.duplicates = store.duplicate_pairs(50)?;
                Ok(())
            })(),
            Section::Teams => store.teams(10_000).map(|t| cache.teams = t),
            Section::Cards => (|| -> Result<(), StoreError> {
                cache.awaiting_card = store.awaiting_card(200)?;
                let until = today + chrono::Days::new(u64::from(self.cards.within()));
                cache.expiring = store.expiring_cards(today, until, &self.cards.expiring_filter(), 20_000)?;
                cache.prints = store.print_queue(self.cards.print_state(), 5_000)?;
                Ok(())
            })(),
            Section::Review => match self.session.as_ref().and_then(|a| super::review::step_of(a.role)) {
                Some(step) => store.review_queue(step, 500).map(|q| cache.queue = q),
                None => {
                    cache.queue.clear();
                    Ok(())
                }
            },
            Section::Settings => (|| -> Result<(), StoreError> {
                cache.services = store.services()?;
                cache.version_notes = store.policy_version_notes()?;
                cache.earliest_policy = Some(store.earliest_policy_date(today)?);
                match &self.session {
                    Some(a) if a.role.is_admin() => cache.users = store.users()?,
                    _ => cache.users.clear(),
                }
                Ok(())
            })(),
            Section::Housing => (|| -> Result<(), StoreError> {
                let (day, project, zone) = self.housing.allocation_filter();
                cache.housing = super::housing::HousingRows {
                    projects: store.apt_projects()?,
                    units: store.apt_units(today, None)?,
                    waiting: store.waiting_list(today)?,
                    allocations: store.allocations(day, project, zone)?,
                    arrears: store.rent_arrears(today)?,
                    must_leave: store.must_leave()?,
                };
                Ok(())
            })(),
            Section::Grants => (|| -> Result<(), StoreError> {
                let year = self.grants.year();
                cache.grants = super::grants::GrantRows {
                    programmes: store.grant_programmes(None)?,
                    grants: store.grants(year, None)?,
                    payments: store.grant_payments(year, None)?,
                };
                Ok(())
            })(),
            Section::Stats => Ok(()),
        };
        if let Err(e) = result {
            self.error(&e);
        }
    }

    fn error(&mut self, e: &dyn Problem) {
        self.notice = Some(Notice { kind: NoticeKind::Error, message: Message::of(e) });
    }

    fn success(&mut self, key: &'static str, args: &[(&'static str, String)]) {
        self.notice = Some(Notice { kind: NoticeKind::Success, message: Message { key, args: args.to_vec() } });
    }

    /// Applies the commands pushed during the frame, each in its own transaction.
    fn apply_commands(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            self.apply(command);
        }
        // Any write may change what the talent list shows: it counts and reads again.
        self.talents.list.invalidate();
        self.refresh();
    }

    fn top_bar_ui(&mut self, ui: &mut Ui, actor: &Actor) {
        let lang = self.lang;
        ui.horizontal_centered(|ui| {
            let today = super::clock::today();
            ui.label(widgets::muted(ui, &today_text(lang, today)));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(tr(lang, "login.logout")).clicked() {
                    self.commands.push(Command::LogOut);
                }
                ui.label(widgets::muted(ui, &tr(lang, actor.role.label_key())));
                ui.label(RichText::new(&actor.display_name).strong());
            });
        });
    }

    fn shell_ui(&mut self, ui: &mut Ui, actor: &Actor) {
        if self.cards.take_reload() {
            self.stale.insert(Section::Cards);
        }
        if self.housing.take_reload() {
            self.stale.insert(Section::Housing);
        }
        if self.grants.take_reload() {
            self.stale.insert(Section::Grants);
        }
        if self.section == Section::Stats && self.stale.remove(&Section::Stats) {
            self.stats.reload(&self.store, ui.ctx());
        }
        self.load_section(self.section);
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(theme::NAV_WIDTH)
            .frame(egui::Frame::new().fill(theme::NAV_BG))
            .show(ui, |ui| nav::nav_ui(ui, self.lang, &mut self.section));
        egui::Panel::top("top_bar")
            .exact_size(44.0)
            .frame(
                egui::Frame::new()
                    .fill(theme::card_fill(ui.visuals()))
                    .inner_margin(egui::Margin::symmetric(16, 6))
                    .stroke(theme::card_stroke(ui.visuals())),
            )
            .show(ui, |ui| self.top_bar_ui(ui, actor));
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(ui.visuals().panel_fill).inner_margin(egui::Margin::same(18)))
            .show(ui, |ui| {
                if let Some(notice) = &self.notice
                    && widgets::notice_ui(ui, notice, self.lang)
                {
                    self.notice = None;
                }
                let mut view = View {
                    lang: self.lang,
                    actor,
                    theme: self.theme,
                    cache: &self.cache,
                    commands: &mut self.commands,
                    desktop: self.desktop.as_ref(),
                };
                match self.section {
                    Section::Settings => self.settings.ui(ui, &mut view, &self.store),
                    Section::Talents => self.talents.ui(ui, &mut view, &self.store),
                    Section::Teams => self.teams.ui(ui, &mut view, &self.store, &self.cache.teams),
                    Section::Review => self.review.ui(ui, &mut view, &self.store, &self.cache.queue),
                    Section::Cards => {
                        let lists = super::cards::CardLists {
                            awaiting: &self.cache.awaiting_card,
                            expiring: &self.cache.expiring,
                            prints: &self.cache.prints,
                        };
                        self.cards.ui(ui, &mut view, &self.store, lists)
                    }
                    Section::Housing => self.housing.ui(ui, &mut view, &self.cache.housing),
                    Section::Grants => self.grants.ui(ui, &mut view, &self.store, &self.cache.grants),
                    Section::Stats => self.stats.ui(ui, &mut view),
                }
            });
    }
}

impl eframe::App for GreencardApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if self.theme_applied != Some(self.theme) {
            theme::apply(ui.ctx(), self.theme);
            self.theme_applied = Some(self.theme);
        }
        let title = window_title(&self.store);
        if self.title_sent.as_deref() != Some(title.as_str()) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = Some(title);
        }
        if self.safety_ui(ui) {
            return;
        }
        self.poll_sign_in();
        self.watch_idle(ui);
        let now = self.clock.now();
        match self.session.clone() {
            Some(actor) if self.locked => {
                egui::CentralPanel::default().show(ui, |ui| {
                    self.lock_screen.ui(ui, self.lang, &actor, now, &mut self.login, &mut self.commands);
                });
            }
            Some(actor) => self.shell_ui(ui, &actor),
            None => {
                egui::CentralPanel::default().show(ui, |ui| {
                    // What happened before the login (a restore that logged everyone out).
                    if let Some(notice) = &self.notice
                        && widgets::notice_ui(ui, notice, self.lang)
                    {
                        self.notice = None;
                    }
                    if self.cache.needs_setup {
                        self.setup.ui(ui, self.lang, &mut self.commands);
                    } else {
                        self.login.ui(ui, self.lang, now, &mut self.commands);
                    }
                });
            }
        }
        if !self.commands.is_empty() {
            self.apply_commands();
            ui.ctx().request_repaint();
        }
    }
}
