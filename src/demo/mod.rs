//! Realistic, deterministic demo data: the same seed always gives the same database.
//! Names follow the real surname mix, resident ID numbers are valid and agree with the
//! recorded birth date and gender, credit codes carry correct check characters.

mod names;

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::credit_code::CreditCode;
use crate::domain::dates::add_years;
use crate::domain::id_number::{DocumentNumber, DocumentType, Gender, ResidentId};
use crate::store::{DemoCard, DemoEmployer, DemoTalent, DemoTeam, DemoZone};

/// Everything the demo command writes.
pub struct DemoData {
    /// Development zones.
    pub zones: Vec<DemoZone>,
    /// Employers.
    pub employers: Vec<DemoEmployer>,
    /// Talents.
    pub talents: Vec<DemoTalent>,
    /// Teams.
    pub teams: Vec<DemoTeam>,
}

/// The demo user accounts: (user name, display name, role code).
pub const DEMO_USERS: [(&str, &str, &str); 5] = [
    ("admin", "系统管理员", "admin"),
    ("clerk", "窗口经办 王晓", "clerk"),
    ("review", "部门初审 李静", "first_reviewer"),
    ("recheck", "第三方复核 陈立", "third_party"),
    ("committee", "管委会审定 赵敏", "committee"),
];

/// Tier codes with their weight per mille: few top talents, many young ones.
const TIERS: &[(&str, u32)] = &[("A", 5), ("B", 30), ("C", 100), ("D", 300), ("E", 565)];

const ZONES: [(&str, &str); 6] = [
    ("GX", "高新技术产业开发区"),
    ("JK", "经济技术开发区"),
    ("LG", "临港经济开发区"),
    ("SW", "生物医药产业园"),
    ("RJ", "软件与信息服务园"),
    ("ZB", "综合保税区"),
];

fn weighted<'a>(rng: &mut ChaCha8Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if pick < *w {
            return item;
        }
        pick -= w;
    }
    items.first().map_or("", |(i, _)| i)
}

fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

fn date_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let days = (to - from).num_days().max(1);
    from + chrono::Days::new(rng.random_range(0..days) as u64)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Passwords for the demo users, derived from the seed so a run can be repeated.
pub fn demo_passwords(seed: u64) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005E_ED0F_DE40);
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    DEMO_USERS
        .iter()
        .map(|(name, _, _)| {
            let tail: String = (0..6).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
            format!("{name}-{tail}")
        })
        .collect()
}

/// Generates `talents` talents and everything around them, as of `today`.
pub fn generate(talents: usize, seed: u64, today: NaiveDate) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let zones: Vec<DemoZone> =
        ZONES.iter().map(|(code, name)| DemoZone { code: code.to_string(), name: name.to_string() }).collect();
    let employers = employers(&mut rng, (talents / 200).clamp(20, 5000), zones.len());
    let people = people(&mut rng, talents, &employers, today);
    let teams = teams(&mut rng, &people, (talents / 100).clamp(usize::from(talents >= 3), 10_000), today);
    DemoData { zones, employers, talents: people, teams }
}

/// Cards for about 40 % of the talents, in every state: most active (some expiring within
/// the next three months, some already expired), a few suspended, revoked or reported lost.
pub fn cards(data: &DemoData, seed: u64, today: NaiveDate) -> Vec<DemoCard> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x00CA_4D5E);
    let mut out = Vec::with_capacity(data.talents.len() * 2 / 5);
    for (i, t) in data.talents.iter().enumerate() {
        if rng.random_range(0..10) >= 4 {
            continue;
        }
        // Issued some time in the last five years and a quarter; five-year validity.
        let issued = today - chrono::Days::new(rng.random_range(0..(5 * 365 + 90)));
        let expires = add_years(issued, 5).min(t.recognised_until.max(issued));
        let (status, reason) = match rng.random_range(0..100) {
            0..=1 => ("suspended", "单位核查中"),
            2 => ("revoked", "离职离开本市"),
            3 => ("voided", "持卡人挂失"),
            _ => ("active", ""),
        };
        out.push(DemoCard {
            talent: i,
            tier: t.tier,
            issued_on: issued,
            expires_on: expires,
            status,
            reason,
            replaces_previous: false,
        });
        if status == "voided" {
            // The lost card's replacement: a new number, the same expiry.
            // Reported lost and replaced the same day, so both stay together in issue order.
            let reissued = issued;
            out.push(DemoCard {
                talent: i,
                tier: t.tier,
                issued_on: reissued,
                expires_on: expires,
                status: "active",
                reason: "",
                replaces_previous: true,
            });
        }
    }
    // In issue order per year, as the numbers are drawn: the card indexes then grow at
    // their ends instead of at random places.
    out.sort_by_key(|c| (c.issued_on.year(), c.talent, c.replaces_previous));
    out
}

fn employers(rng: &mut ChaCha8Rng, count: usize, zones: usize) -> Vec<DemoEmployer> {
    const CODE_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut seen_codes = HashSet::new();
    let mut seen_names = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let field = rng.random_range(0..names::FIELDS.len());
        let mut name = format!(
            "{}{}{}",
            pick(rng, names::COMPANY_HEADS),
            names::COMPANY_TRADES[field],
            pick(rng, names::COMPANY_FORMS)
        );
        if !seen_names.insert(name.clone()) {
            name = format!("{}{}{}", pick(rng, names::COMPANY_HEADS), pick(rng, names::COMPANY_HEADS), name);
            if !seen_names.insert(name.clone()) {
                continue;
            }
        }
        let region = pick(rng, names::REGIONS);
        let body: String = (0..9).map(|_| CODE_CHARS[rng.random_range(0..CODE_CHARS.len())] as char).collect();
        let first17 = format!("91{region}{body}");
        let Some(check) = CreditCode::check_char(&first17) else {
            continue;
        };
        let code = format!("{first17}{check}");
        if !seen_codes.insert(code.clone()) {
            continue;
        }
        out.push(DemoEmployer { name, credit_code: code, zone: rng.random_range(0..zones) });
    }
    out
}

fn people(rng: &mut ChaCha8Rng, count: usize, employers: &[DemoEmployer], today: NaiveDate) -> Vec<DemoTalent> {
    let mut seen_docs: HashSet<String> = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    // About one person in two thousand is registered twice (again with a passport), as
    // happens at a real counter; the duplicate review has something to show.
    let twice = count / 2000;
    while out.len() < count - twice {
        let index = out.len();
        let roll = rng.random_range(0..1000);
        let birth = date_between(rng, ymd(1958, 1, 1), ymd(2001, 12, 31));
        let (name, gender, nationality, doc) = if roll < 20 {
            let gender = if rng.random_bool(0.5) { Gender::Male } else { Gender::Female };
            let name = format!("{} {}", pick(rng, names::FOREIGN_GIVEN), pick(rng, names::FOREIGN_FAMILY));
            let (nation, nationality) = names::FOREIGN_NATIONS[rng.random_range(0..names::FOREIGN_NATIONS.len())];
            let (kind, text) = if rng.random_bool(0.5) {
                let letters: String = (0..2).map(|_| (b'A' + rng.random_range(0..26u8)) as char).collect();
                (DocumentType::Passport, format!("{letters}{:07}", rng.random_range(0..10_000_000u32)))
            } else {
                (
                    DocumentType::ForeignPermanentResident,
                    format!("{nation}{:012}", rng.random_range(0..1_000_000_000_000u64)),
                )
            };
            (name, gender, nationality, DocumentNumber::parse(kind, &text, today).ok())
        } else if roll < 35 {
            let gender = if rng.random_bool(0.5) { Gender::Male } else { Gender::Female };
            let name = chinese_name(rng, gender);
            let (kind, text) = if rng.random_bool(0.6) {
                (
                    DocumentType::HkMacaoPermit,
                    format!(
                        "{}{:08}",
                        if rng.random_bool(0.8) { 'H' } else { 'M' },
                        rng.random_range(0..100_000_000u32)
                    ),
                )
            } else {
                (DocumentType::TaiwanPermit, format!("{:08}", rng.random_range(0..100_000_000u32)))
            };
            (name, gender, "中国", DocumentNumber::parse(kind, &text, today).ok())
        } else {
            let seq = rng.random_range(0..1000u16);
            let Some(id) = ResidentId::from_parts(pick(rng, names::REGIONS), birth, seq) else {
                continue;
            };
            let gender = id.gender();
            let name = chinese_name(rng, gender);
            (name, gender, "中国", DocumentNumber::parse(DocumentType::ResidentId, id.as_str(), today).ok())
        };
        let Some(doc) = doc else { continue };
        if !seen_docs.insert(doc.as_str().to_string()) {
            continue;
        }
        let employer = rng.random_range(0..employers.len().max(1));
        let zone = employers.get(employer).map_or(0, |e| e.zone);
        let arrival = date_between(rng, ymd(2012, 1, 1), today);
        let tier = weighted(rng, TIERS);
        let field = names::FIELDS[rng.random_range(0..names::FIELDS.len())];
        let phone = format!("1{}{:09}", pick(rng, &["3", "5", "7", "8", "9"]), rng.random_range(0..1_000_000_000u32));
        out.push(DemoTalent {
            name,
            gender,
            birth_date: doc.resident_id().map_or(birth, |id| id.birth_date()),
            nationality,
            doc_type: doc.kind(),
            doc_number: doc.as_str().into(),
            email: format!("t{index:07}@talent.example.cn"),
            phone: phone.into(),
            education: weighted(rng, names::EDUCATION),
            title: weighted(rng, names::TITLES),
            field,
            employer,
            zone,
            arrival_date: arrival,
            tier,
            recognised_until: add_years(arrival, rng.random_range(5..=10)).max(ymd(today.year(), 1, 1)),
        });
    }
    while out.len() < count {
        let original = out[rng.random_range(0..out.len())].clone();
        if original.doc_type != DocumentType::ResidentId {
            continue;
        }
        let number = format!("E{:08}", rng.random_range(0..100_000_000u32));
        let Ok(doc) = DocumentNumber::parse(DocumentType::Passport, &number, today) else { continue };
        if !seen_docs.insert(doc.as_str().to_string()) {
            continue;
        }
        out.push(DemoTalent { doc_type: DocumentType::Passport, doc_number: doc.as_str().into(), ..original });
    }
    out
}

fn chinese_name(rng: &mut ChaCha8Rng, gender: Gender) -> String {
    let surname = weighted(rng, names::SURNAMES);
    let pool = match gender {
        Gender::Male => names::GIVEN_MALE,
        Gender::Female => names::GIVEN_FEMALE,
    };
    // About a third of Chinese given names have one character.
    if rng.random_range(0..3) == 0 {
        format!("{surname}{}", pick(rng, pool))
    } else {
        format!("{surname}{}{}", pick(rng, pool), pick(rng, pool))
    }
}

fn teams(rng: &mut ChaCha8Rng, people: &[DemoTalent], count: usize, today: NaiveDate) -> Vec<DemoTeam> {
    if people.len() < 3 {
        return Vec::new();
    }
    let suffixes = ["创新团队", "研发团队", "产业化团队", "攻关团队"];
    (0..count)
        .map(|i| {
            let leader = rng.random_range(0..people.len());
            let mut members = Vec::new();
            let mut used = HashSet::from([leader]);
            for _ in 0..rng.random_range(2..=6) {
                let m = rng.random_range(0..people.len());
                if used.insert(m) {
                    members.push((m, pick(rng, names::TEAM_ROLES)));
                }
            }
            let p = &people[leader];
            DemoTeam {
                name: format!("{}{}{}", p.name, p.field, suffixes[i % suffixes.len()]),
                leader,
                members,
                field: p.field,
                zone: p.zone,
                summary: format!("面向{}领域的关键技术研发与成果转化项目。", p.field),
                introduced_on: date_between(rng, ymd(2015, 1, 1), today),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data_and_every_number_valid() {
        let today = ymd(2026, 11, 29);
        let a = generate(500, 7, today);
        let b = generate(500, 7, today);
        assert_eq!(a.talents.len(), 500);
        let names_a: Vec<_> = a.talents.iter().map(|t| &t.name).collect();
        let names_b: Vec<_> = b.talents.iter().map(|t| &t.name).collect();
        assert_eq!(names_a, names_b);
        for t in &a.talents {
            let doc = DocumentNumber::parse(t.doc_type, t.doc_number.whole(), today);
            assert!(doc.is_ok(), "{:?} {:?}", t.doc_number, doc);
            if let Some(id) = doc.ok().and_then(|d| d.resident_id()) {
                assert_eq!(id.birth_date(), t.birth_date);
                assert_eq!(id.gender(), t.gender);
            }
        }
        for e in &a.employers {
            assert!(CreditCode::parse(&e.credit_code).is_ok(), "{}", e.credit_code);
        }
        assert!(!a.teams.is_empty());
        assert_eq!(demo_passwords(7), demo_passwords(7));
    }
}
