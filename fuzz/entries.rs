//! The fuzz entry points, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`, nightly)
//! and by the stable test `tests/fuzz_inputs.rs` that runs them on generated input in CI.
//!
//! Each takes arbitrary bytes and must never panic. Beyond "no panic" each checks what a
//! clerk relies on: a refusal has a message in Chinese with every `%{…}` filled in (never a
//! raw key, never `{:?}`), and what is accepted parses again to the same value.

#![allow(dead_code)]

use chrono::NaiveDate;
use greencard::domain::access::IdleMinutes;
use greencard::domain::account::{Username, check_new_password};
use greencard::domain::alerts::WarningSettings;
use greencard::domain::card::CardNumber;
use greencard::domain::dates::{fmt_date, parse_date};
use greencard::domain::family::{FamilyInput, Relation, ServiceNames, ServiceUseInput, parse_family_member};
use greencard::domain::family::{parse_service_names, parse_service_use};
use greencard::domain::grants::parse_plan;
use greencard::domain::housing::Area;
use greencard::domain::policy_form::{PolicyDraft, TierDraft};
use greencard::domain::talent::{TalentInput, parse_email, parse_name, parse_phone, parse_talent};
use greencard::domain::{Bp, CreditCode, DocumentNumber, DocumentType, Fen, Gender, Problem, ResidentId, TierCode};
use greencard::exchange::Progress;
use greencard::exchange::import::{Lookup, Mapping, SavedMapping, parse_sheet, read_sheet};
use greencard::i18n::Lang;
use greencard::store::{Employer, Zone};

/// A fuzz entry point: arbitrary bytes in, a panic on a finding.
pub type Target = fn(&[u8]);

/// Every target by name, as the fuzz crate's binaries and the stable test know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("document_number", document_number),
    ("credit_code", credit_code),
    ("money", money),
    ("date", date),
    ("card_number", card_number),
    ("text_fields", text_fields),
    ("tranche_plan", tranche_plan),
    ("talent_form", talent_form),
    ("family_forms", family_forms),
    ("policy_form", policy_form),
    ("import_csv", import_csv),
    ("import_spreadsheet", import_spreadsheet),
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or(NaiveDate::MIN)
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The input cut into `n` text fields at each 0x1F byte (the unit separator).
fn fields(data: &[u8], n: usize) -> Vec<String> {
    let mut parts: Vec<String> = data.split(|b| *b == 0x1F).map(text).collect();
    parts.resize(n.max(parts.len()), String::new());
    parts
}

/// The names of the `%{…}` placeholders of a text.
fn placeholders(text: &str) -> Vec<&str> {
    text.split("%{").skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// A refusal a clerk reads: Chinese text with an argument for every placeholder, not the
/// bare key (the clerk's own input may well contain `%{`: it is shown as typed).
pub fn readable(problem: &dyn Problem) {
    let key = problem.key();
    let args = problem.args();
    for lang in [Lang::Zh, Lang::En] {
        let template = greencard::i18n::tr(lang, key);
        assert!(template != key, "{key}: no text in the locale files");
        for name in placeholders(&template) {
            assert!(args.iter().any(|(n, _)| *n == name), "{key}: no argument for %{{{name}}}");
        }
    }
    let zh = problem.text(Lang::Zh);
    assert!(!zh.trim().is_empty(), "{key}: empty message");
    assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{key}: not Chinese: {zh:?}");
}

pub fn document_number(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    let kind = DocumentType::ALL[usize::from(kind) % DocumentType::ALL.len()];
    let input = text(rest);
    match DocumentNumber::parse(kind, &input, today()) {
        Ok(doc) => {
            assert!(!doc.masked().is_empty());
            let again = DocumentNumber::parse(kind, doc.as_str(), today());
            assert_eq!(again.as_ref().map(DocumentNumber::as_str), Ok(doc.as_str()), "{input:?}");
            if let Some(id) = doc.resident_id() {
                assert!(id.birth_date() <= today());
            }
        }
        Err(e) => readable(&e),
    }
    if let Err(e) = ResidentId::parse(&input, today()) {
        readable(&e);
    }
}

pub fn credit_code(data: &[u8]) {
    let input = text(data);
    match CreditCode::parse(&input) {
        Ok(code) => {
            assert_eq!(CreditCode::parse(code.as_str()).map(|c| c.as_str().to_string()), Ok(code.as_str().to_string()))
        }
        Err(e) => readable(&e),
    }
}

pub fn money(data: &[u8]) {
    let input = text(data);
    match Fen::parse(&input) {
        // What is shown parses back to the same amount.
        Ok(fen) => {
            assert_eq!(Fen::parse(&fen.plain()), Ok(fen), "{input:?} → {}", fen.plain());
            assert_eq!(Fen::parse(&fen.to_string()), Ok(fen), "{input:?} → {fen}");
        }
        Err(e) => readable(&e),
    }
    match Fen::parse_non_negative(&input) {
        Ok(fen) => assert!(fen.fen() >= 0),
        Err(e) => readable(&e),
    }
    match Bp::parse_percent(&input) {
        Ok(bp) => {
            assert!(bp.0 <= 10_000, "0–100 % only: {input:?}");
            assert_eq!(Bp::parse_percent(&bp.to_string()), Ok(bp), "{input:?} → {bp}");
        }
        Err(e) => readable(&e),
    }
    match Area::parse(&input) {
        Ok(area) => assert_eq!(Area::parse(&area.to_string()), Ok(area)),
        Err(e) => readable(&e),
    }
}

pub fn date(data: &[u8]) {
    let input = text(data);
    match parse_date(&input) {
        Ok(day) => assert_eq!(parse_date(&fmt_date(day)), Ok(day), "{input:?}"),
        Err(e) => readable(&e),
    }
}

pub fn card_number(data: &[u8]) {
    let input = text(data);
    match CardNumber::parse(&input) {
        Ok(n) => assert_eq!(CardNumber::parse(n.as_str()).map(|m| m.as_str().to_string()), Ok(n.as_str().to_string())),
        Err(e) => readable(&e),
    }
}

/// Names, phones, e-mail, tier codes, user names, passwords, idle minutes, warning settings.
pub fn text_fields(data: &[u8]) {
    let f = fields(data, 3);
    let input = text(data);
    for result in [parse_name(&input), parse_phone(&input), parse_email(&input)] {
        if let Err(m) = result {
            readable(&m);
        }
    }
    if let Ok(name) = parse_name(&input) {
        assert_eq!(parse_name(&name).as_deref(), Ok(name.as_str()));
    }
    match TierCode::parse(&input) {
        Ok(code) => assert_eq!(TierCode::parse(code.as_str()), Ok(code)),
        Err(e) => readable(&e),
    }
    if let Err(e) = Username::parse(&input) {
        readable(&e);
    }
    if let Err(e) = check_new_password(&f[0], &f[1]) {
        readable(&e);
    }
    if let Err(e) = IdleMinutes::parse(&input) {
        readable(&e);
    }
    if let Err(errors) = WarningSettings::parse(&f[0], &f[1], &f[2]) {
        errors.iter().for_each(|(_, m)| readable(m));
    }
}

pub fn tranche_plan(data: &[u8]) {
    match parse_plan(&text(data)) {
        Ok(steps) => {
            let total: u32 = steps.iter().map(|s| s.share.0).sum();
            assert_eq!(total, 10_000, "the shares add up to 100 %");
        }
        Err(m) => readable(&m),
    }
}

fn tiers() -> Vec<TierCode> {
    ["A", "B", "C", "D", "E"].iter().filter_map(|t| TierCode::parse(t).ok()).collect()
}

pub fn talent_form(data: &[u8]) {
    let f = fields(data, 17);
    let kind = f[1].bytes().next().map(|b| DocumentType::ALL[usize::from(b) % DocumentType::ALL.len()]);
    let input = TalentInput {
        name: f[0].clone(),
        doc_type: kind,
        doc_number: f[2].clone(),
        gender: f[3].bytes().next().map(|b| if b % 2 == 0 { Gender::Male } else { Gender::Female }),
        birth_date: f[4].clone(),
        nationality: f[5].clone(),
        phone: f[6].clone(),
        email: f[7].clone(),
        education: f[8].clone(),
        title: f[9].clone(),
        field: f[10].clone(),
        employer_id: f[11].parse().ok(),
        zone_id: f[12].parse().ok(),
        tier: f[13].clone(),
        arrival_date: f[14].clone(),
        recognised_until: f[15].clone(),
        notes: f[16].clone(),
    };
    if let Err(errors) = parse_talent(&input, &tiers(), today()) {
        assert!(!errors.is_empty());
        errors.iter().for_each(|(_, m)| readable(m));
    }
}

pub fn family_forms(data: &[u8]) {
    let f = fields(data, 6);
    let kind = DocumentType::ALL[f[0].len() % DocumentType::ALL.len()];
    let relation = Relation::ALL[f[1].len() % Relation::ALL.len()];
    let member = FamilyInput {
        relation,
        name: f[2].clone(),
        doc_type: kind,
        doc_number: f[3].clone(),
        birth_date: f[4].clone(),
    };
    if let Err(errors) = parse_family_member(&member, today()) {
        errors.iter().for_each(|(_, m)| readable(m));
    }
    let service =
        ServiceUseInput { service: f[0].clone(), used_on: f[1].clone(), provider: f[2].clone(), note: f[5].clone() };
    if let Err(m) = parse_service_use(&service, today()) {
        readable(&m);
    }
    if let Err(m) = parse_service_names(&ServiceNames { name_zh: f[2].clone(), name_en: f[5].clone() }) {
        readable(&m);
    }
}

pub fn policy_form(data: &[u8]) {
    let f = fields(data, 15);
    let tier = TierDraft {
        code: f[0].clone(),
        name_zh: f[1].clone(),
        name_en: f[2].clone(),
        validity: f[3].clone(),
        rent: f[4].clone(),
        after_years: f[13].clone(),
        after_share: f[14].clone(),
        grant_cap: f[5].clone(),
        family_cards: f[6].len() % 2 == 1,
        services: f[6].split(',').map(str::to_string).collect(),
    };
    let draft = PolicyDraft {
        effective_from: f[7].clone(),
        tiers: vec![tier.clone(), tier],
        renewal_window: f[8].clone(),
        renewal_grace: f[9].clone(),
        term_cap: f[10].clone(),
        exit_months: f[11].clone(),
        reward_share: f[12].clone(),
        note: String::new(),
    };
    if let Err(errors) = draft.parse(today(), today()) {
        errors.iter().for_each(|(_, m)| readable(m));
    }
}

/// The registry an import is checked against: two zones, one employer.
fn lookup() -> Lookup {
    let zones = [
        Zone { id: 1, code: "GX".into(), name: "高新技术产业开发区".into() },
        Zone { id: 2, code: "JK".into(), name: "经济技术开发区".into() },
    ];
    let employers = [Employer {
        id: 1,
        name: "瑞联新能源科技有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        zone_id: 1,
        zone_name: "高新技术产业开发区".into(),
    }];
    Lookup::new(&zones, &employers, tiers(), today())
}

/// Reads `data` as an import file of extension `ext` and checks every row: a file that
/// cannot be read, and every rejected row, come with readable reasons.
fn import_file(data: &[u8], ext: &str) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join(format!("import.{ext}"));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let progress = Progress::new();
    let sheet = match read_sheet(&path, &progress) {
        Ok(sheet) => sheet,
        Err(e) => return readable(&e),
    };
    let mapping = Mapping::new(&sheet.headers, &SavedMapping::default());
    match parse_sheet(&sheet, &mapping, &lookup(), &progress) {
        Ok(parsed) => {
            for rejection in &parsed.rejected {
                assert!(!rejection.problems.is_empty());
                rejection.problems.iter().for_each(|p| readable(&p.reason));
            }
        }
        Err(e) => readable(&e),
    }
}

pub fn import_csv(data: &[u8]) {
    import_file(data, "csv");
}

/// The first byte picks the format; the rest is the file (seeded with real workbooks).
pub fn import_spreadsheet(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    import_file(rest, ["xlsx", "xls", "ods", "xlsb"][usize::from(kind) % 4]);
}
