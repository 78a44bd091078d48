//! What can go wrong in the store, in words a clerk understands.

use std::path::PathBuf;

use crate::domain::Problem;

/// A store operation that did not happen. Every variant leaves the database as it was.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be created or opened at this path.
    CannotOpen { path: PathBuf, reason: String },
    /// The file exists but is not an SQLite database.
    NotADatabase { path: PathBuf },
    /// The database was made by a newer greencard.
    TooNew { found: i64, supported: i64 },
    /// A record that was asked for does not exist.
    NotFound { what: &'static str },
    /// Input that breaks a rule, as a domain problem.
    Invalid { key: &'static str, args: Vec<(&'static str, String)> },
    /// Someone already holds this identity document.
    DocumentTaken { id: i64, name: String },
    /// The user name is taken.
    UsernameTaken { username: String },
    /// The administrator was already set up.
    AlreadySetUp,
    /// Wrong user name or password.
    BadLogin,
    /// The current password typed to change it is wrong.
    WrongCurrentPassword,
    /// Too many failed logins: wait before trying again.
    LockedOut { minutes: i64 },
    /// A failed login was just made: the next try must wait this many seconds.
    TooSoon { seconds: i64 },
    /// The account is disabled.
    AccountDisabled,
    /// The record belongs to a zone outside the user's scope.
    OutOfScope,
    /// The user lacks the right to see personal data in full.
    NoUnmaskRight,
    /// The current user's role does not allow this.
    NotAllowed,
    /// An administrator cannot disable their own account.
    CannotDisableSelf,
    /// The disk is full.
    DiskFull,
    /// The file is read-only.
    ReadOnly,
    /// Another program holds the database.
    Busy,
    /// The clerk cancelled a long write (an import); nothing of it was kept.
    Cancelled,
    /// An SQLite file of another program (its application id is not greencard's).
    Foreign { path: PathBuf },
    /// SQLite found the file damaged.
    Corrupt { detail: String },
    /// A restore needs the database closed, and a greencard has it open.
    OpenElsewhere { path: PathBuf },
    /// The database is being restored from a backup right now.
    BeingRestored { path: PathBuf },
    /// The encryption key does not open the file (or the file is not encrypted).
    WrongKey,
    /// A file beside the database (a backup, a copy, a lock) could not be read or written.
    FileError { path: PathBuf, reason: String },
    /// The database is closed: a restore is replacing it, or it could not be opened again
    /// afterwards.
    Closed { path: PathBuf },
    /// Any other SQLite error.
    Sqlite(#[source] rusqlite::Error),
}

/// An insert that a UNIQUE constraint refused becomes the rule it broke (`key`), in words a
/// clerk understands; any other outcome passes through.
pub(crate) fn unique_or(result: rusqlite::Result<usize>, key: &'static str) -> Result<usize, StoreError> {
    match result {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => Err(StoreError::rule(key)),
        other => Ok(other?),
    }
}

/// A typed reason, checked ([`crate::domain::text::parse_reason`]).
pub(crate) fn reason(input: &str) -> Result<String, StoreError> {
    crate::domain::text::parse_reason(input).map_err(|m| StoreError::Invalid { key: m.key, args: m.args })
}

/// Refuses anyone but clerks and administrators: the counter's work (cards, leases, grants …).
pub(crate) fn counter_only(actor: &crate::domain::Actor) -> Result<(), StoreError> {
    use crate::domain::Role;
    if matches!(actor.role, Role::Clerk | Role::Admin) { Ok(()) } else { Err(StoreError::NotAllowed) }
}

impl StoreError {
    /// A rule the input broke, named by its i18n key (a message without arguments).
    pub(crate) fn rule(key: &'static str) -> StoreError {
        StoreError::Invalid { key, args: Vec::new() }
    }

    /// A file beside the database that could not be read or written; a full disk is
    /// [`StoreError::DiskFull`], whichever file met it.
    pub(crate) fn file(path: &std::path::Path, e: &std::io::Error) -> StoreError {
        if e.kind() == std::io::ErrorKind::StorageFull {
            StoreError::DiskFull
        } else {
            StoreError::FileError { path: path.to_path_buf(), reason: e.to_string() }
        }
    }

    /// Wraps a domain rule that the input broke.
    pub fn invalid(problem: &dyn Problem) -> StoreError {
        StoreError::Invalid { key: problem.key(), args: problem.args() }
    }
}

impl From<crate::domain::access::AccessError> for StoreError {
    fn from(e: crate::domain::access::AccessError) -> StoreError {
        use crate::domain::access::AccessError;
        match e {
            AccessError::OutOfScope => StoreError::OutOfScope,
            AccessError::NoUnmaskRight => StoreError::NoUnmaskRight,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    /// Classifies a raw SQLite error into the errors a clerk can act on.
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { detail: e.to_string() },
            _ => StoreError::Sqlite(e),
        }
    }
}

impl Problem for StoreError {
    fn key(&self) -> &'static str {
        match self {
            StoreError::CannotOpen { .. } => "store.cannot_open",
            StoreError::NotADatabase { .. } => "store.not_a_database",
            StoreError::TooNew { .. } => "store.too_new",
            StoreError::NotFound { what } => match *what {
                "user" => "store.not_found.user",
                "policy" => "store.not_found.policy",
                "talent" => "store.not_found.talent",
                "zone" => "store.not_found.zone",
                "employer" => "store.not_found.employer",
                "team" => "store.not_found.team",
                "duplicate" => "store.not_found.duplicate",
                "application" => "store.not_found.application",
                "card" => "store.not_found.card",
                "unit" => "store.not_found.unit",
                "lease" => "store.not_found.lease",
                "project" => "store.not_found.project",
                "programme" => "store.not_found.programme",
                "grant" => "store.not_found.grant",
                "service" => "store.not_found.service",
                "print" => "store.not_found.print",
                _ => "store.not_found",
            },
            StoreError::Invalid { key, .. } => key,
            StoreError::UsernameTaken { .. } => "store.username_taken",
            StoreError::DocumentTaken { .. } => "store.document_taken",
            StoreError::AlreadySetUp => "store.already_set_up",
            StoreError::BadLogin => "store.bad_login",
            StoreError::WrongCurrentPassword => "store.wrong_current_password",
            StoreError::LockedOut { .. } => "store.locked_out",
            StoreError::TooSoon { .. } => "store.too_soon",
            StoreError::AccountDisabled => "store.account_disabled",
            StoreError::OutOfScope => "access.out_of_scope",
            StoreError::NoUnmaskRight => "access.no_unmask_right",
            StoreError::NotAllowed => "store.not_allowed",
            StoreError::CannotDisableSelf => "store.cannot_disable_self",
            StoreError::DiskFull => "store.disk_full",
            StoreError::ReadOnly => "store.read_only",
            StoreError::Busy => "store.busy",
            StoreError::Cancelled => "store.cancelled",
            StoreError::Foreign { .. } => "store.foreign",
            StoreError::Corrupt { .. } => "store.corrupt",
            StoreError::OpenElsewhere { .. } => "store.open_elsewhere",
            StoreError::BeingRestored { .. } => "store.being_restored",
            StoreError::FileError { .. } => "store.file_error",
            StoreError::WrongKey => "store.wrong_key",
            StoreError::Closed { .. } => "store.closed",
            StoreError::Sqlite(_) => "store.sqlite",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            StoreError::CannotOpen { path, reason } => {
                vec![("path", path.display().to_string()), ("reason", reason.clone())]
            }
            StoreError::NotADatabase { path }
            | StoreError::Foreign { path }
            | StoreError::OpenElsewhere { path }
            | StoreError::BeingRestored { path }
            | StoreError::Closed { path } => vec![("path", path.display().to_string())],
            StoreError::FileError { path, reason } => {
                vec![("path", path.display().to_string()), ("reason", reason.clone())]
            }
            StoreError::Corrupt { detail } => vec![("detail", detail.clone())],
            StoreError::TooNew { found, supported } => {
                vec![("found", found.to_string()), ("supported", supported.to_string())]
            }
            StoreError::NotFound { what } => vec![("what", (*what).to_string())],
            StoreError::Invalid { args, .. } => args.clone(),
            StoreError::UsernameTaken { username } => vec![("username", username.clone())],
            StoreError::DocumentTaken { id, name } => vec![("id", id.to_string()), ("name", name.clone())],
            StoreError::LockedOut { minutes } => vec![("minutes", minutes.to_string())],
            StoreError::TooSoon { seconds } => vec![("seconds", seconds.to_string())],
            StoreError::Sqlite(e) => vec![("detail", e.to_string())],
            _ => Vec::new(),
        }
    }
}
crate::impl_problem_display!(StoreError);
