//! User accounts: creation, login with lockout, enabling and password changes. Passwords
//! are stored only as Argon2id hashes (m = 19456 KiB, t = 2, p = 1, OWASP's minimum).

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{NaiveDateTime, TimeDelta};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError};
use crate::domain::account::{Actor, Role, Username, check_new_password};

/// Failed logins in a row after which an account is locked for [`LOCK_MINUTES`].
const MAX_FAILED_LOGINS: i64 = 5;
/// How long a locked account waits before the next try.
const LOCK_MINUTES: i64 = 5;

/// A user to create. Its `Debug` never shows the password.
#[derive(Clone)]
pub struct NewUser {
    /// Login name as typed.
    pub username: String,
    /// Name shown in the window and the audit log.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// The password in clear; only its hash is stored.
    pub password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password", &"***")
            .finish()
    }
}

/// A stored user account (never carries the password hash out of the store).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name, lower case.
    pub username: String,
    /// Shown name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Whether the account may log in.
    pub active: bool,
    /// When it was created.
    pub created_at: String,
}

impl User {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<User> {
        let role: String = row.get("role")?;
        Ok(User {
            id: row.get("id")?,
            username: row.get("username")?,
            display_name: row.get("display_name")?,
            // The CHECK constraint admits only known codes.
            role: Role::from_code(&role).unwrap_or(Role::Clerk),
            active: row.get::<_, i64>("active")? == 1,
            created_at: row.get("created_at")?,
        })
    }

    fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
        }
    }
}

fn hasher() -> Argon2<'static> {
    // These parameters are valid constants; `Params::default()` is the same triple and
    // serves as the fallback should the library ever tighten its checks.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_password(password: &str) -> Result<String> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid { key: "account.hash_failed", args: vec![("detail", e.to_string())] })
}

fn verify_password(password: &str, hash: &str) -> bool {
    hasher().verify_password(password.as_bytes(), hash).is_ok()
}

/// Number of accounts.
pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

fn by_id(conn: &Connection, id: i64) -> Result<User> {
    conn.query_row("SELECT * FROM users WHERE id = :id", named_params! { ":id": id }, User::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "user" })
}

/// The active administrator with the smallest id: the one who signs what a headless
/// command changes.
pub(crate) fn first_active_admin(conn: &Connection) -> Result<Actor> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM users WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1")?;
    let user = stmt.query_row([], User::from_row).optional()?;
    user.map(|u| u.actor()).ok_or(StoreError::NotFound { what: "user" })
}

/// Every account, by user name.
pub(crate) fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM users ORDER BY username")?;
    let rows = stmt.query_map([], User::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn user_json(u: &User) -> serde_json::Value {
    serde_json::json!({
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role.code(),
        "active": u.active,
    })
}

fn require_admin(actor: Option<&Actor>) -> Result<()> {
    match actor {
        Some(a) if !a.role.is_admin() => Err(StoreError::NotAllowed),
        _ => Ok(()),
    }
}

/// Creates an account. With an actor, only an administrator may; without one, the call
/// comes from a trusted command line.
pub(crate) fn create(conn: &Connection, actor: Option<&Actor>, new: &NewUser) -> Result<User> {
    require_admin(actor)?;
    let username = Username::parse(&new.username).map_err(|e| StoreError::invalid(&e))?;
    let display_name = crate::domain::text::clean(&new.display_name);
    let display_name = if display_name.is_empty() { username.as_str().to_string() } else { display_name };
    if display_name.chars().count() > 50 {
        return Err(StoreError::Invalid { key: "account.display_name_too_long", args: Vec::new() });
    }
    check_new_password(&new.password, &new.password).map_err(|e| StoreError::invalid(&e))?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username = :u)",
        named_params! { ":u": username.as_str() },
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::UsernameTaken { username: username.as_str().to_string() });
    }
    let hash = hash_password(&new.password)?;
    let now = now_text();
    conn.execute(
        "INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
         VALUES (:u, :d, :r, :h, :now, :now)",
        named_params! { ":u": username.as_str(), ":d": display_name, ":r": new.role.code(), ":h": hash, ":now": now },
    )?;
    let user = by_id(conn, conn.last_insert_rowid())?;
    let acting = actor.cloned().unwrap_or_else(|| user.actor());
    // A command-line creation is recorded as done by the system, not by the new user.
    audit::record(
        conn,
        actor.map(|_| &acting),
        Change {
            action: "user.create",
            entity: "user",
            entity_id: Some(user.id),
            old: None,
            new: Some(user_json(&user)),
        },
    )?;
    Ok(user)
}

/// Creates the first administrator; refused once any account exists.
pub(crate) fn create_first_admin(conn: &Connection, new: &NewUser) -> Result<Actor> {
    if count(conn)? > 0 {
        return Err(StoreError::AlreadySetUp);
    }
    let new = NewUser { role: Role::Admin, ..new.clone() };
    let user = create(conn, None, &new)?;
    Ok(user.actor())
}

/// Checks a login at `now`. Counts failures; five in a row lock the account for five
/// minutes. The same message is given for an unknown name and a wrong password.
pub(crate) fn authenticate(conn: &Connection, username: &str, password: &str, now: NaiveDateTime) -> Result<Actor> {
    let Ok(name) = Username::parse(username) else {
        return Err(StoreError::BadLogin);
    };
    let row = conn
        .query_row(
            "SELECT *, password_hash AS ph FROM users WHERE username = :u",
            named_params! { ":u": name.as_str() },
            |r| {
                Ok((
                    User::from_row(r)?,
                    r.get::<_, String>("ph")?,
                    r.get::<_, i64>("failed_logins")?,
                    r.get::<_, Option<String>>("locked_until")?,
                ))
            },
        )
        .optional()?;
    let Some((user, hash, failed, locked_until)) = row else {
        // Spend the same time as a real check, so timing does not reveal which names exist.
        verify_password(password, DUMMY_HASH);
        return Err(StoreError::BadLogin);
    };
    if let Some(until) = locked_until.and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").ok())
        && until > now
    {
        // The same work as a real check, so a locked name does not answer faster.
        verify_password(password, DUMMY_HASH);
        let seconds = (until - now).num_seconds().max(1);
        return Err(StoreError::LockedOut { minutes: (seconds + 59) / 60 });
    }
    if !verify_password(password, &hash) {
        let failed = failed + 1;
        let lock = (failed >= MAX_FAILED_LOGINS)
            .then(|| (now + TimeDelta::minutes(LOCK_MINUTES)).format("%Y-%m-%d %H:%M:%S").to_string());
        conn.execute(
            "UPDATE users SET failed_logins = :f, locked_until = :l WHERE id = :id",
            named_params! { ":f": if lock.is_some() { 0 } else { failed }, ":l": lock, ":id": user.id },
        )?;
        audit::record(
            conn,
            None,
            Change {
                action: if lock.is_some() { "user.locked" } else { "user.login_failed" },
                entity: "user",
                entity_id: Some(user.id),
                old: None,
                new: Some(serde_json::json!({ "failed_logins": failed, "locked_until": lock })),
            },
        )?;
        return Err(if lock.is_some() {
            StoreError::LockedOut { minutes: LOCK_MINUTES }
        } else {
            StoreError::BadLogin
        });
    }
    if !user.active {
        return Err(StoreError::AccountDisabled);
    }
    conn.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = :id",
        named_params! { ":id": user.id },
    )?;
    let actor = user.actor();
    audit::record(
        conn,
        Some(&actor),
        Change { action: "user.login", entity: "user", entity_id: Some(user.id), old: None, new: None },
    )?;
    Ok(actor)
}

/// A valid Argon2id hash of a random string, checked against when the user name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Jq4ZUHQv9Ty3dPOpLKK5VabUNd/ZZWVvKNbazh2uKk";

/// Enables or disables an account (administrators only; never one's own).
pub(crate) fn set_active(conn: &Connection, actor: &Actor, user_id: i64, active: bool) -> Result<()> {
    require_admin(Some(actor))?;
    if actor.user_id == user_id && !active {
        return Err(StoreError::CannotDisableSelf);
    }
    let before = by_id(conn, user_id)?;
    conn.execute(
        "UPDATE users SET active = :a, updated_at = :now WHERE id = :id",
        named_params! { ":a": i64::from(active), ":now": now_text(), ":id": user_id },
    )?;
    let after = by_id(conn, user_id)?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: if active { "user.enable" } else { "user.disable" },
            entity: "user",
            entity_id: Some(user_id),
            old: Some(user_json(&before)),
            new: Some(user_json(&after)),
        },
    )
}

/// A user changes their own password, proving it with the current one.
pub(crate) fn change_own_password(conn: &Connection, actor: &Actor, current: &str, new: &str) -> Result<()> {
    let hash: String = conn.query_row(
        "SELECT password_hash FROM users WHERE id = :id AND active = 1",
        named_params! { ":id": actor.user_id },
        |r| r.get(0),
    )?;
    if !verify_password(current, &hash) {
        return Err(StoreError::WrongCurrentPassword);
    }
    set_password(conn, actor, actor.user_id, new)
}

/// Sets a new password: an administrator for anyone, any user for themself.
pub(crate) fn set_password(conn: &Connection, actor: &Actor, user_id: i64, password: &str) -> Result<()> {
    if actor.user_id != user_id {
        require_admin(Some(actor))?;
    }
    check_new_password(password, password).map_err(|e| StoreError::invalid(&e))?;
    by_id(conn, user_id)?;
    let hash = hash_password(password)?;
    conn.execute(
        "UPDATE users SET password_hash = :h, failed_logins = 0, locked_until = NULL, updated_at = :now WHERE id = :id",
        named_params! { ":h": hash, ":now": now_text(), ":id": user_id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change { action: "user.set_password", entity: "user", entity_id: Some(user_id), old: None, new: None },
    )
}
