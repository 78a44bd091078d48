//! `greencard export <list> --out FILE [--format xlsx|csv|pdf] [--unmasked]`: the lists as
//! the app exports them. The format is the file's extension unless `--format` says it; a
//! contradiction between the two is refused. Lists with personal data (talents, cards,
//! allocations) mask document numbers and phones unless `--unmasked`, which writes an
//! audit row first.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::domain::Problem;
use crate::domain::card::CardState;
use crate::exchange::{CardList, Format, LeaseList, Progress, Row, TableMeta};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{CardQuery, Store, Zone};

/// The file an export writes, and its format.
#[derive(Debug, Args)]
pub struct OutFile {
    /// The file to write (.xlsx, .csv or .pdf).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// xlsx, csv or pdf; by default the file's extension says it.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,
}

/// A list to export.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The allocation list of talent apartments (配租名单); ID numbers masked unless --unmasked.
    Allocations {
        /// The file and its format.
        #[command(flatten)]
        file: OutFile,
        /// Only this development zone (its code or name).
        #[arg(long, value_name = "ZONE")]
        zone: Option<String>,
        /// The leases running on this day (default: today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Full document numbers (writes an audit row).
        #[arg(long)]
        unmasked: bool,
    },
    /// The talent list (人才名单), every talent; ID and phone masked unless --unmasked.
    Talents {
        /// The file and its format.
        #[command(flatten)]
        file: OutFile,
        /// Full document and phone numbers (writes an audit row).
        #[arg(long)]
        unmasked: bool,
    },
    /// The team list (团队).
    Teams {
        /// The file and its format.
        #[command(flatten)]
        file: OutFile,
    },
    /// The green-card list (绿卡名单), every card by number, or with --due-within the
    /// active cards expiring within DAYS (到期提醒), soonest first.
    Cards {
        /// The file and its format.
        #[command(flatten)]
        file: OutFile,
        /// Only cards in this state today: valid, expired, suspended, revoked, voided
        /// (or 有效, 已过期, 已暂停, 已注销, 已作废).
        #[arg(long, value_name = "STATE", value_parser = parse_state, conflicts_with = "due_within")]
        state: Option<CardState>,
        /// The reminder list: active cards expiring within this many days (0 to 3650).
        #[arg(long, value_name = "DAYS", value_parser = crate::cli_values::days)]
        due_within: Option<u32>,
        /// Only holders of this development zone (its code or name).
        #[arg(long, value_name = "ZONE")]
        zone: Option<String>,
        /// Full document numbers (writes an audit row).
        #[arg(long)]
        unmasked: bool,
    },
    /// The grant award list, or with --payments the payment list (资助名单 / 拨付名单).
    Grants {
        /// The file and its format.
        #[command(flatten)]
        file: OutFile,
        /// Only programmes of this year (2000 to 2100).
        #[arg(long, value_name = "YEAR", value_parser = crate::cli_values::year)]
        year: Option<i64>,
        /// The payments and clawbacks instead of the awards.
        #[arg(long)]
        payments: bool,
    },
}

fn parse_format(text: &str) -> Result<Format, String> {
    let lower = text.trim().trim_start_matches('.').to_ascii_lowercase();
    Format::ALL.into_iter().find(|f| f.extension() == lower).ok_or_else(|| format!("“{text}”：可选 xlsx、csv、pdf"))
}

fn parse_state(text: &str) -> Result<CardState, String> {
    let text = text.trim();
    CardState::from_code(text)
        .or_else(|| CardState::ALL.into_iter().find(|s| text == tr(Lang::Zh, s.label_key())))
        .ok_or_else(|| {
            let codes: Vec<&str> = CardState::ALL.iter().map(|s| s.code()).collect();
            format!("“{text}”：可选 {}", codes.join("、"))
        })
}

impl OutFile {
    /// The format to write: `--format` or the extension; refused when they disagree or
    /// when neither says it.
    pub fn resolve(&self) -> Result<Format, String> {
        let shown = self.out.display();
        match (self.format, Format::from_path(&self.out)) {
            (Some(asked), Some(ext)) if asked != ext => Err(format!(
                "{shown}：扩展名是 .{}，而 --format 要求 {}。请改文件名或去掉 --format",
                ext.extension(),
                asked.extension()
            )),
            (Some(asked), _) => Ok(asked),
            (None, Some(ext)) => Ok(ext),
            (None, None) => {
                Err(format!("{shown}：无法从扩展名判断格式，文件应以 .xlsx、.csv 或 .pdf 结尾，或加上 --format"))
            }
        }
    }
}

/// Runs an export command.
pub fn run(store: &mut Store, command: ExportCommand) -> Result<(), String> {
    let today = chrono::Local::now().date_naive();
    match command {
        ExportCommand::Allocations { file, zone, as_of, unmasked } => {
            let format = file.resolve()?;
            let day = match as_of {
                Some(text) => crate::domain::dates::parse_date(&text).map_err(|e| e.text(Lang::Zh))?,
                None => today,
            };
            let zone = find_zone(store, zone.as_deref())?;
            let rows = store.allocations(day, None, zone.as_ref().map(|z| z.id)).map_err(|e| e.to_string())?;
            let all = tr(Lang::Zh, "housing.all").into_owned();
            let filter = tr_args(
                Lang::Zh,
                "export.allocations_filter",
                &[
                    ("date", crate::domain::dates::fmt_date(day)),
                    ("project", all.clone()),
                    ("zone", zone.map_or(all, |z| z.name)),
                ],
            );
            let (meta, rows) =
                crate::exchange::allocation_table(&rows, LeaseList::Allocations, filter, today, unmasked, Lang::Zh);
            audit_unmasked(store, unmasked, &meta, &file.out)?;
            write(&file.out, format, &meta, rows)
        }
        ExportCommand::Talents { file, unmasked } => {
            let format = file.resolve()?;
            let query = crate::store::TalentQuery::default();
            let filter = crate::exchange::talent_filter(&query, None, Lang::Zh);
            let meta = crate::exchange::talent_meta(filter, today, Lang::Zh);
            audit_unmasked(store, unmasked, &meta, &file.out)?;
            let total = store.count_talents(&query).map_err(|e| e.to_string())?;
            let maker = crate::exchange::TalentRows::new(unmasked, Lang::Zh);
            stream(&file.out, format, &meta, total, |send| store.for_each_talent(&query, |t| send(maker.row_of(t))))
        }
        ExportCommand::Teams { file } => {
            let format = file.resolve()?;
            let teams = store.teams(u32::MAX).map_err(|e| e.to_string())?;
            let all = tr(Lang::Zh, "housing.all").into_owned();
            let (meta, rows) = crate::exchange::team_table(&teams, all, today, Lang::Zh);
            write(&file.out, format, &meta, rows)
        }
        ExportCommand::Cards { file, state, due_within, zone, unmasked } => {
            let format = file.resolve()?;
            let zone = find_zone(store, zone.as_deref())?;
            let zone_name = zone.as_ref().map_or_else(|| tr(Lang::Zh, "housing.all").into_owned(), |z| z.name.clone());
            let zone_id = zone.map(|z| z.id);
            if let Some(days) = due_within {
                let until = today + chrono::Days::new(u64::from(days));
                let filter = crate::store::ExpiringFilter { zone_id, employer: String::new() };
                let cards = store.expiring_cards(today, until, &filter, u32::MAX).map_err(|e| e.to_string())?;
                let text = tr_args(Lang::Zh, "export.cards_filter", &[("days", days.to_string())]);
                let text = format!("{text}；{}：{zone_name}", tr(Lang::Zh, "talent.zone"));
                let (meta, rows) =
                    crate::exchange::card_table(&cards, CardList::Expiring, text, today, unmasked, Lang::Zh);
                audit_unmasked(store, unmasked, &meta, &file.out)?;
                return write(&file.out, format, &meta, rows);
            }
            let query = CardQuery { state, zone_id, text: String::new(), on: today };
            let all = tr(Lang::Zh, "housing.all").into_owned();
            let state_name = state.map_or(all.clone(), |s| tr(Lang::Zh, s.label_key()).into_owned());
            let filter = tr_args(
                Lang::Zh,
                "export.card_list_filter",
                &[("state", state_name), ("zone", zone_name), ("text", all)],
            );
            let meta = crate::exchange::card_meta(CardList::All, filter, today, Lang::Zh);
            audit_unmasked(store, unmasked, &meta, &file.out)?;
            let total = store.count_cards(&query).map_err(|e| e.to_string())?;
            stream(&file.out, format, &meta, total, |send| {
                store.for_each_card(&query, |c| send(crate::exchange::card_row(&c, today, unmasked, Lang::Zh)))
            })
        }
        ExportCommand::Grants { file, year, payments } => {
            let format = file.resolve()?;
            let shown = year.map_or_else(|| tr(Lang::Zh, "housing.all").into_owned(), |y| y.to_string());
            let filter = tr_args(Lang::Zh, "export.grants_filter", &[("year", shown)]);
            let (meta, rows) = if payments {
                let entries = store.grant_payments(year, None).map_err(|e| e.to_string())?;
                crate::exchange::payment_table(&entries, filter, today, Lang::Zh)
            } else {
                let grants = store.grants(year, None).map_err(|e| e.to_string())?;
                crate::exchange::award_table(&grants, filter, today, Lang::Zh)
            };
            write(&file.out, format, &meta, rows)
        }
    }
}

/// The zone a `--zone` names (its code in any case, or its name).
fn find_zone(store: &Store, zone: Option<&str>) -> Result<Option<Zone>, String> {
    let Some(z) = zone.map(str::trim) else { return Ok(None) };
    let zones = store.zones().map_err(|e| e.to_string())?;
    let found = zones.into_iter().find(|x| x.code.eq_ignore_ascii_case(z) || x.name == z);
    found.map(Some).ok_or_else(|| format!("没有开发区“{z}”"))
}

/// An unmasked export is audited before the first row is written. Nobody signs in on the
/// command line: the row is signed by the account responsible for unattended changes (the
/// first active administrator, as for an import) and names the operating-system user.
fn audit_unmasked(store: &mut Store, unmasked: bool, meta: &TableMeta, out: &Path) -> Result<(), String> {
    if unmasked {
        let admin = store.first_admin().map_err(|_| "没有可用的管理员账号来签署导出记录".to_string())?;
        let origin = crate::store::ExportOrigin::command_line();
        store
            .record_unmasked_export(&admin, &origin, &meta.title, &out.display().to_string())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Writes rows held in memory.
fn write(out: &Path, format: Format, meta: &TableMeta, rows: Vec<Row>) -> Result<(), String> {
    let n = crate::exchange::write_table(out, format, meta, rows, &Progress::new()).map_err(|e| e.text(Lang::Zh))?;
    out!("{n} rows written to {}", out.display());
    Ok(())
}

/// Writes the rows `read` hands over, on a writer thread, so that a long list never sits
/// in memory: `read` sends each row and stops when the writer has stopped. A read that
/// fails (or panics) fails the export, and no file is put in place.
fn stream(
    out: &Path,
    format: Format,
    meta: &TableMeta,
    total: u64,
    read: impl FnOnce(&mut dyn FnMut(Row) -> bool) -> crate::store::Result<()>,
) -> Result<(), String> {
    let (mut tx, rx) = crate::exchange::row_channel();
    let n = std::thread::scope(|s| -> Result<u64, String> {
        let writer = s.spawn(|| crate::exchange::write_rows(out, format, meta, rx, Some(total), &Progress::new()));
        let read = read(&mut |row| tx.send(row));
        tx.finish(read.map_err(|e| crate::domain::Message::of(&e)));
        writer.join().map_err(|_| "the writer stopped".to_string())?.map_err(|e| e.text(Lang::Zh))
    })?;
    out!("{n} rows written to {}", out.display());
    Ok(())
}
