//! Which heading of the file holds which field of the template: matched by name
//! (Chinese, English and the usual variants, ignoring spaces, full-width forms, case and
//! remarks in brackets), corrected by hand on the mapping screen and remembered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::talent::TalentField;
use crate::i18n::Lang;
use crate::store::Store;

/// A field of the import template, in the template's column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
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
    /// 统一社会信用代码
    CreditCode,
    /// 开发区
    Zone,
    /// 人才类别
    Tier,
    /// 到岗日期
    ArrivalDate,
}

impl Column {
    /// Every column in the template's order.
    pub const ALL: [Column; 16] = [
        Column::Name,
        Column::DocType,
        Column::DocNumber,
        Column::Gender,
        Column::BirthDate,
        Column::Nationality,
        Column::Phone,
        Column::Email,
        Column::Education,
        Column::Title,
        Column::Field,
        Column::Employer,
        Column::CreditCode,
        Column::Zone,
        Column::Tier,
        Column::ArrivalDate,
    ];

    /// The columns a file must have: 姓名, 证件类型, 证件号码, 开发区, 人才类别.
    pub const REQUIRED: [Column; 5] = [Column::Name, Column::DocType, Column::DocNumber, Column::Zone, Column::Tier];

    /// The template's Chinese heading.
    pub fn zh(self) -> &'static str {
        self.names()[0]
    }

    /// The template's English heading.
    pub fn en(self) -> &'static str {
        self.names()[1]
    }

    /// The template's heading in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    /// The template's headings (Chinese, English), then the variants seen in real sheets.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["姓名", "Name", "人才姓名", "名字", "full name"],
            Column::DocType => &["证件类型", "Document type", "证件类别", "证件种类", "id type"],
            Column::DocNumber => &[
                "证件号码",
                "Document number",
                "证件号",
                "身份证号",
                "身份证号码",
                "证件编号",
                "护照号",
                "护照号码",
                "id number",
                "passport number",
            ],
            Column::Gender => &["性别", "Gender", "sex"],
            Column::BirthDate => &["出生日期", "Date of birth", "出生年月日", "生日", "birth date", "birthday"],
            Column::Nationality => &["国籍", "Nationality", "国家", "国家/地区", "国籍(地区)"],
            Column::Phone => &[
                "手机号码",
                "Mobile",
                "手机",
                "手机号",
                "联系电话",
                "电话",
                "联系方式",
                "phone",
                "mobile phone",
                "telephone",
            ],
            Column::Email => &["电子邮箱", "Email", "邮箱", "电子邮件", "e-mail", "mail"],
            Column::Education => &["学历", "Education", "最高学历", "学历学位"],
            Column::Title => &["职称", "Title", "专业技术职称", "技术职称", "professional title"],
            Column::Field => &["领域", "Field", "产业领域", "所属领域", "专业领域", "行业领域"],
            Column::Employer => {
                &["用人单位", "Employer", "单位名称", "工作单位", "所在单位", "单位", "企业名称", "company"]
            }
            Column::CreditCode => &[
                "统一社会信用代码",
                "Unified social credit code",
                "信用代码",
                "社会信用代码",
                "单位信用代码",
                "credit code",
                "uscc",
            ],
            Column::Zone => &["开发区", "Zone", "所属开发区", "园区", "所属园区", "所在开发区", "development zone"],
            Column::Tier => {
                &["人才类别", "Tier", "类别", "人才层次", "人才分类", "人才等级", "category", "talent tier"]
            }
            Column::ArrivalDate => &["到岗日期", "Arrival date", "到岗时间", "入职日期", "引进日期", "arrival"],
        }
    }

    /// Recognises a heading: any of the names, ignoring spaces, full-width forms, case,
    /// a required-mark `*` and remarks in brackets ("出生日期（yyyy-mm-dd）").
    pub fn recognise(header: &str) -> Option<Column> {
        let key = normalise(header);
        if key.is_empty() {
            return None;
        }
        Column::ALL.into_iter().find(|c| c.names().iter().any(|n| normalise(n) == key))
    }

    /// The form field whose rules check this column (the credit code belongs to the employer).
    pub fn field(self) -> TalentField {
        match self {
            Column::Name => TalentField::Name,
            Column::DocType => TalentField::DocType,
            Column::DocNumber => TalentField::DocNumber,
            Column::Gender => TalentField::Gender,
            Column::BirthDate => TalentField::BirthDate,
            Column::Nationality => TalentField::Nationality,
            Column::Phone => TalentField::Phone,
            Column::Email => TalentField::Email,
            Column::Education => TalentField::Education,
            Column::Title => TalentField::Title,
            Column::Field => TalentField::Field,
            Column::Employer | Column::CreditCode => TalentField::Employer,
            Column::Zone => TalentField::Zone,
            Column::Tier => TalentField::Tier,
            Column::ArrivalDate => TalentField::ArrivalDate,
        }
    }
}

/// A heading reduced to what identifies it.
fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in crate::domain::text::compact(header).chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            '*' | ':' | '：' | '_' => {}
            _ if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// The clerk's own choices, remembered between imports: a normalised heading and the
/// column it holds (`None`: the heading is not imported). Stored as JSON in the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping(pub BTreeMap<String, Option<Column>>);

/// The settings key the remembered mapping is kept under.
pub const MAPPING_SETTING: &str = "import_talents_mapping";

impl SavedMapping {
    /// The remembered mapping of `store`, or an empty one (also when the stored text is
    /// unreadable: the names still match automatically).
    pub fn load(store: &Store) -> crate::store::Result<SavedMapping> {
        let text = store.setting(MAPPING_SETTING)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
    }

    /// Remembers the mapping in `store` (with its audit row).
    pub fn save(&self, store: &mut Store, actor: &crate::domain::Actor) -> crate::store::Result<()> {
        let json = serde_json::to_string(self).unwrap_or_default();
        store.set_setting(Some(actor), MAPPING_SETTING, &json)
    }
}

/// Which heading (by its index in the header row) holds each column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    headers: Vec<String>,
    columns: BTreeMap<Column, usize>,
}

impl Mapping {
    /// Matches `headers` by name, the clerk's remembered choices first. When two headings
    /// name the same column, the first one is taken.
    pub fn new(headers: &[String], saved: &SavedMapping) -> Mapping {
        let mut mapping = Mapping { headers: headers.to_vec(), columns: BTreeMap::new() };
        for (i, header) in headers.iter().enumerate() {
            let column = match saved.0.get(&normalise(header)) {
                Some(choice) => *choice,
                None => Column::recognise(header),
            };
            if let Some(column) = column {
                mapping.columns.entry(column).or_insert(i);
            }
        }
        mapping
    }

    /// The headings of the file.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The index of the heading that holds `column`.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.columns.get(&column).copied()
    }

    /// The column a heading was matched to.
    pub fn column_of(&self, header_index: usize) -> Option<Column> {
        self.columns.iter().find(|(_, i)| **i == header_index).map(|(c, _)| *c)
    }

    /// The heading shown for `column`: the file's own, or the template's when unmapped.
    pub fn heading(&self, column: Column) -> String {
        self.index(column).and_then(|i| self.headers.get(i)).cloned().unwrap_or_else(|| column.zh().to_string())
    }

    /// Sets by hand what the heading `header_index` holds (`None`: not imported); a column
    /// given to another heading before moves to this one.
    pub fn set(&mut self, header_index: usize, column: Option<Column>) {
        self.columns.retain(|_, i| *i != header_index);
        if let Some(column) = column
            && header_index < self.headers.len()
        {
            self.columns.insert(column, header_index);
        }
    }

    /// The required columns that no heading holds, in template order.
    pub fn missing_required(&self) -> Vec<Column> {
        Column::REQUIRED.into_iter().filter(|c| !self.columns.contains_key(c)).collect()
    }

    /// The choices to remember: every heading of this file with the column it holds,
    /// merged into what was remembered before.
    pub fn remember(&self, saved: &SavedMapping) -> SavedMapping {
        let mut out = saved.clone();
        for (i, header) in self.headers.iter().enumerate() {
            let key = normalise(header);
            if !key.is_empty() {
                out.0.insert(key, self.column_of(i));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headings_match_in_chinese_english_and_variants() {
        assert_eq!(Column::recognise("姓名"), Some(Column::Name));
        assert_eq!(Column::recognise(" Document  Number "), Some(Column::DocNumber));
        assert_eq!(Column::recognise("身份证号"), Some(Column::DocNumber));
        assert_eq!(Column::recognise("联系电话"), Some(Column::Phone));
        assert_eq!(Column::recognise("*所属开发区（必填）"), Some(Column::Zone));
        assert_eq!(Column::recognise("ＥＭＡＩＬ"), Some(Column::Email));
        assert_eq!(Column::recognise("人才层次"), Some(Column::Tier));
        assert_eq!(Column::recognise("出生日期(yyyy-mm-dd)"), Some(Column::BirthDate));
        assert_eq!(Column::recognise("备注"), None);
        assert_eq!(Column::recognise(""), None);
        for c in Column::ALL {
            assert_eq!(Column::recognise(c.zh()), Some(c));
            assert_eq!(Column::recognise(c.en()), Some(c));
        }
    }

    #[test]
    fn a_mapping_finds_columns_in_any_order_and_names_what_is_missing() {
        let m = Mapping::new(&headers(&["证件号", "名字", "园区", "备注"]), &SavedMapping::default());
        assert_eq!(m.index(Column::DocNumber), Some(0));
        assert_eq!(m.index(Column::Name), Some(1));
        assert_eq!(m.index(Column::Zone), Some(2));
        assert_eq!(m.missing_required(), [Column::DocType, Column::Tier]);
        assert_eq!(m.heading(Column::DocNumber), "证件号");
        assert_eq!(m.heading(Column::Tier), "人才类别");
    }

    #[test]
    fn a_choice_made_by_hand_is_remembered_for_the_next_file() {
        let file = headers(&["姓名", "备注", "级别"]);
        let mut m = Mapping::new(&file, &SavedMapping::default());
        assert_eq!(m.index(Column::Tier), None);
        m.set(2, Some(Column::Tier));
        m.set(0, None);
        let saved = m.remember(&SavedMapping::default());
        let json = serde_json::to_string(&saved).unwrap_or_default();
        let back: SavedMapping = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, saved);
        let next = Mapping::new(&headers(&[" 级别 ", "姓名"]), &back);
        assert_eq!(next.index(Column::Tier), Some(0));
        assert_eq!(next.index(Column::Name), None, "the clerk said 姓名 is not imported");
    }
}
