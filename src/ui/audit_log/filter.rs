//! The filter of the audit log: user, action, kind and number of record, a talent found by
//! name or document, and days, typed as text until they parse.

use egui::Ui;

use super::super::{View, theme, widgets};
use crate::domain::Message;
use crate::domain::dates::parse_date;
use crate::exchange::audit_list::{action_label, entity_label};
use crate::i18n::tr;
use crate::store::{AuditFilter, AuditUser, Store, TalentQuery};

/// The kinds of record the log names, in the order the filter offers them.
const ENTITIES: [&str; 21] = [
    "talent",
    "card",
    "lease",
    "grant",
    "application",
    "team",
    "employer",
    "zone",
    "user",
    "setting",
    "export",
    "apt_project",
    "apt_unit",
    "grant_programme",
    "service",
    "duplicate",
    "shortage",
    "policy",
    "zone_target",
    "alert",
    "database",
];

/// The filter as typed (dates and number as text until they parse).
#[derive(Clone, Debug, Default)]
pub(super) struct FilterForm {
    user: AuditUser,
    action: Option<String>,
    entity: Option<String>,
    id: String,
    from: String,
    to: String,
    /// Text to find a talent by, and the talent chosen (id, name).
    talent_text: String,
    talent: Option<(i64, String)>,
    /// Talents the text finds: (id, name, zone).
    talent_matches: Vec<(i64, String, String)>,
}

impl FilterForm {
    /// The filter, or the first field that does not parse.
    pub(super) fn parse(&self) -> Result<AuditFilter, Message> {
        let day = |text: &str| -> Result<Option<chrono::NaiveDate>, Message> {
            if text.trim().is_empty() { Ok(None) } else { parse_date(text).map(Some).map_err(|e| Message::of(&e)) }
        };
        let id = match self.id.trim() {
            "" => None,
            text => Some(text.parse::<i64>().ok().filter(|n| *n > 0).ok_or(Message::new("audit.err.id"))?),
        };
        let (from, to) = (day(&self.from)?, day(&self.to)?);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(Message::new("audit.err.range"));
        }
        let (entity, entity_id) = match &self.talent {
            Some((talent, _)) => (Some("talent".to_string()), Some(*talent)),
            None => (self.entity.clone(), id),
        };
        Ok(AuditFilter { user: self.user, entity, entity_id, action: self.action.clone(), from, to })
    }

    /// The filter fields; returns whether the clerk asked to apply them.
    pub(super) fn ui(&mut self, ui: &mut Ui, view: &View<'_>, store: &Store, actions: &[String]) -> bool {
        let lang = view.lang;
        let any = tr(lang, "talents.any");
        let mut go = false;
        let form = self;
        ui.horizontal_wrapped(|ui| {
            let user = match form.user {
                AuditUser::Anyone => any.to_string(),
                AuditUser::System => tr(lang, "audit.system").into_owned(),
                AuditUser::User(id) => view
                    .cache
                    .users
                    .iter()
                    .find(|u| u.id == id)
                    .map_or(id.to_string(), |u| format!("{} {}", u.username, u.display_name)),
            };
            ui.label(tr(lang, "audit.col.user"));
            egui::ComboBox::from_id_salt("audit_user")
                .selected_text(user)
                .width(160.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.user, AuditUser::Anyone, any.as_ref());
                    ui.selectable_value(&mut form.user, AuditUser::System, tr(lang, "audit.system"));
                    for u in &view.cache.users {
                        ui.selectable_value(
                            &mut form.user,
                            AuditUser::User(u.id),
                            format!("{} {}", u.username, u.display_name),
                        );
                    }
                })
                .response
                .accessible_name(tr(lang, "audit.col.user"));
            ui.label(tr(lang, "audit.col.action"));
            let action = form.action.as_deref().map_or_else(|| any.to_string(), |a| action_label(lang, a));
            egui::ComboBox::from_id_salt("audit_action")
                .selected_text(action)
                .width(150.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.action, None, any.as_ref());
                    for a in actions {
                        ui.selectable_value(&mut form.action, Some(a.clone()), action_label(lang, a));
                    }
                })
                .response
                .accessible_name(tr(lang, "audit.col.action"));
            ui.label(tr(lang, "audit.kind"));
            let kind = form.entity.as_deref().map_or_else(|| any.to_string(), |e| entity_label(lang, e));
            egui::ComboBox::from_id_salt("audit_entity")
                .selected_text(kind)
                .width(110.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.entity, None, any.as_ref());
                    for e in ENTITIES {
                        ui.selectable_value(&mut form.entity, Some(e.to_string()), entity_label(lang, e));
                    }
                })
                .response
                .accessible_name(tr(lang, "audit.kind"));
            labelled_text_ui(ui, &tr(lang, "audit.number"), &mut form.id, 70.0);
            labelled_text_ui(ui, &tr(lang, "audit.from"), &mut form.from, 112.0);
            labelled_text_ui(ui, &tr(lang, "audit.to"), &mut form.to, 112.0);
        });
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, "audit.talent"));
            let edit = ui.add(
                egui::TextEdit::singleline(&mut form.talent_text)
                    .hint_text(tr(lang, "audit.talent_hint"))
                    .desired_width(220.0),
            );
            let edit = edit.labelled_by(label.id);
            if edit.changed() {
                form.talent = None;
                form.talent_matches = find_talents(store, &form.talent_text);
            }
            if let Some((_, name)) = &form.talent {
                widgets::badge_ui(ui, name, theme::ACCENT);
            }
            ui.add_space(16.0);
            go = ui.add(theme::primary_button(tr(lang, "audit.apply"))).clicked();
            if ui.button(tr(lang, "audit.clear")).clicked() {
                *form = FilterForm::default();
                go = true;
            }
        });
        if form.talent.is_none() && !form.talent_matches.is_empty() {
            let matches = form.talent_matches.clone();
            ui.horizontal_wrapped(|ui| {
                ui.label(widgets::muted(ui, &tr(lang, "audit.pick_talent")));
                for (id, name, zone) in &matches {
                    if ui.selectable_label(false, format!("{name}（{zone}）")).clicked() {
                        form.talent = Some((*id, name.clone()));
                        form.talent_text = name.clone();
                        go = true;
                    }
                }
            });
        }
        go
    }
}

/// A label and a small text field labelled by it.
fn labelled_text_ui(ui: &mut Ui, label: &str, text: &mut String, width: f32) {
    let label = ui.label(label);
    let hint = if width >= 100.0 { "YYYY-MM-DD" } else { "" };
    ui.add(egui::TextEdit::singleline(text).desired_width(width).hint_text(hint)).labelled_by(label.id);
}

/// Talents whose name or document number the text finds (the first eight), with zone.
fn find_talents(store: &Store, text: &str) -> Vec<(i64, String, String)> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let query = TalentQuery { text: text.to_string(), ..TalentQuery::default() };
    store
        .search_talents(&query, 0, 8)
        .map(|rows| rows.into_iter().map(|r| (r.id, r.name, r.zone_name)).collect())
        .unwrap_or_default()
}
