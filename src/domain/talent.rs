//! A talent's record as a clerk types it, and the one function that turns the typed text
//! into a checked [`NewTalent`] or a list of problems, each tied to its field.

use chrono::NaiveDate;

use super::Message;
use super::dates::parse_date;
use super::id_number::{DocumentNumber, DocumentType, Gender};
use super::policy::TierCode;
use super::text::clean;

/// The city's industry clusters, offered as fields when the shortage catalogue has none.
pub const DEFAULT_FIELDS: [&str; 10] = [
    "集成电路",
    "生物医药",
    "人工智能",
    "新能源",
    "高端装备",
    "新材料",
    "数字经济",
    "现代金融",
    "节能环保",
    "航空航天",
];

/// The fields of the talent form, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TalentField {
    /// 姓名
    Name,
    /// 证件类型
    DocType,
    /// 证件号码
    DocNumber,
    /// 性别
    Gender,
    /// 出生日期
    BirthDate,
    /// 国籍
    Nationality,
    /// 手机号码
    Phone,
    /// 电子邮箱
    Email,
    /// 学历
    Education,
    /// 职称
    Title,
    /// 领域
    Field,
    /// 用人单位
    Employer,
    /// 开发区
    Zone,
    /// 人才类别
    Tier,
    /// 到岗日期
    ArrivalDate,
    /// 认定有效期至
    RecognisedUntil,
    /// 备注
    Notes,
}

impl TalentField {
    /// Every field in tab order.
    pub const ALL: [TalentField; 17] = [
        TalentField::Name,
        TalentField::DocType,
        TalentField::DocNumber,
        TalentField::Gender,
        TalentField::BirthDate,
        TalentField::Nationality,
        TalentField::Phone,
        TalentField::Email,
        TalentField::Education,
        TalentField::Title,
        TalentField::Field,
        TalentField::Employer,
        TalentField::Zone,
        TalentField::Tier,
        TalentField::ArrivalDate,
        TalentField::RecognisedUntil,
        TalentField::Notes,
    ];

    /// The i18n key of the field's label.
    pub fn label_key(self) -> &'static str {
        match self {
            TalentField::Name => "talent.name",
            TalentField::DocType => "talent.doc_type",
            TalentField::DocNumber => "talent.doc_number",
            TalentField::Gender => "talent.gender",
            TalentField::BirthDate => "talent.birth_date",
            TalentField::Nationality => "talent.nationality",
            TalentField::Phone => "talent.phone",
            TalentField::Email => "talent.email",
            TalentField::Education => "talent.education",
            TalentField::Title => "talent.title",
            TalentField::Field => "talent.field",
            TalentField::Employer => "talent.employer",
            TalentField::Zone => "talent.zone",
            TalentField::Tier => "talent.tier",
            TalentField::ArrivalDate => "talent.arrival_date",
            TalentField::RecognisedUntil => "talent.recognised_until",
            TalentField::Notes => "talent.notes",
        }
    }
}

/// The talent form as typed: text per field, choices as ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TalentInput {
    /// Name.
    pub name: String,
    /// Document type (a choice, never typed).
    pub doc_type: Option<DocumentType>,
    /// Document number as typed.
    pub doc_number: String,
    /// Gender (a choice); for a resident ID it may stay empty and is taken from the number.
    pub gender: Option<Gender>,
    /// Birth date as typed; for a resident ID it may stay empty and is taken from the number.
    pub birth_date: String,
    /// Nationality as typed (default 中国).
    pub nationality: String,
    /// Mobile or other phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Highest education.
    pub education: String,
    /// Professional title.
    pub title: String,
    /// Field (from the shortage catalogue or free text).
    pub field: String,
    /// Employer (chosen).
    pub employer_id: Option<i64>,
    /// Development zone (chosen).
    pub zone_id: Option<i64>,
    /// Tier code (chosen).
    pub tier: String,
    /// Arrival date as typed.
    pub arrival_date: String,
    /// End of the recognition term as typed.
    pub recognised_until: String,
    /// Notes.
    pub notes: String,
}

/// A checked talent record, ready for the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTalent {
    /// Name, cleaned.
    pub name: String,
    /// Checked identity document.
    pub doc: DocumentNumber,
    /// Gender (agrees with a resident ID).
    pub gender: Gender,
    /// Birth date (agrees with a resident ID).
    pub birth_date: NaiveDate,
    /// Nationality.
    pub nationality: String,
    /// Phone, normalised (digits, with `+` and `-` kept), or empty.
    pub phone: super::PersonalNumber,
    /// E-mail, lower-cased, or empty.
    pub email: String,
    /// Education.
    pub education: String,
    /// Title.
    pub title: String,
    /// Field.
    pub field: String,
    /// Employer.
    pub employer_id: Option<i64>,
    /// Zone.
    pub zone_id: i64,
    /// Tier.
    pub tier: TierCode,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
    /// End of the recognition term.
    pub recognised_until: Option<NaiveDate>,
    /// Notes.
    pub notes: String,
}

/// Problems found in a form, at most one per field, in tab order.
pub type FieldErrors = Vec<(TalentField, Message)>;

fn msg(key: &'static str) -> Message {
    Message::new(key)
}

fn msg_with(key: &'static str, args: Vec<(&'static str, String)>) -> Message {
    Message { key, args }
}

/// A name as shown to someone who may not see it whole (a service provider checking a
/// card): the first character of a Chinese name, the first letter of each Latin word.
pub fn mask_name(name: &str) -> String {
    if name.is_ascii() {
        return name
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next().map_or_else(String::new, |f| format!("{f}{}", "*".repeat(c.count())))
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |f| format!("{f}{}", "*".repeat(chars.count())))
}

/// Checks a name: Chinese characters, Latin letters, spaces, the middle dot of
/// transliterated names (·), apostrophes, hyphens and dots; 1–100 characters.
pub fn parse_name(input: &str) -> Result<String, Message> {
    let name = clean(input).replace(['•', '・', '‧'], "·");
    if name.is_empty() {
        return Err(msg("talent.err.name_empty"));
    }
    if name.chars().count() > 100 {
        return Err(msg("talent.err.name_too_long"));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_alphabetic() || matches!(c, ' ' | '·' | '\'' | '-' | '.'))) {
        return Err(msg_with("talent.err.name_char", vec![("ch", super::text::visible(bad))]));
    }
    Ok(name)
}

/// Checks a phone: a mainland mobile (11 digits starting 13–19) or any other number of
/// 5–20 digits with optional `+`, spaces, hyphens and parentheses.
pub fn parse_phone(input: &str) -> Result<String, Message> {
    let s = super::text::compact(input);
    if s.is_empty() {
        return Ok(String::new());
    }
    if !s.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')')) {
        return Err(msg("talent.err.phone"));
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let mobile_like = digits.len() == 11 && digits.starts_with('1') && !s.starts_with('+');
    if mobile_like {
        if !matches!(digits.as_bytes()[1], b'3'..=b'9') {
            return Err(msg("talent.err.mobile"));
        }
        return Ok(digits);
    }
    if !(5..=20).contains(&digits.len()) {
        return Err(msg("talent.err.phone"));
    }
    Ok(s)
}

/// Checks an e-mail address loosely: one `@`, something before it, a dotted domain after.
pub fn parse_email(input: &str) -> Result<String, Message> {
    let s = super::text::compact(input).to_lowercase();
    if s.is_empty() {
        return Ok(s);
    }
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && s.len() <= 120
        }
        None => false,
    };
    if ok { Ok(s) } else { Err(msg("talent.err.email")) }
}

fn short_text(input: &str, max: usize, field: TalentField, errors: &mut FieldErrors) -> String {
    let s = clean(input);
    if s.chars().count() > max {
        errors.push((field, msg_with("talent.err.too_long", vec![("max", max.to_string())])));
    }
    s
}

fn optional_date(input: &str, field: TalentField, errors: &mut FieldErrors) -> Option<NaiveDate> {
    if clean(input).is_empty() {
        return None;
    }
    match parse_date(input) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push((field, Message::of(&e)));
            None
        }
    }
}

/// Turns the typed form into a checked record, or lists every problem at its field.
/// `tiers` are the tier codes of the policy in force; `today` bounds birth dates.
pub fn parse_talent(input: &TalentInput, tiers: &[TierCode], today: NaiveDate) -> Result<NewTalent, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = parse_name(&input.name).map_err(|e| errors.push((TalentField::Name, e))).ok();
    let doc = match input.doc_type {
        None => {
            errors.push((TalentField::DocType, msg("talent.err.choose")));
            None
        }
        Some(kind) => DocumentNumber::parse(kind, &input.doc_number, today)
            .map_err(|e| errors.push((TalentField::DocNumber, Message::of(&e))))
            .ok(),
    };
    let from_id = doc.as_ref().and_then(DocumentNumber::resident_id);
    let gender = match (input.gender, &from_id) {
        (Some(g), Some(id)) if g != id.gender() => {
            let key = match id.gender() {
                Gender::Male => "talent.err.id_says_male",
                Gender::Female => "talent.err.id_says_female",
            };
            errors.push((TalentField::Gender, msg(key)));
            None
        }
        (Some(g), _) => Some(g),
        (None, Some(id)) => Some(id.gender()),
        (None, None) => {
            errors.push((TalentField::Gender, msg("talent.err.choose")));
            None
        }
    };
    let typed_birth = optional_date(&input.birth_date, TalentField::BirthDate, &mut errors);
    let birth_date = match (typed_birth, &from_id) {
        (Some(b), Some(id)) if b != id.birth_date() => {
            errors.push((
                TalentField::BirthDate,
                msg_with("talent.err.birth_mismatch", vec![("date", super::dates::fmt_date(id.birth_date()))]),
            ));
            None
        }
        (Some(b), _) if b > today => {
            errors.push((TalentField::BirthDate, msg("talent.err.birth_future")));
            None
        }
        (Some(b), _) => Some(b),
        (None, Some(id)) => Some(id.birth_date()),
        (None, None) => {
            if clean(&input.birth_date).is_empty() {
                errors.push((TalentField::BirthDate, msg("talent.err.required")));
            }
            None
        }
    };
    let nationality = short_text(&input.nationality, 40, TalentField::Nationality, &mut errors);
    if nationality.is_empty() {
        errors.push((TalentField::Nationality, msg("talent.err.required")));
    } else if let Some(bad) = nationality.chars().find(|c| !(c.is_alphabetic() || " ·'-.,()".contains(*c))) {
        // A country's name: letters of any script (中国, Côte d'Ivoire), never digits or pictures.
        let ch = super::text::visible(bad);
        errors.push((TalentField::Nationality, msg_with("talent.err.nationality_char", vec![("ch", ch)])));
    }
    let phone = parse_phone(&input.phone).map_err(|e| errors.push((TalentField::Phone, e))).ok();
    let email = parse_email(&input.email).map_err(|e| errors.push((TalentField::Email, e))).ok();
    let education = short_text(&input.education, 40, TalentField::Education, &mut errors);
    let title = short_text(&input.title, 40, TalentField::Title, &mut errors);
    let field = short_text(&input.field, 60, TalentField::Field, &mut errors);
    if input.zone_id.is_none() {
        errors.push((TalentField::Zone, msg("talent.err.choose")));
    }
    let tier = match TierCode::parse(&input.tier) {
        Ok(t) if tiers.contains(&t) => Some(t),
        _ => {
            errors.push((TalentField::Tier, msg("talent.err.choose")));
            None
        }
    };
    let arrival_date = optional_date(&input.arrival_date, TalentField::ArrivalDate, &mut errors);
    if let (Some(a), Some(b)) = (arrival_date, birth_date)
        && a <= b
    {
        errors.push((TalentField::ArrivalDate, msg("talent.err.arrival_before_birth")));
    }
    let recognised_until = optional_date(&input.recognised_until, TalentField::RecognisedUntil, &mut errors);
    if let (Some(r), Some(a)) = (recognised_until, arrival_date)
        && r < a
    {
        errors.push((TalentField::RecognisedUntil, msg("talent.err.term_before_arrival")));
    }
    let notes = input.notes.trim().to_string();
    if notes.chars().count() > 500 {
        errors.push((TalentField::Notes, msg_with("talent.err.too_long", vec![("max", "500".into())])));
    }
    errors.sort_by_key(|(f, _)| *f);
    errors.dedup_by_key(|(f, _)| *f);
    match (name, doc, gender, birth_date, phone, email, input.zone_id, tier) {
        (
            Some(name),
            Some(doc),
            Some(gender),
            Some(birth_date),
            Some(phone),
            Some(email),
            Some(zone_id),
            Some(tier),
        ) if errors.is_empty() => Ok(NewTalent {
            name,
            doc,
            gender,
            birth_date,
            nationality,
            phone: phone.into(),
            email,
            education,
            title,
            field,
            employer_id: input.employer_id,
            zone_id,
            tier,
            arrival_date,
            recognised_until,
            notes,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn tiers() -> Vec<TierCode> {
        ["A", "B", "C", "D", "E"].iter().map(|t| TierCode::parse(t).unwrap()).collect()
    }

    fn good() -> TalentInput {
        TalentInput {
            name: "张伟".into(),
            doc_type: Some(DocumentType::ResidentId),
            doc_number: "11010519491231002X".into(),
            nationality: "中国".into(),
            phone: "138 0013 8000".into(),
            email: "Zhang.Wei@Example.cn".into(),
            zone_id: Some(1),
            tier: "b".into(),
            arrival_date: "2024年3月1日".into(),
            ..TalentInput::default()
        }
    }

    fn fields(r: Result<NewTalent, FieldErrors>) -> Vec<(TalentField, &'static str)> {
        r.err().unwrap_or_default().into_iter().map(|(f, m)| (f, m.key)).collect()
    }

    #[test]
    fn a_resident_id_gives_birth_date_and_gender() {
        let t = parse_talent(&good(), &tiers(), today()).unwrap();
        assert_eq!(t.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(t.gender, Gender::Female);
        assert_eq!(t.phone.whole(), "13800138000");
        assert_eq!(t.email, "zhang.wei@example.cn");
        assert_eq!(t.tier.as_str(), "B");
    }

    #[test]
    fn a_mismatch_with_the_id_is_an_error_at_the_field() {
        let mut input = good();
        input.gender = Some(Gender::Male);
        input.birth_date = "1950-01-01".into();
        assert_eq!(
            fields(parse_talent(&input, &tiers(), today())),
            [(TalentField::Gender, "talent.err.id_says_female"), (TalentField::BirthDate, "talent.err.birth_mismatch")]
        );
    }

    #[test]
    fn a_wrong_check_character_is_reported_at_the_number() {
        let mut input = good();
        input.doc_number = "110105194912310021".into();
        let errors = parse_talent(&input, &tiers(), today()).err().unwrap();
        assert_eq!(errors[0].0, TalentField::DocNumber);
        assert_eq!(errors[0].1.key, "id.wrong_check");
        assert!(errors[0].1.args.iter().any(|(k, v)| *k == "expected" && v == "X"));
    }

    #[test]
    fn every_problem_is_listed_once_in_tab_order() {
        let input = TalentInput { phone: "12345".into(), email: "nope".into(), ..TalentInput::default() };
        let got = fields(parse_talent(&input, &tiers(), today()));
        let expected = [
            (TalentField::Name, "talent.err.name_empty"),
            (TalentField::DocType, "talent.err.choose"),
            (TalentField::Gender, "talent.err.choose"),
            (TalentField::BirthDate, "talent.err.required"),
            (TalentField::Nationality, "talent.err.required"),
            (TalentField::Email, "talent.err.email"),
            (TalentField::Zone, "talent.err.choose"),
            (TalentField::Tier, "talent.err.choose"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn masked_names() {
        assert_eq!(mask_name("张伟"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("James Smith"), "J**** S****");
    }

    #[test]
    fn names_phones_and_emails() {
        assert_eq!(parse_name(" 欧阳  娜娜 "), Ok("欧阳 娜娜".into()));
        assert_eq!(parse_name("Jean-Luc O'Brien"), Ok("Jean-Luc O'Brien".into()));
        assert_eq!(parse_name("阿卜杜•热合曼"), Ok("阿卜杜·热合曼".into()));
        assert!(parse_name("张三1").is_err());
        assert!(parse_name("😀").is_err());
        assert!(parse_name("'; DROP TABLE talents;--").is_err());
        assert!(parse_name(&"张".repeat(101)).is_err());
        assert_eq!(parse_phone("+86 138-0013-8000"), Ok("+86138-0013-8000".into()));
        assert!(parse_phone("12812345678").is_err());
        assert!(parse_phone("abc").is_err());
        assert_eq!(parse_phone("0512-6688 1234"), Ok("0512-66881234".into()));
        assert!(parse_email("a@b").is_err());
        assert!(parse_email("a@@b.cn").is_err());
        assert_eq!(parse_email(""), Ok(String::new()));
    }

    #[test]
    fn dates_must_be_in_order() {
        let mut input = good();
        input.arrival_date = "1940-01-01".into();
        assert_eq!(
            fields(parse_talent(&input, &tiers(), today())),
            [(TalentField::ArrivalDate, "talent.err.arrival_before_birth")]
        );
        let mut input = good();
        input.recognised_until = "2020-01-01".into();
        assert_eq!(
            fields(parse_talent(&input, &tiers(), today())),
            [(TalentField::RecognisedUntil, "talent.err.term_before_arrival")]
        );
        let mut input = good();
        input.doc_type = Some(DocumentType::Passport);
        input.doc_number = "E12345678".into();
        input.gender = Some(Gender::Female);
        input.birth_date = "2023-02-29".into();
        assert_eq!(fields(parse_talent(&input, &tiers(), today())), [(TalentField::BirthDate, "date.no_such_day")]);
    }
}
