//! Logging in, in three steps so the slow part leaves the UI thread: [`Store::begin_login`]
//! reads the account (and refuses a locked one, or one still waiting after a failure),
//! [`LoginAttempt::check`] runs Argon2id (about 25 ms; any thread), and
//! [`Store::finish_login`] records the outcome in one transaction. After each failure the
//! next try waits longer (1, 2, 4, 8 s); the fifth in a row locks the account for five
//! minutes. An unknown name and a wrong password get the same answer and take the same time.

use chrono::{NaiveDateTime, TimeDelta};
use rusqlite::{Connection, OptionalExtension, named_params};

use super::audit::{self, Change};
use super::users::{User, verify_password};
use super::{Result, Store, StoreError};
use crate::domain::Actor;
use crate::domain::access::{LOCK_MINUTES, MAX_FAILED_LOGINS, retry_delay};
use crate::domain::account::Username;

/// A valid Argon2id hash of a random string, checked against when the user name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Jq4ZUHQv9Ty3dPOpLKK5VabUNd/ZZWVvKNbazh2uKk";

/// How waits and locks are stored: local time to the millisecond.
const WAIT_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f";

/// An account read for a login: the stored hash to check the password against.
pub struct LoginAttempt {
    /// The account's id and hash; `None` for an unknown name (checked against a dummy).
    user: Option<(i64, String)>,
}

/// A password checked against an account, ready to be recorded.
pub struct CheckedLogin {
    user: Option<(i64, String)>,
    matched: bool,
}

impl LoginAttempt {
    /// Checks the password with Argon2id. Slow on purpose: run it off the UI thread.
    pub fn check(self, password: &str) -> CheckedLogin {
        let hash = self.user.as_ref().map_or(DUMMY_HASH, |(_, h)| h.as_str());
        let matched = verify_password(password, hash) && self.user.is_some();
        CheckedLogin { user: self.user, matched }
    }
}

/// The stored account with its hash, failure count, lock and wait.
struct Account {
    user: User,
    hash: String,
    failed: i64,
    locked_until: Option<NaiveDateTime>,
    retry_after: Option<NaiveDateTime>,
}

fn parse_time(text: Option<String>) -> Option<NaiveDateTime> {
    let text = text?;
    NaiveDateTime::parse_from_str(&text, WAIT_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S"))
        .ok()
}

fn account(conn: &Connection, name: &Username) -> Result<Option<Account>> {
    Ok(conn
        .query_row("SELECT * FROM users WHERE username = :u", named_params! { ":u": name.as_str() }, |r| {
            Ok(Account {
                user: User::from_row(r)?,
                hash: r.get("password_hash")?,
                failed: r.get("failed_logins")?,
                locked_until: parse_time(r.get("locked_until")?),
                retry_after: parse_time(r.get("retry_after")?),
            })
        })
        .optional()?)
}

/// Refuses an account that is locked or still waiting after a failure at `now`.
fn refuse_if_waiting(a: &Account, now: NaiveDateTime) -> Result<()> {
    if let Some(until) = a.locked_until
        && until > now
    {
        let seconds = (until - now).num_seconds().max(1);
        return Err(StoreError::LockedOut { minutes: (seconds + 59) / 60 });
    }
    if let Some(until) = a.retry_after
        && until > now
    {
        let millis = (until - now).num_milliseconds().max(1);
        return Err(StoreError::TooSoon { seconds: (millis + 999) / 1000 });
    }
    Ok(())
}

/// Records a failed login: counts it, sets the wait before the next try and, at the
/// fifth in a row, the lock.
fn record_failure(conn: &Connection, a: &Account, now: NaiveDateTime) -> Result<StoreError> {
    let failed = a.failed + 1;
    let locked = failed >= MAX_FAILED_LOGINS;
    let lock = locked.then(|| (now + TimeDelta::minutes(LOCK_MINUTES)).format(WAIT_FORMAT).to_string());
    let wait = (!locked).then(|| (now + retry_delay(failed)).format(WAIT_FORMAT).to_string());
    conn.execute(
        "UPDATE users SET failed_logins = :f, locked_until = :l, retry_after = :w WHERE id = :id",
        named_params! { ":f": if locked { 0 } else { failed }, ":l": lock, ":w": wait, ":id": a.user.id },
    )?;
    audit::record(
        conn,
        None,
        Change {
            action: if locked { "user.locked" } else { "user.login_failed" },
            entity: "user",
            entity_id: Some(a.user.id),
            old: None,
            new: Some(serde_json::json!({ "failed_logins": failed, "locked_until": lock, "retry_after": wait })),
        },
    )?;
    Ok(if locked { StoreError::LockedOut { minutes: LOCK_MINUTES } } else { StoreError::BadLogin })
}

impl Store {
    /// Reads the account of `username` for a login at `now`; refuses at once, without
    /// checking any password, an account that is locked or still waiting after a failure.
    pub fn begin_login(&self, username: &str, now: NaiveDateTime) -> Result<LoginAttempt> {
        let Ok(name) = Username::parse(username) else {
            return Ok(LoginAttempt { user: None });
        };
        let Some(a) = account(&self.conn, &name)? else {
            return Ok(LoginAttempt { user: None });
        };
        refuse_if_waiting(&a, now)?;
        Ok(LoginAttempt { user: Some((a.user.id, a.hash)) })
    }

    /// Records a checked login at `now` in one transaction: on success returns who is now
    /// acting; on failure counts it and says how to go on.
    pub fn finish_login(&mut self, checked: CheckedLogin, now: NaiveDateTime) -> Result<Actor> {
        let Some((id, hash)) = checked.user else {
            return Err(StoreError::BadLogin);
        };
        let tx = self.write()?;
        let username: Option<String> = tx
            .query_row("SELECT username FROM users WHERE id = :id", named_params! { ":id": id }, |r| r.get(0))
            .optional()?;
        let Some(a) = username.and_then(|u| Username::parse(&u).ok()).map(|n| account(&tx, &n)).transpose()?.flatten()
        else {
            return Err(StoreError::BadLogin);
        };
        // Another window may have failed or changed the password in the meantime.
        refuse_if_waiting(&a, now)?;
        let result = if !checked.matched || a.hash != hash {
            Err(record_failure(&tx, &a, now)?)
        } else if !a.user.active {
            Err(StoreError::AccountDisabled)
        } else {
            tx.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, retry_after = NULL WHERE id = :id",
                named_params! { ":id": id },
            )?;
            let actor = a.user.actor();
            audit::record(
                &tx,
                Some(&actor),
                Change { action: "user.login", entity: "user", entity_id: Some(id), old: None, new: None },
            )?;
            Ok(actor)
        };
        // Failed attempts are counted even though the login is refused.
        tx.commit()?;
        result
    }

    /// Checks a user name and password at `now`, all on this thread (the command line and
    /// tests; the window runs the check on a worker).
    pub fn authenticate_at(&mut self, username: &str, password: &str, now: NaiveDateTime) -> Result<Actor> {
        let checked = self.begin_login(username, now)?.check(password);
        self.finish_login(checked, now)
    }

    /// [`Store::authenticate_at`] now.
    pub fn authenticate(&mut self, username: &str, password: &str) -> Result<Actor> {
        self.authenticate_at(username, password, chrono::Local::now().naive_local())
    }
}
