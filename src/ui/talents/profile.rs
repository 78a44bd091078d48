//! One person on one screen: the record, their card, services, lease and grants (as those
//! modules arrive), their teams, and the history of changes from the audit log.

use egui::{RichText, Ui};

use crate::domain::card::{CardState, CardStatus};
use crate::domain::dates::fmt_date;
use crate::domain::id_number::mask_phone;
use crate::domain::{DocumentNumber, Message};
use crate::i18n::{Lang, tr};
use crate::store::{ApplicationKind, AuditEntry, Card, Entitlements, Lease, Service, Store, Talent, Team, Unmasked};
use crate::ui::cards::state_color;
use crate::ui::command::Command;
use crate::ui::{theme, widgets};

/// Everything the profile shows, read once when it opens.
pub struct Profile {
    /// The record.
    pub talent: Talent,
    /// Teams with the talent's role in each.
    pub teams: Vec<(Team, String)>,
    /// Changes, newest first.
    pub history: Vec<AuditEntry>,
    /// The kind of application a clerk is about to submit.
    pub apply_kind: ApplicationKind,
    /// Its one-line summary as typed.
    pub apply_summary: String,
    /// The person's cards, newest first.
    pub cards: Vec<Card>,
    /// The services the live card entitles to today.
    pub services: Vec<Service>,
    /// The person's leases, newest first.
    pub leases: Vec<Lease>,
    /// The rent-subsidy form: from, to, monthly amount.
    pub subsidy: (String, String, String),
    /// Everything the office gives the person.
    pub ledger: Entitlements,
    /// The service catalogue (names of services used).
    pub catalogue: Vec<Service>,
    /// The document number and phone in full, after an audited 显示完整信息.
    pub unmasked: Option<Unmasked>,
}

impl Profile {
    /// Reads a talent's profile.
    pub fn load(store: &Store, id: i64) -> Result<Profile, Message> {
        let talent = store.talent(id).map_err(|e| Message::of(&e))?;
        let teams = store.teams_of(id).map_err(|e| Message::of(&e))?;
        let history = store.talent_history(id).map_err(|e| Message::of(&e))?;
        let cards = store.cards_of(id).map_err(|e| Message::of(&e))?;
        let today = chrono::Local::now().date_naive();
        let services = match cards.iter().find(|c| c.state_on(today) == CardState::Valid) {
            Some(c) => store.entitled_services(&c.tier, today).map_err(|e| Message::of(&e))?,
            None => Vec::new(),
        };
        Ok(Profile {
            talent,
            teams,
            history,
            apply_kind: ApplicationKind::Card,
            apply_summary: String::new(),
            cards,
            services,
            leases: store.leases_of(id).map_err(|e| Message::of(&e))?,
            subsidy: Default::default(),
            ledger: store.entitlements(id, today).map_err(|e| Message::of(&e))?,
            catalogue: store.services().map_err(|e| Message::of(&e))?,
            unmasked: None,
        })
    }
}

/// What the clerk asked for on the profile.
pub enum ProfileAction {
    /// Nothing.
    None,
    /// Back to the list.
    Back,
    /// Edit the record.
    Edit,
    /// Submit an application for this talent.
    Submit(ApplicationKind, String),
    /// Act on one of the person's cards.
    Card(Command),
}

/// The masked document number as lists and profiles show it.
pub fn masked_document(t: &Talent) -> String {
    DocumentNumber::parse(t.doc_type, t.doc_number.whole(), chrono::NaiveDate::MAX)
        .map(|d| d.masked())
        .unwrap_or_else(|_| "****".to_string())
}

fn row_ui(ui: &mut Ui, label: &str, value: &str) {
    ui.label(widgets::muted(ui, label));
    ui.label(value);
    ui.end_row();
}

/// The document number and phone as the profile shows them: masked, or in full after an
/// audited unmask.
fn personal_data(p: &Profile) -> (String, String) {
    let t = &p.talent;
    match &p.unmasked {
        Some(u) => (
            u.doc_number.whole().to_string(),
            if u.phone.is_empty() { "—".into() } else { u.phone.whole().to_string() },
        ),
        None => (masked_document(t), if t.phone.is_empty() { "—".into() } else { mask_phone(t.phone.whole()) }),
    }
}

/// Draws the profile. `can_unmask`: the user has the right to see personal data in full.
pub fn profile_ui(ui: &mut Ui, lang: Lang, p: &mut Profile, can_submit: bool, can_unmask: bool) -> ProfileAction {
    let t = &p.talent;
    let mut action = ProfileAction::None;
    ui.horizontal(|ui| {
        if ui.button(tr(lang, "talents.back")).clicked() {
            action = ProfileAction::Back;
        }
        ui.add_space(8.0);
        ui.label(RichText::new(&t.name).heading().strong());
        widgets::badge_ui(ui, &format!("{} {}", tr(lang, "talent.tier"), t.tier), theme::ACCENT);
        if t.merged_into.is_none() && ui.add(theme::primary_button(tr(lang, "talents.edit"))).clicked() {
            action = ProfileAction::Edit;
        }
    });
    if let Some(into) = t.merged_into {
        ui.label(
            RichText::new(crate::i18n::tr_args(lang, "talents.merged_into", &[("id", into.to_string())]))
                .color(theme::WARN),
        );
    }
    ui.add_space(8.0);
    let date = |d: Option<chrono::NaiveDate>| d.map(fmt_date).unwrap_or_else(|| "—".to_string());
    let (document, phone) = personal_data(p);
    ui.columns(2, |cols| {
        theme::card(cols[0].visuals()).show(&mut cols[0], |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "talents.record"));
            egui::Grid::new("profile_record").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
                row_ui(ui, &tr(lang, "talent.doc_type"), &tr(lang, t.doc_type.label_key()));
                row_ui(ui, &tr(lang, "talent.doc_number"), &document);
                row_ui(ui, &tr(lang, "talent.gender"), &tr(lang, t.gender.label_key()));
                row_ui(ui, &tr(lang, "talent.birth_date"), &fmt_date(t.birth_date));
                row_ui(ui, &tr(lang, "talent.nationality"), &t.nationality);
                row_ui(ui, &tr(lang, "talent.phone"), &phone);
                row_ui(ui, &tr(lang, "talent.email"), if t.email.is_empty() { "—" } else { &t.email });
                row_ui(ui, &tr(lang, "talent.education"), &t.education);
                row_ui(ui, &tr(lang, "talent.title"), &t.title);
                row_ui(ui, &tr(lang, "talent.field"), &t.field);
                row_ui(
                    ui,
                    &tr(lang, "talent.employer"),
                    if t.employer_name.is_empty() { "—" } else { &t.employer_name },
                );
                row_ui(ui, &tr(lang, "talent.zone"), &t.zone_name);
                row_ui(ui, &tr(lang, "talent.arrival_date"), &date(t.arrival_date));
                row_ui(ui, &tr(lang, "talent.recognised_until"), &date(t.recognised_until));
                row_ui(ui, &tr(lang, "talent.notes"), if t.notes.is_empty() { "—" } else { &t.notes });
            });
            if p.unmasked.is_some() {
                ui.label(widgets::muted(ui, &tr(lang, "unmask.shown")));
            } else if can_unmask {
                ui.horizontal(|ui| {
                    let button = egui::Button::new(tr(lang, "unmask.button")).small();
                    if ui.add(button).on_hover_text(tr(lang, "unmask.hint")).clicked() {
                        action = ProfileAction::Card(Command::UnmaskTalent { id: t.id });
                    }
                    ui.label(widgets::muted(ui, &tr(lang, "unmask.audited")));
                });
            } else {
                ui.label(widgets::muted(ui, &tr(lang, "unmask.masked")));
            }
        });
        let ui = &mut cols[1];
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "talents.services"));
            if p.cards.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "talents.no_card")));
            }
            let today = chrono::Local::now().date_naive();
            for card in &p.cards {
                let state = card.state_on(today);
                ui.horizontal(|ui| {
                    widgets::badge_ui(ui, &tr(lang, state.label_key()), state_color(state));
                    if ui.link(RichText::new(&card.number).monospace().strong()).clicked() {
                        action = ProfileAction::Card(Command::OpenCard { card_id: card.id });
                    }
                    ui.label(widgets::muted(
                        ui,
                        &crate::i18n::tr_args(lang, "cards.valid_until_line", &[("date", fmt_date(card.expires_on))]),
                    ));
                });
            }
            if !p.services.is_empty() {
                let names: Vec<&str> = p.services.iter().map(|s| s.name(lang)).collect();
                ui.horizontal_wrapped(|ui| {
                    ui.label(widgets::muted(ui, &tr(lang, "verify.services")));
                    ui.label(names.join("、"));
                });
            }
            if let Some(card) = p.cards.iter().find(|c| matches!(c.status, CardStatus::Active | CardStatus::Suspended))
            {
                ui.horizontal(|ui| {
                    if ui.button(tr(lang, "card.open")).clicked() {
                        action = ProfileAction::Card(Command::OpenCard { card_id: card.id });
                    }
                });
            }
            match p.leases.iter().find(|l| l.active) {
                Some(l) => {
                    ui.horizontal(|ui| {
                        widgets::badge_ui(ui, &tr(lang, "lease.active"), theme::INFO);
                        let unit = format!("{} {}栋 {}", l.project_name, l.building, l.unit);
                        if ui.link(unit).clicked() {
                            action = ProfileAction::Card(Command::OpenLease { id: l.id });
                        }
                        ui.label(widgets::muted(
                            ui,
                            &crate::i18n::tr_args(
                                lang,
                                "talents.lease_line",
                                &[
                                    ("rent", l.monthly_on(chrono::Local::now().date_naive()).to_string()),
                                    ("date", fmt_date(l.end_on)),
                                ],
                            ),
                        ));
                    });
                }
                None => {
                    ui.label(widgets::muted(ui, &tr(lang, "talents.no_lease")));
                }
            }
            if can_submit && t.merged_into.is_none() {
                ui.horizontal(|ui| {
                    let (from, to, monthly) = &mut p.subsidy;
                    ui.label(RichText::new(tr(lang, "subsidy.title")).strong());
                    for (text, key, width) in [
                        (&mut *from, "subsidy.from", 90.0),
                        (&mut *to, "subsidy.to", 90.0),
                        (&mut *monthly, "subsidy.monthly", 70.0),
                    ] {
                        let label = ui.label(tr(lang, key));
                        ui.add(egui::TextEdit::singleline(text).desired_width(width)).labelled_by(label.id);
                    }
                    let parsed = (
                        crate::domain::dates::parse_date(from),
                        crate::domain::dates::parse_date(to),
                        crate::domain::Fen::parse_non_negative(monthly),
                    );
                    if ui
                        .add_enabled(
                            matches!(parsed, (Ok(_), Ok(_), Ok(_))),
                            egui::Button::new(tr(lang, "subsidy.add_button")),
                        )
                        .clicked()
                        && let (Ok(from), Ok(to), Ok(monthly)) = parsed
                    {
                        action = ProfileAction::Card(Command::AddRentSubsidy { talent_id: t.id, from, to, monthly });
                    }
                });
            }
            if can_submit && t.merged_into.is_none() {
                ui.separator();
                ui.horizontal(|ui| {
                    let kind_label = ui.label(tr(lang, "review.kind"));
                    egui::ComboBox::from_id_salt("apply_kind")
                        .selected_text(tr(lang, p.apply_kind.label_key()))
                        .show_ui(ui, |ui| {
                            for kind in [
                                ApplicationKind::Recognition,
                                ApplicationKind::Card,
                                ApplicationKind::Apartment,
                                ApplicationKind::Grant,
                            ] {
                                ui.selectable_value(&mut p.apply_kind, kind, tr(lang, kind.label_key()));
                            }
                        })
                        .response
                        .labelled_by(kind_label.id);
                    let label = ui.label(tr(lang, "review.summary"));
                    ui.add(egui::TextEdit::singleline(&mut p.apply_summary).desired_width(200.0)).labelled_by(label.id);
                    if ui.add(theme::primary_button(tr(lang, "review.submit"))).clicked() {
                        action = ProfileAction::Submit(p.apply_kind, p.apply_summary.clone());
                    }
                });
            }
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        ledger_ui(ui, lang, &p.ledger, &p.catalogue, &mut action);
        ui.add_space(theme::SECTION_GAP / 2.0);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "talents.teams"));
            if p.teams.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "talents.no_teams")));
            }
            for (team, role) in &p.teams {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&team.name).strong());
                    ui.label(widgets::muted(
                        ui,
                        &format!("{role} · {} · {}", team.zone_name, fmt_date(team.introduced_on)),
                    ));
                });
            }
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "talents.history"));
            if p.history.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "talents.no_history")));
            }
            for entry in p.history.iter().take(20) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(widgets::muted(ui, &entry.at));
                    ui.label(RichText::new(tr(lang, &entry.action)).strong());
                    ui.label(widgets::muted(ui, &entry.username));
                    let changed = changed_fields(entry);
                    if !changed.is_empty() {
                        let names: Vec<String> = changed
                            .iter()
                            .map(|f| tr(lang, &format!("talent.{}", f.trim_end_matches("_id"))).into_owned())
                            .collect();
                        ui.label(names.join("、"));
                    }
                });
            }
        });
    });
    action
}

/// The fields whose values differ between an audit row's old and new JSON, sorted.
pub fn changed_fields(entry: &AuditEntry) -> Vec<String> {
    let (Some(old), Some(new)) = (&entry.old_value, &entry.new_value) else { return Vec::new() };
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) =
        (serde_json::from_str::<serde_json::Value>(old), serde_json::from_str::<serde_json::Value>(new))
    else {
        return Vec::new();
    };
    let mut fields: Vec<String> = new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect();
    fields.sort();
    fields
}

/// The entitlement ledger: services used, rent and its discount, grants against their caps,
/// subsidies, and any combination the policy forbids.
fn ledger_ui(ui: &mut Ui, lang: Lang, l: &Entitlements, catalogue: &[Service], action: &mut ProfileAction) {
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "ledger.title"));
        egui::Grid::new("ledger_grid").num_columns(2).spacing([18.0, 6.0]).show(ui, |ui| {
            ui.label(widgets::muted(ui, &tr(lang, "ledger.services")));
            let uses: Vec<String> = l
                .service_uses
                .iter()
                .map(|(code, n)| {
                    let name = catalogue.iter().find(|s| &s.code == code).map_or(code.as_str(), |s| s.name(lang));
                    crate::i18n::tr_args(lang, "ledger.uses", &[("name", name.to_string()), ("n", n.to_string())])
                })
                .collect();
            ui.label(if uses.is_empty() { tr(lang, "ledger.none").into_owned() } else { uses.join("、") });
            ui.end_row();
            ui.label(widgets::muted(ui, &tr(lang, "ledger.housing")));
            ui.label(crate::i18n::tr_args(
                lang,
                "ledger.rent",
                &[("charged", l.rent_charged.to_string()), ("discount", l.rent_discount.to_string())],
            ));
            ui.end_row();
            ui.label(widgets::muted(ui, &tr(lang, "ledger.grants")));
            ui.vertical(|ui| {
                if l.grants.is_empty() {
                    ui.label(tr(lang, "ledger.none"));
                }
                for g in &l.grants {
                    let text = match (g.award, g.cap) {
                        (Some(award), Some(cap)) => crate::i18n::tr_args(
                            lang,
                            "ledger.grant_line",
                            &[
                                ("project", g.project.clone()),
                                ("award", award.to_string()),
                                ("cap", cap.to_string()),
                                ("paid", g.paid.to_string()),
                            ],
                        ),
                        _ => format!("{} · {}", g.project, tr(lang, "grant.status.in_review")),
                    };
                    if ui.link(text).clicked() {
                        *action = ProfileAction::Card(Command::OpenGrant { id: g.id });
                    }
                }
            });
            ui.end_row();
            if !l.subsidies.is_empty() {
                ui.label(widgets::muted(ui, &tr(lang, "subsidy.title")));
                let lines: Vec<String> =
                    l.subsidies.iter().map(|(f, t, m)| format!("{} – {} · {m}", fmt_date(*f), fmt_date(*t))).collect();
                ui.label(lines.join("\n"));
                ui.end_row();
            }
            ui.label(widgets::muted(ui, &tr(lang, "ledger.conflicts")));
            if l.conflicts.is_empty() {
                ui.label(RichText::new(tr(lang, "ledger.no_conflict")).color(theme::OK));
            } else {
                ui.vertical(|ui| {
                    for m in &l.conflicts {
                        ui.label(RichText::new(crate::domain::Problem::text(m, lang)).color(theme::ERROR));
                    }
                });
            }
            ui.end_row();
        });
    });
}
