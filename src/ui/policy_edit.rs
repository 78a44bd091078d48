//! 设置 → 政策 → 新建版本 (administrators): the policy as a form, filled from the latest
//! version, saved as a new version with an effective date. Every value is checked as it is
//! typed and a problem shows under its field; below the form, what would change.

use egui::{RichText, Ui};

use super::command::Command;
use super::policy_panel::changes_ui;
use super::{View, theme, widgets};
use crate::domain::dates::fmt_date;
use crate::domain::policy_form::{FieldErrors, PolicyDraft, PolicyField, TierDraft, error_at};
use crate::domain::{Message, PolicyVersion, Problem};
use crate::i18n::{Lang, tr, tr_args};

/// The editor's form.
#[derive(Default)]
pub struct PolicyEditor {
    draft: Option<PolicyDraft>,
    /// The version the draft was filled from.
    base: i64,
    /// How many tiers the base version had: their codes stay (talents hold them).
    kept_tiers: usize,
    /// The store's refusal of the last save.
    pub error: Option<Message>,
}

/// The tier table's columns: the heading's key, the width of the column, and whether it
/// holds a figure (its heading and fields right-aligned).
const COLUMNS: [(&str, f32, bool); 11] = [
    ("policy.tier", 44.0, false),
    ("policy.name_zh", 150.0, false),
    ("policy.name_en", 196.0, false),
    ("policy.edit.validity_years", 84.0, true),
    ("policy.rent", 84.0, true),
    ("policy.edit.after_years", 64.0, true),
    ("policy.edit.after_share", 64.0, true),
    ("policy.edit.grant_cap_yuan", 120.0, true),
    ("policy.family", 48.0, false),
    ("policy.services", 96.0, false),
    ("", 56.0, false),
];

/// The space before the first column (the row's inner margin).
const ROW_PAD: f32 = 6.0;

/// A cell of the tier table: `width` wide, its content left-aligned and centred in height.
fn cell(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui)) {
    aligned_cell(ui, width, egui::Layout::left_to_right(egui::Align::Center), add);
}

fn aligned_cell(ui: &mut Ui, width: f32, layout: egui::Layout, add: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(egui::vec2(width, 24.0), layout, |ui| {
        ui.set_min_width(width);
        add(ui);
    });
}

fn text_cell(ui: &mut Ui, text: &mut String, width: f32, name: &str) {
    let r = ui.add_sized([width, 24.0], egui::TextEdit::singleline(text).char_limit(40));
    widgets::accessible_name(ui, &r, name);
}

/// A text cell for a figure (years, a share, yuan): typed and shown right-aligned, as the
/// policy in force shows it.
fn number_cell(ui: &mut Ui, text: &mut String, width: f32, name: &str) {
    let field = egui::TextEdit::singleline(text).char_limit(40).align(egui::Align2::RIGHT_TOP);
    let r = ui.add_sized([width, 24.0], field);
    widgets::accessible_name(ui, &r, name);
}

/// The problems of tier row `i`, each on a line of its own under the row, starting under
/// its field (so it names the field by where it stands and may run past the narrow column).
fn row_errors_ui(ui: &mut Ui, lang: Lang, errors: &FieldErrors, i: usize) {
    let fields = [
        PolicyField::TierCode(i),
        PolicyField::TierNameZh(i),
        PolicyField::TierNameEn(i),
        PolicyField::Validity(i),
        PolicyField::Rent(i),
        PolicyField::RentAfterYears(i),
        PolicyField::RentAfterShare(i),
        PolicyField::GrantCap(i),
    ];
    for (col, field) in fields.into_iter().enumerate() {
        let Some(m) = error_at(errors, field) else { continue };
        ui.horizontal(|ui| {
            let before: f32 = COLUMNS[..col].iter().map(|(_, w, _)| w + ui.spacing().item_spacing.x).sum();
            ui.add_space(before);
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.spacing_mut().interact_size.y = 16.0;
            ui.label(RichText::new("↑").small().color(theme::ERROR));
            ui.label(RichText::new(m.text(lang)).small().color(theme::ERROR));
        });
    }
}

impl PolicyEditor {
    /// Forgets the form (after a version was saved).
    pub fn clear(&mut self) {
        *self = PolicyEditor::default();
    }

    /// Draws the editor; `latest` is the version the form starts from.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, latest: &PolicyVersion) {
        let lang = view.lang;
        let today = crate::ui::clock::today();
        let earliest = view.cache.earliest_policy.unwrap_or(today);
        if self.draft.is_none() {
            self.draft = Some(PolicyDraft::of(&latest.policy, earliest.max(latest.effective_from)));
            self.base = latest.id;
            self.kept_tiers = latest.policy.tiers.len();
        }
        let Some(draft) = self.draft.as_mut() else { return };
        let parsed = draft.parse(today, earliest);
        let versions = &view.cache.policy_versions;
        let typed = crate::domain::dates::parse_date(&draft.effective_from).ok();
        // A date before a version still to come: the form may carry that version's values
        // from too early, and the one to come replaces this one on its own date.
        let in_force_then = typed.and_then(|d| crate::domain::policy::in_force(versions, d));
        let next =
            typed.and_then(|d| versions.iter().filter(|v| v.effective_from > d).min_by_key(|v| v.effective_from));
        let mut rebase = None;
        let errors: FieldErrors = parsed.as_ref().err().cloned().unwrap_or_default();
        let err = |field| error_at(&errors, field).map(|m| m.text(lang));
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.edit.title"));
            ui.label(widgets::muted(
                ui,
                &tr_args(
                    lang,
                    "policy.edit.based_on",
                    &[("id", self.base.to_string()), ("earliest", fmt_date(earliest))],
                ),
            ));
            ui.add_space(4.0);
            widgets::field_row_ui(
                ui,
                &tr(lang, "policy.edit.effective_from"),
                err(PolicyField::EffectiveFrom).as_deref(),
                |ui| ui.add(widgets::text_field(&mut draft.effective_from)),
            );
            if let Some(next) = next {
                let args = [("id", next.id.to_string()), ("date", fmt_date(next.effective_from))];
                ui.horizontal_wrapped(|ui| {
                    widgets::label_indent_ui(ui);
                    ui.label(RichText::new(tr_args(lang, "policy.edit.superseded", &args)).color(theme::WARN));
                });
            }
            if let Some(then) = in_force_then.filter(|v| v.id != self.base) {
                let args = [("id", then.id.to_string()), ("base", self.base.to_string())];
                ui.horizontal(|ui| {
                    widgets::label_indent_ui(ui);
                    if ui.button(tr_args(lang, "policy.edit.rebase", &args)).clicked() {
                        rebase = Some(then.clone());
                    }
                });
            }
            widgets::field_row_ui(ui, &tr(lang, "policy.edit.note"), None, |ui| {
                ui.add(widgets::text_field(&mut draft.note).desired_width(420.0))
            });
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.edit.tiers"));
            ui.label(widgets::muted(ui, &tr(lang, "policy.edit.after_hint")));
            widgets::field_error_ui(ui, err(PolicyField::Tiers).as_deref());
            self.tiers_ui(ui, view, &errors);
        });
        let Some(draft) = self.draft.as_mut() else { return };
        ui.add_space(theme::SECTION_GAP / 2.0);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.edit.terms"));
            for (key, unit, field, text) in [
                ("policy.renewal_window", "policy.unit_days", PolicyField::RenewalWindow, &mut draft.renewal_window),
                ("policy.renewal_grace", "policy.unit_days", PolicyField::RenewalGrace, &mut draft.renewal_grace),
                ("policy.term_cap", "policy.unit_years", PolicyField::TermCap, &mut draft.term_cap),
                ("policy.exit_period", "policy.unit_months", PolicyField::ExitMonths, &mut draft.exit_months),
                // The share is typed with its own "%" (as in the tier table): no unit after it.
                ("policy.reward_share", "", PolicyField::RewardShare, &mut draft.reward_share),
            ] {
                ui.horizontal(|ui| {
                    widgets::key_label_ui(ui, &tr(lang, key));
                    let edit = egui::TextEdit::singleline(text).desired_width(90.0).char_limit(12);
                    let r = ui.add(edit.align(egui::Align2::RIGHT_TOP));
                    widgets::accessible_name(ui, &r, &tr(lang, key));
                    if !unit.is_empty() {
                        ui.label(widgets::muted(ui, &tr(lang, unit)));
                    }
                    widgets::field_error_ui(ui, err(field).as_deref());
                });
            }
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        let mut reset = false;
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.edit.preview"));
            match &parsed {
                Ok((from, policy)) => {
                    let before = crate::domain::policy::in_force(&view.cache.policy_versions, *from).unwrap_or(latest);
                    ui.label(widgets::muted(
                        ui,
                        &tr_args(
                            lang,
                            "policy.edit.compared",
                            &[("id", before.id.to_string()), ("date", fmt_date(*from))],
                        ),
                    ));
                    changes_ui(ui, lang, &view.cache.services, &before.policy, policy);
                }
                Err(errors) => {
                    let n = errors.len().to_string();
                    ui.label(RichText::new(tr_args(lang, "policy.edit.fix_first", &[("n", n)])).color(theme::ERROR));
                }
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let save = ui.add_enabled(parsed.is_ok(), theme::primary_button(tr(lang, "policy.edit.save")));
                if save.clicked()
                    && let Ok((effective_from, policy)) = &parsed
                {
                    self.error = None;
                    view.commands.push(Command::AddPolicyVersion {
                        effective_from: *effective_from,
                        policy: Box::new(policy.clone()),
                        note: draft.note.clone(),
                    });
                }
                reset = ui.button(tr(lang, "policy.edit.reset")).clicked();
            });
            if let Some(m) = &self.error {
                ui.label(RichText::new(m.text(lang)).color(theme::ERROR));
            }
        });
        if reset {
            self.clear();
        }
        if let Some(v) = rebase {
            // The version in force on the typed date becomes the draft; the date and the
            // reason typed stay.
            let old = self.draft.take().unwrap_or_default();
            self.draft = Some(PolicyDraft {
                effective_from: old.effective_from,
                note: old.note,
                ..PolicyDraft::of(&v.policy, v.effective_from)
            });
            self.base = v.id;
            self.kept_tiers = v.policy.tiers.len();
        }
    }

    fn tiers_ui(&mut self, ui: &mut Ui, view: &View<'_>, errors: &FieldErrors) {
        let lang = view.lang;
        let kept = self.kept_tiers;
        let Some(draft) = self.draft.as_mut() else { return };
        let mut remove = None;
        // Columns of fixed width, so a problem can show on a line of its own under the row
        // (a grid cell would wrap it into a narrow column and stretch the row).
        ui.horizontal(|ui| {
            ui.add_space(ROW_PAD);
            for (key, width, figure) in COLUMNS {
                let text = if key.is_empty() { String::new() } else { tr(lang, key).into_owned() };
                let layout = if figure {
                    egui::Layout::right_to_left(egui::Align::Center)
                } else {
                    egui::Layout::left_to_right(egui::Align::Center)
                };
                aligned_cell(ui, width, layout, |ui| {
                    ui.add(egui::Label::new(RichText::new(text).strong()).wrap());
                });
            }
        });
        for (i, t) in draft.tiers.iter_mut().enumerate() {
            let who = if t.code.trim().is_empty() { format!("#{}", i + 1) } else { t.code.trim().to_string() };
            let name = |key: &str| {
                tr_args(lang, "policy.edit.cell", &[("tier", who.clone()), ("field", tr(lang, key).into_owned())])
            };
            let fill = if i % 2 == 0 { ui.visuals().faint_bg_color } else { egui::Color32::TRANSPARENT };
            egui::Frame::new().fill(fill).inner_margin(egui::Margin::symmetric(ROW_PAD as i8, 3)).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    let [code, zh, en, validity, rent, years, share, cap, ..] = COLUMNS.map(|(_, w, _)| w);
                    if i < kept {
                        cell(ui, code, |ui| {
                            ui.strong(&t.code);
                        });
                    } else {
                        text_cell(ui, &mut t.code, code, &name("policy.tier"));
                    }
                    text_cell(ui, &mut t.name_zh, zh, &name("policy.name_zh"));
                    text_cell(ui, &mut t.name_en, en, &name("policy.name_en"));
                    number_cell(ui, &mut t.validity, validity, &name("policy.validity"));
                    number_cell(ui, &mut t.rent, rent, &name("policy.rent"));
                    number_cell(ui, &mut t.after_years, years, &name("policy.edit.after_years"));
                    number_cell(ui, &mut t.after_share, share, &name("policy.edit.after_share"));
                    number_cell(ui, &mut t.grant_cap, cap, &name("policy.grant_cap"));
                    cell(ui, COLUMNS[8].1, |ui| {
                        let r = ui.checkbox(&mut t.family_cards, "");
                        widgets::accessible_name(ui, &r, &name("policy.family"));
                    });
                    services_ui(ui, lang, view, t, &name("policy.services"));
                    if i >= kept && ui.small_button(tr(lang, "policy.edit.remove_tier")).clicked() {
                        remove = Some(i);
                    }
                });
                row_errors_ui(ui, lang, errors, i);
            });
        }
        if let Some(i) = remove {
            draft.tiers.remove(i);
        }
        if ui.button(tr(lang, "policy.edit.add_tier")).clicked() {
            draft.tiers.push(TierDraft {
                validity: "5".into(),
                rent: "70%".into(),
                grant_cap: "0".into(),
                ..TierDraft::default()
            });
        }
    }
}

/// The tier's services as a menu of ticks, the button naming how many.
fn services_ui(ui: &mut Ui, lang: Lang, view: &View<'_>, t: &mut TierDraft, name: &str) {
    let names: Vec<&str> =
        view.cache.services.iter().filter(|s| t.services.contains(&s.code)).map(|s| s.name(lang)).collect();
    let label = tr_args(lang, "policy.edit.services_n", &[("n", t.services.len().to_string())]);
    let r = ui
        .menu_button(label, |ui| {
            let offered: Vec<&crate::store::Service> =
                view.cache.services.iter().filter(|s| s.active || t.services.contains(&s.code)).collect();
            for s in offered {
                let mut on = t.services.contains(&s.code);
                if ui.checkbox(&mut on, s.name(lang)).changed() {
                    if on {
                        t.services.push(s.code.clone());
                    } else {
                        t.services.retain(|c| c != &s.code);
                    }
                    // Keep the catalogue's order, as the card's back lists them.
                    let order = |c: &String| view.cache.services.iter().position(|s| &s.code == c);
                    t.services.sort_by_key(order);
                }
            }
        })
        .response;
    widgets::accessible_name(ui, &r, name);
    r.on_hover_text(names.join("、"));
}
