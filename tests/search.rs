//! Talent search finds exactly what a plain scan finds: hundreds of random fragments (name
//! characters, pinyin initials, Latin names in any case, document number pieces, employer
//! names) with random filters and orders, page by page, against the oracle
//! `greencard::store::search::matches` applied to every row, and so does the order of a
//! whole result with any page of it read by its ids (a page jump). Also: the index
//! follows renamed talents, and merged talents are never found.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::NaiveDate;
use greencard::domain::access::Scope;
use greencard::domain::card::CardStatus;
use greencard::domain::{DocumentType, Gender, Role, pinyin};
use greencard::store::search::{CardFacts, CardFilter, compare, matches};
use greencard::store::{NewUser, Store, TalentQuery, TalentRow, TalentSort};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

const SORTS: [TalentSort; 7] = [
    TalentSort::Id,
    TalentSort::Name,
    TalentSort::BirthDate,
    TalentSort::Tier,
    TalentSort::Zone,
    TalentSort::Employer,
    TalentSort::ArrivalDate,
];

/// A store on a file with `talents` demo talents.
fn demo_store(path: &Path, talents: usize, seed: u64) -> Store {
    let mut store = Store::open(path).unwrap();
    let admin = store
        .create_first_admin(&NewUser {
            username: "admin".into(),
            display_name: "系统管理员".into(),
            role: Role::Admin,
            password: "admin-pass-1".into(),
        })
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let data = greencard::demo::generate(talents, seed, today);
    store.insert_demo(&admin, &data.zones, &data.employers, &data.talents, &data.teams).unwrap();
    // Cards in every state, for the card filter and the card-number search.
    let cards = greencard::demo::cards(&data, seed, today);
    store.insert_demo_cards(&admin, today, &cards).unwrap();
    store
}

/// The cards of every talent, read with plain SQL.
fn card_facts(path: &Path) -> std::collections::HashMap<i64, CardFacts> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT talent_id, number, status, expires_on FROM cards").unwrap();
    let mut facts: std::collections::HashMap<i64, CardFacts> = std::collections::HashMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, NaiveDate>(3)?))
        })
        .unwrap();
    for row in rows {
        let (talent, number, status, expiry) = row.unwrap();
        let f = facts.entry(talent).or_default();
        f.numbers.push(number);
        match status.as_str() {
            "active" => f.live = Some((CardStatus::Active, expiry)),
            "suspended" => f.live = Some((CardStatus::Suspended, expiry)),
            "revoked" => f.revoked = true,
            _ => {}
        }
    }
    facts
}

/// Every talent that is not merged, read with plain SQL on a second connection.
fn scan(path: &Path) -> Vec<TalentRow> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT t.id, t.name, t.gender, t.birth_date, t.doc_type, t.doc_number, t.phone, t.tier, t.field,
                    t.zone_id, z.name, t.employer_id, e.name, t.arrival_date, t.nationality
             FROM talents t JOIN zones z ON z.id = t.zone_id LEFT JOIN employers e ON e.id = t.employer_id
             WHERE t.merged_into IS NULL",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(TalentRow {
            id: r.get(0)?,
            name: r.get(1)?,
            gender: Gender::from_code(&r.get::<_, String>(2)?).unwrap(),
            birth_date: r.get(3)?,
            doc_type: DocumentType::from_code(&r.get::<_, String>(4)?).unwrap(),
            doc_number: r.get(5)?,
            phone: r.get(6)?,
            tier: r.get(7)?,
            field: r.get(8)?,
            zone_id: r.get(9)?,
            zone_name: r.get(10)?,
            employer_id: r.get(11)?,
            employer_name: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            arrival_date: r.get(13)?,
            nationality: r.get(14)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// What the oracle finds in `rows` (each with its initials), in the query's order.
fn expected(q: &TalentQuery, rows: &[(TalentRow, Vec<String>, CardFacts)]) -> Vec<i64> {
    let mut found: Vec<&TalentRow> =
        rows.iter().filter(|(r, initials, cards)| matches(q, r, initials, cards)).map(|(r, _, _)| r).collect();
    found.sort_by(|a, b| compare(q.sort, q.descending, a, b));
    found.iter().map(|r| r.id).collect()
}

/// Every page of the search, concatenated; checks the count on the way.
fn searched(store: &Store, q: &TalentQuery, page: u32) -> Vec<i64> {
    let mut out = Vec::new();
    loop {
        let rows = store.search_talents(q, out.len() as u64, page).unwrap();
        let done = rows.len() < page as usize;
        out.extend(rows.iter().map(|r| r.id));
        if done {
            return out;
        }
    }
}

fn substring(rng: &mut ChaCha8Rng, text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = rng.random_range(1..=max.min(chars.len()));
    let start = rng.random_range(0..=chars.len() - len);
    chars[start..start + len].iter().collect()
}

fn random_case(rng: &mut ChaCha8Rng, text: &str) -> String {
    text.chars().map(|c| if rng.random_bool(0.5) { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect()
}

/// A search text of one of the kinds a clerk types, drawn from real rows.
fn fragment(rng: &mut ChaCha8Rng, rows: &[TalentRow]) -> String {
    let row = &rows[rng.random_range(0..rows.len())];
    let chinese = |rng: &mut ChaCha8Rng| loop {
        let r = &rows[rng.random_range(0..rows.len())];
        if !r.name.is_ascii() {
            return r.name.clone();
        }
    };
    match rng.random_range(0..10) {
        // One to three characters of a Chinese name (two-character names whole, too).
        0 | 1 => {
            let name = chinese(rng);
            substring(rng, &name, 3)
        }
        2 => {
            let initials = pinyin::initials(&chinese(rng));
            let reading = &initials[rng.random_range(0..initials.len())];
            let len = rng.random_range(1..=reading.len());
            random_case(rng, &reading[..len])
        }
        3 => loop {
            let r = &rows[rng.random_range(0..rows.len())];
            if r.name.is_ascii() || rng.random_bool(0.02) {
                let part = substring(rng, &r.name, 6);
                break random_case(rng, &part);
            }
        },
        4 | 5 => {
            let part = substring(rng, row.doc_number.whole(), 6);
            random_case(rng, &part)
        }
        6 if !row.employer_name.is_empty() => substring(rng, &row.employer_name, 4),
        // What input methods and spreadsheets add: full-width forms and spaces.
        7 => format!(" {} ", substring(rng, row.doc_number.whole(), 4))
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() && rng.random_bool(0.5) {
                    char::from_u32(c as u32 + 0xFEE0).unwrap()
                } else {
                    c
                }
            })
            .collect(),
        8 => String::new(),
        _ => ["zw", "w", "x", "1", "12", "张", "伟", "王芳", "欧阳", "单", "曾", "科技", "no match", "\""]
            [rng.random_range(0..14)]
        .to_string(),
    }
}

fn random_query(rng: &mut ChaCha8Rng, rows: &[TalentRow], numbers: &[String]) -> TalentQuery {
    let row = &rows[rng.random_range(0..rows.len())];
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap() + chrono::Days::new(rng.random_range(0..400));
    let text = if rng.random_bool(0.08) {
        // A whole card number, as typed or scanned (lower case too).
        let number = &numbers[rng.random_range(0..numbers.len())];
        random_case(rng, number)
    } else {
        fragment(rng, rows)
    };
    TalentQuery {
        text,
        card: rng.random_bool(0.2).then(|| (CardFilter::ALL[rng.random_range(0..CardFilter::ALL.len())], day)),
        zone_id: rng.random_bool(0.2).then_some(row.zone_id),
        tier: rng.random_bool(0.2).then(|| row.tier.clone()),
        field: rng.random_bool(0.15).then(|| row.field.clone()),
        sort: SORTS[rng.random_range(0..SORTS.len())],
        descending: rng.random_bool(0.3),
        scope: random_scope(rng, rows, 0.25),
    }
}

/// With probability `p`, one to three zones of the rows (sometimes the row's own), else all.
fn random_scope(rng: &mut ChaCha8Rng, rows: &[TalentRow], p: f64) -> Scope {
    if !rng.random_bool(p) {
        return Scope::All;
    }
    let n = rng.random_range(1..=3);
    Scope::only((0..n).map(|_| rows[rng.random_range(0..rows.len())].zone_id))
}

#[test]
fn search_equals_a_plain_scan_for_random_fragments_filters_and_orders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search.db");
    let mut store = demo_store(&path, 3000, 11);
    let mut rng = ChaCha8Rng::seed_from_u64(2024);

    // Some talents change behind the index and are re-indexed; some are merged away.
    let side = Connection::open(&path).unwrap();
    let new_names = ["欧阳娜娜", "单于飞", "张伟", "Maria Müller", "曾国藩", "解晓", "朴槿惠", "李", "ＡＢＣ 李"];
    for (i, name) in new_names.iter().enumerate() {
        let id = 100 + 7 * i as i64;
        side.execute(
            "UPDATE talents SET name = ?1, doc_number = 'QZ' || printf('%07d', ?2) WHERE id = ?2",
            rusqlite::params![name, id],
        )
        .unwrap();
        store.reindex_talent(id).unwrap();
    }
    side.execute("UPDATE talents SET merged_into = 1 WHERE id IN (2, 3, 500)", []).unwrap();

    let rows = scan(&path);
    assert_eq!(rows.len(), 2997);
    let facts = card_facts(&path);
    let numbers: Vec<String> = facts.values().flat_map(|f| f.numbers.clone()).collect();
    assert!(numbers.len() > 500, "the demo has cards");
    let with_initials: Vec<(TalentRow, Vec<String>, CardFacts)> = rows
        .iter()
        .map(|r| (r.clone(), pinyin::initials(&r.name), facts.get(&r.id).cloned().unwrap_or_default()))
        .collect();
    let mut nonempty = 0;
    for _ in 0..400 {
        let q = random_query(&mut rng, &rows, &numbers);
        // Sometimes the session is limited too: the store narrows the query to it.
        let session = random_scope(&mut rng, &rows, 0.15);
        store.set_scope(session.clone());
        let want = expected(&TalentQuery { scope: q.scope.narrowed(&session), ..q.clone() }, &with_initials);
        let page = rng.random_range(20..=400);
        assert_eq!(store.count_talents(&q).unwrap(), want.len() as u64, "count of {q:?}");
        assert_eq!(searched(&store, &q, page), want, "results of {q:?}");
        // The order of the whole result, read once, and a page anywhere in it read by its
        // ids: what the list shows after a jump.
        let mut order = Vec::new();
        store
            .for_each_talent_id(&q, |id| {
                order.push(id);
                true
            })
            .unwrap();
        assert_eq!(order, want, "order of {q:?}");
        let at = (page as usize * 7919) % want.len().max(1);
        let ids = &want[at.min(want.len())..(at + page as usize).min(want.len())];
        let rows: Vec<i64> = store.talents_by_id(ids).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(rows, ids, "the page at {at} of {q:?}, read by id");
        nonempty += usize::from(!want.is_empty());
    }
    // The fragments come from real rows, so most queries find someone.
    assert!(nonempty > 300, "{nonempty}");
}

#[test]
fn the_index_follows_a_renamed_talent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rename.db");
    let mut store = demo_store(&path, 200, 5);
    let text = |t: &str| TalentQuery { text: t.into(), ..TalentQuery::default() };
    let ids = |store: &Store, t: &str| -> Vec<i64> {
        store.search_talents(&text(t), 0, 1000).unwrap().iter().map(|r| r.id).collect()
    };
    assert!(ids(&store, "司马懿").is_empty());
    let side = Connection::open(&path).unwrap();
    let old: String = side.query_row("SELECT name FROM talents WHERE id = 42", [], |r| r.get(0)).unwrap();
    side.execute("UPDATE talents SET name = '司马懿', doc_number = 'ZZ9876543' WHERE id = 42", []).unwrap();
    store.reindex_talent(42).unwrap();
    for found_by in ["司马懿", "司马", "懿", "马懿", "smy", "SMY", "sm", "ZZ9", "zz", "9876543"] {
        assert!(ids(&store, found_by).contains(&42), "{found_by}");
    }
    // The old name no longer leads to talent 42.
    assert!(!ids(&store, &old).contains(&42), "{old}");
    assert_eq!(store.count_talents(&text("司马懿")).unwrap(), 1);
    assert!(matches!(store.reindex_talent(999_999), Err(greencard::store::StoreError::NotFound { .. })));
}

#[test]
fn merged_talents_are_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.db");
    let store = demo_store(&path, 100, 9);
    let everyone = TalentQuery::default();
    let name = store.search_talents(&everyone, 0, 1).unwrap()[0].name.clone();
    let before = store.count_talents(&everyone).unwrap();
    Connection::open(&path).unwrap().execute("UPDATE talents SET merged_into = 2 WHERE id = 1", []).unwrap();
    assert_eq!(store.count_talents(&everyone).unwrap(), before - 1);
    let by_name = TalentQuery { text: name, ..TalentQuery::default() };
    assert!(store.search_talents(&by_name, 0, 100).unwrap().iter().all(|r| r.id != 1));
}
