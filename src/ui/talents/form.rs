//! The talent form (new and edit): keyboard first, every field parsed when the clerk
//! leaves it, errors at the field in the current language, Save enabled only when the
//! whole record is valid. The store checks the same rules again. Editing keeps the stored
//! document number and phone masked (unless the profile unmasked them): the clerk keeps
//! them as they are or types them anew.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use crate::domain::talent::{FieldErrors, TalentField, TalentInput, parse_talent};
use crate::domain::{DocumentNumber, DocumentType, Gender, Message, Problem, TierCode};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Employer, Store, Zone};
use crate::ui::command::Command;
use crate::ui::{theme, widgets};

/// What the form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormMode {
    /// Registering a new talent.
    New,
    /// Editing the talent with this id.
    Edit(i64),
}

/// The form's state.
pub struct TalentForm {
    /// New or edit.
    pub mode: FormMode,
    input: TalentInput,
    touched: BTreeSet<TalentField>,
    tried_to_save: bool,
    /// Who already holds the typed document, found when the number field was left.
    holder: Option<(i64, String)>,
    employer_filter: String,
    focus_first: bool,
    /// A refusal from the store (shown above the buttons).
    pub error: Option<Message>,
    /// The stored document number, kept but shown masked until typed anew.
    masked_doc: bool,
    /// The stored phone, likewise.
    masked_phone: bool,
}

/// What the form asks of its screen after a frame.
pub enum FormOutcome {
    /// Nothing.
    None,
    /// The clerk cancelled.
    Cancel,
}

/// The lists the form's choices come from.
pub struct Choices<'a> {
    /// Zones.
    pub zones: &'a [Zone],
    /// Employers.
    pub employers: &'a [Employer],
    /// Tier codes with names.
    pub tiers: &'a [(TierCode, String)],
    /// Fields (shortage catalogue and the usual clusters).
    pub fields: &'a [String],
}

impl TalentForm {
    /// An empty form for a new talent (nationality 中国, resident ID preselected).
    pub fn new_talent() -> TalentForm {
        TalentForm::with_input(
            FormMode::New,
            TalentInput {
                doc_type: Some(DocumentType::ResidentId),
                nationality: "中国".to_string(),
                ..TalentInput::default()
            },
        )
    }

    /// A form filled with a stored record, for editing; `shown`: the document number and
    /// phone were unmasked (audited) and may show in full.
    pub fn edit(id: i64, input: TalentInput, shown: bool) -> TalentForm {
        let masked_phone = !shown && !input.phone.is_empty();
        let mut form = TalentForm::with_input(FormMode::Edit(id), input);
        form.masked_doc = !shown;
        form.masked_phone = masked_phone;
        form
    }

    fn with_input(mode: FormMode, input: TalentInput) -> TalentForm {
        TalentForm {
            mode,
            input,
            touched: BTreeSet::new(),
            tried_to_save: false,
            holder: None,
            employer_filter: String::new(),
            focus_first: true,
            error: None,
            masked_doc: false,
            masked_phone: false,
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::Local::now().date_naive()
    }

    fn errors(&self, tiers: &[TierCode]) -> FieldErrors {
        let mut errors = parse_talent(&self.input, tiers, Self::today()).err().unwrap_or_default();
        if let Some((id, name)) = &self.holder
            && !errors.iter().any(|(f, _)| *f == TalentField::DocNumber)
        {
            errors.push((
                TalentField::DocNumber,
                Message { key: "store.document_taken", args: vec![("id", id.to_string()), ("name", name.clone())] },
            ));
        }
        errors
    }

    /// When the number field is left: look up who holds it, and fill birth date and gender
    /// from a resident ID when they are still empty.
    fn on_doc_number_left(&mut self, store: &Store) {
        let Some(kind) = self.input.doc_type else { return };
        let Ok(doc) = DocumentNumber::parse(kind, &self.input.doc_number, Self::today()) else {
            self.holder = None;
            return;
        };
        self.input.doc_number = doc.as_str().to_string();
        let own = match self.mode {
            FormMode::Edit(id) => Some(id),
            FormMode::New => None,
        };
        self.holder = store.document_holder(kind, doc.as_str()).ok().flatten().filter(|(id, _)| Some(*id) != own);
        if let Some(id) = doc.resident_id() {
            if self.input.birth_date.trim().is_empty() {
                self.input.birth_date = crate::domain::dates::fmt_date(id.birth_date());
            }
            if self.input.gender.is_none() {
                self.input.gender = Some(id.gender());
            }
        }
    }

    fn save(&mut self, tiers: &[TierCode], commands: &mut Vec<Command>) {
        self.tried_to_save = true;
        if self.holder.is_some() {
            return;
        }
        if let Ok(talent) = parse_talent(&self.input, tiers, Self::today()) {
            let id = match self.mode {
                FormMode::New => None,
                FormMode::Edit(id) => Some(id),
            };
            commands.push(Command::SaveTalent { id, talent: Box::new(talent) });
        }
    }

    /// Draws the form; pushes a save command when the clerk saves a valid record.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        store: &Store,
        choices: &Choices<'_>,
        commands: &mut Vec<Command>,
    ) -> FormOutcome {
        let tier_codes: Vec<TierCode> = choices.tiers.iter().map(|(c, _)| c.clone()).collect();
        let errors = self.errors(&tier_codes);
        let visible: BTreeSet<TalentField> =
            if self.tried_to_save { TalentField::ALL.into_iter().collect() } else { self.touched.clone() };
        let shown = |field: TalentField| -> Option<String> {
            if !visible.contains(&field) {
                return None;
            }
            errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m.text(lang))
        };
        let title = match self.mode {
            FormMode::New => tr(lang, "talents.new"),
            FormMode::Edit(_) => tr(lang, "talents.edit"),
        };
        widgets::page_heading_ui(ui, &title, &tr(lang, "talents.form_hint"));
        let mut left: Vec<(TalentField, bool)> = Vec::new();
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width().min(1100.0));
            egui::Grid::new("talent_form").num_columns(2).spacing([36.0, 4.0]).show(ui, |ui| {
                let pairs = [
                    (TalentField::Name, TalentField::DocType),
                    (TalentField::DocNumber, TalentField::Gender),
                    (TalentField::BirthDate, TalentField::Nationality),
                    (TalentField::Phone, TalentField::Email),
                    (TalentField::Education, TalentField::Title),
                    (TalentField::Field, TalentField::Tier),
                    (TalentField::Employer, TalentField::Zone),
                    (TalentField::ArrivalDate, TalentField::RecognisedUntil),
                ];
                for (a, b) in pairs {
                    for field in [a, b] {
                        ui.vertical(|ui| {
                            let error = shown(field);
                            let response =
                                widgets::field_row_ui(ui, &tr(lang, field.label_key()), error.as_deref(), |ui| {
                                    self.field_ui(ui, lang, field, choices)
                                });
                            if field == TalentField::Name && self.focus_first {
                                response.request_focus();
                                self.focus_first = false;
                            }
                            left.push((field, response.lost_focus() || response.changed() && !is_text(field)));
                        });
                    }
                    ui.end_row();
                }
            });
            let error = shown(TalentField::Notes);
            let notes = widgets::field_row_ui(ui, &tr(lang, "talent.notes"), error.as_deref(), |ui| {
                ui.add(egui::TextEdit::multiline(&mut self.input.notes).desired_rows(2).desired_width(760.0))
            });
            left.push((TalentField::Notes, notes.lost_focus()));
        });
        for (field, was_left) in left {
            if was_left {
                self.touched.insert(field);
                if field == TalentField::DocNumber || field == TalentField::DocType {
                    self.on_doc_number_left(store);
                }
            }
        }
        ui.add_space(8.0);
        if let Some(error) = &self.error {
            ui.label(RichText::new(error.text(lang)).color(theme::ERROR));
        }
        let valid = errors.is_empty();
        let mut outcome = FormOutcome::None;
        ui.horizontal(|ui| {
            if ui.add_enabled(valid, theme::primary_button(tr(lang, "common.save"))).clicked() {
                self.save(&tier_codes, commands);
            }
            if ui.button(tr(lang, "common.cancel")).clicked() {
                outcome = FormOutcome::Cancel;
            }
            if !valid && self.tried_to_save {
                ui.label(
                    RichText::new(tr_args(lang, "talents.fix_fields", &[("n", errors.len().to_string())]))
                        .color(theme::ERROR),
                );
            } else {
                ui.label(widgets::muted(ui, &tr(lang, "talents.keys_hint")));
            }
        });
        let (enter, escape) =
            ui.input(|i| (i.key_pressed(egui::Key::Enter) && !i.modifiers.shift, i.key_pressed(egui::Key::Escape)));
        if escape {
            outcome = FormOutcome::Cancel;
        } else if enter && !ui.ctx().egui_wants_keyboard_input() {
            self.save(&tier_codes, commands);
        }
        outcome
    }

    fn field_ui(&mut self, ui: &mut Ui, lang: Lang, field: TalentField, choices: &Choices<'_>) -> egui::Response {
        if field == TalentField::DocNumber && self.masked_doc {
            let shown = self.input.doc_type.map_or_else(
                || "****".to_string(),
                |kind| crate::domain::id_number::mask_stored(kind, &self.input.doc_number),
            );
            return masked_field_ui(ui, lang, field, &shown, &mut self.masked_doc, &mut self.input.doc_number);
        }
        if field == TalentField::Phone && self.masked_phone {
            let shown = crate::domain::id_number::mask_phone(&self.input.phone);
            return masked_field_ui(ui, lang, field, &shown, &mut self.masked_phone, &mut self.input.phone);
        }
        let input = &mut self.input;
        fn text(s: &mut String) -> egui::TextEdit<'_> {
            egui::TextEdit::singleline(s).desired_width(theme::FIELD_WIDTH).char_limit(120)
        }
        match field {
            TalentField::Name => ui.add(text(&mut input.name)),
            TalentField::DocNumber => ui.add(text(&mut input.doc_number).font(egui::TextStyle::Monospace)),
            TalentField::BirthDate => ui.add(text(&mut input.birth_date).hint_text("YYYY-MM-DD")),
            TalentField::Nationality => ui.add(text(&mut input.nationality)),
            TalentField::Phone => ui.add(text(&mut input.phone)),
            TalentField::Email => ui.add(text(&mut input.email)),
            TalentField::Education => ui.add(text(&mut input.education).hint_text("博士研究生")),
            TalentField::Title => ui.add(text(&mut input.title).hint_text("正高级")),
            TalentField::ArrivalDate => ui.add(text(&mut input.arrival_date).hint_text("YYYY-MM-DD")),
            TalentField::RecognisedUntil => ui.add(text(&mut input.recognised_until).hint_text("YYYY-MM-DD")),
            TalentField::Notes => ui.add(egui::TextEdit::multiline(&mut input.notes)),
            TalentField::DocType => {
                let selected = input.doc_type.map_or_else(|| tr(lang, "common.choose"), |d| tr(lang, d.label_key()));
                egui::ComboBox::from_id_salt("doc_type")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for kind in DocumentType::ALL {
                            ui.selectable_value(&mut input.doc_type, Some(kind), tr(lang, kind.label_key()));
                        }
                    })
                    .response
            }
            TalentField::Gender => {
                let response = ui.horizontal(|ui| {
                    let mut changed = false;
                    for g in [Gender::Male, Gender::Female] {
                        changed |= ui.radio_value(&mut input.gender, Some(g), tr(lang, g.label_key())).changed();
                    }
                    changed
                });
                let mut r = response.response;
                if response.inner {
                    r.mark_changed();
                }
                r
            }
            TalentField::Tier => {
                let selected = choices
                    .tiers
                    .iter()
                    .find(|(c, _)| c.as_str() == input.tier)
                    .map_or_else(|| tr(lang, "common.choose").into_owned(), |(c, n)| format!("{c} {n}"));
                egui::ComboBox::from_id_salt("tier")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for (code, name) in choices.tiers {
                            ui.selectable_value(&mut input.tier, code.as_str().to_string(), format!("{code} {name}"));
                        }
                    })
                    .response
            }
            TalentField::Field => {
                let selected =
                    if input.field.is_empty() { tr(lang, "common.choose").into_owned() } else { input.field.clone() };
                egui::ComboBox::from_id_salt("field")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for f in choices.fields {
                            ui.selectable_value(&mut input.field, f.clone(), f);
                        }
                    })
                    .response
            }
            TalentField::Zone => {
                let selected = choices
                    .zones
                    .iter()
                    .find(|z| Some(z.id) == input.zone_id)
                    .map_or_else(|| tr(lang, "common.choose").into_owned(), |z| z.name.clone());
                egui::ComboBox::from_id_salt("zone")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        for z in choices.zones {
                            ui.selectable_value(&mut input.zone_id, Some(z.id), &z.name);
                        }
                    })
                    .response
            }
            TalentField::Employer => {
                let selected = choices
                    .employers
                    .iter()
                    .find(|e| Some(e.id) == input.employer_id)
                    .map_or_else(|| tr(lang, "talents.no_employer").into_owned(), |e| e.name.clone());
                let filter = &mut self.employer_filter;
                let mut picked = None;
                let response = egui::ComboBox::from_id_salt("employer")
                    .width(theme::FIELD_WIDTH - 8.0)
                    .selected_text(selected)
                    .show_ui(ui, |ui| {
                        ui.add(egui::TextEdit::singleline(filter).hint_text(tr(lang, "talents.filter_employers")));
                        if ui.selectable_label(input.employer_id.is_none(), tr(lang, "talents.no_employer")).clicked() {
                            picked = Some(None);
                        }
                        let needle = filter.trim();
                        for e in
                            choices.employers.iter().filter(|e| needle.is_empty() || e.name.contains(needle)).take(100)
                        {
                            if ui.selectable_label(input.employer_id == Some(e.id), &e.name).clicked() {
                                picked = Some(Some(e));
                            }
                        }
                    })
                    .response;
                if let Some(choice) = picked {
                    input.employer_id = choice.map(|e| e.id);
                    if let Some(e) = choice {
                        // The employer's zone is the usual answer; the clerk can still change it.
                        input.zone_id = Some(e.zone_id);
                    }
                    let mut r = response;
                    r.mark_changed();
                    return r;
                }
                response
            }
        }
    }
}

/// A stored value shown masked, with 重新填写 to type it anew (the stored value is kept
/// until then, so saving without touching it changes nothing).
fn masked_field_ui(
    ui: &mut Ui,
    lang: Lang,
    field: TalentField,
    shown: &str,
    masked: &mut bool,
    value: &mut String,
) -> egui::Response {
    ui.horizontal(|ui| {
        ui.add_sized([theme::FIELD_WIDTH - 90.0, 22.0], egui::Label::new(RichText::new(shown).monospace()));
        let name = format!("{}{}", tr(lang, "unmask.retype"), tr(lang, field.label_key()));
        if ui.small_button(tr(lang, "unmask.retype")).accessible_name(name).clicked() {
            value.clear();
            *masked = false;
        }
    })
    .response
}

fn is_text(field: TalentField) -> bool {
    !matches!(
        field,
        TalentField::DocType
            | TalentField::Gender
            | TalentField::Tier
            | TalentField::Field
            | TalentField::Zone
            | TalentField::Employer
    )
}
