//! The `Store` facade for the office's workflows: applications through the four-level
//! review, and green cards from issue to revocation.

use chrono::NaiveDate;

use super::{
    Application, ApplicationKind, Card, DemoCard, Result, ReviewAction, Store, StoreError, applications, cards,
    demo_cards,
};
use crate::domain::Actor;

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
        let tx = self.write()?;
        let a = applications::submit(&tx, actor, kind, talent_id, summary)?;
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
        let tx = self.write()?;
        let stage = applications::act(&tx, actor, id, decision, reason)?;
        tx.commit()?;
        Ok(stage)
    }

    /// The queue of a review step, oldest first.
    pub fn review_queue(&self, step: crate::domain::review::Step, limit: u32) -> Result<Vec<Application>> {
        applications::queue(&self.conn, step, limit)
    }

    /// Every decision on an application.
    pub fn review_trail(&self, id: i64) -> Result<Vec<ReviewAction>> {
        applications::trail(&self.conn, id)
    }

    /// One application.
    pub fn application(&self, id: i64) -> Result<Application> {
        applications::get(&self.conn, id)
    }

    // ---- cards -------------------------------------------------------------------------

    /// Issues the card of an approved card application, under the policy in force today.
    pub fn issue_card(&mut self, actor: &Actor, application_id: i64, today: NaiveDate) -> Result<Card> {
        let tx = self.write()?;
        let policy = super::policy::in_force_on(&tx, today)?;
        let c = cards::issue(&tx, actor, application_id, today, &policy)?;
        tx.commit()?;
        Ok(c)
    }

    /// Renews a card inside its renewal window, under the policy in force today.
    pub fn renew_card(&mut self, actor: &Actor, card_id: i64, today: NaiveDate) -> Result<Card> {
        let tx = self.write()?;
        let policy = super::policy::in_force_on(&tx, today)?;
        let c = cards::renew(&tx, Some(actor), card_id, today, &policy)?;
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
        let until = today + chrono::Days::new(u64::from(days));
        let due = cards::expiring(&self.conn, NaiveDate::MIN, until, &cards::ExpiringFilter::default(), u32::MAX)?;
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
        let tx = self.write()?;
        let c = cards::report_lost(&tx, actor, card_id, today, reason)?;
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
        let tx = self.write()?;
        let c = cards::set_status(&tx, actor, card_id, to, today, reason)?;
        tx.commit()?;
        Ok(c)
    }

    /// Approved card applications waiting for their card.
    pub fn awaiting_card(&self, limit: u32) -> Result<Vec<Application>> {
        applications::awaiting_card(&self.conn, limit)
    }

    /// One card.
    pub fn card(&self, id: i64) -> Result<Card> {
        cards::get(&self.conn, id)
    }

    /// A card by its number.
    pub fn card_by_number(&self, number: &crate::domain::card::CardNumber) -> Result<Option<Card>> {
        cards::by_number(&self.conn, number)
    }

    /// Every event of a card and of the cards it replaced, oldest first.
    pub fn card_events(&self, card_id: i64) -> Result<Vec<crate::store::CardEvent>> {
        cards::events(&self.conn, card_id)
    }

    /// Every card of a talent, newest first.
    pub fn cards_of(&self, talent_id: i64) -> Result<Vec<Card>> {
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
        cards::expiring(&self.conn, from, to, filter, limit)
    }

    /// Writes generated demo cards (after [`Store::insert_demo`]) under the policy in
    /// force on `today`, in one transaction.
    pub fn insert_demo_cards(&mut self, actor: &Actor, today: NaiveDate, cards: &[DemoCard]) -> Result<()> {
        self.bulk(|store| {
            let tx = store.write()?;
            let policy = super::policy::in_force_on(&tx, today)?;
            super::dashboard_counts::without_triggers(&tx, || demo_cards::insert(&tx, actor, policy.id, today, cards))?;
            tx.commit()?;
            Ok(())
        })
    }
}
