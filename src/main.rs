//! The `greencard` binary: parse the command line, open the store, run the window or a
//! headless command.

use std::process::ExitCode;

use clap::Parser;
use greencard::cli::{self, Cli};

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // Help and version print as clap writes them; a refusal is one Chinese line.
            return match greencard::cli_values::explain(&e) {
                Some(line) => {
                    eprintln!("greencard: {line}");
                    ExitCode::from(cli::EXIT_REFUSED)
                }
                None => {
                    let _ = e.print();
                    // Help asked for is a success; help shown for a missing subcommand
                    // (`greencard cards`) is a refusal, and a script must see it as one.
                    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(cli::EXIT_REFUSED))
                }
            };
        }
    };
    if let Some(key_file) = &args.key_file
        && let Err(message) = cli::use_key_file(key_file)
    {
        eprintln!("greencard: {message}");
        return ExitCode::from(cli::EXIT_REFUSED);
    }
    let path = match cli::resolve_db(args.db) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("greencard: {message}");
            return ExitCode::from(cli::EXIT_REFUSED);
        }
    };
    match args.command {
        Some(command) => cli::run(command, &path),
        None => {
            let shown = match greencard::store::Store::open(&path) {
                Ok(store) => greencard::ui::run_native(store),
                // Too damaged to open (its header gone too, if its backups lie beside it):
                // the recovery window says so and offers a backup.
                Err(e) if greencard::store::offers_recovery(&path, &e) => greencard::ui::run_recovery(&path),
                Err(e) => return cli::refused(e),
            };
            match shown {
                Ok(()) => {
                    cli::backup_on_close(&path);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("greencard: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
