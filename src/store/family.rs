//! Attached family cards (附属卡): issued to a holder's spouse, minor children and parents
//! when the holder's tier allows it, valid exactly when the main card is.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::access::{self, Record};
use super::audit::{self, Change, now_text};
use super::{Result, Store, StoreError};
use crate::domain::card::CardState;
use crate::domain::family::{NewFamilyMember, Relation};
use crate::domain::{Actor, DocumentType, TierCode};

/// An attached card as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyCard {
    /// Row id.
    pub id: i64,
    /// Its own number (same scheme as main cards).
    pub number: String,
    /// The main card it follows.
    pub main_card_id: i64,
    /// Relation to the holder.
    pub relation: Relation,
    /// The family member's name.
    pub name: String,
    /// Their document type.
    pub doc_type: DocumentType,
    /// Their document number.
    pub doc_number: crate::domain::PersonalNumber,
    /// Their birth date.
    pub birth_date: NaiveDate,
    /// Day of issue.
    pub issued_on: NaiveDate,
    /// The policy version that allowed it.
    pub policy_version: i64,
    /// When it was cancelled (it is then never valid again).
    pub cancelled_on: Option<NaiveDate>,
    /// Why.
    pub cancel_reason: String,
}

impl FamilyCard {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<FamilyCard> {
        Ok(FamilyCard {
            id: r.get("id")?,
            number: r.get("number")?,
            main_card_id: r.get("main_card_id")?,
            relation: Relation::from_code(&r.get::<_, String>("relation")?).unwrap_or(Relation::Spouse),
            name: r.get("name")?,
            doc_type: DocumentType::from_code(&r.get::<_, String>("doc_type")?).unwrap_or(DocumentType::Passport),
            doc_number: r.get("doc_number")?,
            birth_date: r.get("birth_date")?,
            issued_on: r.get("issued_on")?,
            policy_version: r.get("policy_version")?,
            cancelled_on: r.get("cancelled_on")?,
            cancel_reason: r.get("cancel_reason")?,
        })
    }

    /// What the attached card is on `day`: cancelled cards are void, others are what their
    /// main card is.
    pub fn state_on(&self, main_state: CardState, day: NaiveDate) -> CardState {
        match self.cancelled_on {
            Some(c) if c <= day => CardState::Voided,
            _ => main_state,
        }
    }
}

/// One attached card.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<FamilyCard> {
    conn.query_row("SELECT * FROM family_cards WHERE id = :id", named_params! { ":id": id }, FamilyCard::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "card" })
}

/// An attached card by its number.
pub(crate) fn by_number(conn: &Connection, number: &str) -> Result<Option<FamilyCard>> {
    Ok(conn
        .query_row("SELECT * FROM family_cards WHERE number = :n", named_params! { ":n": number }, FamilyCard::from_row)
        .optional()?)
}

/// The attached cards of a main card, live ones first.
pub(crate) fn of_card(conn: &Connection, main_card_id: i64) -> Result<Vec<FamilyCard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM family_cards WHERE main_card_id = :c ORDER BY cancelled_on IS NOT NULL, relation, id",
    )?;
    let rows = stmt.query_map(named_params! { ":c": main_card_id }, FamilyCard::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Issues an attached card on `today` under the policy then in force.
fn attach(
    conn: &Connection,
    actor: &Actor,
    main_card_id: i64,
    member: &NewFamilyMember,
    today: NaiveDate,
) -> Result<FamilyCard> {
    super::error::counter_only(actor)?;
    let main = super::cards::get(conn, main_card_id)?;
    if main.state_on(today) != CardState::Valid {
        return Err(StoreError::rule("family.err.main_not_valid"));
    }
    let versions = super::policy::versions(conn)?;
    let policy = crate::domain::policy::in_force(&versions, today).ok_or(StoreError::NotFound { what: "policy" })?;
    let allowed = TierCode::parse(&main.tier).ok().and_then(|t| policy.policy.tier(&t)).is_some_and(|r| r.family_cards);
    if !allowed {
        return Err(StoreError::rule("family.err.tier"));
    }
    let live_of_relation = of_card(conn, main_card_id)?
        .iter()
        .filter(|f| f.cancelled_on.is_none() && f.relation == member.relation)
        .count();
    if live_of_relation >= member.relation.limit() {
        return Err(StoreError::Invalid {
            key: "family.err.limit",
            args: vec![("n", member.relation.limit().to_string())],
        });
    }
    let holder = super::talents::get(conn, main.talent_id)?;
    if holder.doc_type == member.document.kind() && holder.doc_number.whole() == member.document.as_str() {
        return Err(StoreError::rule("family.err.is_holder"));
    }
    let number = super::cards::next_number(conn, chrono::Datelike::year(&today))?;
    let now = now_text();
    let inserted = conn.execute(
        "INSERT INTO family_cards (number, main_card_id, relation, name, doc_type, doc_number, birth_date, issued_on,
                                   policy_version, created_at, updated_at)
         VALUES (:number, :main, :relation, :name, :doc_type, :doc_number, :birth, :today, :policy, :now, :now)",
        named_params! {
            ":number": number.as_str(), ":main": main_card_id, ":relation": member.relation.code(), ":name": member.name,
            ":doc_type": member.document.kind().code(), ":doc_number": member.document.as_str(),
            ":birth": member.birth_date, ":today": today, ":policy": policy.id, ":now": now,
        },
    );
    super::error::unique_or(inserted, "family.err.has_card")?;
    let id = conn.last_insert_rowid();
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "family.issue",
            entity: "card",
            entity_id: Some(main_card_id),
            old: None,
            new: Some(serde_json::json!({
                "family_card": number.as_str(), "relation": member.relation.code(), "name": member.name,
                "document": member.document.masked(), "policy_version": policy.id,
            })),
        },
    )?;
    super::prints::request(conn, Some(actor), main_card_id, Some(id), today, "首次制卡")?;
    get(conn, id)
}

/// Cancels an attached card (final), with a reason.
fn cancel(conn: &Connection, actor: &Actor, id: i64, today: NaiveDate, reason: &str) -> Result<FamilyCard> {
    super::error::counter_only(actor)?;
    let reason = super::error::reason(reason)?;
    let reason = reason.as_str();
    let f = get(conn, id)?;
    if f.cancelled_on.is_some() {
        return Err(StoreError::rule("card.err.transition"));
    }
    conn.execute(
        "UPDATE family_cards SET cancelled_on = :today, cancel_reason = :r, updated_at = :now WHERE id = :id",
        named_params! { ":today": today, ":r": reason.trim(), ":now": now_text(), ":id": id },
    )?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "family.cancel",
            entity: "card",
            entity_id: Some(f.main_card_id),
            old: None,
            new: Some(serde_json::json!({ "family_card": f.number, "reason": reason.trim(), "on": today })),
        },
    )?;
    super::prints::cancel_pending(conn, f.main_card_id, Some(id))?;
    get(conn, id)
}

/// Moves the live attached cards of a voided main card to its replacement, with their
/// print requests (their own numbers do not change).
pub(crate) fn follow_reissue(conn: &Connection, old_card: i64, new_card: i64) -> Result<()> {
    conn.execute(
        "UPDATE card_prints SET card_id = :new WHERE card_id = :old AND family_card_id IN
             (SELECT id FROM family_cards WHERE main_card_id = :old AND cancelled_on IS NULL)",
        named_params! { ":new": new_card, ":old": old_card },
    )?;
    conn.execute(
        "UPDATE family_cards SET main_card_id = :new, updated_at = :now WHERE main_card_id = :old AND cancelled_on IS NULL",
        named_params! { ":new": new_card, ":old": old_card, ":now": now_text() },
    )?;
    Ok(())
}

impl Store {
    /// Issues an attached card for a family member of a valid main card's holder.
    pub fn attach_family_card(
        &mut self,
        actor: &Actor,
        main_card_id: i64,
        member: &NewFamilyMember,
        today: NaiveDate,
    ) -> Result<FamilyCard> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Card(main_card_id))?;
        let f = attach(&tx, &rights.actor, main_card_id, member, today)?;
        tx.commit()?;
        Ok(f)
    }

    /// Cancels an attached card, with a reason.
    pub fn cancel_family_card(&mut self, actor: &Actor, id: i64, today: NaiveDate, reason: &str) -> Result<FamilyCard> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::FamilyCard(id))?;
        let f = cancel(&tx, &rights.actor, id, today, reason)?;
        tx.commit()?;
        Ok(f)
    }

    /// The attached cards of a main card.
    pub fn family_cards(&self, main_card_id: i64) -> Result<Vec<FamilyCard>> {
        self.visible(Record::Card(main_card_id))?;
        of_card(&self.conn, main_card_id)
    }
}
