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
    /// How many tiers the base version had: their codes stay (talents hold them).
    kept_tiers: usize,
    /// The store's refusal of the last save.
    pub error: Option<Message>,
}

fn text_cell(ui: &mut Ui, lang: Lang, text: &mut String, width: f32, name: &str, error: Option<&Message>) {
    ui.vertical(|ui| {
        // A fixed size: inside a grid cell the desired width alone shrinks to the heading.
        let r = ui.add_sized([width, 24.0], egui::TextEdit::singleline(text).char_limit(40));
        widgets::accessible_name(ui, &r, name);
        widgets::field_error_ui(ui, error.map(|m| m.text(lang)).as_deref());
    });
}

impl PolicyEditor {
    /// Forgets the form (after a version was saved).
    pub fn clear(&mut self) {
        *self = PolicyEditor::default();
    }

    /// Draws the editor; `latest` is the version the form starts from.
    pub fn ui(&mut self, ui: &mut Ui, view: &mut View<'_>, latest: &PolicyVersion) {
        let lang = view.lang;
        let today = chrono::Local::now().date_naive();
        let earliest = view.cache.earliest_policy.unwrap_or(today);
        if self.draft.is_none() {
            self.draft = Some(PolicyDraft::of(&latest.policy, earliest.max(latest.effective_from)));
            self.kept_tiers = latest.policy.tiers.len();
        }
        let Some(draft) = self.draft.as_mut() else { return };
        let parsed = draft.parse(today, earliest);
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
                    &[("id", latest.id.to_string()), ("earliest", fmt_date(earliest))],
                ),
            ));
            ui.add_space(4.0);
            widgets::field_row_ui(
                ui,
                &tr(lang, "policy.edit.effective_from"),
                err(PolicyField::EffectiveFrom).as_deref(),
                |ui| ui.add(widgets::text_field(&mut draft.effective_from)),
            );
            widgets::field_row_ui(ui, &tr(lang, "policy.edit.note"), None, |ui| {
                ui.add(widgets::text_field(&mut draft.note).desired_width(420.0))
            });
        });
        ui.add_space(theme::SECTION_GAP / 2.0);
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            widgets::section_heading_ui(ui, &tr(lang, "policy.edit.tiers"));
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
                ("policy.reward_share", "policy.unit_percent", PolicyField::RewardShare, &mut draft.reward_share),
            ] {
                ui.horizontal(|ui| {
                    ui.add_sized([180.0, 24.0], egui::Label::new(widgets::muted(ui, &tr(lang, key))));
                    let r = ui.add(egui::TextEdit::singleline(text).desired_width(90.0).char_limit(12));
                    widgets::accessible_name(ui, &r, &tr(lang, key));
                    ui.label(widgets::muted(ui, &tr(lang, unit)));
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
    }

    fn tiers_ui(&mut self, ui: &mut Ui, view: &View<'_>, errors: &FieldErrors) {
        let lang = view.lang;
        let kept = self.kept_tiers;
        let Some(draft) = self.draft.as_mut() else { return };
        let mut remove = None;
        egui::Grid::new("policy_tiers_edit").striped(true).spacing([10.0, 6.0]).min_row_height(30.0).show(ui, |ui| {
            for key in [
                "policy.tier",
                "policy.name_zh",
                "policy.name_en",
                "policy.edit.validity_years",
                "policy.rent",
                "policy.edit.grant_cap_yuan",
                "policy.family",
                "policy.services",
                "",
            ] {
                ui.strong(if key.is_empty() { String::new() } else { tr(lang, key).into_owned() });
            }
            ui.end_row();
            for (i, t) in draft.tiers.iter_mut().enumerate() {
                let who = if t.code.trim().is_empty() { format!("#{}", i + 1) } else { t.code.trim().to_string() };
                let name = |key: &str| {
                    tr_args(lang, "policy.edit.cell", &[("tier", who.clone()), ("field", tr(lang, key).into_owned())])
                };
                let at = |f| error_at(errors, f);
                if i < kept {
                    ui.strong(&t.code);
                } else {
                    text_cell(ui, lang, &mut t.code, 44.0, &name("policy.tier"), at(PolicyField::TierCode(i)));
                }
                text_cell(ui, lang, &mut t.name_zh, 150.0, &name("policy.name_zh"), at(PolicyField::TierNameZh(i)));
                text_cell(ui, lang, &mut t.name_en, 170.0, &name("policy.name_en"), at(PolicyField::TierNameEn(i)));
                text_cell(ui, lang, &mut t.validity, 50.0, &name("policy.validity"), at(PolicyField::Validity(i)));
                text_cell(ui, lang, &mut t.rent, 64.0, &name("policy.rent"), at(PolicyField::Rent(i)));
                text_cell(ui, lang, &mut t.grant_cap, 120.0, &name("policy.grant_cap"), at(PolicyField::GrantCap(i)));
                let r = ui.checkbox(&mut t.family_cards, "");
                widgets::accessible_name(ui, &r, &name("policy.family"));
                services_ui(ui, lang, view, t, &name("policy.services"));
                if i >= kept && ui.small_button(tr(lang, "policy.edit.remove_tier")).clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
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
