//! User accounts: creation, enabling and password changes (the login is in `login`, zones
//! and rights in `access`). Passwords are stored only as Argon2id hashes (m = 19456 KiB,
//! t = 2, p = 1, OWASP's minimum).

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError};
use crate::domain::account::{Actor, Role, Username, check_new_password};

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
    /// 查看完整个人信息: may unmask a record and export unmasked.
    pub can_unmask: bool,
    /// The zones the user is limited to (empty: every zone).
    pub zones: Vec<i64>,
}

impl User {
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<User> {
        let role: String = row.get("role")?;
        Ok(User {
            id: row.get("id")?,
            username: row.get("username")?,
            display_name: row.get("display_name")?,
            // The CHECK constraint admits only known codes.
            role: Role::from_code(&role).unwrap_or(Role::Clerk),
            active: row.get::<_, i64>("active")? == 1,
            created_at: row.get("created_at")?,
            can_unmask: row.get::<_, i64>("can_unmask")? == 1,
            zones: Vec::new(),
        })
    }

    /// The user as the one acting.
    pub(crate) fn actor(&self) -> Actor {
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

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    hasher().verify_password(password.as_bytes(), hash).is_ok()
}

/// Number of accounts.
pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<User> {
    let mut user = conn
        .query_row("SELECT * FROM users WHERE id = :id", named_params! { ":id": id }, User::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "user" })?;
    user.zones = zones_of(conn, id)?;
    Ok(user)
}

/// The zones a user is limited to, ascending (empty: every zone).
pub(crate) fn zones_of(conn: &Connection, user_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT zone_id FROM user_zones WHERE user_id = :u ORDER BY zone_id")?;
    let rows = stmt.query_map(named_params! { ":u": user_id }, |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    let mut users = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for user in &mut users {
        user.zones = zones_of(conn, user.id)?;
    }
    Ok(users)
}

pub(crate) fn user_json(u: &User) -> serde_json::Value {
    serde_json::json!({
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role.code(),
        "active": u.active,
        "can_unmask": u.can_unmask,
        "zones": u.zones,
    })
}

pub(crate) fn require_admin(actor: Option<&Actor>) -> Result<()> {
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
        "INSERT INTO users (username, display_name, role, password_hash, can_unmask, created_at, updated_at)
         VALUES (:u, :d, :r, :h, :unmask, :now, :now)",
        named_params! {
            ":u": username.as_str(), ":d": display_name, ":r": new.role.code(), ":h": hash,
            // Administrators could always export unmasked; others get the right when granted.
            ":unmask": i64::from(new.role.is_admin()), ":now": now,
        },
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
