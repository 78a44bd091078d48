//! The faces of the print queue's cards: what the CR80 PDF (front and back, QR code of the
//! number) prints for each selected request.

use chrono::NaiveDate;

use crate::domain::Message;
use crate::domain::pinyin::passport_name;
use crate::exchange::CardFace;
use crate::i18n::Lang;
use crate::store::{PrintJob, Store};

/// The faces of the selected print jobs, read from the store (a few rows: on the UI thread).
pub fn faces(store: &Store, jobs: &[&PrintJob], today: NaiveDate) -> Result<Vec<CardFace>, Message> {
    let policy = store.policy_in_force(today).map_err(|e| Message::of(&e))?;
    jobs.iter()
        .map(|job| {
            let card = store.card(job.card_id).map_err(|e| Message::of(&e))?;
            let services = store.entitled_services(&card.tier, today).map_err(|e| Message::of(&e))?;
            let tier_name = crate::domain::TierCode::parse(&card.tier)
                .ok()
                .and_then(|t| policy.policy.tier(&t).map(|r| r.name_zh.clone()))
                .unwrap_or_default();
            Ok(CardFace {
                number: job.number.clone(),
                holder_name: job.name.clone(),
                holder_name_en: passport_name(&job.name),
                tier_code: card.tier.clone(),
                tier_name,
                issued: card.issued_on,
                expires: card.expires_on,
                employer: card.employer_name.clone(),
                zone: card.zone_name.clone(),
                services: services.iter().map(|s| s.name(Lang::Zh).to_string()).collect(),
                family_of: job.family_card_id.map(|_| job.holder.clone()),
            })
        })
        .collect()
}
