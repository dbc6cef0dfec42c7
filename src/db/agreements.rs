//! Agreements: rows, the policy's SQL mirror, texts (language versions and their versions),
//! clauses, annotations and the deadlines list.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::city_records::city_record_mirror;
use super::schema::{
    agreement_annotations, agreement_audience, agreement_clauses, agreement_texts, agreements,
    cities, partnerships, users,
};
use super::{DbBackend, DbConn};
use crate::domain::agreement::{AgreementStatus, Concern, PartnershipKind, Period, Renewal, Terms};
use crate::domain::clauses::ClauseKind;
use crate::domain::policy::{CityRecord, Reader};
use crate::domain::sensitivity::Tlp;

city_record_mirror!(agreements, agreement_audience, agreement_id);

/// One row of `agreements`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = agreements)]
#[diesel(treat_none_as_null = true)]
pub struct AgreementRow {
    pub id: String,
    pub city_id: String,
    pub partnership_id: Option<String>,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub signed_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub term: String,
    pub renewal: String,
    pub notice: String,
    pub reminder_days: String,
    pub renews_on: Option<NaiveDate>,
    pub notice_by: Option<NaiveDate>,
    pub tlp: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AgreementRow {
    /// Unknown text reads as RED, the most restrictive level.
    pub fn tlp(&self) -> Tlp {
        Tlp::parse(&self.tlp).unwrap_or(Tlp::Red)
    }

    pub fn kind(&self) -> PartnershipKind {
        PartnershipKind::parse(&self.kind).unwrap_or(PartnershipKind::Other)
    }

    pub fn status(&self) -> AgreementStatus {
        AgreementStatus::parse(&self.status).unwrap_or(AgreementStatus::Draft)
    }

    pub fn renewal(&self) -> Renewal {
        Renewal::parse(&self.renewal).unwrap_or(Renewal::None)
    }

    pub fn terms(&self) -> Terms {
        Terms {
            status: self.status(),
            signed_on: self.signed_on,
            effective_on: self.effective_on,
            term: Period::parse_stored(&self.term),
            renewal: self.renewal(),
            notice: Period::parse_stored(&self.notice),
        }
    }

    /// Reminder lead times, in days, longest first.
    pub fn reminders(&self) -> Vec<u32> {
        self.reminder_days
            .split(',')
            .filter_map(|d| d.trim().parse().ok())
            .collect()
    }

    /// What the policy needs, given the AMBER audience.
    pub fn record<'a>(&'a self, audience: &'a [String]) -> CityRecord<'a> {
        CityRecord {
            city_id: &self.city_id,
            tlp: self.tlp(),
            audience,
        }
    }
}

/// An agreement with its city and, when it has one, its partnership's counterpart city.
#[derive(Debug, Clone)]
pub struct Listed {
    pub row: AgreementRow,
    pub city: String,
    pub country_code: String,
    pub counterpart_city: Option<String>,
}

/// Filters of `/agreements`, all in the URL.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub status: Option<AgreementStatus>,
    pub city_id: Option<String>,
    pub partnership_id: Option<String>,
}

fn filtered<'a>(
    reader: Reader<'_>,
    filter: &AgreementFilter,
) -> agreements::BoxedQuery<'a, DbBackend> {
    let mut query = agreements::table.filter(readable(reader)).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(agreements::status.eq(status.as_str()));
    }
    if let Some(city) = &filter.city_id {
        query = query.filter(agreements::city_id.eq(city.clone()));
    }
    if let Some(partnership) = &filter.partnership_id {
        query = query.filter(agreements::partnership_id.eq(partnership.clone()));
    }
    query
}

/// One page of the agreements the reader may see, most recently changed first, and the total.
pub fn list(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &AgreementFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Listed>, i64)> {
    let total = filtered(reader, filter).count().get_result(conn)?;
    let ids: Vec<String> = filtered(reader, filter)
        .order((agreements::updated_at.desc(), agreements::id.desc()))
        .select(agreements::id)
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok((listed(conn, &ids)?, total))
}

/// These agreements with their cities, in the order given (ids the table lacks are left out).
pub fn listed(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Listed>> {
    let rows: Vec<(AgreementRow, (String, String), Option<String>)> = agreements::table
        .inner_join(cities::table)
        .left_join(partnerships::table)
        .filter(agreements::id.eq_any(ids))
        .select((
            AgreementRow::as_select(),
            (cities::name, cities::country_code),
            partnerships::counterpart_city.nullable(),
        ))
        .load(conn)?;
    let mut out: Vec<Listed> = rows
        .into_iter()
        .map(|(row, (city, country_code), counterpart_city)| Listed {
            row,
            city,
            country_code,
            counterpart_city,
        })
        .collect();
    out.sort_by_key(|l| ids.iter().position(|id| *id == l.row.id));
    Ok(out)
}

/// One agreement with its city, whoever may read it.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<Listed>> {
    Ok(listed(conn, &[id.to_owned()])?.pop())
}

/// The agreements the reader may see whose next deadline falls between `from` and `until`,
/// soonest first.
pub fn upcoming(
    conn: &mut DbConn,
    reader: Reader<'_>,
    from: NaiveDate,
    until: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<Listed>> {
    let ids: Vec<String> = agreements::table
        .filter(readable(reader))
        .filter(agreements::notice_by.between(from, until))
        .order((agreements::notice_by.asc(), agreements::id.asc()))
        .select(agreements::id)
        .limit(limit)
        .load(conn)?;
    listed(conn, &ids)
}

pub fn insert(conn: &mut DbConn, row: &AgreementRow) -> QueryResult<()> {
    diesel::insert_into(agreements::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn update(conn: &mut DbConn, row: &AgreementRow) -> QueryResult<()> {
    diesel::update(agreements::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(|_| ())
}

/// Marks the agreement changed now (a new text, a corrected split).
pub fn touch(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(agreements::table.find(id))
        .set(agreements::updated_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// One text: a language version's upload or paste.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_texts)]
pub struct TextRow {
    pub id: String,
    pub agreement_id: String,
    pub language: String,
    pub version: i32,
    pub source: String,
    pub body: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

/// A text without its body, for lists of versions.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agreement_texts)]
pub struct TextInfo {
    pub id: String,
    pub agreement_id: String,
    pub language: String,
    pub version: i32,
    pub source: String,
    pub created_at: NaiveDateTime,
}

/// Every text of an agreement, by language then newest first.
pub fn texts_of(conn: &mut DbConn, agreement_id: &str) -> QueryResult<Vec<TextInfo>> {
    agreement_texts::table
        .filter(agreement_texts::agreement_id.eq(agreement_id))
        .order((
            agreement_texts::created_at.asc(),
            agreement_texts::version.desc(),
        ))
        .select(TextInfo::as_select())
        .load(conn)
}

/// The languages of these agreements' texts, by agreement.
pub fn languages_of(
    conn: &mut DbConn,
    ids: &[String],
) -> QueryResult<std::collections::HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = agreement_texts::table
        .filter(agreement_texts::agreement_id.eq_any(ids))
        .select((agreement_texts::agreement_id, agreement_texts::language))
        .distinct()
        .order((agreement_texts::agreement_id, agreement_texts::language))
        .load(conn)?;
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (id, language) in rows {
        out.entry(id).or_default().push(language);
    }
    Ok(out)
}

/// The next version number for one language of an agreement.
pub fn next_version(conn: &mut DbConn, agreement_id: &str, language: &str) -> QueryResult<i32> {
    let last: Option<i32> = agreement_texts::table
        .filter(agreement_texts::agreement_id.eq(agreement_id))
        .filter(agreement_texts::language.eq(language))
        .select(diesel::dsl::max(agreement_texts::version))
        .first(conn)?;
    Ok(last.unwrap_or(0) + 1)
}

pub fn insert_text(conn: &mut DbConn, row: &TextRow) -> QueryResult<()> {
    diesel::insert_into(agreement_texts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// One clause of a text.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_clauses)]
pub struct ClauseRow {
    pub id: String,
    pub text_id: String,
    pub position: i32,
    pub kind: String,
    pub number: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub language: Option<String>,
}

impl ClauseRow {
    pub fn kind(&self) -> ClauseKind {
        match self.kind.as_str() {
            "preamble" => ClauseKind::Preamble,
            "annex" => ClauseKind::Annex,
            "signatures" => ClauseKind::Signatures,
            _ => ClauseKind::Article,
        }
    }
}

/// The stored form of a clause kind.
pub fn clause_kind(kind: ClauseKind) -> &'static str {
    match kind {
        ClauseKind::Preamble => "preamble",
        ClauseKind::Article => "article",
        ClauseKind::Annex => "annex",
        ClauseKind::Signatures => "signatures",
    }
}

/// The clauses of a text, in order.
pub fn clauses_of(conn: &mut DbConn, text_id: &str) -> QueryResult<Vec<ClauseRow>> {
    agreement_clauses::table
        .filter(agreement_clauses::text_id.eq(text_id))
        .order(agreement_clauses::position.asc())
        .select(ClauseRow::as_select())
        .load(conn)
}

/// Stores a text's clauses (inside the caller's transaction).
pub fn insert_clauses(conn: &mut DbConn, rows: &[ClauseRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(agreement_clauses::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// One annotation with its author's name.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreement_annotations)]
pub struct AnnotationRow {
    pub id: String,
    pub agreement_id: String,
    pub clause_id: String,
    pub author_id: String,
    pub concern: String,
    pub body: String,
    pub city_only: bool,
    pub created_at: NaiveDateTime,
}

impl AnnotationRow {
    pub fn concern(&self) -> Concern {
        Concern::parse(&self.concern).unwrap_or(Concern::Note)
    }
}

/// An annotation and who wrote it.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub row: AnnotationRow,
    pub author: String,
    pub author_city: String,
}

/// Every annotation on an agreement, oldest first.
pub fn annotations_of(conn: &mut DbConn, agreement_id: &str) -> QueryResult<Vec<Annotation>> {
    let rows: Vec<(AnnotationRow, String, String)> = agreement_annotations::table
        .inner_join(users::table.inner_join(cities::table))
        .filter(agreement_annotations::agreement_id.eq(agreement_id))
        .order((
            agreement_annotations::created_at.asc(),
            agreement_annotations::id.asc(),
        ))
        .select((
            AnnotationRow::as_select(),
            users::display_name,
            cities::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(row, author, author_city)| Annotation {
            row,
            author,
            author_city,
        })
        .collect())
}

pub fn insert_annotation(conn: &mut DbConn, row: &AnnotationRow) -> QueryResult<()> {
    diesel::insert_into(agreement_annotations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_annotation(conn: &mut DbConn, id: &str) -> QueryResult<Option<AnnotationRow>> {
    agreement_annotations::table
        .find(id)
        .select(AnnotationRow::as_select())
        .first(conn)
        .optional()
}

pub fn delete_annotation(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(agreement_annotations::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// True when the clause belongs to a text of this agreement.
pub fn clause_of_agreement(
    conn: &mut DbConn,
    clause_id: &str,
    agreement_id: &str,
) -> QueryResult<bool> {
    Ok(agreement_clauses::table
        .inner_join(agreement_texts::table)
        .filter(agreement_clauses::id.eq(clause_id))
        .filter(agreement_texts::agreement_id.eq(agreement_id))
        .select(agreement_clauses::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Joins `next` into `keep` (which takes `body`): `next`'s annotations move to `keep`, then
/// `next` goes. Positions need not be consecutive, so nothing is renumbered.
pub fn merge_clauses(
    conn: &mut DbConn,
    keep: &ClauseRow,
    next: &ClauseRow,
    body: &str,
) -> QueryResult<()> {
    diesel::update(
        agreement_annotations::table.filter(agreement_annotations::clause_id.eq(&next.id)),
    )
    .set(agreement_annotations::clause_id.eq(&keep.id))
    .execute(conn)?;
    diesel::delete(agreement_clauses::table.find(&next.id)).execute(conn)?;
    diesel::update(agreement_clauses::table.find(&keep.id))
        .set(agreement_clauses::body.eq(body))
        .execute(conn)
        .map(drop)
}

/// Cuts `clause` to `first` and inserts `part` right after it. The clauses after it move one
/// place on in two steps (through negative positions), because PostgreSQL checks the unique
/// (text, position) pair row by row within one `UPDATE`.
pub fn split_clause(
    conn: &mut DbConn,
    clause: &ClauseRow,
    first: &str,
    part: &ClauseRow,
) -> QueryResult<()> {
    let later = agreement_clauses::table
        .filter(agreement_clauses::text_id.eq(&clause.text_id))
        .filter(agreement_clauses::position.gt(clause.position));
    diesel::update(later)
        .set(agreement_clauses::position.eq((agreement_clauses::position + 1) * -1))
        .execute(conn)?;
    diesel::update(
        agreement_clauses::table
            .filter(agreement_clauses::text_id.eq(&clause.text_id))
            .filter(agreement_clauses::position.lt(0)),
    )
    .set(agreement_clauses::position.eq(agreement_clauses::position * -1))
    .execute(conn)?;
    diesel::update(agreement_clauses::table.find(&clause.id))
        .set(agreement_clauses::body.eq(first))
        .execute(conn)?;
    diesel::insert_into(agreement_clauses::table)
        .values(part)
        .execute(conn)
        .map(drop)
}

/// For each agreement, the newest version of each language's text, joined: what search
/// indexes. One query for them all.
fn current_bodies(
    conn: &mut DbConn,
    ids: &[String],
) -> QueryResult<std::collections::HashMap<String, String>> {
    let texts: Vec<(String, String, String)> = agreement_texts::table
        .filter(agreement_texts::agreement_id.eq_any(ids))
        .order((
            agreement_texts::agreement_id.asc(),
            agreement_texts::language.asc(),
            agreement_texts::version.desc(),
        ))
        .select((
            agreement_texts::agreement_id,
            agreement_texts::language,
            agreement_texts::body,
        ))
        .load(conn)?;
    let mut out: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut last: Option<(String, String)> = None;
    for (id, language, body) in texts {
        let key = Some((id.clone(), language));
        if key == last {
            continue; // an older version of a language already taken
        }
        last = key;
        let joined = out.entry(id).or_default();
        if !joined.is_empty() {
            joined.push_str("\n\n");
        }
        joined.push_str(&body);
    }
    Ok(out)
}

/// Rebuilds an agreement's search document (its title and current texts); call it in the
/// transaction that changed them.
pub fn reindex(conn: &mut DbConn, agreement_id: &str) -> QueryResult<()> {
    use diesel::sql_types::Text;
    let title: String = agreements::table
        .find(agreement_id)
        .select(agreements::title)
        .first(conn)?;
    let body = current_bodies(conn, &[agreement_id.to_owned()])?
        .remove(agreement_id)
        .unwrap_or_default();
    diesel::sql_query("DELETE FROM agreement_search WHERE agreement_id = $1")
        .bind::<Text, _>(agreement_id)
        .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO agreement_search (agreement_id, title, body) VALUES ($1, $2, $3)",
    )
    .bind::<Text, _>(agreement_id)
    .bind::<Text, _>(title)
    .bind::<Text, _>(body)
    .execute(conn)
    .map(drop)
}

/// The agreements the reader may see whose title or current text holds every word, most
/// recently changed first, each with a snippet of its text around the words, and how many
/// match.
pub fn search(
    conn: &mut DbConn,
    reader: Reader<'_>,
    words: &super::search::SearchWords,
    limit: i64,
) -> QueryResult<(Vec<(Listed, String)>, i64)> {
    let backend = conn.backend();
    let matching = || {
        agreements::table
            .filter(readable(reader))
            .filter(words.matches(backend, "agreements.id", "agreement_search", "agreement_id"))
    };
    let total = matching().count().get_result(conn)?;
    let ids: Vec<String> = matching()
        .order((agreements::updated_at.desc(), agreements::id.desc()))
        .select(agreements::id)
        .limit(limit)
        .load(conn)?;
    let bodies = current_bodies(conn, &ids)?;
    let out = listed(conn, &ids)?
        .into_iter()
        .map(|l| {
            let body = bodies.get(&l.row.id).map_or("", String::as_str);
            let snippet = super::search::snippet(body, words);
            (l, snippet)
        })
        .collect();
    Ok((out, total))
}

/// Sets a clause's own language (`None`: its text's).
pub fn set_clause_language(
    conn: &mut DbConn,
    clause_id: &str,
    language: Option<&str>,
) -> QueryResult<()> {
    diesel::update(agreement_clauses::table.find(clause_id))
        .set(agreement_clauses::language.eq(language))
        .execute(conn)
        .map(drop)
}
