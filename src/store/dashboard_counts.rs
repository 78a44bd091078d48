//! The dashboard's counter tables (schema version 14): talents by zone, tier and arrival
//! year, cards by state and expiry day, card events by month. Triggers keep them in the
//! transaction that changes a talent, a card or an event; a bulk load (the demo's million
//! talents) turns the triggers off and counts once at the end instead, which costs a few
//! GROUP BYs rather than a trigger run per row (about 2 µs each, a million times over).

use rusqlite::Connection;

use super::Result;

/// The counter triggers, by name (migration 14 makes them).
const TRIGGERS: [&str; 9] = [
    "talent_counts_insert",
    "talent_counts_delete",
    "talent_counts_update",
    "card_counts_insert",
    "card_counts_delete",
    "card_counts_update",
    "card_event_counts_insert",
    "card_event_counts_delete",
    "card_event_counts_update",
];

/// Counts every counter again from its table: what the triggers would have made.
pub(crate) fn recount(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM talent_counts;
         INSERT INTO talent_counts (zone_id, tier, arrival_year, n)
             SELECT zone_id, tier, coalesce(CAST(substr(arrival_date, 1, 4) AS INTEGER), 0), count(*)
             FROM talents WHERE merged_into IS NULL GROUP BY 1, 2, 3;
         DELETE FROM card_counts;
         INSERT INTO card_counts (status, expires_on, n) SELECT status, expires_on, count(*) FROM cards GROUP BY 1, 2;
         DELETE FROM card_event_counts;
         INSERT INTO card_event_counts (month, event, n)
             SELECT substr(on_date, 1, 7), event, count(*) FROM card_events GROUP BY 1, 2;",
    )?;
    Ok(())
}

/// Migration step: the counters of what the database already holds.
pub(crate) fn count_existing(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    recount(tx)
}

/// Runs a bulk `load` in the open transaction `conn` with the counter triggers dropped, then
/// counts again and puts the triggers back from their own stored definitions (so they stay
/// exactly as the migration made them). A failure anywhere rolls all of it back with the
/// transaction, triggers included.
pub(crate) fn without_triggers<T>(conn: &Connection, load: impl FnOnce() -> Result<T>) -> Result<T> {
    let saved = drop_triggers(conn, &TRIGGERS)?;
    let out = load()?;
    recount(conn)?;
    restore_triggers(conn, &saved)?;
    Ok(out)
}

/// Runs `load`, which inserts the talents with ids `first` to `last` in the open transaction
/// `conn` (an import's new talents), without the talent insert trigger, then adds those
/// talents to the counters with one grouped query. The trigger costs about 25 µs per row at
/// a million talents (measured: 2.5 s of an import of 100,000); the query reads only the
/// new rows. A failure rolls it all back with the transaction, the trigger included.
pub(crate) fn talents_added_in_bulk<T>(
    conn: &Connection,
    first: i64,
    last: i64,
    load: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let saved = drop_triggers(conn, &["talent_counts_insert"])?;
    let out = load()?;
    // The trigger's own terms: merged records are not counted, no arrival date is year 0.
    conn.execute(
        "INSERT INTO talent_counts (zone_id, tier, arrival_year, n)
             SELECT zone_id, tier, coalesce(CAST(substr(arrival_date, 1, 4) AS INTEGER), 0), count(*)
             FROM talents WHERE id BETWEEN ?1 AND ?2 AND merged_into IS NULL GROUP BY 1, 2, 3
         ON CONFLICT DO UPDATE SET n = n + excluded.n",
        [first, last],
    )?;
    restore_triggers(conn, &saved)?;
    Ok(out)
}

/// Drops the triggers `names`; returns their definitions.
fn drop_triggers(conn: &Connection, names: &[&str]) -> Result<Vec<String>> {
    let mut saved = Vec::with_capacity(names.len());
    for name in names {
        let sql: String =
            conn.query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [name], |r| r.get(0))?;
        // The names are our constants, not input.
        conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
        saved.push(sql);
    }
    Ok(saved)
}

/// Creates the triggers again from their definitions.
fn restore_triggers(conn: &Connection, saved: &[String]) -> Result<()> {
    for sql in saved {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use rand::{RngExt, SeedableRng};
    use rusqlite::params;

    use super::*;
    use crate::store::Store;

    /// The rows of `sql` (three key columns and a count), sorted.
    fn rows(conn: &Connection, sql: &str) -> Vec<(String, String, String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut out: Vec<_> = stmt
            .query_map([], |r| {
                let text = |i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"));
                Ok((text(0)?, text(1)?, text(2)?, r.get(3)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        out.sort();
        out
    }

    fn counters_agree(conn: &Connection) {
        let talents = "SELECT zone_id, tier, coalesce(CAST(substr(arrival_date, 1, 4) AS INTEGER), 0), count(*)
                       FROM talents WHERE merged_into IS NULL GROUP BY 1, 2, 3";
        let counted = "SELECT zone_id, tier, arrival_year, n FROM talent_counts WHERE n <> 0";
        assert_eq!(rows(conn, counted), rows(conn, talents));
        let cards = "SELECT status, expires_on, '', count(*) FROM cards GROUP BY 1, 2";
        assert_eq!(rows(conn, "SELECT status, expires_on, '', n FROM card_counts WHERE n <> 0"), rows(conn, cards));
        let events = "SELECT substr(on_date, 1, 7), event, '', count(*) FROM card_events GROUP BY 1, 2";
        let counted = "SELECT month, event, '', n FROM card_event_counts WHERE n <> 0";
        assert_eq!(rows(conn, counted), rows(conn, events));
    }

    fn day(rng: &mut rand_chacha::ChaCha8Rng) -> String {
        format!("{}-{:02}-{:02}", rng.random_range(2020..2030), rng.random_range(1..=12), rng.random_range(1..=28))
    }

    const TIERS: [&str; 5] = ["A", "B", "C", "D", "E"];

    fn add_talents(conn: &Connection, rng: &mut rand_chacha::ChaCha8Rng, from: usize, n: usize) {
        for i in from..from + n {
            let arrival = if i % 5 == 0 { None } else { Some(day(rng)) };
            conn.execute(
                "INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, zone_id, tier,
                                      arrival_date, created_at, updated_at)
                 VALUES ('张伟', 'M', '1990-01-01', '中国', 'passport', ?1, ?2, ?3, ?4, '', '')",
                params![format!("E{i:08}"), rng.random_range(1..=2), TIERS[i % 5], arrival],
            )
            .unwrap();
        }
    }

    fn store_with_zones() -> Store {
        let store = Store::open_in_memory().unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO zones (code, name, created_at, updated_at)
                 VALUES ('GX', '高新区', '', ''), ('JK', '经开区', '', '')",
            )
            .unwrap();
        store
    }

    #[test]
    fn the_counters_follow_every_insert_update_merge_and_delete() {
        let store = store_with_zones();
        let conn = &store.conn;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        add_talents(conn, &mut rng, 0, 400);
        counters_agree(conn);
        for _ in 0..600 {
            let id = rng.random_range(1..=400);
            let sql = match rng.random_range(0..5) {
                0 => "UPDATE talents SET tier = ?2 WHERE id = ?1",
                1 => "UPDATE talents SET zone_id = 3 - zone_id WHERE id = ?1 AND ?2 IS NOT NULL",
                2 => {
                    "UPDATE talents SET arrival_date = CASE WHEN ?2 = 'A' THEN NULL ELSE '2026-06-01' END WHERE id = ?1"
                }
                3 => {
                    "UPDATE talents SET merged_into = CASE WHEN merged_into IS NULL AND ?2 <> 'E' THEN 1 END WHERE id = ?1 AND id > 1"
                }
                _ => "DELETE FROM talents WHERE id = ?1 AND id > 300 AND ?2 IS NOT NULL",
            };
            conn.execute(sql, params![id, TIERS[rng.random_range(0..5)]]).unwrap();
        }
        counters_agree(conn);
        let states = ["active", "suspended", "revoked", "voided"];
        for i in 1..=200i64 {
            let issued = day(&mut rng);
            conn.execute(
                "INSERT INTO cards (number, talent_id, tier, issued_on, expires_on, status, policy_version, created_at, updated_at)
                 VALUES (?1, ?2, 'C', ?3, date(?3, '+5 years'), ?4, 1, '', '')",
                params![format!("GC{i:011}"), i, issued, states[rng.random_range(0..2)]],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO card_events (card_id, event, on_date, at) VALUES (?1, 'issued', ?2, '')",
                params![i, issued],
            )
            .unwrap();
        }
        for _ in 0..400 {
            let id = rng.random_range(1..=200);
            match rng.random_range(0..4) {
                0 => conn
                    .execute("UPDATE cards SET status = ?2 WHERE id = ?1", params![id, states[rng.random_range(0..4)]]),
                1 => conn
                    .execute("UPDATE cards SET expires_on = date(expires_on, '+5 years') WHERE id = ?1", params![id]),
                2 => conn.execute(
                    "INSERT INTO card_events (card_id, event, on_date, at) VALUES (?1, 'renewed', ?2, '')",
                    params![id, day(&mut rng)],
                ),
                _ => conn.execute("UPDATE card_events SET on_date = ?2 WHERE card_id = ?1", params![id, day(&mut rng)]),
            }
            .unwrap();
        }
        conn.execute("DELETE FROM card_events WHERE card_id > 190", []).unwrap();
        conn.execute("DELETE FROM cards WHERE id > 190", []).unwrap();
        counters_agree(conn);
    }

    #[test]
    fn a_bulk_load_counts_once_and_leaves_the_triggers_as_they_were() {
        let mut store = store_with_zones();
        let triggers =
            |conn: &Connection| rows(conn, "SELECT name, sql, '', 0 FROM sqlite_master WHERE type = 'trigger'");
        let before = triggers(&store.conn);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let tx = store.conn.transaction().unwrap();
        without_triggers(&tx, || {
            add_talents(&tx, &mut rng, 0, 300);
            let n: i64 = tx.query_row("SELECT count(*) FROM talent_counts", [], |r| r.get(0)).unwrap();
            assert_eq!(n, 0, "no trigger ran during the load");
            Ok(())
        })
        .unwrap();
        tx.commit().unwrap();
        counters_agree(&store.conn);
        assert_eq!(triggers(&store.conn), before);
        // They work again afterwards.
        add_talents(&store.conn, &mut rng, 300, 50);
        counters_agree(&store.conn);
        // A failed load changes nothing, triggers included.
        let tx = store.conn.transaction().unwrap();
        let failed: Result<()> = without_triggers(&tx, || Err(crate::store::StoreError::NotAllowed));
        assert!(failed.is_err());
        drop(tx);
        assert_eq!(triggers(&store.conn), before);
        counters_agree(&store.conn);
    }
}
