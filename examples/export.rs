//! Times the export writers on synthetic rows (eight typed columns, Chinese text):
//!
//! ```text
//! cargo run --release --example export -- xlsx 100000 /tmp/list.xlsx
//! cargo run --release --example export -- cards 100 /tmp/cards.pdf
//! ```
//!
//! Formats: `xlsx`, `csv`, `pdf` (rows) and `cards` (cards). Prints `format rows seconds
//! bytes`; run it under `/usr/bin/time -v` for the peak memory.

#![allow(clippy::print_stdout)]

use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use greencard::domain::{Bp, Fen};
use greencard::exchange::{
    CardFace, Cell, Column, ColumnKind, Progress, Row, TableMeta, write_cards, write_csv, write_pdf, write_xlsx,
};
use greencard::i18n::Lang;

const SURNAMES: [&str; 8] = ["王", "李", "张", "欧阳", "刘", "陈", "诸葛", "赵"];
const GIVEN: [&str; 8] = ["伟", "芳", "堃", "喆", "镕", "晓明", "思远", "一帆"];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, n, path] = args.as_slice() else { bail!("usage: export xlsx|csv|pdf|cards ROWS PATH") };
    let n: u64 = n.parse().context("ROWS")?;
    let path = PathBuf::from(path);
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).context("date")?;
    let started = Instant::now();
    let progress = Progress::new();
    match format.as_str() {
        "xlsx" => write_xlsx(&path, &meta(day), rows(n, day), Some(n), &progress)?,
        "csv" => write_csv(&path, &meta(day), rows(n, day), Some(n), &progress)?,
        "pdf" => write_pdf(&path, &meta(day), rows(n, day), Some(n), &progress)?,
        "cards" => write_cards(&path, &cards(n, day), &progress)? as u64,
        other => bail!("unknown format {other}"),
    };
    let bytes = std::fs::metadata(&path)?.len();
    println!("{format} {n} {:.2} {bytes}", started.elapsed().as_secs_f64());
    Ok(())
}

fn name(i: u64) -> String {
    format!("{}{}", SURNAMES[(i % 8) as usize], GIVEN[(i / 8 % 8) as usize])
}

fn meta(day: NaiveDate) -> TableMeta {
    let col = |header: &str, kind, width_chars| Column { header: header.into(), kind, width_chars };
    TableMeta {
        title: "高新区人才名单".into(),
        filter: "开发区：高新区；截至 2026-11-29".into(),
        generated: day,
        columns: vec![
            col("序号", ColumnKind::Integer, 8),
            col("姓名", ColumnKind::Text, 10),
            col("证件号码", ColumnKind::Text, 20),
            col("用人单位", ColumnKind::Text, 28),
            col("认定日期", ColumnKind::Date, 11),
            col("资助金额", ColumnKind::Money, 14),
            col("租金比例", ColumnKind::Percent, 9),
            col("面积（m²）", ColumnKind::Area, 9),
        ],
        lang: Lang::Zh,
    }
}

fn rows(n: u64, day: NaiveDate) -> impl Iterator<Item = Result<Row, Infallible>> {
    (0..n).map(move |i| {
        Ok(vec![
            Cell::Integer(i as i64 + 1),
            Cell::Text(name(i)),
            Cell::Text(format!("110101********{:03}X", i % 1000)),
            Cell::Text(format!("星河第{}半导体研究院有限公司", i % 97)),
            Cell::Date(day - chrono::Days::new(i % 3650)),
            Cell::Money(Fen(i as i64 * 7919 % 100_000_000)),
            Cell::Percent(Bp((i % 10_000) as u32)),
            Cell::Area((i % 20_000) as i64),
        ])
    })
}

fn cards(n: u64, day: NaiveDate) -> Vec<CardFace> {
    (0..n)
        .map(|i| CardFace {
            number: greencard::domain::card::CardNumber::new(2026, i as u32 + 1)
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            holder_name: name(i),
            holder_name_en: Some(format!("Talent {i}")),
            tier_code: "B".into(),
            tier_name: "省级高层次人才".into(),
            issued: day,
            expires: day + chrono::Days::new(1826),
            employer: "星河半导体研究院有限公司".into(),
            zone: "高新区".into(),
            services: ["人才公寓", "子女入学", "医疗绿色通道", "配偶就业", "出入境便利", "交通出行"]
                .map(String::from)
                .to_vec(),
            family_of: None,
        })
        .collect()
}
