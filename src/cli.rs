//! The headless commands: demo data, checks and user set-up. Each prints one clear line
//! on failure and returns the exit code; none of them panics on bad input.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::domain::{Problem, Role};
use crate::i18n::{Lang, tr};
use crate::store::{NewUser, Store, StoreError};

/// Prints a line to standard output. A closed pipe (`greencard … | head`) is no reason
/// for a panic: the reader already has what it wanted, so the write error is dropped.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod export;
mod reliability;
pub use export::{ExportCommand, OutFile};

/// 人才绿卡服务台 — the desk application of a city's talent service office.
#[derive(Debug, Parser)]
#[command(name = "greencard", version, about, long_about = None)]
pub struct Cli {
    /// The database file (default: greencard.db in the platform's data directory).
    #[arg(long, global = true, env = "GREENCARD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A file holding the passphrase of an encrypted database (builds with the `encryption`
    /// feature): a new database is created encrypted with it, an existing one opens only with it.
    #[arg(long, global = true, env = "GREENCARD_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A headless command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a new database with realistic, deterministic demo data and demo users.
    Demo {
        /// How many talents to generate (1 to 5,000,000).
        #[arg(long, default_value_t = 1000, value_parser = crate::cli_values::talents)]
        talents: usize,
        /// Seed of the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 1, value_parser = crate::cli_values::seed)]
        seed: u64,
    },
    /// Check the database: integrity, foreign keys, schema version, audit chain.
    Check,
    /// Check a green card for a service provider: exit 0 when valid, 1 when not (or
    /// unknown), 2 when the number is malformed.
    Verify {
        /// The card number, e.g. GC20260000017.
        card: String,
    },
    /// Green-card batch work.
    Cards {
        /// The card command.
        #[command(subcommand)]
        command: CardsCommand,
    },
    /// Export a list as .xlsx, .csv or .pdf (the file's extension, or --format).
    Export {
        /// The list.
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Import talents from an enterprise's spreadsheet, or write the import template.
    Import {
        /// The import command.
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Write a checked backup (SQLite online backup, quick_check, fsync) to FILE, or without
    /// --out into the backups folder beside the database (rotated: the 3 newest, 7 daily, 4 weekly, 12
    /// monthly); prints its size, the time it took and the audit head it anchors. The
    /// database is read, never changed; it must exist.
    Backup {
        /// The backup file to write. Never the database itself; an existing file only if it
        /// is a greencard backup (or with --force).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace an existing FILE that is not a greencard backup.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Replace the database by a backup: verifies FILE first (SQLite, greencard's, quick_check,
    /// schema not newer, audit chain) and keeps the current database as a copy; refused while
    /// greencard has the database open.
    Restore {
        /// The backup to restore.
        file: PathBuf,
    },
    /// Manage user accounts.
    Users {
        /// The user command.
        #[command(subcommand)]
        command: UsersCommand,
    },
}

/// A green-card command.
#[derive(Debug, Subcommand)]
pub enum CardsCommand {
    /// Renew every active card due within DAYS, each in its own transaction; prints
    /// `renewed <card_no> <new_expiry>` after each commit.
    Renew {
        /// Renew cards expiring within this many days, 0 to 3650 (expired ones inside the
        /// grace period too).
        #[arg(long, value_name = "DAYS", value_parser = crate::cli_values::days)]
        due_within: u32,
    },
}

/// An import command.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import talents from .xlsx/.xls/.ods or .csv (UTF-8 or GB18030). Prints
    /// `new N, updated M, unchanged U, rejected K`, and each problem as `row R, COLUMN:
    /// reason` on standard error; exit 0, or 1 when a row was rejected (or the file could
    /// not be read). The valid rows are written in one transaction, signed by the first
    /// active administrator.
    Talents {
        /// The spreadsheet or CSV file.
        file: PathBuf,
        /// Only show what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rejected rows with their reasons to this .xlsx file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Write the empty import template (.xlsx) that enterprises fill in.
    Template {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// A user-account command.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user; the password is read from standard input.
    Add {
        /// Login name (letters, digits, . _ -).
        name: String,
        /// clerk, first_reviewer, third_party, committee or admin.
        #[arg(long)]
        role: String,
        /// Name shown in the window (default: the login name).
        #[arg(long)]
        display_name: Option<String>,
    },
}

/// Exit code for a database that cannot be opened, is not SQLite, or is too new.
pub const EXIT_REFUSED: u8 = 2;

/// Where the database lives when neither `--db` nor `GREENCARD_DB` says otherwise; the
/// folder is created.
pub fn default_db_path() -> Result<PathBuf, String> {
    let dirs = directories::ProjectDirs::from("cn", "greencard", "greencard")
        .ok_or_else(|| "no home directory to keep the database in; use --db PATH".to_string())?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir.join("greencard.db"))
}

/// Reads the passphrase from `key_file` (its trailing line break, and the byte-order mark
/// Windows Notepad puts first, dropped) and makes it the key of every database this process
/// opens.
pub fn use_key_file(key_file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(key_file).map_err(|e| format!("{}: {e}", key_file.display()))?;
    crate::store::use_key(passphrase(&text)).map_err(|e| e.to_string())
}

/// The passphrase in a key file's text.
pub fn passphrase(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text).trim_end_matches(['\r', '\n'])
}

/// The database path the user asked for, or the default one.
pub fn resolve_db(db: Option<PathBuf>) -> Result<PathBuf, String> {
    match db {
        Some(p) => Ok(p),
        None => default_db_path(),
    }
}

/// Opens the store, printing the refusal and giving its exit code on failure.
pub fn open_store(path: &Path) -> Result<Store, ExitCode> {
    Store::open(path).map_err(refused)
}

/// The automatic backup when the window closes (see [`reliability::backup_on_close`]).
pub fn backup_on_close(path: &Path) {
    reliability::backup_on_close(path);
}

/// Prints why a database was not opened and gives the exit code for it.
pub fn refused(e: StoreError) -> ExitCode {
    eprintln!("greencard: {e}");
    match e {
        StoreError::CannotOpen { .. }
        | StoreError::NotADatabase { .. }
        | StoreError::Foreign { .. }
        | StoreError::WrongKey
        | StoreError::TooNew { .. } => ExitCode::from(EXIT_REFUSED),
        _ => ExitCode::FAILURE,
    }
}

/// Runs a headless command against the database at `path`.
pub fn run(command: Command, path: &Path) -> ExitCode {
    if let Command::Check = command {
        // A check reads the file as it is: no migration, no change of journal mode.
        return match Store::open_read_only(path) {
            Ok(store) => {
                let code = check(&store);
                reliability::print_audit_head(&store);
                code
            }
            Err(e) => refused(e),
        };
    }
    if let Command::Restore { file } = &command {
        // A restore replaces the file: it must not be opened (or migrated) first.
        return reliability::restore(path, file);
    }
    if let Command::Backup { out, force } = &command {
        // A backup reads the file as it is: nothing is created, migrated or changed.
        return reliability::backup(path, out.as_deref(), *force);
    }
    if let Command::Import { command: ImportCommand::Template { out } } = &command {
        // The template needs no database: none is created for it.
        return match crate::exchange::import::write_template(out) {
            Ok(()) => {
                out!("template written to {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("greencard: {}", e.text(Lang::Zh));
                ExitCode::FAILURE
            }
        };
    }
    let mut store = match open_store(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let result = match command {
        Command::Demo { talents, seed } => demo(&mut store, talents, seed),
        Command::Check => return check(&store), // reached only if the early return above changes
        Command::Verify { card } => return verify(&store, &card),
        Command::Cards { command: CardsCommand::Renew { due_within } } => renew_due(&mut store, due_within),
        Command::Export { command } => export::run(&mut store, command),
        Command::Import { command: ImportCommand::Talents { file, dry_run, report } } => {
            return match import_talents(&mut store, &file, dry_run, report.as_deref()) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(message) => {
                    eprintln!("greencard: {message}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Import { command: ImportCommand::Template { .. } } => Ok(()), // written above
        Command::Restore { .. } | Command::Backup { .. } => Ok(()),            // done above
        Command::Users { command: UsersCommand::Add { name, role, display_name } } => {
            add_user(&mut store, &name, &role, display_name.as_deref())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("greencard: {message}");
            ExitCode::FAILURE
        }
    }
}

fn renew_due(store: &mut Store, days: u32) -> Result<(), String> {
    let today = chrono::Local::now().date_naive();
    let (renewed, refused) = store
        .renew_due_cards(today, days, |card| {
            out!("renewed {} {}", card.number, crate::domain::dates::fmt_date(card.expires_on));
            // Each line is printed after its commit: a reader may rely on it.
            let _ = std::io::stdout().flush();
        })
        .map_err(|e| e.to_string())?;
    for (number, reason) in &refused {
        out!("skipped {number} {reason}");
    }
    eprintln!("{renewed} renewed, {} skipped", refused.len());
    Ok(())
}

fn verify(store: &Store, card: &str) -> ExitCode {
    use crate::domain::card::CardNumber;
    let number = match CardNumber::parse(card) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("greencard: {e}");
            return ExitCode::from(EXIT_REFUSED);
        }
    };
    let today = chrono::Local::now().date_naive();
    let found = match store.check_card(&number, today) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("greencard: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(c) = found else {
        out!("{}  {}", number.as_str(), tr(Lang::Zh, "verify.unknown"));
        return ExitCode::FAILURE;
    };
    out!("{}    {}", tr(Lang::Zh, "verify.number"), c.number);
    out!("{}    {}（{}）", tr(Lang::Zh, "verify.holder"), c.holder_masked, c.document_masked);
    if let Some((relation, main)) = &c.attached {
        out!("{}    {} · {main}", tr(Lang::Zh, "family.attached_to"), tr(Lang::Zh, relation.label_key()));
    }
    out!("{}    {}", tr(Lang::Zh, "talent.tier"), c.tier);
    out!("{}    {}", tr(Lang::Zh, "verify.state"), tr(Lang::Zh, c.state.label_key()));
    out!("{}    {}", tr(Lang::Zh, "verify.valid_until"), crate::domain::dates::fmt_date(c.valid_until));
    if c.is_valid() {
        let names: Vec<&str> = c.services.iter().map(|s| s.name(Lang::Zh)).collect();
        out!("{}    {}", tr(Lang::Zh, "verify.services"), names.join("、"));
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn check(store: &Store) -> ExitCode {
    match store.check() {
        Ok(problems) if problems.is_empty() => {
            out!("ok");
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for p in problems {
                out!("{p}");
            }
            ExitCode::FAILURE
        }
        // A file that turns out unreadable (a wrong key) is refused like one that does not open.
        Err(e) => refused(e),
    }
}

fn demo(store: &mut Store, talents: usize, seed: u64) -> Result<(), String> {
    let counts = store.registry_counts().map_err(|e| e.to_string())?;
    let users = store.user_count().map_err(|e| e.to_string())?;
    if counts.talents > 0 || users > 0 {
        return Err(format!(
            "演示数据只能写入新的数据库：此库已有 {users} 个用户、{} 名人才。请用 --db 指定一个新文件。",
            counts.talents
        ));
    }
    if talents > 5_000_000 {
        return Err("演示数据最多 5,000,000 名人才".to_string());
    }
    let started = Instant::now();
    let today = chrono::Local::now().date_naive();
    let passwords = crate::demo::demo_passwords(seed);
    let mut admin = None;
    for ((name, display, role), password) in crate::demo::DEMO_USERS.iter().zip(&passwords) {
        let new = NewUser {
            username: (*name).to_string(),
            display_name: (*display).to_string(),
            role: Role::from_code(role).unwrap_or(Role::Clerk),
            password: password.clone(),
        };
        let user = store.create_user_unattended(&new).map_err(|e| e.to_string())?;
        if user.role == Role::Admin {
            admin = Some(crate::domain::Actor {
                user_id: user.id,
                username: user.username,
                display_name: user.display_name,
                role: user.role,
            });
        }
    }
    let admin = admin.ok_or("no administrator among the demo users")?;
    let data = crate::demo::generate(talents, seed, today);
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).map_err(|e| e.to_string())?;
    let cards = crate::demo::cards(&data, seed, today);
    store.insert_demo_cards(&admin, today, &cards).map_err(|e| e.to_string())?;
    let leases = store.insert_demo_housing(&admin, today).map_err(|e| e.to_string())?;
    let grants = store.insert_demo_grants(&admin, today).map_err(|e| e.to_string())?;
    store.insert_demo_targets(&admin, today).map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    out!(
        "已生成演示数据：{} 个开发区、{} 家用人单位、{} 名人才、{} 个团队、{} 张绿卡、{leases} 份公寓租约、{grants} 项创业资助，用时 {seconds:.1} 秒。",
        data.zones.len(),
        data.employers.len(),
        data.talents.len(),
        data.teams.len(),
        cards.len()
    );
    out!("演示账号（用户名  密码  角色）：");
    for ((name, _, role), password) in crate::demo::DEMO_USERS.iter().zip(&passwords) {
        let role = Role::from_code(role).map_or_else(String::new, |r| tr(Lang::Zh, r.label_key()).into_owned());
        out!("  {name:<10} {password:<18} {role}");
    }
    Ok(())
}

/// Imports (or with `dry_run` plans) a file; returns how many rows were rejected.
fn import_talents(store: &mut Store, file: &Path, dry_run: bool, report: Option<&Path>) -> Result<usize, String> {
    let today = chrono::Local::now().date_naive();
    let progress = crate::exchange::Progress::new();
    let (headers, parsed) =
        crate::exchange::import::read_talents(file, store, today, &progress).map_err(|e| e.text(Lang::Zh))?;
    let plan = store.plan_import(parsed.rows, parsed.rejected).map_err(|e| e.text(Lang::Zh))?;
    if !dry_run && (!plan.new.is_empty() || !plan.updated.is_empty()) {
        let admin = store.first_admin().map_err(|_| "没有可用的管理员账号来签署导入记录".to_string())?;
        store.apply_import(&admin, &plan).map_err(|e| e.text(Lang::Zh))?;
    }
    let c = plan.counts();
    out!("new {}, updated {}, unchanged {}, rejected {}", c.new, c.updated, c.unchanged, c.rejected);
    if dry_run {
        for u in &plan.updated {
            let fields: Vec<String> = u.changed.iter().map(|f| tr(Lang::Zh, f.label_key()).into_owned()).collect();
            out!("row {}, updated: {}", u.row, fields.join("、"));
        }
    }
    for r in &plan.rejected {
        for p in &r.problems {
            eprintln!("row {}, {}: {}", r.row, p.column, p.reason.text(Lang::Zh));
        }
    }
    if let Some(report) = report {
        crate::exchange::import::write_report(report, &headers, &plan.rejected, today, Lang::Zh, &progress)
            .map_err(|e| e.text(Lang::Zh))?;
    }
    Ok(c.rejected)
}

/// The new user's password: typed at a terminal without echo, twice; otherwise the first
/// line of standard input (a script's pipe).
fn read_new_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let ask = |key: &str| rpassword::prompt_password(format!("{}: ", tr(Lang::Zh, key))).map_err(|e| e.to_string());
        let password = ask("login.password")?;
        if ask("user.confirm_password")? != password {
            return Err(tr(Lang::Zh, "account.passwords_differ").into_owned());
        }
        return Ok(password);
    }
    let mut password = String::new();
    stdin.lock().read_line(&mut password).map_err(|e| e.to_string())?;
    Ok(password.trim_end_matches(['\r', '\n']).to_string())
}

fn add_user(store: &mut Store, name: &str, role: &str, display_name: Option<&str>) -> Result<(), String> {
    let role = Role::from_code(role)
        .ok_or_else(|| format!("未知角色 “{role}”：可选 clerk, first_reviewer, third_party, committee, admin"))?;
    let password = read_new_password()?;
    let new =
        NewUser { username: name.to_string(), display_name: display_name.unwrap_or(name).to_string(), role, password };
    let user = store.create_user_unattended(&new).map_err(|e| e.text(Lang::Zh))?;
    out!("已添加用户 {}（{}）", user.username, tr(Lang::Zh, user.role.label_key()));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_key_file_from_notepad_gives_the_passphrase_without_its_byte_order_mark_or_line_break() {
        assert_eq!(super::passphrase("\u{feff}人才 绿卡-2026\r\n"), "人才 绿卡-2026");
        assert_eq!(super::passphrase("secret\n"), "secret");
        // Inner and leading spaces are part of the passphrase.
        assert_eq!(super::passphrase(" two words \n"), " two words ");
    }
}
