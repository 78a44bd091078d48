//! The definition of search as plain Rust, row by row: what the SQL must agree with. The
//! property test of the search compares every query's SQL result with these functions.

use super::{CardFacts, CardFilter, TalentQuery, TalentRow, TalentSort, doc_text};
use crate::domain::card::CardNumber;
use crate::domain::text::clean;

/// Text as search compares it: cleaned (`clean`) and lower-cased.
pub fn fold(text: &str) -> String {
    clean(text).to_lowercase()
}

/// Whether `row`, whose name has the pinyin `initials`, is found by `q`: the definition
/// of search in one place (see the module documentation).
pub fn matches(q: &TalentQuery, row: &TalentRow, initials: &[String], cards: &CardFacts) -> bool {
    if q.zone_id.is_some_and(|z| z != row.zone_id)
        || !q.scope.allows(row.zone_id)
        || q.tier.as_ref().is_some_and(|t| *t != row.tier)
        || q.field.as_ref().is_some_and(|f| *f != row.field)
        || q.card.is_some_and(|(filter, day)| CardFilter::of(cards, day) != filter)
    {
        return false;
    }
    let text = fold(&q.text);
    if text.is_empty() {
        return true;
    }
    fold(&row.name).contains(&text)
        || (text.bytes().all(|b| b.is_ascii_alphabetic()) && initials.iter().any(|i| i.starts_with(&text)))
        || row.doc_number.whole().contains(&doc_text(&q.text))
        || fold(&row.employer_name).contains(&text)
        || CardNumber::parse(&q.text).is_ok_and(|n| cards.numbers.iter().any(|c| c == n.as_str()))
}

/// The order of search results, the same as the SQL's.
pub fn compare(sort: TalentSort, descending: bool, a: &TalentRow, b: &TalentRow) -> std::cmp::Ordering {
    let key = match sort {
        TalentSort::Id => a.id.cmp(&b.id),
        TalentSort::Name => a.name.cmp(&b.name),
        TalentSort::BirthDate => a.birth_date.cmp(&b.birth_date),
        TalentSort::Tier => a.tier.cmp(&b.tier),
        TalentSort::Zone => a.zone_name.cmp(&b.zone_name),
        TalentSort::Employer => a.employer_name.cmp(&b.employer_name),
        TalentSort::ArrivalDate => a.arrival_date.cmp(&b.arrival_date),
    };
    let key = if descending { key.reverse() } else { key };
    if sort == TalentSort::Id { key } else { key.then(a.id.cmp(&b.id)) }
}
