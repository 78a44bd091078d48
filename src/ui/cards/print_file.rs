//! The print file of the print queue: the selected cards as a CR80 PDF (front and back,
//! QR code of the number), written on a worker thread while the tab shows its progress.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use chrono::NaiveDate;

use crate::domain::Message;
use crate::domain::pinyin::passport_name;
use crate::exchange::{CardFace, Progress, write_cards};
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

/// A print file being written.
pub struct PrintFileJob {
    /// Where it goes.
    pub path: PathBuf,
    /// How far it is.
    pub progress: Progress,
    done: Receiver<Result<usize, Message>>,
}

impl PrintFileJob {
    /// Starts writing `faces` to `path` on a worker thread.
    pub fn start(path: PathBuf, faces: Vec<CardFace>) -> Result<PrintFileJob, Message> {
        let progress = Progress::new();
        let (tx, done) = channel();
        let (worker_path, worker_progress) = (path.clone(), progress.clone());
        std::thread::Builder::new()
            .name("print-cards".into())
            .spawn(move || {
                let result = write_cards(&worker_path, &faces, &worker_progress).map_err(|e| Message::of(&e));
                // The tab may be gone; then nobody needs the answer.
                let _ = tx.send(result);
            })
            .map_err(|_| Message::new("print.err.thread"))?;
        Ok(PrintFileJob { path, progress, done })
    }

    /// The outcome once the worker finished.
    pub fn finished(&self) -> Option<Result<usize, Message>> {
        self.done.try_recv().ok()
    }
}
