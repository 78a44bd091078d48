//! UI test of the four-level review: a clerk submits, three reviewers each take their step
//! in the 审核 screen, and the trail shows every decision.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ADMIN, click_button, harness, log_in, shows, type_into};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use greencard::domain::Role as UserRole;
use greencard::domain::review::Stage;
use greencard::store::{NewUser, Store};

#[test]
fn four_people_take_an_application_through_four_steps() {
    let mut store = Store::open_in_memory().unwrap();
    let admin = store
        .create_first_admin(&NewUser {
            username: ADMIN.0.into(),
            display_name: "管理员".into(),
            role: UserRole::Admin,
            password: ADMIN.1.into(),
        })
        .unwrap();
    for (name, role) in [
        ("clerk", UserRole::Clerk),
        ("review", UserRole::FirstReviewer),
        ("recheck", UserRole::ThirdPartyReviewer),
        ("committee", UserRole::Committee),
    ] {
        store
            .create_user(
                &admin,
                &NewUser {
                    username: name.into(),
                    display_name: format!("{name}-人"),
                    role,
                    password: "password-1".into(),
                },
            )
            .unwrap();
    }
    let data = greencard::demo::generate(10, 2, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    let talent = store.talent(2).unwrap();
    let mut h = harness(store);

    log_in(&mut h, "clerk", "password-1");
    h.state_mut().open_talent(talent.id);
    h.run();
    type_into(&mut h, "申请说明", "申请办理人才绿卡");
    click_button(&mut h, "提交申请");
    assert!(shows(&h, "已提交申请 1，进入部门初审。"));
    click_button(&mut h, "退出登录");

    for (user, reason) in [("review", "材料齐全"), ("recheck", "核实无误"), ("committee", "同意发卡")] {
        log_in(&mut h, user, "password-1");
        click_button(&mut h, "审核");
        h.get_by_label("选择申请 1").click();
        h.run();
        type_into(&mut h, "审核意见", reason);
        click_button(&mut h, "通过");
        assert!(shows(&h, "已办理 1 件。"), "{user}");
        click_button(&mut h, "退出登录");
    }
    let app = h.state().store().application(1).unwrap();
    assert_eq!(app.stage, Stage::Approved);
    let trail = h.state().store().review_trail(1).unwrap();
    assert_eq!(trail.len(), 4);
    // A reviewer sees the whole trail of an application by its number.
    log_in(&mut h, "committee", "password-1");
    click_button(&mut h, "审核");
    assert!(shows(&h, "本环节没有待办的申请。"));
    assert!(h.query_by_role_and_label(Role::Button, "通过").is_some());
}
