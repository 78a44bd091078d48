//! Attached family cards (附属卡) and the logged use of a card's services: the rules a
//! typed form must pass before anything is written.
//!
//! An attached card belongs to a spouse, a minor child or a parent of a holder whose tier
//! allows family cards. It has its own number (from the same sequence as main cards, so a
//! provider checks it the same way) but no status of its own beyond "cancelled": it is valid
//! exactly when the main card is, and it follows the main card when that is reissued.

use chrono::NaiveDate;

use super::dates::{parse_date, years_between};
use super::talent::parse_name;
use super::text::clean;
use super::{DocumentNumber, DocumentType, Message};

/// How a family member is related to the holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// 配偶.
    Spouse,
    /// 子女 (minor at the time the attached card is issued).
    Child,
    /// 父母.
    Parent,
}

impl Relation {
    /// Every relation, in the order a picker lists them.
    pub const ALL: [Relation; 3] = [Relation::Spouse, Relation::Child, Relation::Parent];

    /// Stable storage code.
    pub fn code(self) -> &'static str {
        match self {
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Parent => "parent",
        }
    }

    /// Reads a storage code back.
    pub fn from_code(code: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The i18n key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            Relation::Spouse => "family.spouse",
            Relation::Child => "family.child",
            Relation::Parent => "family.parent",
        }
    }

    /// How many live attached cards of this relation one holder may have.
    pub fn limit(self) -> usize {
        match self {
            Relation::Spouse => 1,
            Relation::Child => 6,
            // Both parents and both parents-in-law.
            Relation::Parent => 4,
        }
    }
}

/// Children get an attached card until they turn this old.
pub const ADULT_AGE: i32 = 18;

/// A family member as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyInput {
    /// Relation to the holder.
    pub relation: Relation,
    /// Name.
    pub name: String,
    /// Identity document type.
    pub doc_type: DocumentType,
    /// Identity document number.
    pub doc_number: String,
    /// Birth date; taken from a resident ID when left empty.
    pub birth_date: String,
}

impl Default for FamilyInput {
    fn default() -> FamilyInput {
        FamilyInput {
            relation: Relation::Spouse,
            name: String::new(),
            doc_type: DocumentType::ResidentId,
            doc_number: String::new(),
            birth_date: String::new(),
        }
    }
}

/// A checked family member, ready to be given an attached card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFamilyMember {
    /// Relation to the holder.
    pub relation: Relation,
    /// Name.
    pub name: String,
    /// Identity document.
    pub document: DocumentNumber,
    /// Birth date.
    pub birth_date: NaiveDate,
}

/// The field of the family form a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FamilyField {
    /// Name.
    Name,
    /// Document number.
    Document,
    /// Birth date.
    BirthDate,
}

/// Checks the family form on `today`; every problem is reported at its field.
pub fn parse_family_member(
    input: &FamilyInput,
    today: NaiveDate,
) -> Result<NewFamilyMember, Vec<(FamilyField, Message)>> {
    let mut errors = Vec::new();
    let name = parse_name(&input.name).map_err(|e| errors.push((FamilyField::Name, e))).ok();
    let document = DocumentNumber::parse(input.doc_type, &input.doc_number, today)
        .map_err(|e| errors.push((FamilyField::Document, Message::of(&e))))
        .ok();
    let typed_birth = if clean(&input.birth_date).is_empty() {
        None
    } else {
        parse_date(&input.birth_date).map_err(|e| errors.push((FamilyField::BirthDate, Message::of(&e)))).ok()
    };
    let from_id = document.as_ref().and_then(|d| d.resident_id()).map(|id| id.birth_date());
    let birth_date = match (typed_birth, from_id) {
        (Some(typed), Some(id)) if typed != id => {
            errors.push((FamilyField::BirthDate, Message::new("family.err.birth_differs")));
            None
        }
        (Some(d), _) | (None, Some(d)) => Some(d),
        (None, None) => {
            if document.is_some() {
                errors.push((FamilyField::BirthDate, Message::new("family.err.birth_needed")));
            }
            None
        }
    };
    if let Some(b) = birth_date {
        if b > today {
            errors.push((FamilyField::BirthDate, Message::new("family.err.birth_future")));
        } else if input.relation == Relation::Child && years_between(b, today) >= ADULT_AGE {
            errors.push((FamilyField::BirthDate, Message::new("family.err.child_adult")));
        }
    }
    match (name, document, birth_date) {
        (Some(name), Some(document), Some(birth_date)) if errors.is_empty() => {
            Ok(NewFamilyMember { relation: input.relation, name, document, birth_date })
        }
        _ => Err(errors),
    }
}

/// A use of a card service as typed at the counter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceUseInput {
    /// Service code.
    pub service: String,
    /// Day of use.
    pub used_on: String,
    /// Who provided it (hospital, school, airport …).
    pub provider: String,
    /// Free note.
    pub note: String,
}

/// A checked service use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewServiceUse {
    /// Service code.
    pub service: String,
    /// Day of use.
    pub used_on: NaiveDate,
    /// Provider.
    pub provider: String,
    /// Note.
    pub note: String,
}

/// Checks a service use: a service chosen, a real day not after `today`, a provider named.
pub fn parse_service_use(input: &ServiceUseInput, today: NaiveDate) -> Result<NewServiceUse, Message> {
    if input.service.is_empty() {
        return Err(Message::new("service.err.none"));
    }
    let used_on = parse_date(&input.used_on).map_err(|e| Message::of(&e))?;
    if used_on > today {
        return Err(Message::new("service.err.future"));
    }
    let provider = clean(&input.provider);
    if provider.is_empty() {
        return Err(Message::new("service.err.provider"));
    }
    if provider.chars().count() > 100 || input.note.chars().count() > 500 {
        return Err(Message::new("service.err.too_long"));
    }
    Ok(NewServiceUse { service: input.service.clone(), used_on, provider, note: input.note.trim().to_string() })
}

/// A service of the catalogue as typed in Settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceNames {
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

/// Checks a catalogue entry's names (both required, at most 40 characters).
pub fn parse_service_names(input: &ServiceNames) -> Result<ServiceNames, Message> {
    let name_zh = clean(&input.name_zh);
    let name_en = clean(&input.name_en);
    if name_zh.is_empty() || name_en.is_empty() {
        return Err(Message::new("service.err.names"));
    }
    if name_zh.chars().count() > 40 || name_en.chars().count() > 40 {
        return Err(Message::new("service.err.too_long"));
    }
    Ok(ServiceNames { name_zh, name_en })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn child(doc: &str, birth: &str) -> FamilyInput {
        FamilyInput {
            relation: Relation::Child,
            name: "单小明".into(),
            doc_type: DocumentType::Passport,
            doc_number: doc.into(),
            birth_date: birth.into(),
        }
    }

    #[test]
    fn a_child_is_a_minor_on_the_day_of_issue() {
        let today = d(2026, 11, 29);
        // Seventeen, one day before the eighteenth birthday.
        assert!(parse_family_member(&child("E1234567", "2008-11-30"), today).is_ok());
        // Eighteen today.
        let err = parse_family_member(&child("E1234567", "2008-11-29"), today).unwrap_err();
        assert_eq!(err, vec![(FamilyField::BirthDate, Message::new("family.err.child_adult"))]);
    }

    #[test]
    fn a_resident_id_gives_the_birth_date_and_must_agree_with_a_typed_one() {
        let today = d(2026, 11, 29);
        let mut input = FamilyInput {
            relation: Relation::Parent,
            name: "王芳".into(),
            doc_type: DocumentType::ResidentId,
            doc_number: "11010519491231002X".into(),
            birth_date: String::new(),
        };
        let m = parse_family_member(&input, today).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(m.birth_date, d(1949, 12, 31));
        input.birth_date = "1950-01-01".into();
        let err = parse_family_member(&input, today).unwrap_err();
        assert_eq!(err[0].0, FamilyField::BirthDate);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input =
            FamilyInput { relation: Relation::Spouse, name: "".into(), doc_number: "123".into(), ..Default::default() };
        let fields: Vec<FamilyField> =
            parse_family_member(&input, d(2026, 1, 1)).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec![FamilyField::Name, FamilyField::Document]);
    }

    #[test]
    fn a_passport_holder_needs_a_birth_date() {
        let err = parse_family_member(&child("E1234567", ""), d(2026, 1, 1)).unwrap_err();
        assert_eq!(err, vec![(FamilyField::BirthDate, Message::new("family.err.birth_needed"))]);
    }

    #[test]
    fn a_service_use_needs_a_service_a_past_day_and_a_provider() {
        let today = d(2026, 11, 29);
        let ok = ServiceUseInput {
            service: "health_check".into(),
            used_on: "2026年11月29日".into(),
            provider: " 市第一人民医院 ".into(),
            note: String::new(),
        };
        assert_eq!(parse_service_use(&ok, today).map(|u| u.provider), Ok("市第一人民医院".to_string()));
        let future = ServiceUseInput { used_on: "2026-11-30".into(), ..ok.clone() };
        assert_eq!(parse_service_use(&future, today), Err(Message::new("service.err.future")));
        let nobody = ServiceUseInput { provider: "  ".into(), ..ok.clone() };
        assert_eq!(parse_service_use(&nobody, today), Err(Message::new("service.err.provider")));
        let none = ServiceUseInput { service: String::new(), ..ok };
        assert_eq!(parse_service_use(&none, today), Err(Message::new("service.err.none")));
    }

    #[test]
    fn catalogue_names_are_both_required() {
        let ok = ServiceNames { name_zh: " 子女入托 ".into(), name_en: "Childcare".into() };
        assert_eq!(parse_service_names(&ok).map(|n| n.name_zh), Ok("子女入托".to_string()));
        let half = ServiceNames { name_zh: "子女入托".into(), name_en: String::new() };
        assert_eq!(parse_service_names(&half), Err(Message::new("service.err.names")));
    }
}
