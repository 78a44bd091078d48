//! The card list's text search against its rule, written here once more the plain way: on
//! a demo office, hundreds of texts a clerk might type (card numbers whole, their starts
//! with and without `GC`, holders' names and parts of them, employers' names and parts,
//! texts that find nothing), each with a state and a zone or not; the list and its count
//! must be exactly what the rule picks from every card, in card-number order.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use greencard::domain::card::CardState;
use greencard::store::search::fold;
use greencard::store::{Card, CardQuery};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The rule of `src/store/card_list.rs`, the plain way.
fn finds(q: &CardQuery, zone: Option<&str>, c: &Card) -> bool {
    if q.state.is_some_and(|s| c.state_on(q.on) != s) || zone.is_some_and(|z| c.zone_name != z) {
        return false;
    }
    let text = fold(&q.text);
    if text.is_empty() {
        return true;
    }
    let compact: String = q.text.chars().filter(|ch| !ch.is_whitespace()).collect::<String>().to_uppercase();
    let prefix = if compact.chars().all(|ch| ch.is_ascii_digit()) { format!("GC{compact}") } else { compact };
    let number = "GC".starts_with(&prefix)
        || (prefix.starts_with("GC")
            && prefix[2..].chars().enumerate().all(|(i, ch)| ch.is_ascii_digit() || (i == 10 && ch == 'X'))
            && c.number.starts_with(&prefix));
    number || fold(&c.holder).contains(&text) || fold(&c.employer_name).contains(&text)
}

/// A part of `text`, `len` characters long, starting anywhere.
fn part(rng: &mut ChaCha8Rng, text: &str, len: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = len.min(chars.len());
    let start = rng.random_range(0..=chars.len() - len);
    chars[start..start + len].iter().collect()
}

#[test]
fn the_list_and_its_count_are_what_the_rule_picks_for_any_text() {
    let (_dir, store) = common::demo_file(2_500);
    let today = chrono::Local::now().date_naive();
    let every = store.card_list(&CardQuery::all(today), u32::MAX).unwrap();
    assert!(every.len() > 500, "{} cards", every.len());
    let zones = store.zones().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let states = [None, Some(CardState::Valid), Some(CardState::Expired), Some(CardState::Suspended)];
    let mut found_something = 0;
    for round in 0..400 {
        let c = &every[rng.random_range(0..every.len())];
        let text = match round % 12 {
            0 => format!(" {} ", c.number.to_lowercase()),
            1 => c.number[..rng.random_range(1..=13)].to_string(),
            2 => c.number[2..rng.random_range(3..=13)].to_string(),
            3 => format!("gc {}", &c.number[2..8]),
            4 => c.holder.clone(),
            5 => part(&mut rng, &c.holder, 1),
            6 => part(&mut rng, &c.holder, 2),
            7 => {
                let len = rng.random_range(2..=4);
                part(&mut rng, &c.employer_name, len)
            }
            8 => c.employer_name.clone(),
            9 => format!("{}{}", part(&mut rng, &c.holder, 1), part(&mut rng, &c.employer_name, 1)),
            10 => ["不存在的名字", "GC9999", "x", "GCX", "  "][rng.random_range(0..5)].to_string(),
            _ => part(&mut rng, &c.holder, 3).to_uppercase(),
        };
        let zone = (round % 3 == 0).then(|| &zones[rng.random_range(0..zones.len())]);
        let q = CardQuery {
            state: states[rng.random_range(0..states.len())],
            zone_id: zone.map(|z| z.id),
            text: text.clone(),
            on: today,
        };
        let expected: Vec<&str> =
            every.iter().filter(|c| finds(&q, zone.map(|z| z.name.as_str()), c)).map(|c| c.number.as_str()).collect();
        let listed = store.card_list(&q, u32::MAX).unwrap();
        let listed: Vec<&str> = listed.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(listed, expected, "{q:?}");
        assert_eq!(store.count_cards(&q).unwrap(), expected.len() as u64, "{q:?}");
        let first = store.card_list(&q, 20).unwrap();
        assert_eq!(first.len(), expected.len().min(20), "{q:?}: a screenful");
        found_something += usize::from(!expected.is_empty());
    }
    assert!(found_something > 150, "the texts found cards {found_something} times of 400");
}

#[test]
fn a_card_number_is_found_by_its_start_without_gc_and_in_any_case() {
    let (_dir, store) = common::demo_file(300);
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let some = store.card_list(&CardQuery::all(today), 1).unwrap().remove(0);
    for text in [some.number.to_lowercase(), some.number[2..].to_string(), format!("gc {}", &some.number[2..])] {
        let q = CardQuery { text, ..CardQuery::all(today) };
        let found = store.card_list(&q, 10).unwrap();
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), vec![some.id], "{q:?}");
    }
}
