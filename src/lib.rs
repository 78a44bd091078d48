//! greencard — 人才绿卡服务台, the desk application of a city's talent service office.
//!
//! It keeps a local SQLite registry of high-level talents, their teams, employers and
//! development zones, and the talent green card that bundles services for them.
//!
//! Layers, each in its own module and kept apart by hand and by a test:
//! - [`domain`]: plain types and rules (money, identity documents, policy …); no I/O.
//! - [`store`]: SQLite, migrations and the [`store::Store`] facade; all SQL lives there.
//! - [`exchange`]: export to xlsx, csv and pdf, and printable green cards; no egui, no SQL.
//! - [`ui`]: the egui application; it never touches SQL.
//! - [`cli`]: the headless commands ([`cli_values`]: their values and refusals).

rust_i18n::i18n!("locales", fallback = "zh-CN");

pub mod cli;
pub mod cli_values;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod i18n;
pub mod store;
pub mod ui;

/// The allocator of every program built on this library (the app, the examples, the tests).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
