//! Unit tests of the identity document rules.
use super::*;
use crate::i18n::{Lang, tr_args};

const SAMPLE: &str = "11010519491231002X";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2025, 6, 1)
}

#[test]
fn sample_number_is_valid() {
    let id = ResidentId::parse(SAMPLE, today()).unwrap();
    assert_eq!(id.as_str(), SAMPLE);
    assert_eq!(id.birth_date(), date(1949, 12, 31));
    assert_eq!(id.gender(), Gender::Female);
    assert_eq!(ResidentId::check_char(&SAMPLE[..17]), Some('X'));
}

#[test]
fn every_single_character_change_is_refused() {
    let alphabet = "0123456789X";
    for pos in 0..18 {
        for replacement in alphabet.chars() {
            let original = SAMPLE.chars().nth(pos).unwrap();
            if replacement == original {
                continue;
            }
            let mut changed: Vec<char> = SAMPLE.chars().collect();
            changed[pos] = replacement;
            let changed: String = changed.into_iter().collect();
            assert!(ResidentId::parse(&changed, today()).is_err(), "{changed} was accepted");
        }
    }
}

#[test]
fn wrong_check_names_the_expected_character() {
    assert_eq!(
        ResidentId::parse("110105194912310021", today()),
        Err(IdError::WrongCheck { expected: 'X', found: '1' })
    );
}

#[test]
fn lower_case_x_is_stored_upper_case() {
    let id = ResidentId::parse("11010519491231002x", today()).unwrap();
    assert_eq!(id.as_str(), SAMPLE);
}

#[test]
fn full_width_digits_and_spaces_are_normalised() {
    let id = ResidentId::parse(" １１０１０５ １９４９１２３１ ００２ｘ\u{3000}", today()).unwrap();
    assert_eq!(id.as_str(), SAMPLE);
    let id = ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ", today()).unwrap();
    assert_eq!(id.as_str(), SAMPLE);
}

#[test]
fn impossible_birth_date_is_refused() {
    let body = "11010520230229001";
    let number = format!("{body}{}", ResidentId::check_char(body).unwrap());
    assert_eq!(ResidentId::parse(&number, today()), Err(IdError::BadBirthDate { text: "20230229".into() }));
    let body = "11010520240229001";
    let number = format!("{body}{}", ResidentId::check_char(body).unwrap());
    assert!(ResidentId::parse(&number, today()).is_ok());
}

#[test]
fn future_and_too_early_births_are_refused() {
    let future = ResidentId::from_parts("110105", date(2025, 6, 2), 1).unwrap();
    assert_eq!(ResidentId::parse(future.as_str(), today()), Err(IdError::BirthInFuture { date: date(2025, 6, 2) }));
    assert!(ResidentId::parse(future.as_str(), date(2025, 6, 2)).is_ok());
    let body = "11010518991231001";
    let number = format!("{body}{}", ResidentId::check_char(body).unwrap());
    assert_eq!(ResidentId::parse(&number, today()), Err(IdError::BirthTooEarly));
}

#[test]
fn a_foreign_permanent_residence_number_is_not_a_resident_id() {
    let body = "91184019880101001";
    let number = format!("{body}{}", ResidentId::check_char(body).unwrap());
    assert_eq!(ResidentId::parse(&number, today()), Err(IdError::UnknownRegion { code: "91".into() }));
    assert!(DocumentNumber::parse(DocumentType::ForeignPermanentResident, &number, today()).is_ok());
}

#[test]
fn region_must_be_a_province() {
    let body = "99010519491231002";
    let number = format!("{body}{}", ResidentId::check_char(body).unwrap());
    assert_eq!(ResidentId::parse(&number, today()), Err(IdError::UnknownRegion { code: "99".into() }));
}

#[test]
fn length_and_characters_are_reported() {
    assert_eq!(ResidentId::parse("   ", today()), Err(IdError::Empty));
    assert_eq!(ResidentId::parse("110105491231002", today()), Err(IdError::WrongLength { len: 15 }));
    assert_eq!(ResidentId::parse("11010519491231O02X", today()), Err(IdError::BadCharacter { position: 15, ch: 'O' }));
    assert_eq!(ResidentId::parse("1101051949123100X2", today()), Err(IdError::BadCharacter { position: 17, ch: 'X' }));
}

#[test]
fn spreadsheet_floats_are_recognised() {
    for text in ["1.10105194912E+17", "1.10105194912e+17", "110105194912310000.0", "11010519491231000.0", "1.10105E+17"]
    {
        assert_eq!(ResidentId::parse(text, today()), Err(IdError::NumberStoredAsNumber), "{text}");
    }
    assert_eq!(
        DocumentNumber::parse(DocumentType::ForeignPermanentResident, "9.11560198801011E+17", today()),
        Err(IdError::NumberStoredAsNumber)
    );
}

#[test]
fn masks() {
    let id = ResidentId::parse(SAMPLE, today()).unwrap();
    assert_eq!(id.masked(), "110105********002X");
    assert_eq!(format!("{id:?}"), "ResidentId(\"110105********002X\")");
    let doc = DocumentNumber::from(id);
    assert_eq!(doc.masked(), "110105********002X");
    let passport = DocumentNumber::parse(DocumentType::Passport, "E12345678", today()).unwrap();
    assert_eq!(passport.masked(), "E1*****78");
    let short = DocumentNumber::parse(DocumentType::Passport, "AB123", today()).unwrap();
    assert_eq!(short.masked(), "****3");
    assert_eq!(mask_phone("13812345678"), "138****5678");
    assert_eq!(mask_phone(" 138-1234-5678 "), "138****5678");
    assert_eq!(mask_phone("+8613812345678"), "+86 138****5678");
    assert_eq!(mask_phone("02812345678"), "02*******78");
    assert_eq!(mask_phone("010-6512345"), "01******45");
    assert_eq!(mask_phone("110"), "**0");
    assert_eq!(mask_phone(""), "");
}

#[test]
fn resident_id_through_document_number() {
    let doc = DocumentNumber::parse(DocumentType::ResidentId, "11010519491231002x", today()).unwrap();
    assert_eq!(doc.kind(), DocumentType::ResidentId);
    assert_eq!(doc.as_str(), SAMPLE);
    assert_eq!(doc.resident_id().unwrap().gender(), Gender::Female);
    assert_eq!(DocumentNumber::parse(DocumentType::ResidentId, "123", today()), Err(IdError::WrongLength { len: 3 }));
}

#[test]
fn passports() {
    for ok in ["E12345678", "e 1234 5678", "EA1234567", "G12345678", "12345", "X1234567890123456"] {
        let doc = DocumentNumber::parse(DocumentType::Passport, ok, today());
        assert!(doc.is_ok(), "{ok}");
    }
    let doc = DocumentNumber::parse(DocumentType::Passport, "ｅ１２３４５６７８", today()).unwrap();
    assert_eq!(doc.as_str(), "E12345678");
    assert!(doc.resident_id().is_none());
    for bad in ["E123", "ABCDEFGH", "E1234-5678", "X12345678901234567", "护照E1234567"] {
        assert_eq!(DocumentNumber::parse(DocumentType::Passport, bad, today()), Err(IdError::BadPassport), "{bad}");
    }
    assert_eq!(DocumentNumber::parse(DocumentType::Passport, " ", today()), Err(IdError::Empty));
}

#[test]
fn hong_kong_macao_permits() {
    for ok in ["H12345678", "m12345678", "H1234567801", "M1234567802"] {
        assert!(DocumentNumber::parse(DocumentType::HkMacaoPermit, ok, today()).is_ok(), "{ok}");
    }
    for bad in ["C12345678", "H1234567", "H123456789", "12345678", "HH2345678"] {
        assert_eq!(
            DocumentNumber::parse(DocumentType::HkMacaoPermit, bad, today()),
            Err(IdError::BadHkMacaoPermit),
            "{bad}"
        );
    }
}

#[test]
fn taiwan_permits() {
    for ok in ["12345678", "1234567890", "１２３４５６７８"] {
        assert!(DocumentNumber::parse(DocumentType::TaiwanPermit, ok, today()).is_ok(), "{ok}");
    }
    for bad in ["1234567", "123456789", "T1234567", "12345678901"] {
        assert_eq!(
            DocumentNumber::parse(DocumentType::TaiwanPermit, bad, today()),
            Err(IdError::BadTaiwanPermit),
            "{bad}"
        );
    }
}

#[test]
fn foreign_permanent_resident_ids() {
    let kind = DocumentType::ForeignPermanentResident;
    assert!(DocumentNumber::parse(kind, "USA310880101234", today()).is_ok());
    assert!(DocumentNumber::parse(kind, "usa 310880101234", today()).is_ok());
    let body = "91184019880101001";
    let new = format!("{body}{}", ResidentId::check_char(body).unwrap());
    let doc = DocumentNumber::parse(kind, &new, today()).unwrap();
    assert_eq!(doc.as_str(), new);
    assert!(doc.resident_id().is_none());
    let wrong_check = format!("{body}{}", if new.ends_with('0') { '1' } else { '0' });
    let bad_date = {
        let body = "91184019880230001";
        format!("{body}{}", ResidentId::check_char(body).unwrap())
    };
    let not_nine = {
        let body = "81184019880101001";
        format!("{body}{}", ResidentId::check_char(body).unwrap())
    };
    for bad in [
        "US310880101234".to_string(),
        "USA31088010123X".to_string(),
        "1SA310880101234".to_string(),
        wrong_check,
        bad_date,
        not_nine,
    ] {
        assert_eq!(DocumentNumber::parse(kind, &bad, today()), Err(IdError::BadForeignPermanent), "{bad}");
    }
}

/// Small deterministic generator so the round-trip test needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

#[test]
fn from_parts_round_trips_through_parse() {
    let provinces = [11, 12, 13, 21, 31, 37, 44, 46, 50, 54, 61, 65, 71, 81, 82, 83];
    let mut rng = Lcg(20_240_229);
    let start = date(1900, 1, 1);
    let span = (today() - start).num_days() as u64;
    for _ in 0..5_000 {
        let province = provinces[rng.next(provinces.len() as u64) as usize];
        let region = format!("{province}{:04}", rng.next(10_000));
        let birth = start + chrono::Days::new(rng.next(span + 1));
        let seq = rng.next(1000) as u16;
        let id = ResidentId::from_parts(&region, birth, seq).unwrap();
        let parsed = ResidentId::parse(id.as_str(), today()).unwrap();
        assert_eq!(parsed, id);
        assert_eq!(parsed.birth_date(), birth);
        let expected = if seq % 2 == 1 { Gender::Male } else { Gender::Female };
        assert_eq!(parsed.gender(), expected);
        assert!(parsed.as_str().starts_with(&region));
    }
}

#[test]
fn from_parts_refuses_bad_parts() {
    let birth = date(1990, 1, 1);
    assert!(ResidentId::from_parts("11010", birth, 1).is_none());
    assert!(ResidentId::from_parts("99010", birth, 1).is_none());
    assert!(ResidentId::from_parts("990105", birth, 1).is_none());
    assert!(ResidentId::from_parts("11010A", birth, 1).is_none());
    assert!(ResidentId::from_parts("１１０１０５", birth, 1).is_none());
    assert!(ResidentId::from_parts("110105", birth, 1000).is_none());
    assert!(ResidentId::from_parts("110105", date(1899, 12, 31), 1).is_none());
    assert!(ResidentId::from_parts("110105", date(10000, 1, 1), 1).is_none());
}

#[test]
fn check_char_needs_seventeen_digits() {
    assert_eq!(ResidentId::check_char("1101051949123100"), None);
    assert_eq!(ResidentId::check_char("11010519491231002X"), None);
    assert_eq!(ResidentId::check_char("1101051949123100X"), None);
    assert_eq!(ResidentId::check_char("１１０１０５１９４９１２３１００"), None);
}

#[test]
fn odd_input_never_panics() {
    let long = "1".repeat(10_000);
    let long_emoji = "😀".repeat(10_000);
    let inputs = [
        "",
        " ",
        "😀",
        "11010519491231002😀",
        "1101051949123100😀",
        "\u{301}",
        "11010519491231002\u{301}",
        "\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}",
        "\0",
        "E+",
        ".0",
        "1E+",
        "E+17",
        "1..0",
        "+86",
        "ß",
        "ﬃ",
        "İ",
        "身份证号码一二三四五六七八九十一二三四五六",
        long.as_str(),
        long_emoji.as_str(),
    ];
    for input in inputs {
        let _ = ResidentId::parse(input, today());
        let _ = ResidentId::check_char(input);
        let _ = ResidentId::from_parts(input, today(), 1);
        for kind in DocumentType::ALL {
            if let Ok(doc) = DocumentNumber::parse(kind, input, today()) {
                let _ = doc.masked();
            }
            let _ = DocumentNumber::parse(kind, input, NaiveDate::MIN);
            let _ = DocumentNumber::parse(kind, input, NaiveDate::MAX);
        }
        let _ = mask_phone(input);
        let _ = DocumentType::from_label(input);
        let _ = Gender::from_code(input);
        if let Err(e) = ResidentId::parse(input, today()) {
            let _ = e.to_string();
        }
    }
    assert_eq!(
        ResidentId::parse("11010519491231002\u{301}", today()),
        Err(IdError::BadCharacter { position: 18, ch: '\u{301}' })
    );
    assert_eq!(visible('\u{301}'), "U+0301");
    assert_eq!(ResidentId::parse(&long, today()), Err(IdError::WrongLength { len: 10_000 }));
}

#[test]
fn codes_round_trip() {
    for kind in DocumentType::ALL {
        assert_eq!(DocumentType::from_code(kind.code()), Some(kind));
        assert_eq!(DocumentType::from_label(kind.code()), Some(kind));
    }
    for gender in [Gender::Male, Gender::Female] {
        assert_eq!(Gender::from_code(gender.code()), Some(gender));
    }
    assert_eq!(Gender::from_code(" m "), Some(Gender::Male));
    assert_eq!(Gender::from_code("男"), None);
    assert_eq!(DocumentType::from_code("passport "), None);
}

#[test]
fn labels_are_recognised() {
    let cases = [
        ("居民身份证", DocumentType::ResidentId),
        (" 身份证 ", DocumentType::ResidentId),
        ("Resident Identity Card", DocumentType::ResidentId),
        ("护照", DocumentType::Passport),
        ("PASSPORT", DocumentType::Passport),
        ("港澳居民来往内地通行证", DocumentType::HkMacaoPermit),
        ("港澳通行证", DocumentType::HkMacaoPermit),
        ("Mainland Travel Permit for Hong Kong and Macao Residents", DocumentType::HkMacaoPermit),
        ("台湾居民来往大陆通行证", DocumentType::TaiwanPermit),
        ("台胞证", DocumentType::TaiwanPermit),
        ("台湾通行证", DocumentType::TaiwanPermit),
        ("Mainland Travel Permit for Taiwan Residents", DocumentType::TaiwanPermit),
        ("外国人永久居留身份证", DocumentType::ForeignPermanentResident),
        ("永久居留证", DocumentType::ForeignPermanentResident),
        ("外国人永久居留证", DocumentType::ForeignPermanentResident),
        ("Foreign Permanent Resident ID Card", DocumentType::ForeignPermanentResident),
    ];
    for (label, kind) in cases {
        assert_eq!(DocumentType::from_label(label), Some(kind), "{label}");
    }
    assert_eq!(DocumentType::from_label("驾驶证"), None);
    assert_eq!(DocumentType::from_label(""), None);
}

#[test]
fn serde_uses_storage_codes() {
    for kind in DocumentType::ALL {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.code()));
        assert_eq!(serde_json::from_str::<DocumentType>(&json).unwrap(), kind);
    }
    for gender in [Gender::Male, Gender::Female] {
        let json = serde_json::to_string(&gender).unwrap();
        assert_eq!(json, format!("\"{}\"", gender.code()));
        assert_eq!(serde_json::from_str::<Gender>(&json).unwrap(), gender);
    }
}

/// Every variant, so the locale test sees every key; the match below stops the list
/// from silently falling behind when a variant is added.
fn all_errors() -> Vec<IdError> {
    let all = vec![
        IdError::Empty,
        IdError::WrongLength { len: 17 },
        IdError::BadCharacter { position: 3, ch: 'A' },
        IdError::UnknownRegion { code: "99".into() },
        IdError::BadBirthDate { text: "20230229".into() },
        IdError::BirthInFuture { date: date(2030, 1, 1) },
        IdError::BirthTooEarly,
        IdError::WrongCheck { expected: 'X', found: '1' },
        IdError::NumberStoredAsNumber,
        IdError::BadPassport,
        IdError::BadHkMacaoPermit,
        IdError::BadTaiwanPermit,
        IdError::BadForeignPermanent,
    ];
    for e in &all {
        match e {
            IdError::Empty
            | IdError::WrongLength { .. }
            | IdError::BadCharacter { .. }
            | IdError::UnknownRegion { .. }
            | IdError::BadBirthDate { .. }
            | IdError::BirthInFuture { .. }
            | IdError::BirthTooEarly
            | IdError::WrongCheck { .. }
            | IdError::NumberStoredAsNumber
            | IdError::BadPassport
            | IdError::BadHkMacaoPermit
            | IdError::BadTaiwanPermit
            | IdError::BadForeignPermanent => {}
        }
    }
    all
}

/// The `zh-CN:` and `en:` texts of `key` in the locale file, if present.
fn locale_entry(yml: &str, key: &str) -> (Option<String>, Option<String>) {
    let header = format!("{key}:");
    let mut lines = yml.lines().skip_while(|l| l.trim_end() != header);
    if lines.next().is_none() {
        return (None, None);
    }
    let (mut zh, mut en) = (None, None);
    for line in lines.take_while(|l| l.starts_with(' ')) {
        let line = line.trim();
        if let Some(text) = line.strip_prefix("zh-CN:") {
            zh = Some(text.trim().to_string());
        } else if let Some(text) = line.strip_prefix("en:") {
            en = Some(text.trim().to_string());
        }
    }
    (zh, en)
}

#[test]
fn every_key_is_in_the_locale_file() {
    let yml = include_str!("../../../locales/ids.yml");
    assert!(yml.lines().any(|l| l.trim() == "_version: 2"));
    let mut keys: Vec<(&str, Vec<&str>)> =
        all_errors().iter().map(|e| (e.key(), e.args().into_iter().map(|(name, _)| name).collect())).collect();
    keys.extend(DocumentType::ALL.iter().map(|k| (k.label_key(), Vec::new())));
    keys.extend([Gender::Male, Gender::Female].map(|g| (g.label_key(), Vec::new())));
    for (key, args) in keys {
        let (zh, en) = locale_entry(yml, key);
        let (Some(zh), Some(en)) = (zh, en) else {
            panic!("{key} lacks zh-CN or en in locales/ids.yml");
        };
        assert!(zh.len() > 2 && en.len() > 2, "{key} has an empty text");
        for arg in args {
            let placeholder = format!("%{{{arg}}}");
            assert!(
                zh.contains(&placeholder) && en.contains(&placeholder),
                "{key} does not use {placeholder} in both languages"
            );
        }
    }
}

#[test]
fn display_goes_through_i18n() {
    let e = IdError::WrongLength { len: 17 };
    assert_eq!(e.to_string(), tr_args(Lang::Zh, "id.wrong_length", &[("len", "17".to_string())]));
}

#[test]
fn stored_numbers_mask_as_checked_ones_do() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    for (kind, number) in [(DocumentType::ResidentId, "11010519491231002X"), (DocumentType::Passport, "E12345678")] {
        let checked = DocumentNumber::parse(kind, number, today).unwrap().masked();
        assert_eq!(mask_stored(kind, number), checked);
    }
}
