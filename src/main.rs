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
                    ExitCode::SUCCESS
                }
            };
        }
    };
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
            let store = match cli::open_store(&path) {
                Ok(s) => s,
                Err(code) => return code,
            };
            match greencard::ui::run_native(store) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("greencard: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
