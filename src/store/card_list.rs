//! The card list (绿卡名单): every card, narrowed by its state on a day, the holder's zone
//! and a text (part of the card number, the holder's name or the employer's), counted and
//! read a screenful at a time for the list, streamed row by row for an export.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

use super::cards::{Card, SELECT};
use super::{Result, Store};
use crate::domain::access::Scope;
use crate::domain::card::CardState;

/// What the card list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardQuery {
    /// Only cards in this state on [`CardQuery::on`] (expired is derived from the day).
    pub state: Option<CardState>,
    /// Only cards whose holder belongs to this zone.
    pub zone_id: Option<i64>,
    /// Part of the card number (any case), of the holder's name or of the employer's name.
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

/// The state as the SQL below names it ('' for any).
fn state_code(state: Option<CardState>) -> &'static str {
    match state {
        None => "",
        Some(CardState::Valid) => "valid",
        Some(CardState::Expired) => "expired",
        Some(CardState::Suspended) => "suspended",
        Some(CardState::Revoked) => "revoked",
        Some(CardState::Voided) => "voided",
    }
}

/// The card's own conditions of a [`CardQuery`]: its state on `:on`.
const STATE: &str = " WHERE (:state = ''
        OR (:state = 'valid' AND c.status = 'active' AND c.expires_on >= :on)
        OR (:state = 'expired' AND c.status = 'active' AND c.expires_on < :on)
        OR (:state IN ('suspended', 'revoked', 'voided') AND c.status = :state))";

/// The holder's conditions, after the joins of [`SELECT`]: zone and text.
const HOLDER: &str = " AND (:zone IS NULL OR t.zone_id = :zone)
      AND (:text = '' OR instr(c.number, upper(:text)) > 0 OR instr(t.name, :text) > 0
           OR instr(coalesce(e.name, ''), :text) > 0)";

/// Hands every card of `q` whose holder is in `scope` to `f`, by card number, until `f`
/// returns false; at most `limit`.
fn visit(conn: &Connection, scope: &Scope, q: &CardQuery, limit: i64, f: &mut dyn FnMut(Card) -> bool) -> Result<()> {
    let zones = super::access::condition(scope, "t.zone_id");
    let mut stmt = conn.prepare_cached(&format!("{SELECT}{STATE}{HOLDER}{zones} ORDER BY c.number LIMIT :limit"))?;
    let text = q.text.trim();
    let mut rows = stmt.query(named_params! {
        ":state": state_code(q.state), ":on": q.on, ":zone": q.zone_id, ":text": text, ":limit": limit,
    })?;
    while let Some(row) = rows.next()? {
        if !f(Card::from_row(row)?) {
            break;
        }
    }
    Ok(())
}

impl Store {
    /// The first `limit` cards of `q`, by card number.
    pub fn card_list(&self, q: &CardQuery, limit: u32) -> Result<Vec<Card>> {
        let mut cards = Vec::new();
        visit(&self.conn, &self.scope, q, i64::from(limit), &mut |c| {
            cards.push(c);
            true
        })?;
        Ok(cards)
    }

    /// Hands every card of `q` to `f`, by card number, one at a time (an export of the
    /// whole list never holds it), until `f` returns false.
    pub fn for_each_card(&self, q: &CardQuery, mut f: impl FnMut(Card) -> bool) -> Result<()> {
        visit(&self.conn, &self.scope, q, -1, &mut f)
    }

    /// How many cards `q` finds.
    pub fn count_cards(&self, q: &CardQuery) -> Result<u64> {
        let (state, text) = (state_code(q.state), q.text.trim());
        // Without a zone or a text the holders need not be joined: a count of the cards
        // table alone (a million talents have 400,000 cards).
        let zones = super::access::condition(&self.scope, "t.zone_id");
        let n: i64 = if q.zone_id.is_none() && text.is_empty() && zones.is_empty() {
            let mut stmt = self.conn.prepare_cached(&format!("SELECT count(*) FROM cards c{STATE}"))?;
            stmt.query_row(named_params! { ":state": state, ":on": q.on }, |r| r.get(0))?
        } else {
            let sql = format!(
                "SELECT count(*) FROM cards c JOIN talents t ON t.id = c.talent_id
                 LEFT JOIN employers e ON e.id = t.employer_id{STATE}{HOLDER}{zones}"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.query_row(named_params! { ":state": state, ":on": q.on, ":zone": q.zone_id, ":text": text }, |r| {
                r.get(0)
            })?
        };
        Ok(n.max(0) as u64)
    }
}
