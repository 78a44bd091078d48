//! The talent search index (tables of migration 2): what is written for each talent, kept
//! in step with `talents` by the writers' transactions, and filled in bulk for demo data
//! and for databases that existed before the index.
//!
//! Writers call [`index_talent`] after inserting a talent or changing its name or
//! document number, and [`unindex_talent`] before deleting one. Both read what was
//! indexed before (the `search_*` columns and the document table), so the order of the
//! writer's own statements does not matter. Queries re-check every candidate against the
//! talent's row, so a stale entry can hide a talent but never show a wrong one.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, named_params};

use super::bulk_insert::insert_rows;
use super::search::fold;
use super::{Result, StoreError};
use crate::domain::pinyin;

/// A fragment of at most two characters (or an initials prefix of at most three
/// letters), stored inline: a million talents give several million of them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Gram {
    bytes: [u8; 8],
    len: u8,
}

impl Gram {
    /// The gram of `chars` (one or two characters; UTF-8 needs at most 8 bytes).
    fn of(chars: &[char]) -> Gram {
        let mut gram = Gram { bytes: [0; 8], len: 0 };
        for c in chars {
            let len = usize::from(gram.len);
            gram.len += c.encode_utf8(&mut gram.bytes[len..]).len() as u8;
        }
        gram
    }

    fn as_str(&self) -> &str {
        // Built from whole chars by `of`, so the bytes are valid UTF-8.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// The values of a talent's `search_*` columns, from which its index entries follow.
pub(crate) struct Entry {
    /// The folded name (the `search_name` column).
    pub search_name: String,
    /// The initials, each after a space (the `search_initials` column).
    pub search_initials: String,
}

impl Entry {
    /// What to index for a talent with this name.
    pub(crate) fn new(name: &str) -> Entry {
        let search_name = fold(name);
        let mut search_initials = String::new();
        for reading in pinyin::initials(&search_name) {
            search_initials.push(' ');
            search_initials.push_str(&reading);
        }
        Entry { search_name, search_initials }
    }
}

/// The pairs of adjacent characters of `search_name` followed by a space; repeats possible.
fn name_grams(search_name: &str) -> impl Iterator<Item = Gram> + '_ {
    let next = search_name.chars().skip(1).chain([' ']);
    search_name.chars().zip(next).map(|(a, b)| Gram::of(&[a, b]))
}

/// The prefixes of two and three letters of the readings in `search_initials`.
fn prefixes(search_initials: &str) -> impl Iterator<Item = Gram> + '_ {
    search_initials.split_whitespace().flat_map(|reading| {
        let chars: Vec<char> = reading.chars().take(3).collect();
        (2..=chars.len()).map(move |len| Gram::of(&chars[..len]))
    })
}

/// The one- and two-character fragments of `doc_number` with a character other than a
/// digit; repeats possible.
fn doc_grams(doc_number: &str) -> impl Iterator<Item = Gram> + '_ {
    let singles = doc_number.chars().map(|c| Gram::of(&[c]));
    let pairs = doc_number.chars().zip(doc_number.chars().skip(1)).map(|(a, b)| Gram::of(&[a, b]));
    singles.chain(pairs).filter(|g| !g.as_str().bytes().all(|b| b.is_ascii_digit()))
}

/// Where to look for the talents whose folded name contains a text: a source of name
/// pairs on the alias `g` (their ids in `g.talent_id`), the condition that picks them,
/// and the values both use. Candidates only, unless `exact`: the caller checks each name.
pub(crate) struct NameLookup {
    /// `talent_name_grams g`, with a join per further pair of the text.
    pub source: String,
    /// What selects the pairs.
    pub cond: &'static str,
    /// The ids come in ascending order (one index key), so lists can be merged lazily.
    pub ordered: bool,
    /// Every talent found has the text in its name (a text of one or two characters:
    /// its pairs are looked up whole), so nothing needs checking.
    pub exact: bool,
    /// The named values of `source` and `cond`.
    pub values: Vec<(&'static str, Value)>,
}

/// The name lookup for the folded text `chars` (at least one character).
pub(crate) fn name_lookup(chars: &[char]) -> NameLookup {
    if let [c] = chars {
        // Pairs starting with the character; the name's last one is paired with a space.
        let end = (u32::from(*c) + 1..=u32::from(char::MAX)).find_map(char::from_u32).unwrap_or(char::MAX);
        return NameLookup {
            source: "talent_name_grams g".into(),
            cond: "g.gram >= :gram AND g.gram < :gram_end",
            ordered: false,
            exact: true,
            values: vec![(":gram", Value::Text(c.to_string())), (":gram_end", Value::Text(end.to_string()))],
        };
    }
    // Longer text: candidates have its first pair, and (looked up in the index alone,
    // before their row is read) its next few pairs too.
    let mut lookup = NameLookup {
        source: String::from("talent_name_grams g"),
        cond: "g.gram = :gram",
        ordered: true,
        exact: chars.len() == 2,
        values: vec![(":gram", Value::Text(chars.iter().take(2).collect()))],
    };
    let more = [(":gram2", "g2"), (":gram3", "g3"), (":gram4", "g4"), (":gram5", "g5")];
    for ((name, alias), pair) in more.into_iter().zip(chars.windows(2).skip(1)) {
        lookup.source.push_str(&format!(
            " CROSS JOIN talent_name_grams {alias} ON {alias}.gram = {name} AND {alias}.talent_id = g.talent_id"
        ));
        lookup.values.push((name, Value::Text(pair.iter().collect())));
    }
    lookup
}

/// The FTS5 query for document numbers that contain `doc` (three characters or more):
/// every trigram of it, each quoted. A number with all of them is a candidate only.
pub(crate) fn doc_trigrams_query(doc: &str) -> String {
    let chars: Vec<char> = doc.chars().collect();
    let mut terms: Vec<String> =
        chars.windows(3).map(|w| format!("\"{}\"", w.iter().collect::<String>().replace('"', "\"\""))).collect();
    terms.sort_unstable();
    terms.dedup();
    terms.join(" AND ")
}

/// Indexes talent `id` under its (new) name and document number, replacing what was
/// indexed before. Call it in the transaction that inserted or changed the talent.
pub(crate) fn index_talent(conn: &Connection, id: i64, name: &str, doc_number: &str) -> Result<()> {
    remove_entries(conn, id)?;
    let entry = Entry::new(name);
    let changed = conn
        .prepare_cached("UPDATE talents SET search_name = :name, search_initials = :initials WHERE id = :id")?
        .execute(named_params! { ":name": entry.search_name, ":initials": entry.search_initials, ":id": id })?;
    if changed == 0 {
        return Err(StoreError::NotFound { what: "talent" });
    }
    for (sql, grams) in [
        (
            "INSERT OR IGNORE INTO talent_name_grams (gram, talent_id) VALUES (:gram, :id)",
            name_grams(&entry.search_name).collect::<Vec<_>>(),
        ),
        (
            "INSERT OR IGNORE INTO talent_initials (prefix, talent_id) VALUES (:gram, :id)",
            prefixes(&entry.search_initials).collect(),
        ),
        (
            "INSERT OR IGNORE INTO talent_doc_grams (gram, talent_id) VALUES (:gram, :id)",
            doc_grams(doc_number).collect(),
        ),
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        for gram in grams {
            stmt.execute(named_params! { ":gram": gram.as_str(), ":id": id })?;
        }
    }
    conn.prepare_cached("INSERT INTO talent_docs (rowid, doc_number) VALUES (:id, :doc)")?
        .execute(named_params! { ":id": id, ":doc": doc_number })?;
    Ok(())
}

/// Removes talent `id` from the index. Call it in the transaction that deletes the
/// talent, before the delete (the indexed name is read from its row).
#[allow(dead_code, reason = "the talent writer of the registry issue calls it; until then only tests do")]
pub(crate) fn unindex_talent(conn: &Connection, id: i64) -> Result<()> {
    remove_entries(conn, id)?;
    conn.prepare_cached("UPDATE talents SET search_name = '', search_initials = '' WHERE id = :id")?
        .execute(named_params! { ":id": id })?;
    Ok(())
}

/// Deletes every index entry of talent `id`: name grams and initials prefixes follow
/// from its `search_*` columns, the document entries are found by id.
fn remove_entries(conn: &Connection, id: i64) -> Result<()> {
    let indexed: Option<(String, String)> = conn
        .prepare_cached("SELECT search_name, search_initials FROM talents WHERE id = :id")?
        .query_row(named_params! { ":id": id }, |r| Ok((r.get("search_name")?, r.get("search_initials")?)))
        .optional()?;
    if let Some((name, initials)) = indexed {
        let mut stmt = conn.prepare_cached("DELETE FROM talent_name_grams WHERE gram = :gram AND talent_id = :id")?;
        for gram in name_grams(&name) {
            stmt.execute(named_params! { ":gram": gram.as_str(), ":id": id })?;
        }
        let mut stmt = conn.prepare_cached("DELETE FROM talent_initials WHERE prefix = :gram AND talent_id = :id")?;
        for gram in prefixes(&initials) {
            stmt.execute(named_params! { ":gram": gram.as_str(), ":id": id })?;
        }
    }
    conn.prepare_cached("DELETE FROM talent_doc_grams WHERE talent_id = :id")?.execute(named_params! { ":id": id })?;
    conn.prepare_cached("DELETE FROM talent_docs WHERE rowid = :id")?.execute(named_params! { ":id": id })?;
    Ok(())
}

/// Index entries of many new talents, collected first and written in key order: a
/// b-tree fills several times faster when keys arrive sorted.
#[derive(Default)]
pub(crate) struct BulkIndex {
    name_grams: Vec<(Gram, i64)>,
    prefixes: Vec<(Gram, i64)>,
    doc_grams: Vec<(Gram, i64)>,
    docs: Vec<(i64, String)>,
}

impl BulkIndex {
    /// An empty collection with room for about `talents` talents.
    pub(crate) fn with_capacity(talents: usize) -> BulkIndex {
        BulkIndex {
            name_grams: Vec::with_capacity(talents * 3),
            prefixes: Vec::with_capacity(talents * 2),
            doc_grams: Vec::with_capacity(talents / 3),
            docs: Vec::with_capacity(talents),
        }
    }

    /// Adds talent `id`, whose `search_*` columns already hold `entry`'s values.
    pub(crate) fn add(&mut self, id: i64, entry: &Entry, doc_number: &str) {
        self.name_grams.extend(name_grams(&entry.search_name).map(|g| (g, id)));
        self.prefixes.extend(prefixes(&entry.search_initials).map(|g| (g, id)));
        self.doc_grams.extend(doc_grams(doc_number).map(|g| (g, id)));
        self.docs.push((id, doc_number.to_string()));
    }

    /// Writes everything collected; the talents must not be indexed yet.
    pub(crate) fn write(mut self, conn: &Connection) -> Result<()> {
        for (table, list) in [
            ("talent_name_grams (gram, talent_id)", &mut self.name_grams),
            ("talent_initials (prefix, talent_id)", &mut self.prefixes),
            ("talent_doc_grams (gram, talent_id)", &mut self.doc_grams),
        ] {
            list.sort_unstable();
            // A name with a repeated pair (娜娜娜) gives it twice.
            list.dedup();
            insert_rows(conn, table, 2, list, |stmt, first, (gram, id)| {
                stmt.raw_bind_parameter(first, gram.as_str())?;
                stmt.raw_bind_parameter(first + 1, id)
            })?;
        }
        self.docs.sort_unstable();
        let mut stmt = conn.prepare_cached("INSERT INTO talent_docs (rowid, doc_number) VALUES (?1, ?2)")?;
        for (id, doc) in &self.docs {
            stmt.execute(rusqlite::params![id, doc])?;
        }
        Ok(())
    }
}

/// Re-indexes talent `id` from the name and document number in its row.
pub(crate) fn reindex_from_row(conn: &Connection, id: i64) -> Result<()> {
    let (name, doc): (String, String) = conn
        .prepare_cached("SELECT name, doc_number FROM talents WHERE id = :id")?
        .query_row(named_params! { ":id": id }, |r| Ok((r.get("name")?, r.get("doc_number")?)))
        .optional()?
        .ok_or(StoreError::NotFound { what: "talent" })?;
    index_talent(conn, id, &name, &doc)
}

/// Indexes every talent of a database made before the index existed (migration 2).
pub(crate) fn index_existing(conn: &Transaction<'_>) -> Result<()> {
    let mut talents = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT id, name, doc_number FROM talents ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>("id")?, r.get::<_, String>("name")?, r.get::<_, String>("doc_number")?))
        })?;
        for row in rows {
            talents.push(row?);
        }
    }
    let mut bulk = BulkIndex::with_capacity(talents.len());
    let mut update =
        conn.prepare("UPDATE talents SET search_name = :name, search_initials = :initials WHERE id = :id")?;
    for (id, name, doc) in &talents {
        let entry = Entry::new(name);
        update.execute(named_params! { ":name": entry.search_name, ":initials": entry.search_initials, ":id": id })?;
        bulk.add(*id, &entry, doc);
    }
    bulk.write(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(grams: impl Iterator<Item = Gram>) -> Vec<String> {
        let mut out: Vec<String> = grams.map(|g| g.as_str().to_string()).collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn entries_of_a_chinese_name() {
        let e = Entry::new("欧阳娜娜");
        assert_eq!(e.search_name, "欧阳娜娜");
        assert_eq!(e.search_initials, " oynn");
        assert_eq!(strs(name_grams(&e.search_name)), vec!["娜 ", "娜娜", "欧阳", "阳娜"]);
        assert_eq!(strs(prefixes(&e.search_initials)), vec!["oy", "oyn"]);
        assert_eq!(strs(doc_grams("11010119900307123X")), vec!["3X", "X"]);
        assert_eq!(strs(prefixes(" dw sw")), vec!["dw", "sw"]);
        assert_eq!(strs(name_grams("张")), vec!["张 "]);
    }

    #[test]
    fn latin_names_are_folded_and_have_no_initials() {
        let e = Entry::new(" ＪＯＨＮ  O'Brien ");
        assert_eq!(e.search_name, "john o'brien");
        assert_eq!(e.search_initials, "");
        assert_eq!(prefixes(&e.search_initials).count(), 0);
        assert_eq!(strs(doc_grams("E12345678")), vec!["E", "E1"]);
    }

    /// How many index entries talent 1 has in each table.
    fn entries(conn: &Connection) -> [i64; 4] {
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{e}"));
        [
            count("SELECT count(*) FROM talent_name_grams WHERE talent_id = 1"),
            count("SELECT count(*) FROM talent_initials WHERE talent_id = 1"),
            count("SELECT count(*) FROM talent_doc_grams WHERE talent_id = 1"),
            count("SELECT count(*) FROM talent_docs WHERE rowid = 1"),
        ]
    }

    #[test]
    fn index_unindex_and_rename_leave_exactly_the_current_entries() {
        let conn = crate::store::open::open_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(crate::store::ONE_TALENT_SQL).unwrap_or_else(|e| panic!("{e}"));
        index_talent(&conn, 1, "单伟", "E12345678").unwrap_or_else(|e| panic!("{e}"));
        // 单伟 → '单伟', '伟 '; dw, sw; E, E1; one document.
        assert_eq!(entries(&conn), [2, 2, 2, 1]);
        // Indexing again (a changed name) replaces, never adds.
        index_talent(&conn, 1, "欧阳娜娜", "H12345678").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entries(&conn), [4, 2, 2, 1]);
        let old: i64 = conn
            .query_row("SELECT count(*) FROM talent_name_grams WHERE gram = '单伟'", [], |r| r.get(0))
            .unwrap_or(-1);
        assert_eq!(old, 0);
        unindex_talent(&conn, 1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entries(&conn), [0, 0, 0, 0]);
        assert!(matches!(index_talent(&conn, 2, "张伟", "E7654321"), Err(StoreError::NotFound { .. })));
    }

    #[test]
    fn document_queries_quote_every_trigram() {
        assert_eq!(doc_trigrams_query("1985"), "\"198\" AND \"985\"");
        assert_eq!(doc_trigrams_query("A\"B"), "\"A\"\"B\"");
    }
}
