//! The card list (绿卡名单): every card, narrowed by its state on a day, the holder's zone
//! and a text, counted and read a screenful at a time for the list, streamed row by row
//! for an export.
//!
//! # What the text finds
//! A card whose number starts with the text (spaces and case do not matter, and the `GC`
//! may be left out: `20260001` finds `GC20260001…`), or whose holder's name contains it, or
//! whose holder's employer's name does; names are compared folded, as talent search
//! compares them ([`super::search::fold`]).
//!
//! # How it is fast
//! Nothing walks the 400,000 cards of a million talents. Numbers come in order from the
//! unique index on `cards.number`; holders from the talent search's name pairs
//! ([`super::search_index::name_lookup`]) and their cards from `cards_talent`; employers
//! from the cached folded names ([`super::search::EmployerNames`]) and their talents from
//! `talents_employer`. The list is the cards of the number range merged, in number order,
//! with the other candidates that are outside it and pass the rule; the count adds the two.

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::cards::{Card, SELECT};
use super::search::{EmployerNames, bind, fold};
use super::search_index::name_lookup;
use super::{Result, Store};
use crate::domain::access::Scope;
use crate::domain::card::CardState;
use crate::domain::text::compact;

/// What the card list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardQuery {
    /// Only cards in this state on [`CardQuery::on`] (expired is derived from the day).
    pub state: Option<CardState>,
    /// Only cards whose holder belongs to this zone.
    pub zone_id: Option<i64>,
    /// The start of the card number, or part of the holder's or of the employer's name.
    pub text: String,
    /// The day the state is judged on (today).
    pub on: NaiveDate,
}

impl CardQuery {
    /// Every card, judged on `on`.
    pub fn all(on: NaiveDate) -> CardQuery {
        CardQuery { state: None, zone_id: None, text: String::new(), on }
    }
}

/// The card's own conditions of a [`CardQuery`]: its state on `:on`, by its code
/// ([`CardState::code`]; '' for any).
const STATE: &str = " WHERE (:state = ''
        OR (:state = 'valid' AND c.status = 'active' AND c.expires_on >= :on)
        OR (:state = 'expired' AND c.status = 'active' AND c.expires_on < :on)
        OR (:state IN ('suspended', 'revoked', 'voided') AND c.status = :state))";

/// The holder's zone, on the talent `t`.
const ZONE: &str = " AND t.zone_id = :zone";

/// The cards of a number range.
const NUMBERS: &str = "c.number >= :number_from AND c.number < :number_to";

/// The text as the start of a card number, when it can be one: without spaces, upper
/// case, `GC` put before bare digits; the last of 13 characters may be the check `X`.
fn number_prefix(text: &str) -> Option<String> {
    let text = compact(text).to_ascii_uppercase();
    let digits = |s: &str| s.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || (i == 10 && c == 'X'));
    if text.is_empty() {
        return None;
    }
    if "GC".starts_with(&text) {
        return Some(text);
    }
    match text.strip_prefix("GC") {
        Some(rest) if digits(rest) => Some(text),
        None if digits(&text) => Some(format!("GC{text}")),
        _ => None,
    }
}

/// One part of the list: a condition on the cards of [`SELECT`] after [`STATE`].
struct Arm {
    /// `AND …`.
    cond: String,
    /// The condition reads the holder `t` (a count of the other parts needs no join).
    holder: bool,
}

/// A query as the parts of the list and the values their SQL uses.
struct Plan {
    arms: Vec<Arm>,
    values: Vec<(&'static str, Value)>,
    zone: bool,
    /// The user's zone scope on the holder, `AND t.zone_id IN (…)` (empty: every zone).
    scope: String,
}

impl Plan {
    fn new(conn: &Connection, employer_names: &EmployerNames, scope: &Scope, q: &CardQuery) -> Result<Plan> {
        let mut plan = Plan {
            arms: Vec::new(),
            values: vec![
                (":state", Value::Text(q.state.map_or("", CardState::code).into())),
                (":on", Value::Text(crate::domain::dates::fmt_date(q.on))),
            ],
            zone: q.zone_id.is_some(),
            scope: super::access::condition(scope, "t.zone_id"),
        };
        if let Some(zone) = q.zone_id {
            plan.values.push((":zone", Value::Integer(zone)));
        }
        let text = fold(&q.text);
        if text.is_empty() {
            plan.arms.push(Arm { cond: String::new(), holder: false });
            return Ok(plan);
        }
        let mut outside = String::new();
        if let Some(from) = number_prefix(&q.text) {
            plan.arms.push(Arm { cond: format!(" AND {NUMBERS}"), holder: false });
            plan.values.push((":number_to", Value::Text(format!("{from}{}", char::MAX))));
            plan.values.push((":number_from", Value::Text(from)));
            outside = format!(" AND NOT ({NUMBERS})");
        }
        let chars: Vec<char> = text.chars().collect();
        let names = name_lookup(&chars);
        let mut candidates = vec![format!(
            "SELECT c2.id FROM {} CROSS JOIN cards c2 ON c2.talent_id = g.talent_id WHERE {}",
            names.source, names.cond
        )];
        let exact = names.exact;
        plan.values.extend(names.values);
        let mut rule = String::from("instr(t.search_name, :name) > 0");
        let employers = employer_names.matching(conn, &text)?;
        if !employers.is_empty() {
            let of_employers = "SELECT value FROM json_each(:employers)";
            candidates.push(format!(
                "SELECT c3.id FROM talents t3 CROSS JOIN cards c3 ON c3.talent_id = t3.id WHERE t3.employer_id IN ({of_employers})"
            ));
            rule.push_str(&format!(" OR t.employer_id IN ({of_employers})"));
            plan.values.push((":employers", Value::Text(serde_json::json!(employers).to_string())));
        }
        // Exact candidates (a short name, employers by their cached names) need no check,
        // and then their count needs no holder either.
        let check = if exact {
            String::new()
        } else {
            plan.values.push((":name", Value::Text(text)));
            format!(" AND ({rule})")
        };
        plan.arms.push(Arm {
            cond: format!(" AND c.id IN ({}){check}{outside}", candidates.join(" UNION ")),
            holder: !exact,
        });
        Ok(plan)
    }

    /// The conditions of one part.
    fn conditions(&self, arm: &Arm) -> String {
        format!("{STATE}{}{}{}", if self.zone { ZONE } else { "" }, self.scope, arm.cond)
    }

    /// Every card of the plan in number order, each part in that order and merged.
    fn rows_sql(&self) -> String {
        let arms: Vec<String> = self.arms.iter().map(|a| format!("{SELECT}{}", self.conditions(a))).collect();
        format!("{} ORDER BY number LIMIT :limit", arms.join(" UNION ALL "))
    }

    /// How many cards the plan finds: the sum of its parts, which never overlap.
    fn count_sql(&self) -> String {
        let arms: Vec<String> = self
            .arms
            .iter()
            .map(|a| {
                let holder = a.holder || self.zone || !self.scope.is_empty();
                let from = if holder { "cards c JOIN talents t ON t.id = c.talent_id" } else { "cards c" };
                format!("(SELECT count(*) FROM {from}{})", self.conditions(a))
            })
            .collect();
        format!("SELECT {}", arms.join(" + "))
    }
}

impl Store {
    /// Hands every card of `q` whose holder is in the session's scope to `f`, by card
    /// number, until `f` returns false; at most `limit` (negative: all).
    fn visit_cards(&self, q: &CardQuery, limit: i64, f: &mut dyn FnMut(Card) -> bool) -> Result<()> {
        let mut plan = Plan::new(&self.conn, &self.employer_names, &self.scope, q)?;
        plan.values.push((":limit", Value::Integer(limit)));
        let mut stmt = self.conn.prepare_cached(&plan.rows_sql())?;
        bind(&mut stmt, &plan.values)?;
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next()? {
            if !f(Card::from_row(row)?) {
                break;
            }
        }
        Ok(())
    }

    /// The first `limit` cards of `q`, by card number.
    pub fn card_list(&self, q: &CardQuery, limit: u32) -> Result<Vec<Card>> {
        let mut cards = Vec::new();
        self.visit_cards(q, i64::from(limit), &mut |c| {
            cards.push(c);
            true
        })?;
        Ok(cards)
    }

    /// Hands every card of `q` to `f`, by card number, one at a time (an export of the
    /// whole list never holds it), until `f` returns false.
    pub fn for_each_card(&self, q: &CardQuery, mut f: impl FnMut(Card) -> bool) -> Result<()> {
        self.visit_cards(q, -1, &mut f)
    }

    /// How many cards `q` finds.
    pub fn count_cards(&self, q: &CardQuery) -> Result<u64> {
        let plan = Plan::new(&self.conn, &self.employer_names, &self.scope, q)?;
        let mut stmt = self.conn.prepare_cached(&plan.count_sql())?;
        bind(&mut stmt, &plan.values)?;
        let mut rows = stmt.raw_query();
        let n: i64 = match rows.next()? {
            Some(row) => row.get(0)?,
            None => 0,
        };
        Ok(n.max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_starts_a_card_number_with_or_without_its_gc() {
        assert_eq!(number_prefix(" gc 2026 0001 "), Some("GC20260001".into()));
        assert_eq!(number_prefix("20260001"), Some("GC20260001".into()));
        assert_eq!(number_prefix("g"), Some("G".into()));
        assert_eq!(number_prefix("GC2026000123x"), Some("GC2026000123X".into()));
        assert_eq!(number_prefix("张伟"), None);
        assert_eq!(number_prefix("GC20X6"), None, "an X only as the check character");
        assert_eq!(number_prefix("gcx"), None);
        assert_eq!(number_prefix("  "), None);
    }
}
