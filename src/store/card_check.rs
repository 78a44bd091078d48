//! The card check a service provider does (验证): any card number, main or attached, gives
//! the holder (masked), tier, state, valid-until and the services it entitles to.

use chrono::NaiveDate;

use super::services::{Service, entitled};
use super::{Result, Store, cards, family};
use crate::domain::card::{CardNumber, CardState};
use crate::domain::family::Relation;
use crate::domain::talent::mask_name;
use crate::domain::{DocumentNumber, DocumentType};

/// What a provider sees when checking a card number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardCheck {
    /// The number checked.
    pub number: String,
    /// The main card's row id.
    pub card_id: i64,
    /// For an attached card: the relation and the main card's number.
    pub attached: Option<(Relation, String)>,
    /// The card holder's name, masked.
    pub holder_masked: String,
    /// Their document number, masked.
    pub document_masked: String,
    /// The tier of the main card.
    pub tier: String,
    /// The state on the day of the check.
    pub state: CardState,
    /// The last valid day.
    pub valid_until: NaiveDate,
    /// What the card entitles to (empty unless valid).
    pub services: Vec<Service>,
}

impl CardCheck {
    /// Whether every check passes.
    pub fn is_valid(&self) -> bool {
        self.state == CardState::Valid
    }
}

fn masked(kind: DocumentType, number: &str) -> String {
    DocumentNumber::parse(kind, number, NaiveDate::MAX).map(|d| d.masked()).unwrap_or_else(|_| "****".to_string())
}

impl Store {
    /// Checks a card number on `today`; `None` when no card has it.
    pub fn check_card(&self, number: &CardNumber, today: NaiveDate) -> Result<Option<CardCheck>> {
        if let Some(card) = cards::by_number(&self.conn, number)? {
            let holder = self.talent(card.talent_id)?;
            let state = card.state_on(today);
            let services =
                if state == CardState::Valid { entitled(&self.conn, &card.tier, today)? } else { Vec::new() };
            return Ok(Some(CardCheck {
                number: card.number.clone(),
                card_id: card.id,
                attached: None,
                holder_masked: mask_name(&card.holder),
                document_masked: masked(holder.doc_type, holder.doc_number.whole()),
                tier: card.tier,
                state,
                valid_until: card.expires_on,
                services,
            }));
        }
        let Some(f) = family::by_number(&self.conn, number.as_str())? else { return Ok(None) };
        let main = cards::get(&self.conn, f.main_card_id)?;
        let state = f.state_on(main.state_on(today), today);
        let services = if state == CardState::Valid { entitled(&self.conn, &main.tier, today)? } else { Vec::new() };
        Ok(Some(CardCheck {
            number: f.number.clone(),
            card_id: main.id,
            attached: Some((f.relation, main.number.clone())),
            holder_masked: mask_name(&f.name),
            document_masked: masked(f.doc_type, f.doc_number.whole()),
            tier: main.tier,
            state,
            valid_until: main.expires_on,
            services,
        }))
    }
}
