//! The kinds of identity document and the sexes recorded on them, with their stored codes
//! and the names clerks and spreadsheets use for them.

use serde::{Deserialize, Serialize};

/// Sex as recorded on an identity document.
///
/// Serialised as its storage code ("M"/"F") so JSON and the database agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    /// 男.
    #[serde(rename = "M")]
    Male,
    /// 女.
    #[serde(rename = "F")]
    Female,
}

impl Gender {
    /// Stable storage code: "M" or "F".
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }

    /// Reads a storage code back. Surrounding spaces and lower case are tolerated because
    /// codes also arrive from hand-edited spreadsheets.
    pub fn from_code(code: &str) -> Option<Gender> {
        match code.trim() {
            "M" | "m" => Some(Gender::Male),
            "F" | "f" => Some(Gender::Female),
            _ => None,
        }
    }

    /// The i18n key of the display label ("gender.male" / "gender.female").
    pub fn label_key(self) -> &'static str {
        match self {
            Gender::Male => "gender.male",
            Gender::Female => "gender.female",
        }
    }
}

/// Kind of identity document a person registers with.
///
/// Serialised as its storage code (see [`DocumentType::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentType {
    /// 居民身份证.
    #[serde(rename = "resident_id")]
    ResidentId,
    /// 护照.
    #[serde(rename = "passport")]
    Passport,
    /// 港澳居民来往内地通行证.
    #[serde(rename = "hk_macao_permit")]
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证.
    #[serde(rename = "taiwan_permit")]
    TaiwanPermit,
    /// 外国人永久居留身份证.
    #[serde(rename = "foreign_permanent")]
    ForeignPermanentResident,
}

impl DocumentType {
    /// Every document type, in the order a picker should list them.
    pub const ALL: [DocumentType; 5] = [
        DocumentType::ResidentId,
        DocumentType::Passport,
        DocumentType::HkMacaoPermit,
        DocumentType::TaiwanPermit,
        DocumentType::ForeignPermanentResident,
    ];

    /// Stable storage code; never change these, they are in saved data.
    pub fn code(self) -> &'static str {
        match self {
            DocumentType::ResidentId => "resident_id",
            DocumentType::Passport => "passport",
            DocumentType::HkMacaoPermit => "hk_macao_permit",
            DocumentType::TaiwanPermit => "taiwan_permit",
            DocumentType::ForeignPermanentResident => "foreign_permanent",
        }
    }

    /// Reads a storage code back.
    pub fn from_code(code: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The i18n key of the display label, e.g. "doc.resident_id".
    pub fn label_key(self) -> &'static str {
        match self {
            DocumentType::ResidentId => "doc.resident_id",
            DocumentType::Passport => "doc.passport",
            DocumentType::HkMacaoPermit => "doc.hk_macao_permit",
            DocumentType::TaiwanPermit => "doc.taiwan_permit",
            DocumentType::ForeignPermanentResident => "doc.foreign_permanent",
        }
    }

    /// Recognises a document name as people write it in imported sheets: the official
    /// Chinese name, common short forms (身份证, 港澳通行证, 台胞证, 永久居留证 …), the English
    /// name, or the storage code. English is matched case-insensitively.
    pub fn from_label(label: &str) -> Option<DocumentType> {
        let label = label.trim();
        let zh = match label {
            "居民身份证" | "身份证" | "中华人民共和国居民身份证" | "二代身份证" => {
                Some(DocumentType::ResidentId)
            }
            "护照" | "普通护照" => Some(DocumentType::Passport),
            "港澳居民来往内地通行证" | "港澳通行证" | "回乡证" => Some(DocumentType::HkMacaoPermit),
            "台湾居民来往大陆通行证" | "台胞证" | "台湾通行证" => Some(DocumentType::TaiwanPermit),
            "外国人永久居留身份证" | "永久居留证" | "外国人永久居留证" | "永久居留身份证" => {
                Some(DocumentType::ForeignPermanentResident)
            }
            _ => None,
        };
        if zh.is_some() {
            return zh;
        }
        let lower = label.to_lowercase();
        match lower.as_str() {
            "resident identity card" | "resident id card" | "resident id" | "id card" => Some(DocumentType::ResidentId),
            "passport" => Some(DocumentType::Passport),
            "mainland travel permit for hong kong and macao residents"
            | "mainland travel permit for hong kong and macau residents"
            | "home return permit"
            | "hk/macao permit"
            | "hong kong and macao permit" => Some(DocumentType::HkMacaoPermit),
            "mainland travel permit for taiwan residents" | "taiwan compatriot permit" | "taiwan permit" => {
                Some(DocumentType::TaiwanPermit)
            }
            "foreign permanent resident id card"
            | "foreign permanent resident id"
            | "foreign permanent resident card"
            | "foreigner's permanent residence id card"
            | "permanent residence id card" => Some(DocumentType::ForeignPermanentResident),
            _ => DocumentType::from_code(&lower),
        }
    }
}
