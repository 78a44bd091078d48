//! The session: logging in with the password checked on a worker, the rights read again
//! after every change (a disabled account is logged out, a changed scope narrows the lists
//! at once), and the lock after the idle minutes.

use std::time::Duration;

use egui::Ui;

use super::{GreencardApp, Section};
use crate::domain::access::IdleMinutes;
use crate::domain::{Actor, Message};
use crate::store::StoreError;
use crate::ui::clock::Clock;
use crate::ui::sign_in::{Purpose, SignIn};
use crate::ui::widgets::{Notice, NoticeKind};

impl GreencardApp {
    /// Uses `clock` from now on (tests move a manual clock instead of sleeping).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.last_input = self.clock.now();
    }

    /// Whether the window is locked after idle minutes.
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Whether a password is being checked on the worker.
    pub fn signing_in(&self) -> bool {
        self.sign_in.is_some()
    }

    /// Starts checking a password for `username` (reading the account is quick; the check
    /// runs on a worker). A locked account or one still waiting is refused at once.
    pub(super) fn start_sign_in(&mut self, username: &str, password: String, purpose: Purpose) {
        if self.sign_in.is_some() {
            return;
        }
        let attempt = match self.store.begin_login(username, self.clock.wall()) {
            Ok(attempt) => attempt,
            Err(e) => return self.sign_in_refused(purpose, &e),
        };
        let ctx = self.ctx.clone();
        match SignIn::start(attempt, password, purpose, move || ctx.request_repaint()) {
            Ok(job) => {
                self.sign_in = Some(job);
                self.login.busy = true;
                self.lock_screen.busy = true;
            }
            Err(m) => self.login.error = Some(m),
        }
    }

    fn sign_in_refused(&mut self, purpose: Purpose, e: &StoreError) {
        let now = self.clock.now();
        match purpose {
            Purpose::LogIn => {
                self.login.throttle.refused(e, now);
                self.login.error = Some(Message::of(e));
            }
            Purpose::Unlock => {
                self.lock_screen.throttle.refused(e, now);
                self.lock_screen.error = Some(Message::of(e));
            }
        }
    }

    /// Takes the worker's answer, if it is in, and records it.
    pub(super) fn poll_sign_in(&mut self) {
        let Some(answer) = self.sign_in.as_ref().and_then(SignIn::poll) else { return };
        let Some(job) = self.sign_in.take() else { return };
        self.login.busy = false;
        self.lock_screen.busy = false;
        let result = answer.and_then(|checked| {
            self.store.finish_login(checked, self.clock.wall()).map_err(|e| {
                self.sign_in_refused(job.purpose, &e);
                Message::of(&e)
            })
        });
        match result {
            Ok(actor) => self.begin_session(actor),
            Err(m) if job.purpose == Purpose::LogIn => self.login.error = Some(m),
            Err(m) => self.lock_screen.error = Some(m),
        }
    }

    /// Someone logged in (or unlocked). Another user than the locked one ends the locked
    /// session first: nothing of theirs stays on screen.
    fn begin_session(&mut self, actor: Actor) {
        let unlocking = self.locked && self.session.as_ref().is_some_and(|s| s.user_id == actor.user_id);
        if self.locked && !unlocking {
            self.log_out();
        }
        self.login.throttle.reset();
        self.login.error = None;
        self.lock_screen = Default::default();
        self.locked = false;
        self.last_input = self.clock.now();
        if !unlocking {
            self.notice = None;
            self.section = Section::Talents;
        }
        self.session = Some(actor);
        // Rights, then every list, narrowed to the user's zones.
        self.refresh();
        self.talents.list.invalidate();
    }

    /// Ends the session: the next person starts afresh, no page, form or selection of the
    /// last one stays.
    pub(super) fn log_out(&mut self) {
        self.session = None;
        self.cache.rights = None;
        self.locked = false;
        self.notice = None;
        self.store.set_scope(Default::default());
        self.settings = Default::default();
        self.login = Default::default();
        self.lock_screen = Default::default();
        self.talents = Default::default();
        self.teams = Default::default();
        self.review = Default::default();
        self.cards = Default::default();
        self.housing = Default::default();
        self.grants = Default::default();
        self.stats = Default::default();
    }

    /// Reads the session's rights again: a disabled account is logged out; a changed scope
    /// narrows every list at once (the talent list's reader starts again with it).
    pub(super) fn read_rights(&mut self) {
        let Some(actor) = self.session.clone() else { return };
        match self.store.rights(&actor) {
            Ok(rights) => {
                if self.store.scope() != &rights.scope {
                    self.store.set_scope(rights.scope.clone());
                    self.talents = Default::default();
                }
                self.session = Some(rights.actor.clone());
                self.cache.rights = Some(rights);
            }
            Err(e @ (StoreError::AccountDisabled | StoreError::NotAllowed)) => {
                self.log_out();
                self.notice = Some(Notice { kind: NoticeKind::Error, message: Message::of(&e) });
                self.login.error = Some(Message::of(&e));
            }
            Err(e) => self.error(&e),
        }
    }

    /// The idle minutes in force (the administrator's setting, or the default).
    pub(super) fn read_idle_minutes(&mut self) {
        self.idle_minutes = self
            .store
            .setting(crate::domain::access::IDLE_LOCK_SETTING)
            .ok()
            .flatten()
            .and_then(|m| IdleMinutes::parse(&m).ok())
            .unwrap_or_default();
        self.cache.idle_minutes = self.idle_minutes;
    }

    /// Notes input as activity and locks the window once the idle minutes have passed;
    /// asks to be woken when they will have.
    pub(super) fn watch_idle(&mut self, ui: &Ui) {
        if self.session.is_none() || self.locked {
            return;
        }
        let active = ui.input(|i| {
            i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::PointerMoved(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseWheel { .. }
                        | egui::Event::Paste(_)
                )
            })
        });
        let now = self.clock.now();
        if active {
            self.last_input = now;
        }
        let idle = self.idle_minutes.duration();
        let since = now.saturating_duration_since(self.last_input);
        if since >= idle {
            self.locked = true;
            self.lock_screen = Default::default();
        } else {
            ui.ctx().request_repaint_after((idle - since).max(Duration::from_millis(200)));
        }
    }
}
