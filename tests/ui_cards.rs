//! UI tests of the green card's whole life, as clerks and reviewers click through it:
//! an application through four steps with four users, the card issued, renewal refused
//! before its window, an attached card for the spouse, a service use logged, the card
//! reported lost and reissued, the print queue worked through, and every number checked on
//! the 验证 screen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{OFFICE_PASSWORD, click_button, harness, log_in, office, recognise_as, shows, shows_part, type_into};
use egui_kittest::kittest::Queryable;
use greencard::domain::card::CardState;
use greencard::store::PrintState;

fn check_number(h: &mut egui_kittest::Harness<'_, greencard::ui::GreencardApp>, number: &str) {
    type_into(h, "绿卡号码", number);
    click_button(h, "验证");
}

#[test]
fn an_application_becomes_a_card_that_lives_its_whole_life_on_screen() {
    let (mut store, people) = office(None, 10);
    recognise_as(&mut store, &people.clerk, 3, "A");
    let talent = store.talent(3).unwrap();
    let today = chrono::Local::now().date_naive();
    let mut h = harness(store);

    // The clerk enters the employer's submission; three reviewers approve in order.
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    h.state_mut().open_talent(talent.id);
    h.run();
    type_into(&mut h, "申请说明", "申请办理人才绿卡");
    click_button(&mut h, "提交申请");
    click_button(&mut h, "退出登录");
    for user in ["review", "recheck", "committee"] {
        log_in(&mut h, user, OFFICE_PASSWORD);
        click_button(&mut h, "审核");
        h.get_by_label("选择申请 1").click();
        h.run();
        type_into(&mut h, "审核意见", "同意");
        click_button(&mut h, "通过");
        assert!(shows(&h, "已办理 1 件。"), "{user}");
        click_button(&mut h, "退出登录");
    }

    // The clerk issues the card: five years under the policy in force.
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    click_button(&mut h, "绿卡");
    click_button(&mut h, "发卡");
    let card = h.state().store().cards_of(talent.id).unwrap().remove(0);
    assert_eq!(card.expires_on, greencard::domain::dates::add_years(today, 5));

    // The card page, from the holder's profile.
    h.state_mut().open_talent(talent.id);
    h.run();
    click_button(&mut h, "查看卡片");
    assert!(shows(&h, &card.number), "the page is headed by the card number");
    assert!(shows(&h, "第 1 版"), "the policy version used is shown");
    click_button(&mut h, "续期");
    assert!(shows_part(&h, "尚未到续期时间"), "renewal before the window is refused with its date");

    // An attached card for the spouse (tier A allows family cards).
    type_into(&mut h, "家属姓名", "李梅");
    type_into(&mut h, "证件号码", "11010519491231002X");
    click_button(&mut h, "办理附属卡");
    let family = h.state().store().family_cards(card.id).unwrap();
    assert_eq!(family.len(), 1);
    assert!(shows(&h, &format!("已为 李梅 办理附属卡 {}", family[0].number)));

    // A use of the first entitled service.
    type_into(&mut h, "服务单位", "市第一人民医院");
    click_button(&mut h, "登记使用");
    assert!(shows(&h, "已登记服务使用"));
    assert!(shows(&h, "已使用 1 次"));
    assert!(shows(&h, "市第一人民医院"));

    // Lost: the old number is void at once, the page shows the new card, the spouse's card follows.
    type_into(&mut h, "原因", "钱包丢失");
    click_button(&mut h, "挂失补办");
    let new = h.state().store().cards_of(talent.id).unwrap().remove(0);
    assert_ne!(new.number, card.number);
    assert!(shows(&h, &format!("原卡已作废，新卡号 {}。", new.number)));
    assert!(shows(&h, &new.number), "the page now shows the new card");
    assert!(shows(&h, "挂失作废"), "the events include the old card's voiding");
    assert_eq!(h.state().store().family_cards(new.id).unwrap().len(), 1);

    // The print queue: the reissued card and the spouse's card wait; the first card's
    // request was cancelled with its number.
    click_button(&mut h, "← 返回");
    h.get_by_label("制卡").click();
    h.run();
    assert!(shows(&h, "挂失补办"));
    assert!(h.query_by_label(&card.number).is_none(), "a voided number is never printed");
    click_button(&mut h, "全选");
    click_button(&mut h, "标记已制卡（2）");
    assert!(shows(&h, "已更新 2 条制卡记录"));
    h.get_by_label("已制卡待领取").click();
    h.run();
    h.get_by_label(&format!("选择绿卡 {}", new.number)).click();
    h.run();
    click_button(&mut h, "标记已领取（1）");
    let handed = h.state().store().print_queue(PrintState::HandedOver, 10).unwrap();
    assert_eq!(handed.iter().map(|j| j.number.clone()).collect::<Vec<_>>(), vec![new.number.clone()]);

    // The card check: old number void, new number valid with services, spouse's card valid.
    h.get_by_label("绿卡验证").click();
    h.run();
    check_number(&mut h, &card.number);
    assert!(shows(&h, "已挂失作废"));
    check_number(&mut h, &new.number);
    assert!(shows(&h, "有效"));
    assert!(shows_part(&h, "人才安居"), "the services of the tier are listed");
    check_number(&mut h, &family[0].number);
    assert!(shows(&h, "有效"));
    assert!(shows(&h, &format!("配偶 · {}", new.number)), "the attached card names its main card");
    let check = h
        .state()
        .store()
        .check_card(&greencard::domain::card::CardNumber::parse(&family[0].number).unwrap(), today)
        .unwrap()
        .unwrap();
    assert_eq!(check.state, CardState::Valid);
}

#[test]
fn an_administrator_adds_a_service_to_the_catalogue() {
    let (store, _) = office(None, 2);
    let mut h = harness(store);
    log_in(&mut h, common::ADMIN.0, common::ADMIN.1);
    click_button(&mut h, "设置");
    h.get_by_label("服务目录").click();
    h.run();
    assert!(shows(&h, "机场贵宾通道"), "the default catalogue is listed");
    click_button(&mut h, "新增");
    assert!(shows(&h, "中文名称和英文名称都要填写"), "an empty form is refused at the field");
    type_into(&mut h, "中文名称", "子女入托");
    type_into(&mut h, "英文名称", "Childcare");
    click_button(&mut h, "新增");
    assert!(shows(&h, "已新增服务项目“子女入托”"));
    let names: Vec<String> = h.state().store().services().unwrap().into_iter().map(|s| s.name_zh).collect();
    assert!(names.contains(&"子女入托".to_string()));
}

#[test]
fn the_print_file_is_written_and_the_notice_says_where_with_the_folder_button() {
    let (mut store, people) = office(None, 10);
    let today = chrono::Local::now().date_naive();
    let mut numbers = Vec::new();
    for talent in [1, 2] {
        recognise_as(&mut store, &people.clerk, talent, "B");
        let app = people.approved(&mut store, greencard::store::ApplicationKind::Card, talent);
        numbers.push(store.issue_card(&people.clerk, app, today).unwrap().number);
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("本周制卡.pdf");
    let mut h = harness(store);
    log_in(&mut h, "clerk", OFFICE_PASSWORD);
    let desktop = common::script_desktop(&mut h, vec![greencard::ui::file_dialog::Picked::Chosen(target.clone())]);
    click_button(&mut h, "绿卡");
    h.get_by_label("制卡").click();
    h.run();
    assert!(!common::button_enabled(&h, "生成打印文件（PDF）"), "nothing chosen, nothing to print");
    click_button(&mut h, "全选");
    common::click_and_step(&mut h, "生成打印文件（PDF）");
    let asked = desktop.borrow().asked.clone();
    assert_eq!(asked.len(), 1, "one save dialog");
    assert_eq!(asked[0].file_name, format!("绿卡制卡_{}.pdf", greencard::domain::dates::fmt_date(today)));

    let done = format!("已生成 2 张卡片的打印文件。打印后请勾选并标记已制卡。文件：{}", target.display());
    common::wait_until(&mut h, "the print file's notice", |h| shows(h, &done));
    let doc = lopdf::Document::load(&target).unwrap();
    assert_eq!(doc.get_pages().len(), 4, "a front and a back for each card");
    // Writing the file marks nothing: both requests still wait to be marked printed.
    assert!(numbers.iter().all(|n| shows(&h, n)));
    assert!(shows(&h, "标记已制卡（2）"));
    click_button(&mut h, "打开所在文件夹");
    assert_eq!(desktop.borrow().revealed, [target], "the folder of the file is opened");
}
