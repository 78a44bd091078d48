//! The `Store` facade for the office's workflows: applications through the four-level
//! review, and green cards from issue to revocation.

use chrono::NaiveDate;

use super::access::{self, Record};
use super::{
    Application, ApplicationKind, Card, DemoCard, Result, ReviewAction, Store, StoreError, applications, cards,
    demo_cards,
};
use crate::domain::Actor;
use crate::domain::access::Scope;

impl Store {
    // ---- review ------------------------------------------------------------------------

    /// Enters an employer's submission; it goes to the first review.
    pub fn submit_application(
        &mut self,
        actor: &Actor,
        kind: ApplicationKind,
        talent_id: i64,
        summary: &str,
    ) -> Result<Application> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Talent(talent_id))?;
        let a = applications::submit(&tx, &rights.actor, kind, talent_id, summary)?;
        tx.commit()?;
        Ok(a)
    }

    /// Decides on an application at its current step.
    pub fn decide_application(
        &mut self,
        actor: &Actor,
        id: i64,
        decision: crate::domain::review::Decision,
        reason: &str,
    ) -> Result<crate::domain::review::Stage> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Application(id))?;
        let stage = applications::act(&tx, &rights.actor, id, decision, reason)?;
        tx.commit()?;
        Ok(stage)
    }

    /// The queue of a review step in the scope, oldest first.
    pub fn review_queue(&self, step: crate::domain::review::Step, limit: u32) -> Result<Vec<Application>> {
        applications::queue(&self.conn, &self.scope, step, limit)
    }

    /// Every decision on an application.
    pub fn review_trail(&self, id: i64) -> Result<Vec<ReviewAction>> {
        self.visible(Record::Application(id))?;
        applications::trail(&self.conn, id)
    }

    /// One application (refused outside the scope).
    pub fn application(&self, id: i64) -> Result<Application> {
        self.visible(Record::Application(id))?;
        applications::get(&self.conn, id)
    }

    // ---- cards -------------------------------------------------------------------------

    /// Issues the card of an approved card application, under the policy in force today.
    pub fn issue_card(&mut self, actor: &Actor, application_id: i64, today: NaiveDate) -> Result<Card> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Application(application_id))?;
        let policy = super::policy::in_force_on(&tx, today)?;
        let c = cards::issue(&tx, &rights.actor, application_id, today, &policy)?;
        tx.commit()?;
        Ok(c)
    }

    /// Renews a card inside its renewal window, under the policy in force today.
    pub fn renew_card(&mut self, actor: &Actor, card_id: i64, today: NaiveDate) -> Result<Card> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Card(card_id))?;
        let policy = super::policy::in_force_on(&tx, today)?;
        let c = cards::renew(&tx, Some(&rights.actor), card_id, today, &policy)?;
        tx.commit()?;
        Ok(c)
    }

    /// Renews every active card expiring within `days` of `today` that is inside its
    /// renewal window, each in its own transaction; `on_done` hears of each commit.
    /// Returns how many were renewed and the refusals (card number, reason).
    pub fn renew_due_cards(
        &mut self,
        today: NaiveDate,
        days: u32,
        mut on_done: impl FnMut(&Card),
    ) -> Result<(usize, Vec<(String, StoreError)>)> {
        // Far-away horizons stop at the calendar's end instead of overflowing it.
        let until = today.checked_add_days(chrono::Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX);
        let every = cards::ExpiringFilter::default();
        let due = cards::expiring(&self.conn, &Scope::All, NaiveDate::MIN, until, &every, u32::MAX)?;
        let mut renewed = 0;
        let mut refused = Vec::new();
        for card in due {
            let tx = self.write()?;
            // Each renewal reads the version in its own transaction, like a single one.
            let policy = super::policy::in_force_on(&tx, today)?;
            match cards::renew(&tx, None, card.id, today, &policy) {
                Ok(c) => {
                    tx.commit()?;
                    renewed += 1;
                    on_done(&c);
                }
                Err(e) => refused.push((card.number, e)),
            }
        }
        Ok((renewed, refused))
    }

    /// Reports a card lost: it is voided and a new number is issued; returns the new card.
    pub fn report_card_lost(&mut self, actor: &Actor, card_id: i64, today: NaiveDate, reason: &str) -> Result<Card> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Card(card_id))?;
        let c = cards::report_lost(&tx, &rights.actor, card_id, today, reason)?;
        tx.commit()?;
        Ok(c)
    }

    /// Suspends, resumes or revokes a card, with a reason.
    pub fn set_card_status(
        &mut self,
        actor: &Actor,
        card_id: i64,
        to: crate::domain::card::CardStatus,
        today: NaiveDate,
        reason: &str,
    ) -> Result<Card> {
        let (tx, rights) = self.write_as(actor)?;
        access::require(&tx, &rights.scope, Record::Card(card_id))?;
        let c = cards::set_status(&tx, &rights.actor, card_id, to, today, reason)?;
        tx.commit()?;
        Ok(c)
    }

    /// Approved card applications of the scope waiting for their card.
    pub fn awaiting_card(&self, limit: u32) -> Result<Vec<Application>> {
        applications::awaiting_card(&self.conn, &self.scope, limit)
    }

    /// One card (refused outside the scope).
    pub fn card(&self, id: i64) -> Result<Card> {
        self.visible(Record::Card(id))?;
        cards::get(&self.conn, id)
    }

    /// A card by its number (refused outside the scope).
    pub fn card_by_number(&self, number: &crate::domain::card::CardNumber) -> Result<Option<Card>> {
        let card = cards::by_number(&self.conn, number)?;
        if let Some(c) = &card {
            self.visible(Record::Card(c.id))?;
        }
        Ok(card)
    }

    /// Every event of a card and of the cards it replaced, oldest first.
    pub fn card_events(&self, card_id: i64) -> Result<Vec<crate::store::CardEvent>> {
        self.visible(Record::Card(card_id))?;
        cards::events(&self.conn, card_id)
    }

    /// Every card of a talent, newest first.
    pub fn cards_of(&self, talent_id: i64) -> Result<Vec<Card>> {
        self.visible(Record::Talent(talent_id))?;
        cards::of_talent(&self.conn, talent_id)
    }

    /// Active cards expiring between two dates, soonest first, in a zone and/or at
    /// employers whose name contains a text.
    pub fn expiring_cards(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        filter: &cards::ExpiringFilter,
        limit: u32,
    ) -> Result<Vec<Card>> {
        cards::expiring(&self.conn, &self.scope, from, to, filter, limit)
    }

    /// Writes generated demo cards (after [`Store::insert_demo`]) under the policy in
    /// force on `today`, in one transaction.
    pub fn insert_demo_cards(&mut self, actor: &Actor, today: NaiveDate, cards: &[DemoCard]) -> Result<()> {
        self.bulk(|store| {
            let (tx, rights) = store.write_as(actor)?;
            let policy = super::policy::in_force_on(&tx, today)?;
            super::dashboard_counts::without_triggers(&tx, || {
                demo_cards::insert(&tx, &rights.actor, policy.id, today, cards)
            })?;
            tx.commit()?;
            Ok(())
        })
    }
}
