//! Talent search: one text box plus filters, with results in pages and a total count.
//!
//! # What matches
//! The text is trimmed, full-width forms become ASCII and inner white space shrinks to one
//! space ([`crate::domain::text::clean`]), then it is lower-cased ([`fold`]). Empty text
//! matches every talent. Otherwise a talent matches when any of these holds:
//! - its folded name contains the text (`伟`, `张伟`, `smith`);
//! - the text is made only of ASCII letters and one of the pinyin initials of the name
//!   ([`crate::domain::pinyin::initials`]) starts with it (`zw` finds 张伟, `sw` 单伟);
//! - its document number contains the text upper-cased (`1985`, `123x`);
//! - the folded name of its employer contains the text.
//!
//! The zone, tier and field filters must all hold as well, the talent's zone must be in
//! the user's scope ([`TalentQuery::scope`]), and talents merged into
//! another record are never found. [`matches`] says the same in Rust; it is the oracle
//! the tests compare the SQL with. Results are ordered by the chosen column, ties broken
//! by registration order (id, ascending), so pages never overlap or skip.
//!
//! # How it is fast
//! The text picks candidate lists from the index (see `sql/0002_search.sql`): name
//! pairs, initials prefixes, document trigrams (FTS5) or short document grams, and the
//! talents of matching employers. Every candidate is checked against the full rule
//! above, so the index makes search fast, never different.
//! - In id order (the default), each list comes sorted by id and SQLite merges them
//!   lazily (`UNION … ORDER BY 1 LIMIT`), checking candidates until the page is full:
//!   a page costs about its own size, however many talents match.
//! - In another order, every match is found and sorted: fast for a few thousand matches,
//!   a tenth of a second for a hundred thousand.
//! - Text that no index holds (one letter, one or two digits, which match a large part
//!   of all talents anyway) walks the talents in the chosen order; so do lists not in id
//!   order (one Chinese character, employers) once they are long.
//!
//! Counting checks every candidate, about a microsecond each.

use chrono::NaiveDate;
use rusqlite::types::{Type, Value};
use rusqlite::{Connection, Row};

use super::Result;

mod employer_names;
mod oracle;
mod read;
use super::search_index::{doc_trigrams_query, name_lookup};
use crate::domain::access::Scope;
use crate::domain::card::{CardNumber, CardStatus};
use crate::domain::text::clean;
use crate::domain::{DocumentType, Gender, PersonalNumber};
pub(crate) use employer_names::EmployerNames;
pub use oracle::{compare, fold, matches};
pub(crate) use read::bind;
pub(crate) use read::{count, rows_by_id, search, visit, visit_ids};

/// What the clerk asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TalentQuery {
    /// The search box: a name fragment, pinyin initials, a document number fragment or an
    /// employer name fragment.
    pub text: String,
    /// Only talents of this zone.
    pub zone_id: Option<i64>,
    /// Only talents of this tier code.
    pub tier: Option<String>,
    /// Only talents of this field.
    pub field: Option<String>,
    /// The column results are ordered by.
    pub sort: TalentSort,
    /// Largest first (ties still in registration order).
    pub descending: bool,
    /// Only talents whose green card is in this state on this day.
    pub card: Option<(CardFilter, NaiveDate)>,
    /// Only talents of these zones: the user's scope (the store narrows every query to
    /// the scope of its session, whatever this says).
    pub scope: Scope,
}

/// The state of a talent's green card, as the list filters it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardFilter {
    /// A live card that is valid on the day.
    Valid,
    /// A live card past its expiry.
    Expired,
    /// A suspended card.
    Suspended,
    /// No live card, a revoked one.
    Revoked,
    /// No card at all (nor a revoked one).
    None,
}

impl CardFilter {
    /// Every filter, in the order the list offers them.
    pub const ALL: [CardFilter; 5] =
        [CardFilter::Valid, CardFilter::Expired, CardFilter::Suspended, CardFilter::Revoked, CardFilter::None];

    /// The i18n key of the filter's name.
    pub fn label_key(self) -> &'static str {
        match self {
            CardFilter::Valid => "verify.valid",
            CardFilter::Expired => "verify.expired",
            CardFilter::Suspended => "verify.suspended",
            CardFilter::Revoked => "verify.revoked",
            CardFilter::None => "talents.no_card_short",
        }
    }

    /// The `AND …` condition on the talent `t`, with the day bound as `:card_day`.
    fn sql(self) -> String {
        let exists = |status: &str| format!("EXISTS (SELECT 1 FROM cards c WHERE c.talent_id = t.id AND {status})");
        let live = exists("c.status IN ('active', 'suspended')");
        let revoked = exists("c.status = 'revoked'");
        match self {
            CardFilter::Valid => format!(" AND {}", exists("c.status = 'active' AND c.expires_on >= :card_day")),
            CardFilter::Expired => format!(" AND {}", exists("c.status = 'active' AND c.expires_on < :card_day")),
            CardFilter::Suspended => format!(" AND {}", exists("c.status = 'suspended'")),
            CardFilter::Revoked => format!(" AND NOT {live} AND {revoked}"),
            CardFilter::None => format!(" AND NOT {live} AND NOT {revoked}"),
        }
    }

    /// The filter a talent with these cards falls under on `day`.
    pub fn of(cards: &CardFacts, day: NaiveDate) -> CardFilter {
        match cards.live {
            Some((CardStatus::Suspended, _)) => CardFilter::Suspended,
            Some((_, expiry)) if day > expiry => CardFilter::Expired,
            Some(_) => CardFilter::Valid,
            None if cards.revoked => CardFilter::Revoked,
            None => CardFilter::None,
        }
    }
}

/// What search needs to know of a talent's cards (the oracle's side of the card rules).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardFacts {
    /// The numbers of every card the talent ever held.
    pub numbers: Vec<String>,
    /// The live card (active or suspended) with its expiry.
    pub live: Option<(CardStatus, NaiveDate)>,
    /// Whether a card of the talent was revoked.
    pub revoked: bool,
}

/// A column search results can be ordered by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TalentSort {
    /// Registration order.
    #[default]
    Id,
    /// Name (by character code).
    Name,
    /// Date of birth.
    BirthDate,
    /// Tier code.
    Tier,
    /// Zone name.
    Zone,
    /// Employer name (talents without one first).
    Employer,
    /// Arrival date (unknown first).
    ArrivalDate,
}

/// One talent in a result list. Document number and phone are complete: screens mask
/// them unless the user may see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalentRow {
    /// Talent id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Gender.
    pub gender: Gender,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Nationality.
    pub nationality: String,
    /// Document type.
    pub doc_type: DocumentType,
    /// Document number, unmasked.
    pub doc_number: PersonalNumber,
    /// Phone, unmasked.
    pub phone: PersonalNumber,
    /// Tier code.
    pub tier: String,
    /// Field.
    pub field: String,
    /// Zone id.
    pub zone_id: i64,
    /// Zone name.
    pub zone_name: String,
    /// Employer id, if any.
    pub employer_id: Option<i64>,
    /// Employer name, empty without an employer.
    pub employer_name: String,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
}

impl TalentRow {
    /// Reads a row selected with `read::ROW_COLUMNS`, by position: looking fifteen columns
    /// up by name took a tenth of an export of a million rows. The oracle tests catch a
    /// column out of place.
    fn from_row(row: &Row<'_>) -> rusqlite::Result<TalentRow> {
        let gender: &str = row.get_ref(2)?.as_str()?;
        let doc_type: &str = row.get_ref(5)?.as_str()?;
        Ok(TalentRow {
            id: row.get(0)?,
            name: row.get(1)?,
            gender: Gender::from_code(gender).ok_or_else(|| bad_code("gender", gender.to_string()))?,
            birth_date: date_at(row, 3)?.ok_or_else(|| bad_code("birth_date", "NULL".into()))?,
            nationality: row.get(4)?,
            doc_type: DocumentType::from_code(doc_type).ok_or_else(|| bad_code("doc_type", doc_type.to_string()))?,
            doc_number: row.get(6)?,
            phone: row.get(7)?,
            tier: row.get(8)?,
            field: row.get(9)?,
            zone_id: row.get(10)?,
            zone_name: row.get(11)?,
            employer_id: row.get(12)?,
            employer_name: row.get(13)?,
            arrival_date: date_at(row, 14)?,
        })
    }
}

/// The stored date in column `i` (NULL is none), read without chrono's pattern parser.
fn date_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        value => {
            let text = value.as_str()?;
            crate::domain::dates::parse_iso(text).map(Some).ok_or_else(|| bad_code("date", text.to_string()))
        }
    }
}

fn bad_code(column: &str, code: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, format!("unknown {column} code {code:?}").into())
}

/// The text as document numbers are compared with it: cleaned and upper-cased.
pub(crate) fn doc_text(text: &str) -> String {
    clean(text).to_ascii_uppercase()
}

/// The talents search may ever return, on the alias `t`; every query (page, count, each
/// candidate list) includes it. Later issues extend it with `AND …` (the cards issue:
/// its card-status filter, as a subquery on the talent's cards).
const BASE_WHERE: &str = "t.merged_into IS NULL";

/// The full rule of the module documentation, checked on every candidate row.
const TEXT_MATCHES: &str = "(instr(t.search_name, :text) > 0
       OR instr(t.search_initials, :initials) > 0
       OR instr(t.doc_number, :doc) > 0
       OR t.employer_id IN (SELECT value FROM json_each(:employers))
       OR t.id IN (SELECT c.talent_id FROM cards c WHERE c.number = :card))";

/// With at least this many candidates from lists that are not in id order (one
/// character, employers), the first page in id order is found sooner by walking the
/// talents than by sorting the candidates (measured by the bench).
const DENSE: i64 = 10_000;

/// One candidate list: talent ids from an index, `SELECT {id} FROM {source} WHERE {cond}`.
struct Arm {
    /// The table the ids come from, with its alias; empty for `talents t` itself.
    source: String,
    /// The id column.
    id: &'static str,
    /// What selects the candidates.
    cond: String,
    /// The ids come in ascending order (one index key), so lists can be merged lazily.
    ordered: bool,
}

impl Arm {
    /// The candidate ids alone.
    fn candidates(&self) -> String {
        let (id, source, cond) = (self.id, self.from(), &self.cond);
        format!("SELECT {id} FROM {source} WHERE {cond}")
    }

    /// The ids of the candidates that match, as a compound-select arm.
    fn matching(&self, conditions: &str) -> String {
        let (id, source, cond) = (self.id, self.from(), &self.cond);
        // CROSS JOIN keeps the index the outer loop: the cheap checks on the index
        // come before the talent's row is read.
        let join = if self.source.is_empty() { String::new() } else { format!(" CROSS JOIN talents t ON t.id = {id}") };
        format!("SELECT {id} AS id FROM {source}{join} WHERE {cond} AND {BASE_WHERE}{conditions}")
    }

    fn from(&self) -> &str {
        if self.source.is_empty() { "talents t" } else { &self.source }
    }
}

/// A query turned into SQL pieces and the values they use.
struct Plan {
    /// `AND …` conditions: filters, and the text rule when there is text.
    conditions: String,
    /// Candidate lists, empty for no text.
    arms: Vec<Arm>,
    /// Some part of the text has no index: only a walk finds every match.
    walk_only: bool,
    /// Named values; each statement binds those it uses.
    values: Vec<(&'static str, Value)>,
}

impl Plan {
    fn new(conn: &Connection, employer_names: &EmployerNames, q: &TalentQuery) -> Result<Plan> {
        let mut plan = Plan { conditions: String::new(), arms: Vec::new(), walk_only: false, values: Vec::new() };
        if let Some(zone) = q.zone_id {
            plan.condition(" AND t.zone_id = :zone", ":zone", Value::Integer(zone));
        }
        if let Some(tier) = &q.tier {
            plan.condition(" AND t.tier = :tier", ":tier", Value::Text(tier.clone()));
        }
        if let Some(field) = &q.field {
            plan.condition(" AND t.field = :field", ":field", Value::Text(field.clone()));
        }
        if let Some((filter, day)) = q.card {
            plan.condition(&filter.sql(), ":card_day", Value::Text(crate::domain::dates::fmt_date(day)));
        }
        // The scope is a list of integer ids, written into the SQL (see `access::condition`).
        plan.conditions.push_str(&super::access::condition(&q.scope, "t.zone_id"));
        let text = fold(&q.text);
        if text.is_empty() {
            plan.walk_only = true;
            return Ok(plan);
        }
        plan.conditions.push_str(" AND ");
        plan.conditions.push_str(TEXT_MATCHES);
        let chars: Vec<char> = text.chars().collect();
        let letters = text.bytes().all(|b| b.is_ascii_alphabetic());
        let doc = doc_text(&q.text);

        let names = name_lookup(&chars);
        plan.values.extend(names.values);
        plan.arms.push(Arm {
            source: names.source,
            id: "g.talent_id",
            cond: names.cond.into(),
            ordered: names.ordered,
        });
        if letters && chars.len() >= 2 {
            plan.arm(
                Arm {
                    source: "talent_initials i".into(),
                    id: "i.talent_id",
                    cond: "i.prefix = :prefix".into(),
                    ordered: true,
                },
                ":prefix",
                Value::Text(chars.iter().take(3).collect()),
            );
        } else if letters {
            plan.walk_only = true;
        }
        if doc.chars().count() >= 3 {
            plan.arm(
                Arm {
                    source: "talent_docs d".into(),
                    id: "d.rowid",
                    cond: "talent_docs MATCH :trigrams".into(),
                    ordered: true,
                },
                ":trigrams",
                Value::Text(doc_trigrams_query(&doc)),
            );
        } else if doc.chars().any(|c| !c.is_ascii_digit()) {
            plan.arm(
                Arm {
                    source: "talent_doc_grams dg".into(),
                    id: "dg.talent_id",
                    cond: "dg.gram = :doc_gram".into(),
                    ordered: true,
                },
                ":doc_gram",
                Value::Text(doc.clone()),
            );
        } else {
            plan.walk_only = true;
        }
        // A whole card number: its holder (and the holders of the cards it replaced).
        let card = match CardNumber::parse(&q.text) {
            Ok(number) => {
                plan.arm(
                    Arm {
                        source: "cards cn".into(),
                        id: "cn.talent_id",
                        cond: "cn.number = :card".into(),
                        ordered: false,
                    },
                    ":card",
                    Value::Text(number.as_str().to_string()),
                );
                true
            }
            Err(_) => false,
        };
        if !card {
            plan.values.push((":card", Value::Null));
        }
        let employers = employer_names.matching(conn, &text)?;
        let employers = if employers.is_empty() {
            Value::Null
        } else {
            plan.arms.push(Arm {
                source: String::new(),
                id: "t.id",
                cond: "t.employer_id IN (SELECT value FROM json_each(:employers))".into(),
                ordered: false,
            });
            Value::Text(serde_json::json!(employers).to_string())
        };
        let initials = if letters { Value::Text(format!(" {text}")) } else { Value::Null };
        plan.values.extend([
            (":text", Value::Text(text)),
            (":initials", initials),
            (":doc", Value::Text(doc)),
            (":employers", employers),
        ]);
        Ok(plan)
    }

    fn condition(&mut self, sql: &str, name: &'static str, value: Value) {
        self.conditions.push_str(sql);
        self.values.push((name, value));
    }

    fn arm(&mut self, arm: Arm, name: &'static str, value: Value) {
        self.arms.push(arm);
        self.values.push((name, value));
    }

    /// `AND t.id IN (…)` over every candidate; the text rule is checked on each.
    fn candidates(&self) -> String {
        let arms: Vec<String> = self.arms.iter().map(Arm::candidates).collect();
        format!(" AND t.id IN ({})", arms.join(" UNION ALL "))
    }

    /// `AND t.id IN (…)` over the ids of one page in id order. Each list is joined with
    /// its talents and checked, and SQLite merges the lists lazily, so the page costs
    /// about its own size when every list is in id order.
    fn page_in_id_order(&self, descending: bool) -> String {
        let arms: Vec<String> = self.arms.iter().map(|a| a.matching(&self.conditions)).collect();
        let direction = if descending { "DESC" } else { "ASC" };
        format!(" AND t.id IN ({} ORDER BY 1 {direction} LIMIT :limit OFFSET :offset)", arms.join(" UNION "))
    }

    /// Whether the page in id order is found sooner by walking the talents than by
    /// sorting the lists that are not in id order.
    fn walk_in_id_order(&self, conn: &Connection, q: &TalentQuery) -> Result<bool> {
        let unordered: Vec<String> = self.arms.iter().filter(|a| !a.ordered).map(Arm::candidates).collect();
        // Filters thin the matches out, and a walk would pass over the thinned ones too.
        if unordered.is_empty()
            || q.zone_id.is_some()
            || q.tier.is_some()
            || q.field.is_some()
            || q.card.is_some()
            || q.scope.is_limited()
        {
            return Ok(false);
        }
        let sql = format!("SELECT count(*) FROM ({} LIMIT {DENSE})", unordered.join(" UNION ALL "));
        let mut stmt = conn.prepare_cached(&sql)?;
        bind(&mut stmt, &self.values)?;
        let mut rows = stmt.raw_query();
        let count: i64 = match rows.next()? {
            Some(row) => row.get(0)?,
            None => 0,
        };
        Ok(count >= DENSE)
    }
}
