//! A password check under way: Argon2id runs on a named worker thread (about 25 ms, more on
//! a busy PC) while the frame keeps drawing a spinner; and the wait after a failure, during
//! which the login button stays disabled with a countdown.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::Ui;

use super::theme;
use crate::domain::Message;
use crate::domain::access::retry_delay;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{CheckedLogin, LoginAttempt, StoreError};

/// What a check is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The login screen (or "another user" on the lock screen).
    LogIn,
    /// The locked session's own user unlocking.
    Unlock,
}

/// A check running on its worker.
pub struct SignIn {
    /// What the check is for.
    pub purpose: Purpose,
    reply: Receiver<CheckedLogin>,
}

impl SignIn {
    /// Starts checking `password` against `attempt` on a worker; `wake` is called when done.
    pub fn start(
        attempt: LoginAttempt,
        password: String,
        purpose: Purpose,
        wake: impl Fn() + Send + 'static,
    ) -> Result<SignIn, Message> {
        let (tx, reply) = channel();
        std::thread::Builder::new()
            .name("password-check".into())
            .spawn(move || {
                // The window may be gone by the end; then nobody needs the answer.
                let _ = tx.send(attempt.check(&password));
                wake();
            })
            .map_err(|_| Message::new("print.err.thread"))?;
        Ok(SignIn { purpose, reply })
    }

    /// The checked password once the worker is done; `Err` if the worker died.
    pub fn poll(&self) -> Option<Result<CheckedLogin, Message>> {
        match self.reply.try_recv() {
            Ok(checked) => Some(Ok(checked)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Message::new("print.err.thread"))),
        }
    }
}

/// The window's side of the wait after failed logins: the same growing wait as the store's,
/// counted per screen, so an unknown user name waits as long as a known one.
#[derive(Clone, Debug, Default)]
pub struct Throttle {
    failures: i64,
    until: Option<Instant>,
}

impl Throttle {
    /// Records a refusal at `now`: a wrong password counts and waits longer each time; a
    /// refusal that names its own wait (too soon, locked) waits that long.
    pub fn refused(&mut self, error: &StoreError, now: Instant) {
        let wait = match error {
            StoreError::BadLogin => {
                self.failures += 1;
                retry_delay(self.failures).to_std().unwrap_or_default()
            }
            StoreError::TooSoon { seconds } => Duration::from_secs(u64::try_from(*seconds).unwrap_or(1)),
            _ => Duration::ZERO,
        };
        self.until = Some(now + wait);
    }

    /// Forgets the failures (after a success).
    pub fn reset(&mut self) {
        *self = Throttle::default();
    }

    /// Whole seconds still to wait at `now` (0: the button may be used).
    pub fn seconds_left(&self, now: Instant) -> u64 {
        let left = self.until.map_or(Duration::ZERO, |u| u.saturating_duration_since(now));
        left.as_millis().div_ceil(1000) as u64
    }
}

/// The submit button of a login form: disabled while a check runs (with a spinner) or a
/// wait lasts (with the seconds left); returns whether it was clicked (or Enter pressed).
pub fn submit_button_ui(ui: &mut Ui, lang: Lang, key: &str, ready: bool, busy: bool, wait: u64, enter: bool) -> bool {
    let mut pressed = false;
    ui.horizontal(|ui| {
        super::widgets::label_indent_ui(ui);
        let enabled = ready && !busy && wait == 0;
        let clicked = ui.add_enabled(enabled, theme::primary_button(tr(lang, key))).clicked();
        pressed = enabled && (clicked || enter);
        if busy {
            spinner_ui(ui);
            ui.label(super::widgets::muted(ui, &tr(lang, "login.checking")));
        } else if wait > 0 {
            ui.label(super::widgets::muted(ui, &tr_args(lang, "login.wait", &[("seconds", wait.to_string())])));
            // Wake up to count down (and to enable the button when the wait is over).
            ui.ctx().request_repaint_after(Duration::from_millis(250));
        }
    });
    pressed
}

/// A small turning arc. Unlike `egui::Spinner` it asks for the next frame a little later,
/// not at once, so an idle window does not spin the CPU (and a test's `run` settles).
fn spinner_ui(ui: &mut Ui) {
    let size = ui.spacing().interact_size.y * 0.8;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    let time = ui.input(|i| i.time);
    let start = (time * 4.0) as f32;
    let points: Vec<egui::Pos2> = (0..=24)
        .map(|i| {
            let angle = start + i as f32 / 24.0 * std::f32::consts::PI * 1.5;
            rect.center() + size * 0.4 * egui::vec2(angle.cos(), angle.sin())
        })
        .collect();
    ui.painter().add(egui::Shape::line(points, egui::Stroke::new(2.0, theme::ACCENT)));
    ui.ctx().request_repaint_after(Duration::from_millis(50));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_waits_longer_after_each_wrong_password() {
        let now = Instant::now();
        let mut t = Throttle::default();
        assert_eq!(t.seconds_left(now), 0);
        t.refused(&StoreError::BadLogin, now);
        assert_eq!(t.seconds_left(now), 1);
        t.refused(&StoreError::BadLogin, now);
        assert_eq!(t.seconds_left(now), 2);
        assert_eq!(t.seconds_left(now + Duration::from_millis(1500)), 1);
        assert_eq!(t.seconds_left(now + Duration::from_secs(2)), 0);
        t.refused(&StoreError::TooSoon { seconds: 7 }, now);
        assert_eq!(t.seconds_left(now), 7);
        t.reset();
        assert_eq!(t.seconds_left(now), 0);
    }
}
