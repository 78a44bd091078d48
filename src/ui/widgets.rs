//! Small drawing helpers shared by the screens: labelled form rows with their error,
//! page headings, notices.

use egui::{Color32, RichText, Ui};

use super::theme;

/// A form row: label on the left, the field, and under it the field's error (if any) in
/// the error colour. The field is labelled by the label for screen readers and tests.
pub fn field_row_ui(
    ui: &mut Ui,
    label: &str,
    error: Option<&str>,
    add_field: impl FnOnce(&mut Ui) -> egui::Response,
) -> egui::Response {
    let response = ui
        .horizontal(|ui| {
            let label = form_label_ui(ui, label);
            let field = add_field(ui);
            field.labelled_by(label.id)
        })
        .inner;
    if let Some(error) = error {
        ui.horizontal(|ui| {
            label_indent_ui(ui);
            ui.label(RichText::new(error).color(theme::ERROR).small());
        });
    }
    response
}

/// The label of a form row: right-aligned in the label column, next to its field. The
/// column is as wide as the form's longest label in the current language (at least
/// [`theme::LABEL_WIDTH`]), so an English "Confirm password" fits as well as 确认密码.
pub fn form_label_ui(ui: &mut Ui, text: &str) -> egui::Response {
    label_cell_ui(ui, text.into())
}

/// The muted name of a value in a list of facts (文件, 数据库版本 …), in the same measured
/// column as a form's labels.
pub fn key_label_ui(ui: &mut Ui, text: &str) -> egui::Response {
    let text = muted(ui, text);
    label_cell_ui(ui, text.into())
}

fn label_cell_ui(ui: &mut Ui, text: egui::WidgetText) -> egui::Response {
    let galley = text.into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body);
    let width = label_column_width(ui, galley.size().x);
    ui.allocate_ui_with_layout(egui::vec2(width, 26.0), egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.set_min_width(width);
        ui.label(galley)
    })
    .inner
}

/// The empty label column before a form's buttons, hints and field errors, so they line
/// up under the fields.
pub fn label_indent_ui(ui: &mut Ui) {
    let width = label_column_width(ui, 0.0);
    ui.add_space(width + ui.spacing().item_spacing.x);
}

/// What a form's label column has measured: the widest label of the pass before (the
/// width in force) and of the pass being drawn.
#[derive(Clone, Copy, Default)]
struct LabelColumn {
    pass: u64,
    previous: f32,
    widest: f32,
}

/// The width of the label column of the form `ui` belongs to, after taking in a label of
/// `label_width`. A form is the nearest enclosing top-down `Ui` (the card), so the rows'
/// own horizontal layouts share one column. The width comes from the previous pass, as
/// egui's `Grid` does; when a label is wider than that, this pass is discarded and drawn
/// again at the new width, so no frame shows a label spilling out of its card.
fn label_column_width(ui: &Ui, label_width: f32) -> f32 {
    let form = ui
        .stack()
        .iter()
        .find(|frame| frame.layout_direction.is_vertical())
        .map_or(ui.scope_id(), |frame| frame.scope_id)
        .with("form_label_column");
    let pass = ui.ctx().cumulative_pass_nr();
    let mut column = ui.data(|d| d.get_temp::<LabelColumn>(form)).unwrap_or_default();
    if column.pass != pass {
        column = LabelColumn { pass, previous: column.widest, widest: 0.0 };
    }
    column.widest = column.widest.max(label_width.ceil());
    ui.data_mut(|d| d.insert_temp(form, column));
    if column.widest > column.previous.max(theme::LABEL_WIDTH) {
        ui.ctx().request_discard("a form label is wider than its column");
    }
    theme::LABEL_WIDTH.max(column.previous).max(column.widest)
}

/// A single-line text field of the standard width.
pub fn text_field(text: &mut String) -> egui::TextEdit<'_> {
    egui::TextEdit::singleline(text).desired_width(theme::FIELD_WIDTH).char_limit(200)
}

/// A page heading with a one-line description under it.
pub fn page_heading_ui(ui: &mut Ui, title: &str, subtitle: &str) {
    ui.add_space(4.0);
    ui.label(RichText::new(title).heading().strong());
    if !subtitle.is_empty() {
        ui.label(RichText::new(subtitle).color(ui.visuals().weak_text_color()));
    }
    ui.add_space(theme::SECTION_GAP / 2.0);
}

/// A section heading inside a card.
pub fn section_heading_ui(ui: &mut Ui, title: &str) {
    ui.label(RichText::new(title).size(16.0).strong());
    ui.add_space(4.0);
}

/// What a notice says and how it looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something was done.
    Success,
    /// Something was refused or failed.
    Error,
}

/// A message shown at the top of the content until dismissed or replaced. It keeps the
/// key, not the text, so it follows a change of language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Success or error.
    pub kind: NoticeKind,
    /// What to say.
    pub message: crate::domain::Message,
}

/// Draws a notice bar; returns true when the user closed it.
pub fn notice_ui(ui: &mut Ui, notice: &Notice, lang: crate::i18n::Lang) -> bool {
    use crate::domain::Problem;
    let close_label = crate::i18n::tr(lang, "common.close");
    let color = match notice.kind {
        NoticeKind::Success => theme::OK,
        NoticeKind::Error => theme::ERROR,
    };
    let fill = color.gamma_multiply(0.12);
    let mut closed = false;
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.6)))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(notice.message.text(lang)).color(color));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.small_button(close_label.as_ref()).clicked() {
                        closed = true;
                    }
                });
            });
        });
    closed
}

/// A muted text (for hints under a heading or an empty table).
pub fn muted(ui: &Ui, text: &str) -> RichText {
    RichText::new(text).color(ui.visuals().weak_text_color())
}

/// A coloured pill such as a status badge.
pub fn badge_ui(ui: &mut Ui, text: &str, color: Color32) {
    egui::Frame::new()
        .fill(color.gamma_multiply(0.15))
        .corner_radius(egui::CornerRadius::same(9))
        .inner_margin(egui::Margin::symmetric(8, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(color).small());
        });
}

/// A share-of-a-whole bar (budget used, occupancy): a light track, the used part in the
/// accent colour, and the percentage at its end.
pub fn share_bar_ui(ui: &mut Ui, fraction: f32, width: f32) {
    let fraction = fraction.clamp(0.0, 1.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 12.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 6.0, ui.visuals().widgets.noninteractive.bg_stroke.color.gamma_multiply(0.6));
    let mut used = rect;
    used.set_width(rect.width() * fraction);
    painter.rect_filled(used, 6.0, theme::ACCENT);
    ui.label(muted(ui, &format!("{:.1}%", fraction * 100.0)));
}

/// Names a widget for screen readers (and the UI tests) when no visible label sits next
/// to it, e.g. a cell of an editable table ("B 类 · 租金比例").
pub fn accessible_name(ui: &Ui, response: &egui::Response, name: &str) {
    ui.ctx().accesskit_node_builder(response.id, |node| node.set_label(name));
}

/// A small error line under a field, in the error colour.
pub fn field_error_ui(ui: &mut Ui, error: Option<&str>) {
    if let Some(error) = error {
        ui.label(RichText::new(error).color(theme::ERROR).small());
    }
}
