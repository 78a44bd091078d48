//! Talent records: insert and update with their audit rows, the one-document rule, and the
//! possible-duplicate flags (same name and birth date, or same phone).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::audit::{self, Change, now_text};
use super::{Result, StoreError};
use crate::domain::talent::{NewTalent, TalentInput};
use crate::domain::{Actor, DocumentType, Gender, PersonalNumber};

/// A stored talent, with the names of their employer and zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Talent {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Gender.
    pub gender: Gender,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Nationality.
    pub nationality: String,
    /// Document type.
    pub doc_type: DocumentType,
    /// Document number (full; the UI masks it).
    pub doc_number: PersonalNumber,
    /// Phone (full; the UI masks it).
    pub phone: PersonalNumber,
    /// E-mail.
    pub email: String,
    /// Education.
    pub education: String,
    /// Professional title.
    pub title: String,
    /// Field.
    pub field: String,
    /// Employer id.
    pub employer_id: Option<i64>,
    /// Employer name ('' when none).
    pub employer_name: String,
    /// Zone id.
    pub zone_id: i64,
    /// Zone name.
    pub zone_name: String,
    /// Tier code.
    pub tier: String,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
    /// End of the recognition term.
    pub recognised_until: Option<NaiveDate>,
    /// Notes.
    pub notes: String,
    /// The record this one was merged into, if any.
    pub merged_into: Option<i64>,
    /// Flagged for falsified data (一票否决) in a review.
    pub falsified: bool,
    /// Created (local time).
    pub created_at: String,
    /// Last changed (local time).
    pub updated_at: String,
}

/// The talent columns with the employer's and zone's names; add a WHERE on `t`.
pub(crate) const SELECT: &str = "SELECT t.*, coalesce(e.name, '') AS employer_name, z.name AS zone_name
     FROM talents t JOIN zones z ON z.id = t.zone_id LEFT JOIN employers e ON e.id = t.employer_id";

impl Talent {
    /// Reads a row of [`SELECT`].
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Talent> {
        let gender: String = row.get("gender")?;
        let doc_type: String = row.get("doc_type")?;
        Ok(Talent {
            id: row.get("id")?,
            name: row.get("name")?,
            // The CHECK constraints admit only known codes.
            gender: Gender::from_code(&gender).unwrap_or(Gender::Male),
            birth_date: row.get("birth_date")?,
            nationality: row.get("nationality")?,
            doc_type: DocumentType::from_code(&doc_type).unwrap_or(DocumentType::Passport),
            doc_number: row.get("doc_number")?,
            phone: row.get("phone")?,
            email: row.get("email")?,
            education: row.get("education")?,
            title: row.get("title")?,
            field: row.get("field")?,
            employer_id: row.get("employer_id")?,
            employer_name: row.get("employer_name")?,
            zone_id: row.get("zone_id")?,
            zone_name: row.get("zone_name")?,
            tier: row.get("tier")?,
            arrival_date: row.get("arrival_date")?,
            recognised_until: row.get("recognised_until")?,
            notes: row.get("notes")?,
            merged_into: row.get("merged_into")?,
            falsified: row.get::<_, i64>("falsified_flag")? == 1,
            created_at: row.get("created_at")?,
            updated_at: row.get("updated_at")?,
        })
    }

    /// The record as the form shows it for editing.
    pub fn to_input(&self) -> TalentInput {
        let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::fmt_date).unwrap_or_default();
        TalentInput {
            name: self.name.clone(),
            doc_type: Some(self.doc_type),
            doc_number: self.doc_number.whole().to_string(),
            gender: Some(self.gender),
            birth_date: crate::domain::dates::fmt_date(self.birth_date),
            nationality: self.nationality.clone(),
            phone: self.phone.whole().to_string(),
            email: self.email.clone(),
            education: self.education.clone(),
            title: self.title.clone(),
            field: self.field.clone(),
            employer_id: self.employer_id,
            zone_id: Some(self.zone_id),
            tier: self.tier.clone(),
            arrival_date: date(self.arrival_date),
            recognised_until: date(self.recognised_until),
            notes: self.notes.clone(),
        }
    }

    fn audit_json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name, "gender": self.gender.code(), "birth_date": self.birth_date,
            "nationality": self.nationality, "doc_type": self.doc_type.code(), "doc_number": self.doc_number.whole(),
            "phone": self.phone.whole(), "email": self.email, "education": self.education, "title": self.title,
            "field": self.field, "employer_id": self.employer_id, "zone_id": self.zone_id, "tier": self.tier,
            "arrival_date": self.arrival_date, "recognised_until": self.recognised_until, "notes": self.notes,
        })
    }
}

/// The audit values of a record about to be registered, the same as
/// [`Talent::audit_json`] gives once it is stored.
pub(crate) fn new_audit_json(t: &NewTalent) -> serde_json::Value {
    serde_json::json!({
        "name": t.name, "gender": t.gender.code(), "birth_date": t.birth_date, "nationality": t.nationality,
        "doc_type": t.doc.kind().code(), "doc_number": t.doc.as_str(), "phone": t.phone.whole(), "email": t.email,
        "education": t.education, "title": t.title, "field": t.field, "employer_id": t.employer_id,
        "zone_id": t.zone_id, "tier": t.tier.as_str(), "arrival_date": t.arrival_date,
        "recognised_until": t.recognised_until, "notes": t.notes,
    })
}

/// One talent by id.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Talent> {
    conn.query_row(&format!("{SELECT} WHERE t.id = :id"), named_params! { ":id": id }, Talent::from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "talent" })
}

/// Who holds a document already: (id, name).
pub(crate) fn holder_of(conn: &Connection, doc_type: DocumentType, number: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, name FROM talents WHERE doc_type = :t AND doc_number = :n",
            named_params! { ":t": doc_type.code(), ":n": number },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn check_links(conn: &Connection, t: &NewTalent) -> Result<()> {
    let zone: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM zones WHERE id = :z)", named_params! { ":z": t.zone_id }, |r| {
            r.get(0)
        })?;
    if !zone {
        return Err(StoreError::NotFound { what: "zone" });
    }
    if let Some(e) = t.employer_id {
        let found: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM employers WHERE id = :e)", named_params! { ":e": e }, |r| {
                r.get(0)
            })?;
        if !found {
            return Err(StoreError::NotFound { what: "employer" });
        }
    }
    Ok(())
}

fn check_document(conn: &Connection, t: &NewTalent, own_id: Option<i64>) -> Result<()> {
    if let Some((id, name)) = holder_of(conn, t.doc.kind(), t.doc.as_str())?
        && Some(id) != own_id
    {
        return Err(StoreError::DocumentTaken { id, name });
    }
    Ok(())
}

/// Registers a talent; refuses a document that someone already has.
pub(crate) fn insert(conn: &Connection, actor: &Actor, t: &NewTalent) -> Result<Talent> {
    check_document(conn, t, None)?;
    check_links(conn, t)?;
    let now = now_text();
    conn.execute(
        "INSERT INTO talents (name, gender, birth_date, nationality, doc_type, doc_number, phone, email, education,
                              title, field, employer_id, zone_id, arrival_date, tier, recognised_until, notes,
                              created_at, updated_at)
         VALUES (:name, :gender, :birth, :nat, :dt, :dn, :phone, :email, :edu, :title, :field, :emp, :zone,
                 :arrival, :tier, :until, :notes, :now, :now)",
        named_params! {
            ":name": t.name, ":gender": t.gender.code(), ":birth": t.birth_date, ":nat": t.nationality,
            ":dt": t.doc.kind().code(), ":dn": t.doc.as_str(), ":phone": t.phone, ":email": t.email,
            ":edu": t.education, ":title": t.title, ":field": t.field, ":emp": t.employer_id, ":zone": t.zone_id,
            ":arrival": t.arrival_date, ":tier": t.tier.as_str(), ":until": t.recognised_until, ":notes": t.notes,
            ":now": now,
        },
    )?;
    let talent = get(conn, conn.last_insert_rowid())?;
    super::search_index::index_talent(conn, talent.id, &talent.name, talent.doc_number.whole())?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "talent.create",
            entity: "talent",
            entity_id: Some(talent.id),
            old: None,
            new: Some(talent.audit_json()),
        },
    )?;
    flag_duplicates(conn, &talent)?;
    Ok(talent)
}

/// Changes a talent's record; the audit row keeps the old and new values.
pub(crate) fn update(conn: &Connection, actor: &Actor, id: i64, t: &NewTalent) -> Result<Talent> {
    let before = get(conn, id)?;
    if before.merged_into.is_some() {
        return Err(StoreError::Invalid { key: "talent.err.merged", args: Vec::new() });
    }
    check_document(conn, t, Some(id))?;
    check_links(conn, t)?;
    conn.execute(
        "UPDATE talents SET name = :name, gender = :gender, birth_date = :birth, nationality = :nat,
                doc_type = :dt, doc_number = :dn, phone = :phone, email = :email, education = :edu,
                title = :title, field = :field, employer_id = :emp, zone_id = :zone, arrival_date = :arrival,
                tier = :tier, recognised_until = :until, notes = :notes, updated_at = :now
         WHERE id = :id",
        named_params! {
            ":name": t.name, ":gender": t.gender.code(), ":birth": t.birth_date, ":nat": t.nationality,
            ":dt": t.doc.kind().code(), ":dn": t.doc.as_str(), ":phone": t.phone, ":email": t.email,
            ":edu": t.education, ":title": t.title, ":field": t.field, ":emp": t.employer_id, ":zone": t.zone_id,
            ":arrival": t.arrival_date, ":tier": t.tier.as_str(), ":until": t.recognised_until, ":notes": t.notes,
            ":now": now_text(), ":id": id,
        },
    )?;
    let after = get(conn, id)?;
    super::search_index::index_talent(conn, id, &after.name, after.doc_number.whole())?;
    audit::record(
        conn,
        Some(actor),
        Change {
            action: "talent.update",
            entity: "talent",
            entity_id: Some(id),
            old: Some(before.audit_json()),
            new: Some(after.audit_json()),
        },
    )?;
    flag_duplicates(conn, &after)?;
    if before.employer_id.is_some() && before.employer_id != after.employer_id {
        // The exit rule: leaving the employer gives a tenant the policy's period to move out.
        super::leases::mark_exit(conn, id, chrono::Local::now().date_naive(), "离开用人单位")?;
    }
    Ok(after)
}

/// Flags every other live record with the same name and birth date, or the same phone.
/// Returns how many new flags were written.
fn flag_duplicates(conn: &Connection, t: &Talent) -> Result<usize> {
    flag_duplicates_of(conn, t.id, &t.name, t.birth_date, t.phone.whole())
}

/// Flags every possible duplicate of the talents with ids `first..=last` (new ones, just
/// inserted in bulk): one set-based query per rule instead of one per talent. The flags are
/// those [`flag_duplicates_of`] writes for each of them: a pair of two new talents is
/// found from both sides and written once.
pub(crate) fn flag_duplicates_of_range(conn: &Connection, first: i64, last: i64) -> Result<usize> {
    // `o.phone <> ''` is spelled out so that the partial index talents_phone is used.
    let written = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO duplicate_flags (talent_a, talent_b, reason, created_at)
         SELECT min(n.id, o.id), max(n.id, o.id), 'name_birth', :now FROM talents n
           JOIN talents o ON o.name = n.name AND o.birth_date = n.birth_date
          WHERE n.id BETWEEN :first AND :last AND o.id <> n.id AND o.merged_into IS NULL
         UNION ALL
         SELECT min(n.id, o.id), max(n.id, o.id), 'phone', :now FROM talents n
           JOIN talents o ON o.phone <> '' AND o.phone = n.phone
          WHERE n.id BETWEEN :first AND :last AND n.phone <> '' AND o.id <> n.id AND o.merged_into IS NULL
          ORDER BY 1, 2",
        )?
        .execute(named_params! { ":now": now_text(), ":first": first, ":last": last })?;
    Ok(written)
}

/// [`flag_duplicates`] for talent `id` with this name, birth date and phone.
pub(crate) fn flag_duplicates_of(
    conn: &Connection,
    id: i64,
    name: &str,
    birth: NaiveDate,
    phone: &str,
) -> Result<usize> {
    let mut written = 0;
    // `phone <> ''` is spelled out (not `:phone <> ''`) so that SQLite uses the partial index
    // talents_phone; with the parameter it scanned every talent on each save.
    let mut stmt = conn.prepare_cached(
        "SELECT id, 'name_birth' FROM talents
          WHERE name = :name AND birth_date = :birth AND id <> :id AND merged_into IS NULL
         UNION ALL
         SELECT id, 'phone' FROM talents
          WHERE phone <> '' AND phone = :phone AND id <> :id AND merged_into IS NULL",
    )?;
    let others: Vec<(i64, String)> = stmt
        .query_map(named_params! { ":name": name, ":birth": birth, ":id": id, ":phone": phone }, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (other, reason) in others {
        let (a, b) = if other < id { (other, id) } else { (id, other) };
        written += conn.execute(
            "INSERT OR IGNORE INTO duplicate_flags (talent_a, talent_b, reason, created_at)
             VALUES (:a, :b, :reason, :now)",
            named_params! { ":a": a, ":b": b, ":reason": reason, ":now": now_text() },
        )?;
    }
    Ok(written)
}

/// Personal numbers are stored as their text.
impl rusqlite::types::FromSql for PersonalNumber {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<PersonalNumber> {
        value.as_str().map(PersonalNumber::from)
    }
}

/// See the `FromSql` above.
impl rusqlite::types::ToSql for PersonalNumber {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.whole()))
    }
}
