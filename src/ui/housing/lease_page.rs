//! One lease: its frozen terms and policy version, the rent ledger (monthly charges,
//! payments, balance), and the forms to record a payment, renew within the term cap and end
//! the lease.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::domain::dates::{fmt_date, parse_date};
use crate::domain::housing::{Charge, last_allowed_day};
use crate::domain::{Fen, Message, Problem};
use crate::i18n::{tr, tr_args};
use crate::store::{Lease, Ledger, Store};
use crate::ui::command::Command;
use crate::ui::{View, theme, widgets};

/// The lease page's data and forms.
pub struct LeasePage {
    /// The lease.
    pub lease: Lease,
    /// Its ledger today.
    pub ledger: Ledger,
    paid_on: String,
    amount: String,
    note: String,
    new_end: String,
    move_out: String,
    reason: String,
}

impl LeasePage {
    /// Reads a lease's page on `today`.
    pub fn load(store: &Store, id: i64, today: NaiveDate) -> Result<LeasePage, Message> {
        let lease = store.lease(id).map_err(|e| Message::of(&e))?;
        let ledger = store.lease_ledger(id, today).map_err(|e| Message::of(&e))?;
        Ok(LeasePage {
            lease,
            ledger,
            paid_on: fmt_date(today),
            amount: String::new(),
            note: String::new(),
            new_end: String::new(),
            move_out: fmt_date(today),
            reason: String::new(),
        })
    }
}

fn fact(ui: &mut Ui, label: &str, value: String) {
    ui.label(widgets::muted(ui, label));
    ui.label(value);
    ui.end_row();
}

/// Draws the page; true when the clerk goes back.
pub fn lease_page_ui(ui: &mut Ui, view: &mut View<'_>, page: &mut LeasePage) -> bool {
    let lang = view.lang;
    let l = page.lease.clone();
    let mut back = false;
    ui.horizontal(|ui| {
        back = ui.button(tr(lang, "card.back")).clicked();
        ui.add_space(8.0);
        ui.label(RichText::new(format!("{} {}栋 {}", l.project_name, l.building, l.unit)).size(20.0).strong());
        let (key, color) = if l.active { ("lease.active", theme::OK) } else { ("lease.ended", theme::WARN) };
        widgets::badge_ui(ui, &tr(lang, key), color);
        if ui.button(tr_args(lang, "lease.tenant_button", &[("name", l.talent_name.clone())])).clicked() {
            view.commands.push(Command::OpenTalent { id: l.talent_id });
        }
    });
    if let Some(by) = l.must_leave_by.filter(|_| l.active) {
        ui.label(
            RichText::new(tr_args(
                lang,
                "lease.must_leave",
                &[("date", fmt_date(by)), ("why", l.must_leave_why.clone())],
            ))
            .color(theme::ERROR)
            .strong(),
        );
    }
    let today = chrono::Local::now().date_naive();
    if l.active && l.end_on < today {
        let days = (today - l.end_on).num_days().to_string();
        let text = tr_args(lang, "lease.overstay", &[("date", fmt_date(l.end_on)), ("days", days)]);
        ui.label(RichText::new(text).color(theme::ERROR).strong());
    }
    ui.add_space(8.0);
    egui::ScrollArea::vertical().id_salt("lease_page").auto_shrink([false, false]).show(ui, |ui| {
        ui.columns(2, |cols| {
            theme::card(cols[0].visuals()).show(&mut cols[0], |ui| {
                ui.set_width(ui.available_width());
                widgets::section_heading_ui(ui, &tr(lang, "lease.terms"));
                egui::Grid::new("lease_terms").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
                    fact(ui, &tr(lang, "housing.tenant"), format!("{} · {}", l.talent_name, l.tier));
                    fact(
                        ui,
                        &tr(lang, "talent.employer"),
                        if l.employer_name.is_empty() { "—".into() } else { l.employer_name.clone() },
                    );
                    fact(ui, &tr(lang, "housing.area"), l.area.to_string());
                    fact(ui, &tr(lang, "housing.term"), format!("{} – {}", fmt_date(l.start_on), fmt_date(l.end_on)));
                    if let Some(ended) = l.ended_on {
                        fact(ui, &tr(lang, "lease.ended_on"), format!("{} · {}", fmt_date(ended), l.end_reason));
                    }
                    fact(ui, &tr(lang, "housing.market_rent"), l.market_rent.to_string());
                    let shares = crate::ui::policy_view::shares_text(lang, l.rent_share, l.later.map(Into::into));
                    fact(ui, &tr(lang, "housing.share"), shares);
                    let monthly = match l.later {
                        None => l.monthly_rent.to_string(),
                        Some(later) => tr_args(
                            lang,
                            "lease.rent_steps",
                            &[
                                ("first", l.monthly_rent.to_string()),
                                ("date", fmt_date(later.from_day(l.start_on))),
                                ("later", later.monthly.to_string()),
                            ],
                        ),
                    };
                    fact(ui, &tr(lang, "housing.monthly_rent"), monthly);
                    fact(ui, &tr(lang, "housing.deposit"), l.deposit.to_string());
                    fact(
                        ui,
                        &tr(lang, "card.policy_version"),
                        tr_args(lang, "card.policy_version_n", &[("n", l.policy_version.to_string())]),
                    );
                });
            });
            if l.active {
                cols[0].add_space(theme::SECTION_GAP / 2.0);
                actions_ui(&mut cols[0], view, page);
            }
            ledger_ui(&mut cols[1], view, page);
        });
    });
    back
}

fn actions_ui(ui: &mut Ui, view: &mut View<'_>, page: &mut LeasePage) {
    let lang = view.lang;
    let l = &page.lease;
    let cap = view.cache.policy.as_ref().map_or(6, |p| p.policy.lease_term_cap_years);
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "lease.renew_title"));
        ui.label(widgets::muted(
            ui,
            &tr_args(
                lang,
                "lease.cap_hint",
                &[("years", cap.to_string()), ("date", fmt_date(last_allowed_day(l.start_on, cap)))],
            ),
        ));
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "lease.new_end"));
            ui.add(egui::TextEdit::singleline(&mut page.new_end).desired_width(110.0)).labelled_by(label.id);
            let end = parse_date(&page.new_end);
            if ui.add_enabled(end.is_ok(), egui::Button::new(tr(lang, "lease.renew"))).clicked()
                && let Ok(new_end) = end
            {
                view.commands.push(Command::RenewLease { id: l.id, new_end });
            }
        });
        ui.separator();
        widgets::section_heading_ui(ui, &tr(lang, "lease.end_title"));
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "lease.move_out"));
            ui.add(egui::TextEdit::singleline(&mut page.move_out).desired_width(110.0)).labelled_by(label.id);
            let label = ui.label(tr(lang, "cards.reason"));
            ui.add(egui::TextEdit::singleline(&mut page.reason).desired_width(160.0)).labelled_by(label.id);
        });
        let on = parse_date(&page.move_out);
        let ready = on.is_ok() && !page.reason.trim().is_empty();
        ui.horizontal(|ui| {
            let end = egui::Button::new(RichText::new(tr(lang, "lease.end")).color(theme::ERROR));
            if ui.add_enabled(ready, end).clicked()
                && let Ok(on) = on
            {
                view.commands.push(Command::EndLease { id: l.id, on, reason: page.reason.clone() });
            }
        });
    });
}

/// An amount of the ledger, right-aligned in a fixed width: in the last column of a grid a
/// right-to-left layout would reach the card's edge.
fn amount_cell(ui: &mut Ui, text: RichText) {
    let layout = egui::Layout::right_to_left(egui::Align::Center);
    ui.allocate_ui_with_layout(egui::vec2(96.0, 18.0), layout, |ui| {
        ui.set_min_width(96.0);
        ui.label(text);
    });
}

/// The share a month was charged at: the first, the later, or both in the anniversary's month.
fn charge_share_text(lang: crate::i18n::Lang, l: &Lease, c: &Charge) -> String {
    match (c.later_from, l.later) {
        (Some(from), Some(later)) if from > c.from => tr_args(
            lang,
            "lease.share_split",
            &[("first", l.rent_share.to_string()), ("later", later.share.to_string()), ("date", fmt_date(from))],
        ),
        (Some(_), Some(later)) => later.share.to_string(),
        _ => l.rent_share.to_string(),
    }
}

fn ledger_ui(ui: &mut Ui, view: &mut View<'_>, page: &mut LeasePage) {
    let lang = view.lang;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "lease.ledger"));
        let balance = page.ledger.balance;
        let (key, color) = if balance.fen() > 0 { ("lease.owed", theme::ERROR) } else { ("lease.settled", theme::OK) };
        ui.label(
            RichText::new(tr_args(lang, key, &[("amount", Fen(balance.fen().abs()).to_string())]))
                .strong()
                .color(color),
        );
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "lease.paid_on"));
            ui.add(egui::TextEdit::singleline(&mut page.paid_on).desired_width(100.0)).labelled_by(label.id);
            let label = ui.label(tr(lang, "lease.amount"));
            ui.add(egui::TextEdit::singleline(&mut page.amount).desired_width(90.0)).labelled_by(label.id);
            let label = ui.label(tr(lang, "service.note"));
            ui.add(egui::TextEdit::singleline(&mut page.note).desired_width(120.0)).labelled_by(label.id);
        });
        let parsed = (parse_date(&page.paid_on), Fen::parse_non_negative(&page.amount));
        if let (_, Err(e)) = &parsed
            && !page.amount.is_empty()
        {
            ui.label(RichText::new(e.text(lang)).color(theme::ERROR).small());
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(matches!(parsed, (Ok(_), Ok(_))), theme::primary_button(tr(lang, "lease.record_payment")))
                .clicked()
                && let (Ok(paid_on), Ok(amount)) = parsed
            {
                view.commands.push(Command::RecordRentPayment {
                    lease_id: page.lease.id,
                    paid_on,
                    amount,
                    note: page.note.clone(),
                });
            }
        });
        ui.separator();
        let l = &page.lease;
        egui::Grid::new("ledger").num_columns(4).striped(true).spacing([18.0, 4.0]).show(ui, |ui| {
            for key in ["lease.month", "lease.period", "housing.share"] {
                ui.strong(tr(lang, key));
            }
            amount_cell(ui, RichText::new(tr(lang, "lease.charge")).strong());
            ui.end_row();
            for c in page.ledger.charges.iter().rev() {
                ui.label(c.month.format("%Y-%m").to_string());
                ui.label(widgets::muted(ui, &format!("{} – {}", fmt_date(c.from), fmt_date(c.to))));
                ui.label(charge_share_text(lang, l, c));
                amount_cell(ui, RichText::new(c.amount.to_string()));
                ui.end_row();
            }
        });
        if !page.ledger.payments.is_empty() {
            ui.separator();
            ui.strong(tr(lang, "lease.payments"));
            for p in page.ledger.payments.iter().rev() {
                ui.horizontal(|ui| {
                    ui.label(fmt_date(p.paid_on));
                    ui.label(RichText::new(p.amount.to_string()).color(theme::OK));
                    ui.label(widgets::muted(ui, &p.note));
                });
            }
        }
    });
}
