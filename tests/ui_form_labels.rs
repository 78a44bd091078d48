//! UI tests of the forms' label column: it is as wide as the form's longest label in the
//! language shown, so no label spills out of its card and the fields line up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ADMIN, click_button, harness, log_in, store_with_admin};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use greencard::ui::GreencardApp;

/// Checks a form under its card heading: each label starts inside the card (not left of
/// the heading), ends before its field, and all fields start at one x.
fn labels_fit(h: &Harness<'_, GreencardApp>, heading: &str, rows: &[(&str, Role)]) {
    let card_left = h.get_by_label(heading).rect().min.x;
    let mut field_lefts = Vec::new();
    for (label, role) in rows {
        let field = h.get_by_role_and_label(*role, label).rect();
        // The label on the field's row (a table above may have a column of that name).
        let text = h
            .query_all(By::new().role(Role::Label).label(label))
            .map(|n| n.rect())
            .find(|r| field.y_range().contains(r.center().y))
            .unwrap_or_else(|| panic!("no label {label} beside its field"));
        assert!(text.min.x >= card_left - 0.5, "{label} starts at {} left of the card's {card_left}", text.min.x);
        assert!(text.max.x <= field.min.x, "{label} ends at {} over its field at {}", text.max.x, field.min.x);
        field_lefts.push(field.min.x);
    }
    let first = field_lefts[0];
    assert!(field_lefts.iter().all(|x| (x - first).abs() < 0.5), "the fields of {heading} line up: {field_lefts:?}");
}

#[test]
fn the_change_password_labels_fit_their_card_in_english_and_chinese() {
    let mut h = harness(store_with_admin());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    labels_fit(
        &h,
        "我的账号",
        &[("当前密码", Role::PasswordInput), ("新密码", Role::PasswordInput), ("确认密码", Role::PasswordInput)],
    );
    h.get_by_role_and_label(Role::RadioButton, "English").click();
    h.run();
    labels_fit(
        &h,
        "My account",
        &[
            ("Current password", Role::PasswordInput),
            ("New password", Role::PasswordInput),
            ("Confirm password", Role::PasswordInput),
        ],
    );
    // The idle lock's card above shares the column: its field lines up with the passwords.
    let lock = h.get_by_role_and_label(Role::TextInput, "Lock after").rect().min.x;
    let password = h.get_by_role_and_label(Role::PasswordInput, "Confirm password").rect().min.x;
    assert!((lock - password).abs() < 0.5, "lock field at {lock}, password fields at {password}");
}

#[test]
fn the_new_user_form_fits_its_card_in_english() {
    let mut h = harness(store_with_admin());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_role_and_label(Role::RadioButton, "English").click();
    h.run();
    h.get_by_label("User accounts").click();
    h.run();
    labels_fit(
        &h,
        "Add a user",
        &[
            ("User name", Role::TextInput),
            ("Initial password", Role::PasswordInput),
            ("Confirm password", Role::PasswordInput),
        ],
    );
}

/// Whether the button `button` starts where the field `field` does (the form's field column).
fn button_under_field(h: &Harness<'_, GreencardApp>, button: &str, field: &str) {
    let at = h.get_by_role_and_label(Role::Button, button).rect().min.x;
    let column = h.get_by_role_and_label(Role::TextInput, field).rect().min.x;
    assert!((at - column).abs() < 0.5, "{button} at {at}, the field {field} at {column}");
}

#[test]
fn the_save_buttons_of_the_idle_lock_and_the_warning_thresholds_line_up_with_their_fields() {
    let mut h = harness(store_with_admin());
    log_in(&mut h, ADMIN.0, ADMIN.1);
    click_button(&mut h, "设置");
    button_under_field(&h, "保存", "锁定时间");
    h.get_by_label("政策参数").click();
    h.run();
    h.get_by_label("预警参数").click();
    h.run();
    button_under_field(&h, "保存", "欠租超过（月租金的倍数）");
    // In English the label column is wider; the button follows it.
    h.get_by_label("常规").click();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "English").click();
    h.run();
    button_under_field(&h, "Save", "Lock after");
    // The policy tab still shows its warning thresholds.
    h.get_by_label("Policy").click();
    h.run();
    button_under_field(&h, "Save", "Arrears over (months of rent)");
}
