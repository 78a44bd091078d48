//! The dashboard's figures as lists: each chart of 统计 exports the table it is drawn from,
//! through the same writers as every other list (xlsx, csv, pdf).

use chrono::NaiveDate;

use super::lists::column;
use super::{Cell, Column, ColumnKind, Row, TableMeta};
use crate::domain::Bp;
use crate::domain::card::CardState;
use crate::domain::targets::{TargetKind, pace};
use crate::i18n::{Lang, tr, tr_args};
use crate::store::{Dashboard, ZoneFigures};

fn meta(lang: Lang, title_key: &str, d: &Dashboard, columns: Vec<Column>) -> TableMeta {
    let filter = tr_args(lang, "stats.export_filter", &[("date", crate::domain::dates::fmt_date(d.today))]);
    TableMeta { title: tr(lang, title_key).into_owned(), filter, generated: d.today, columns, lang }
}

/// The tier codes found in the figures, in `order` first (the policy's), then the others.
pub fn tier_codes(d: &Dashboard, order: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = order.to_vec();
    let mut others: Vec<String> =
        d.zones.iter().flat_map(|z| z.by_tier.iter().map(|(t, _)| t.clone())).filter(|t| !codes.contains(t)).collect();
    others.sort();
    others.dedup();
    codes.extend(others);
    codes
}

/// Talents of one tier in one zone.
pub fn tier_count(z: &ZoneFigures, tier: &str) -> i64 {
    z.by_tier.iter().find(|(t, _)| t == tier).map_or(0, |(_, n)| *n)
}

/// Talents by zone and tier, with totals.
pub fn zone_tier_table(d: &Dashboard, tiers: &[String], lang: Lang) -> (TableMeta, Vec<Row>) {
    let mut columns = vec![column(lang, "talent.zone", ColumnKind::Text, 20)];
    columns.extend(tiers.iter().map(|t| Column {
        header: tr_args(lang, "stats.tier_column", &[("tier", t.clone())]),
        kind: ColumnKind::Integer,
        width_chars: 9,
    }));
    columns.push(column(lang, "stats.total", ColumnKind::Integer, 10));
    let rows = d
        .zones
        .iter()
        .map(|z| {
            let mut row = vec![Cell::Text(z.zone.name.clone())];
            row.extend(tiers.iter().map(|t| Cell::Integer(tier_count(z, t))));
            row.push(Cell::Integer(z.talents()));
            row
        })
        .collect();
    (meta(lang, "stats.by_zone_tier", d, columns), rows)
}

/// Cards by state.
pub fn card_state_table(d: &Dashboard, lang: Lang) -> (TableMeta, Vec<Row>) {
    let columns = vec![
        column(lang, "stats.card_state", ColumnKind::Text, 12),
        column(lang, "stats.count", ColumnKind::Integer, 10),
    ];
    let rows =
        card_states(d).into_iter().map(|(key, n)| vec![Cell::Text(tr(lang, key).into_owned()), Cell::Integer(n)]);
    (meta(lang, "stats.cards_by_state", d, columns), rows.collect())
}

/// The card states with their label keys, in the order shown.
pub fn card_states(d: &Dashboard) -> [(&'static str, i64); 5] {
    CardState::ALL.map(|s| (s.label_key(), d.cards.of(s)))
}

/// Cards issued and renewed per month.
pub fn monthly_table(d: &Dashboard, lang: Lang) -> (TableMeta, Vec<Row>) {
    let columns = vec![
        column(lang, "stats.month", ColumnKind::Text, 9),
        column(lang, "stats.issued", ColumnKind::Integer, 10),
        column(lang, "stats.renewed", ColumnKind::Integer, 10),
    ];
    let rows = d.months.iter().map(|m| {
        vec![Cell::Text(m.month.format("%Y-%m").to_string()), Cell::Integer(m.issued), Cell::Integer(m.renewed)]
    });
    (meta(lang, "stats.cards_per_month", d, columns), rows.collect())
}

/// Occupancy by project.
pub fn occupancy_table(d: &Dashboard, lang: Lang) -> (TableMeta, Vec<Row>) {
    let columns = vec![
        column(lang, "housing.project", ColumnKind::Text, 22),
        column(lang, "talent.zone", ColumnKind::Text, 18),
        column(lang, "stats.units", ColumnKind::Integer, 8),
        column(lang, "stats.let", ColumnKind::Integer, 8),
        column(lang, "stats.repair", ColumnKind::Integer, 8),
        column(lang, "stats.occupancy", ColumnKind::Percent, 9),
    ];
    let rows = d.occupancy.iter().map(|o| {
        vec![
            Cell::Text(o.project.clone()),
            Cell::Text(o.zone_name.clone()),
            Cell::Integer(o.units),
            Cell::Integer(o.let_units),
            Cell::Integer(o.repair),
            Cell::Percent(share(o.let_units, o.units)),
        ]
    });
    (meta(lang, "stats.occupancy_by_project", d, columns), rows.collect())
}

/// `part` of `whole` in basis points (0 when the whole is nothing), rounded half-up.
pub fn share(part: i64, whole: i64) -> Bp {
    if whole <= 0 {
        return Bp(0);
    }
    Bp(u32::try_from((part.max(0) * 20_000 + whole) / (whole * 2)).unwrap_or(u32::MAX))
}

/// The year's grant budgets: used and remaining.
pub fn budget_table(d: &Dashboard, lang: Lang) -> (TableMeta, Vec<Row>) {
    let columns = vec![
        column(lang, "grant.programme", ColumnKind::Text, 26),
        column(lang, "stats.budget", ColumnKind::Money, 16),
        column(lang, "stats.used", ColumnKind::Money, 16),
        column(lang, "stats.remaining", ColumnKind::Money, 16),
    ];
    let rows = d.programmes.iter().map(|p| {
        vec![Cell::Text(p.name.clone()), Cell::Money(p.budget), Cell::Money(p.used), Cell::Money(p.remaining())]
    });
    (meta(lang, "stats.budgets", d, columns), rows.collect())
}

/// A zone's target and figure of one kind, as plain numbers (fen for grants).
pub fn target_and_actual(z: &ZoneFigures, kind: TargetKind) -> (i64, i64) {
    let t = z.target.as_ref();
    let a = &z.actual;
    match kind {
        TargetKind::Talents => (t.map_or(0, |t| t.talents), a.talents),
        TargetKind::Teams => (t.map_or(0, |t| t.teams), a.teams),
        TargetKind::Apartments => (t.map_or(0, |t| t.apartments), a.apartments),
        TargetKind::Grants => (t.map_or(0, |t| t.grants.fen()), a.grants.fen()),
    }
}

/// Zone targets against the year's figures, with the pace and its status.
pub fn targets_table(d: &Dashboard, far_behind: Bp, lang: Lang, today: NaiveDate) -> (TableMeta, Vec<Row>) {
    let columns = vec![
        column(lang, "talent.zone", ColumnKind::Text, 20),
        column(lang, "stats.kind", ColumnKind::Text, 12),
        column(lang, "stats.target", ColumnKind::Text, 16),
        column(lang, "stats.actual", ColumnKind::Text, 16),
        column(lang, "stats.expected", ColumnKind::Text, 16),
        column(lang, "stats.completion", ColumnKind::Percent, 9),
        column(lang, "stats.status", ColumnKind::Text, 10),
    ];
    let mut rows = Vec::new();
    for z in &d.zones {
        for kind in TargetKind::ALL {
            let (target, actual) = target_and_actual(z, kind);
            let p = pace(target, actual, d.year, today, far_behind);
            let figure = |n: i64| {
                if kind.is_money() { Cell::Money(crate::domain::Fen(n)) } else { Cell::Integer(n) }
            };
            rows.push(vec![
                Cell::Text(z.zone.name.clone()),
                Cell::Text(tr(lang, kind.label_key()).into_owned()),
                figure(p.target),
                figure(p.actual),
                figure(p.expected),
                Cell::Percent(share(p.actual, p.target)),
                Cell::Text(tr(lang, p.status.label_key()).into_owned()),
            ]);
        }
    }
    (meta(lang, "stats.targets", d, columns), rows)
}
