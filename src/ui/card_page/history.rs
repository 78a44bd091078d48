//! The card page's records: print requests and every event of the card's life, with the
//! policy version each decision used.

use egui::{RichText, Ui};

use super::{CardPage, event_key};
use crate::domain::dates::fmt_date;
use crate::i18n::{Lang, tr, tr_args};
use crate::ui::{theme, widgets};

/// Print requests of the card and its attached cards, newest first.
pub(super) fn prints_ui(ui: &mut Ui, lang: Lang, page: &CardPage) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "print.history"));
        if page.prints.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "print.none")));
        }
        for p in page.prints.iter().take(20) {
            ui.horizontal_wrapped(|ui| {
                ui.label(widgets::muted(ui, &fmt_date(p.requested_on)));
                ui.label(RichText::new(&p.number).monospace());
                ui.label(RichText::new(tr(lang, p.state.label_key())).strong());
                ui.label(&p.reason);
                if p.family_card_id.is_some() {
                    ui.label(widgets::muted(ui, &p.name));
                }
            });
        }
    });
    ui.add_space(theme::SECTION_GAP / 2.0);
}

/// Every event, oldest first: date, event, number, reason, expiry change, policy, who.
pub(super) fn events_ui(ui: &mut Ui, lang: Lang, page: &CardPage) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "card.events"));
        egui::Grid::new("card_events").num_columns(6).striped(true).spacing([14.0, 6.0]).show(ui, |ui| {
            for key in ["card.event_on", "card.event", "verify.number", "card.event_detail", "card.policy", "card.by"] {
                ui.strong(tr(lang, key));
            }
            ui.end_row();
            for e in &page.events {
                ui.label(fmt_date(e.on));
                ui.label(tr(lang, event_key(&e.event)));
                ui.monospace(&e.number);
                let detail = match (e.old_expiry, e.new_expiry) {
                    (Some(old), Some(new)) => format!("{} → {}", fmt_date(old), fmt_date(new)),
                    (None, Some(new)) if e.reason.is_empty() => tr_args(lang, "card.until", &[("date", fmt_date(new))]),
                    _ => e.reason.clone(),
                };
                ui.label(detail);
                ui.label(e.policy_version.map_or_else(|| "—".to_string(), |v| format!("v{v}")));
                ui.label(widgets::muted(ui, &e.username));
                ui.end_row();
            }
        });
    });
}
