//! The fuzz targets of `fuzz/` on stable, as CI runs them: every entry point of
//! `fuzz/entries.rs` gets good values, their mutations, random bytes and hostile text (empty,
//! spaces, 10,000 characters, emoji, SQL quotes, huge numbers, 2023-02-29) from a fixed seed,
//! for a short while each. None may panic, and every refusal must read as a sentence.
//!
//! `GREENCARD_FUZZ_SECONDS=60 cargo test --release --test fuzz_inputs` runs longer (seconds per
//! target, default 0.3); `GREENCARD_FUZZ_SEEDS=fuzz/corpus` also writes the seed inputs as
//! a starting corpus for `cargo +nightly fuzz run <target> fuzz/corpus/<target>`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../fuzz/entries.rs"]
mod entries;

use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Pieces hostile text is made of.
const TOKENS: &[&str] = &[
    "0",
    "1",
    "9",
    "12",
    "X",
    "x",
    "１２３",
    "２０２３",
    "-",
    ".",
    ",",
    "，",
    "%",
    "％",
    "¥",
    "￥",
    " ",
    "　",
    "\t",
    "\n",
    "\r\n",
    "E",
    "e+308",
    "GC",
    "gc2026",
    "2023-02-29",
    "2024/1/5",
    "2024年1月5日",
    "20240105",
    "张伟",
    "堃喆镕",
    "欧阳",
    "Müller",
    "O'Brien",
    "😀",
    "👨‍👩‍👧",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "'; DROP TABLE talents; --",
    "\"",
    "''",
    "%{n}",
    "签约",
    "40%",
    "中期评估",
    "验收",
    "、",
    ";",
    "@",
    "a@b.cn",
    "+86",
    "13800138000",
    "9999999999999999999999",
    "-1",
    "-0.01",
    "0.001",
    "1e9",
    "NaN",
    "inf",
    "110105194912310021",
    "11010519491231002X",
    "91350100M000100Y43",
    "\u{1f}",
    "\u{1f}\u{1f}",
    "身份证",
    "护照",
    "男",
    "女",
    "A",
    "B类",
    "高新技术产业开发区",
    "=1+1",
    "\u{202e}",
];

/// Good values of each target, from which mutations start.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let s = |v: &[&str]| v.iter().map(|t| t.as_bytes().to_vec()).collect::<Vec<_>>();
    let sep = |parts: &[&str]| parts.join("\u{1f}").into_bytes();
    match target {
        "document_number" => vec![
            [&[0u8][..], b"11010519491231002X"].concat(),
            [&[1u8][..], b"E12345678"].concat(),
            [&[2u8][..], b"H12345678"].concat(),
            [&[4u8][..], b"913500199001011234"].concat(),
        ],
        "credit_code" => s(&["91350100M000100Y43", "91110000600037341L"]),
        "money" => s(&["1,234.56", "¥3,000,000", "65%", "85.50", "0", "１２３.４５"]),
        "date" => s(&["2024-01-05", "2024/1/5", "2024年1月5日", "20240105", "2000-02-29"]),
        "card_number" => s(&["GC20260000017", "gc20260000017"]),
        "text_fields" => vec![b"zhang.wei".to_vec(), sep(&["long enough pass", "long enough pass", "30"]), b"15".to_vec()],
        "tranche_plan" => s(&["签约 40%，中期评估 30%，验收 30%", "签约 100%"]),
        "talent_form" => vec![sep(&[
            "张堃", "\u{0}", "11010519491231002X", "\u{1}", "1949-12-31", "中国", "13800138000", "a@b.cn", "博士研究生",
            "正高级", "新材料", "1", "1", "B", "2020-01-01", "2030-01-01", "",
        ])],
        "family_forms" => vec![sep(&["", "", "张小堃", "11010520100101002X", "2010-01-01", "体检"])],
        "policy_form" => vec![sep(&["A", "顶尖人才", "Top talent", "5", "50", "3,000,000", "medical", "2027-01-01", "30", "90", "6", "3", "10"])],
        "import_csv" => vec![
            "姓名,证件类型,证件号码,开发区,人才类别,手机号码,出生日期\n张伟,身份证,11010519491231002X,高新技术产业开发区,B,13800138000,1949-12-31\n"
                .as_bytes()
                .to_vec(),
        ],
        "import_spreadsheet" => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("template.xlsx");
            greencard::exchange::import::write_template(&path).unwrap();
            vec![[&[0u8][..], &std::fs::read(&path).unwrap()[..]].concat()]
        }
        _ => Vec::new(),
    }
}

/// A string of hostile tokens, sometimes very long.
fn hostile(rng: &mut ChaCha8Rng) -> Vec<u8> {
    if rng.random_bool(0.02) {
        return TOKENS[rng.random_range(0..TOKENS.len())].repeat(10_000).into_bytes();
    }
    let n = rng.random_range(0..8);
    (0..n).map(|_| TOKENS[rng.random_range(0..TOKENS.len())]).collect::<String>().into_bytes()
}

/// A seed with a few bytes changed, inserted, removed or cut.
fn mutate(rng: &mut ChaCha8Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..rng.random_range(1..=4) {
        let at = if v.is_empty() { 0 } else { rng.random_range(0..v.len()) };
        match rng.random_range(0..5) {
            0 if !v.is_empty() => v[at] = rng.random(),
            1 => v.insert(at, rng.random()),
            2 if !v.is_empty() => {
                v.remove(at);
            }
            3 => v.truncate(at),
            _ => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())].as_bytes();
                v.splice(at..at, token.iter().copied());
            }
        }
    }
    v
}

fn budget() -> Duration {
    let seconds: f64 = std::env::var("GREENCARD_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(0.3);
    Duration::from_secs_f64(seconds)
}

#[test]
fn no_parser_or_reader_panics_on_any_input_and_every_refusal_reads_as_a_sentence() {
    let mut report = Vec::new();
    for (i, (name, run)) in entries::TARGETS.iter().enumerate() {
        let seeds = seeds(name);
        assert!(!seeds.is_empty(), "{name} has seeds");
        if let Ok(dir) = std::env::var("GREENCARD_FUZZ_SEEDS") {
            let dir = std::path::Path::new(&dir).join(name);
            std::fs::create_dir_all(&dir).unwrap();
            for (n, seed) in seeds.iter().enumerate() {
                std::fs::write(dir.join(format!("seed-{n}")), seed).unwrap();
            }
        }
        let mut rng = ChaCha8Rng::seed_from_u64(9_000 + i as u64);
        let started = Instant::now();
        let mut runs = 0u64;
        for seed in &seeds {
            run(seed);
            runs += 1;
        }
        // At least a few hundred inputs each, more while the time lasts.
        while runs < 200 || started.elapsed() < budget() {
            let input = match rng.random_range(0..3) {
                0 => {
                    let seed = &seeds[rng.random_range(0..seeds.len())];
                    mutate(&mut rng, seed)
                }
                1 => hostile(&mut rng),
                _ => (0..rng.random_range(0..48)).map(|_| rng.random()).collect(),
            };
            run(&input);
            runs += 1;
            if name.starts_with("import") && runs >= 400 && started.elapsed() >= budget() {
                break;
            }
        }
        report.push(format!("{name}: {runs} inputs in {:.2} s", started.elapsed().as_secs_f64()));
    }
    println!("{}", report.join("\n"));
}
