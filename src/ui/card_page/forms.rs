//! The card page's two forms: an attached card for a family member, and a logged use of a
//! service. Errors show at the field; nothing is sent until the form is valid.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::{CardPage, refusal_ui};
use crate::domain::DocumentType;
use crate::domain::Problem;
use crate::domain::card::CardState;
use crate::domain::dates::fmt_date;
use crate::domain::family::{FamilyField, Relation, parse_family_member, parse_service_use};
use crate::i18n::{Lang, tr, tr_args};
use crate::ui::cards::state_color;
use crate::ui::command::Command;
use crate::ui::{theme, widgets};

/// The attached cards and, when the tier allows them, the form for a new one.
pub(super) fn family_ui(
    ui: &mut Ui,
    lang: Lang,
    page: &mut CardPage,
    can_act: bool,
    today: NaiveDate,
) -> Option<Command> {
    let mut command = None;
    let main_state = page.card.state_on(today);
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "family.title"));
        if page.family.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "family.none")));
        }
        for f in page.family.clone() {
            let state = f.state_on(main_state, today);
            ui.horizontal(|ui| {
                widgets::badge_ui(ui, &tr(lang, state.label_key()), state_color(state));
                ui.label(RichText::new(&f.number).monospace());
                ui.label(RichText::new(&f.name).strong());
                ui.label(widgets::muted(ui, &tr(lang, f.relation.label_key())));
                if can_act && f.cancelled_on.is_none() {
                    if ui.small_button(tr(lang, "print.reprint")).clicked() {
                        command = Some(Command::RequestReprint {
                            card_id: page.card.id,
                            family_card_id: Some(f.id),
                            reason: page.reason.clone(),
                        });
                    }
                    if ui.small_button(tr(lang, "family.cancel")).on_hover_text(tr(lang, "card.actions_hint")).clicked()
                    {
                        command = Some(Command::CancelFamilyCard { id: f.id, reason: page.reason.clone() });
                    }
                }
            });
        }
        if !can_act || main_state != CardState::Valid {
            return;
        }
        if !page.family_allowed {
            ui.label(widgets::muted(ui, &tr(lang, "family.not_for_tier")));
            return;
        }
        ui.separator();
        let parsed = parse_family_member(&page.family_input, today);
        let errors = if page.family_tried { parsed.as_ref().err().cloned().unwrap_or_default() } else { Vec::new() };
        let shown = |field: FamilyField| errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m.text(lang));
        let input = &mut page.family_input;
        ui.horizontal(|ui| {
            let label = widgets::form_label_ui(ui, &tr(lang, "family.relation"));
            egui::ComboBox::from_id_salt("family_relation")
                .selected_text(tr(lang, input.relation.label_key()))
                .show_ui(ui, |ui| {
                    for r in Relation::ALL {
                        ui.selectable_value(&mut input.relation, r, tr(lang, r.label_key()));
                    }
                })
                .response
                .labelled_by(label.id);
        });
        widgets::field_row_ui(ui, &tr(lang, "family.name"), shown(FamilyField::Name).as_deref(), |ui| {
            ui.add(widgets::text_field(&mut input.name))
        });
        ui.horizontal(|ui| {
            let label = widgets::form_label_ui(ui, &tr(lang, "talent.doc_type"));
            egui::ComboBox::from_id_salt("family_doc_type")
                .selected_text(tr(lang, input.doc_type.label_key()))
                .show_ui(ui, |ui| {
                    for kind in DocumentType::ALL {
                        ui.selectable_value(&mut input.doc_type, kind, tr(lang, kind.label_key()));
                    }
                })
                .response
                .labelled_by(label.id);
        });
        widgets::field_row_ui(ui, &tr(lang, "talent.doc_number"), shown(FamilyField::Document).as_deref(), |ui| {
            ui.add(widgets::text_field(&mut input.doc_number).font(egui::TextStyle::Monospace))
        });
        widgets::field_row_ui(ui, &tr(lang, "talent.birth_date"), shown(FamilyField::BirthDate).as_deref(), |ui| {
            ui.add(widgets::text_field(&mut input.birth_date).hint_text(tr(lang, "family.birth_hint")))
        });
        ui.horizontal(|ui| {
            widgets::label_indent_ui(ui);
            if ui.add(theme::primary_button(tr(lang, "family.issue"))).clicked() {
                page.family_tried = true;
                if let Ok(member) = parsed {
                    command = Some(Command::AttachFamilyCard { card_id: page.card.id, member: Box::new(member) });
                }
            }
        });
    });
    ui.add_space(theme::SECTION_GAP / 2.0);
    command
}

/// Entitlements with their use counts, the log of uses, and the form to log one.
pub(super) fn services_ui(ui: &mut Ui, lang: Lang, page: &mut CardPage, can_log: bool) -> Option<Command> {
    let mut command = None;
    theme::card(ui.visuals()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        widgets::section_heading_ui(ui, &tr(lang, "talents.services"));
        if page.card.state_on(chrono::Local::now().date_naive()) != CardState::Valid {
            ui.label(RichText::new(tr(lang, "service.card_not_valid_now")).color(theme::WARN));
        }
        if page.entitled.is_empty() {
            ui.label(widgets::muted(ui, &tr(lang, "service.none_entitled")));
        }
        egui::Grid::new("entitlements").num_columns(2).spacing([24.0, 4.0]).show(ui, |ui| {
            for s in &page.entitled {
                let n = page.uses.iter().filter(|u| u.service == s.code).count();
                ui.label(s.name(lang));
                ui.label(widgets::muted(ui, &tr_args(lang, "service.used_times", &[("n", n.to_string())])));
                ui.end_row();
            }
        });
        if can_log && !page.entitled.is_empty() {
            ui.separator();
            let input = &mut page.use_input;
            ui.horizontal(|ui| {
                let label = widgets::form_label_ui(ui, &tr(lang, "service.service"));
                let selected =
                    page.entitled.iter().find(|s| s.code == input.service).map_or("—", |s| s.name(lang)).to_string();
                egui::ComboBox::from_id_salt("use_service")
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for s in &page.entitled {
                            ui.selectable_value(&mut input.service, s.code.clone(), s.name(lang));
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            widgets::field_row_ui(ui, &tr(lang, "service.used_on"), None, |ui| {
                ui.add(widgets::text_field(&mut input.used_on))
            });
            widgets::field_row_ui(ui, &tr(lang, "service.provider"), None, |ui| {
                ui.add(widgets::text_field(&mut input.provider).hint_text(tr(lang, "service.provider_hint")))
            });
            widgets::field_row_ui(ui, &tr(lang, "service.note"), None, |ui| {
                ui.add(widgets::text_field(&mut input.note))
            });
            ui.horizontal(|ui| {
                widgets::label_indent_ui(ui);
                if ui.add(theme::primary_button(tr(lang, "service.log"))).clicked() {
                    match parse_service_use(input, chrono::Local::now().date_naive()) {
                        Ok(u) => {
                            page.use_error = None;
                            command = Some(Command::LogServiceUse { card_id: page.card.id, service_use: Box::new(u) });
                        }
                        Err(m) => page.use_error = Some(m),
                    }
                }
            });
            refusal_ui(ui, lang, &page.use_error);
        }
        if !page.uses.is_empty() {
            ui.separator();
            ui.label(RichText::new(tr(lang, "service.log_title")).strong());
            for u in page.uses.iter().take(50) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(widgets::muted(ui, &fmt_date(u.used_on)));
                    ui.label(RichText::new(page.service_name(&u.service, lang)).strong());
                    ui.label(&u.provider);
                    if !u.note.is_empty() {
                        ui.label(widgets::muted(ui, &u.note));
                    }
                    ui.label(widgets::muted(ui, &u.username));
                });
            }
        }
    });
    ui.add_space(theme::SECTION_GAP / 2.0);
    command
}
