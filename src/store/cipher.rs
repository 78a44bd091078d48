//! Encryption at rest, in builds with the cargo feature `encryption` (SQLCipher, with OpenSSL
//! compiled in, instead of plain SQLite). One key serves the whole process: the database, its
//! backups and the copies a restore keeps are all encrypted with it. Without the feature a
//! key is refused with a clear message, and everything else works as before.

use std::sync::OnceLock;

use rusqlite::Connection;

use super::{Result, StoreError};

/// The key given at start (`--key-file`), if any.
static KEY: OnceLock<String> = OnceLock::new();

/// Whether this build can encrypt.
pub const AVAILABLE: bool = cfg!(feature = "encryption");

/// Sets the key every database this process opens or creates is encrypted with. Refused
/// for an empty key, a second key, and in a build without the `encryption` feature.
pub fn use_key(key: &str) -> Result<()> {
    if !AVAILABLE {
        return Err(StoreError::rule("store.no_encryption"));
    }
    if key.is_empty() {
        return Err(StoreError::rule("store.empty_key"));
    }
    KEY.set(key.to_string()).map_err(|_| StoreError::rule("store.key_set_twice"))
}

/// Whether a key is in use (files then do not start with the SQLite header).
pub(crate) fn in_use() -> bool {
    KEY.get().is_some()
}

/// Gives a fresh connection the key; it must come before the first read of the file.
pub(crate) fn apply(conn: &Connection) -> Result<()> {
    if let Some(key) = KEY.get() {
        // A wrong key is reported as our own error; SQLCipher's log lines would only repeat it
        // in English on standard error.
        if let Ok(mut quiet) = conn.prepare("PRAGMA cipher_log_level = NONE")
            && let Ok(mut rows) = quiet.query([])
        {
            while let Ok(Some(_)) = rows.next() {}
        }
        // `PRAGMA key` takes the passphrase as a string; SQLCipher derives the key from it.
        conn.pragma_update(None, "key", key.as_str())?;
    }
    Ok(())
}
