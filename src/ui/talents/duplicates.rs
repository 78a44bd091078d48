//! 疑似重复: flagged pairs side by side; the clerk marks them as different people or merges
//! one record into the other.

use egui::{RichText, Ui};

use super::profile::masked_document;
use crate::domain::dates::fmt_date;
use crate::domain::id_number::mask_phone;
use crate::i18n::{Lang, tr};
use crate::store::{DuplicatePair, Talent};
use crate::ui::command::Command;
use crate::ui::{theme, widgets};

fn side_ui(ui: &mut Ui, lang: Lang, t: &Talent) {
    egui::Grid::new(("dup_side", t.id)).num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
        let mut row = |label: &str, value: String| {
            ui.label(widgets::muted(ui, label));
            ui.label(value);
            ui.end_row();
        };
        row(&tr(lang, "talent.name"), t.name.clone());
        row(&tr(lang, "talent.doc_number"), format!("{} {}", tr(lang, t.doc_type.label_key()), masked_document(t)));
        row(&tr(lang, "talent.birth_date"), fmt_date(t.birth_date));
        row(&tr(lang, "talent.phone"), if t.phone.is_empty() { "—".into() } else { mask_phone(t.phone.whole()) });
        row(
            &tr(lang, "talent.employer"),
            if t.employer_name.is_empty() { "—".into() } else { t.employer_name.clone() },
        );
        row(&tr(lang, "talent.zone"), t.zone_name.clone());
        row(&tr(lang, "duplicates.registered"), t.created_at.clone());
    });
}

/// Draws the open pairs with their decisions.
pub fn duplicates_ui(ui: &mut Ui, lang: Lang, pairs: &[DuplicatePair], total: i64, commands: &mut Vec<Command>) {
    ui.label(widgets::muted(ui, &crate::i18n::tr_args(lang, "duplicates.summary", &[("n", total.to_string())])));
    ui.add_space(6.0);
    if pairs.is_empty() {
        theme::card(ui.visuals()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(tr(lang, "duplicates.none"));
        });
        return;
    }
    {
        for pair in pairs {
            theme::card(ui.visuals()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let reason =
                    if pair.reason == "phone" { "duplicates.same_phone" } else { "duplicates.same_name_birth" };
                ui.label(RichText::new(tr(lang, reason)).color(theme::WARN).strong());
                ui.columns(2, |cols| {
                    side_ui(&mut cols[0], lang, &pair.a);
                    side_ui(&mut cols[1], lang, &pair.b);
                });
                ui.horizontal(|ui| {
                    if ui.button(tr(lang, "duplicates.distinct")).clicked() {
                        commands.push(Command::MarkDistinct { flag_id: pair.id });
                    }
                    if ui.button(tr(lang, "duplicates.keep_left")).clicked() {
                        commands.push(Command::MergeDuplicate { flag_id: pair.id, keep: pair.a.id });
                    }
                    if ui.button(tr(lang, "duplicates.keep_right")).clicked() {
                        commands.push(Command::MergeDuplicate { flag_id: pair.id, keep: pair.b.id });
                    }
                });
            });
            ui.add_space(8.0);
        }
    }
}
