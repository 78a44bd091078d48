//! Full document numbers and phones stay out of what a record prints for a log, a panic
//! message or a failed assertion (`{:?}`): every stored record that holds one — talents,
//! search rows, cards, attached cards, lease rows, audit rows, generated talents, a checked
//! talent ready for the store — prints it masked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use greencard::domain::DocumentType;
use greencard::domain::family::Relation;
use greencard::store::{CardQuery, FamilyCard, TalentQuery};

/// `printed` holds none of `numbers` (every one at least 8 characters, so a match is a leak).
fn assert_hides(printed: &str, numbers: &[&str]) {
    for number in numbers {
        assert!(number.len() >= 8, "{number:?} is too short to tell");
        assert!(!printed.contains(number), "{number} is printed in full: {printed}");
    }
}

#[test]
fn stored_records_print_their_numbers_masked() {
    let (_dir, store) = common::demo_file(600);
    let today = chrono::Local::now().date_naive();
    let rows = store.search_talents(&TalentQuery::default(), 0, 50).unwrap();
    let row = rows.iter().find(|r| !r.phone.is_empty()).unwrap();
    let (doc, phone) = (row.doc_number.whole(), row.phone.whole());
    assert_hides(&format!("{row:?}"), &[doc, phone]);
    let talent = store.talent(row.id).unwrap();
    assert_hides(&format!("{talent:?}"), &[doc, phone]);
    assert!(format!("{talent:?}").contains(&talent.name), "the rest of the record still prints");

    let card = store.card_list(&CardQuery::all(today), 1).unwrap().remove(0);
    assert_hides(&format!("{card:?}"), &[card.holder_doc_number.whole()]);

    let leases = store.allocations(today, None, None).unwrap();
    let lease = leases.first().expect("the demo lets apartments");
    assert_hides(&format!("{lease:?}"), &[lease.document_number.whole()]);

    // A change of the phone: the audit row keeps both numbers whole.
    let mut store = store;
    let admin = store.first_admin().unwrap();
    let mut input = talent.to_input();
    input.phone = "13912345678".into();
    let tiers: Vec<_> =
        ["A", "B", "C", "D", "E"].iter().map(|c| greencard::domain::TierCode::parse(c).unwrap()).collect();
    let changed = greencard::domain::talent::parse_talent(&input, &tiers, today).unwrap();
    store.update_talent(&admin, talent.id, &changed).unwrap();
    let created = store.recent_audit(1).unwrap().remove(0);
    assert_eq!(created.action, "talent.update");
    let values = created.new_value.as_deref().unwrap();
    let audited: serde_json::Value = serde_json::from_str(values).unwrap();
    let audited_doc = audited["doc_number"].as_str().unwrap();
    assert!(values.contains(audited_doc), "the log itself keeps what was changed");
    assert_hides(&format!("{created:?}"), &[audited_doc, phone, "13912345678"]);
}

#[test]
fn an_attached_card_a_generated_talent_and_a_checked_talent_print_their_numbers_masked() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let family = FamilyCard {
        id: 1,
        number: "GC20260000017".into(),
        main_card_id: 1,
        relation: Relation::Spouse,
        name: "李娜".into(),
        doc_type: DocumentType::ResidentId,
        doc_number: "11010519491231002X".into(),
        birth_date: day,
        issued_on: day,
        policy_version: 1,
        cancelled_on: None,
        cancel_reason: String::new(),
    };
    assert_hides(&format!("{family:?}"), &["11010519491231002X"]);

    let data = greencard::demo::generate(20, 3, day);
    let t = &data.talents[0];
    assert_hides(&format!("{t:?}"), &[t.doc_number.whole(), t.phone.whole()]);

    let input = greencard::domain::talent::TalentInput {
        name: "张伟".into(),
        doc_type: Some(DocumentType::ResidentId),
        doc_number: "11010519491231002X".into(),
        nationality: "中国".into(),
        phone: "13800138000".into(),
        zone_id: Some(1),
        tier: "B".into(),
        ..Default::default()
    };
    let tiers: Vec<_> = ["A", "B"].iter().map(|c| greencard::domain::TierCode::parse(c).unwrap()).collect();
    let checked = greencard::domain::talent::parse_talent(&input, &tiers, day).unwrap();
    assert_hides(&format!("{checked:?}"), &["11010519491231002X", "13800138000"]);
}
