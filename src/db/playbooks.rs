//! Playbooks: rows, the policy's SQL mirror, revisions, suggestions and "we used this" marks.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::schema::{
    playbook_audience, playbook_demands, playbook_revisions, playbook_suggestions, playbook_topics,
    playbook_uses, playbooks, users,
};
use super::search::SearchWords;
use super::{Backend, DbBackend, DbConn};
use crate::domain::case_fields::{DemandKind, Topic};
use crate::domain::playbook::{PlaybookDoc, PlaybookStatus, UseOutcome};
use crate::domain::policy::{self, Reader};
use crate::domain::sensitivity::Tlp;

/// One row of `playbooks`: what lists and the policy need; the text is in the revision.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = playbooks)]
pub struct PlaybookRow {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub status: String,
    pub tlp: String,
    pub current_revision: i32,
    pub featured_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl PlaybookRow {
    /// Unknown text reads as a draft, the most restrictive state.
    pub fn status(&self) -> PlaybookStatus {
        PlaybookStatus::parse(&self.status).unwrap_or(PlaybookStatus::Draft)
    }

    /// Unknown text reads as RED, the most restrictive level.
    pub fn tlp(&self) -> Tlp {
        Tlp::parse(&self.tlp).unwrap_or(Tlp::Red)
    }

    /// The policy's answer for this reader.
    pub fn readable_by(&self, reader: Reader<'_>, audience: &[String]) -> bool {
        policy::can_read_playbook(reader, self.status(), self.tlp(), audience)
    }
}

/// One saved version.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = playbook_revisions)]
pub struct RevisionRow {
    pub id: String,
    pub playbook_id: String,
    pub number: i32,
    pub author_id: String,
    pub credited_id: Option<String>,
    pub restored_from: Option<i32>,
    pub note: String,
    pub content: String,
    pub created_at: NaiveDateTime,
}

impl RevisionRow {
    /// The stored document; a row that does not parse is a corrupt database.
    pub fn doc(&self) -> QueryResult<PlaybookDoc> {
        serde_json::from_str(&self.content)
            .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
    }
}

/// A member's suggested edit.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = playbook_suggestions)]
pub struct SuggestionRow {
    pub id: String,
    pub playbook_id: String,
    pub author_id: String,
    pub base_revision: i32,
    pub note: String,
    /// JSON list of `[part key, suggested text]`.
    pub content: String,
    pub status: String,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub accepted_revision: Option<i32>,
    pub created_at: NaiveDateTime,
}

impl SuggestionRow {
    pub fn changes(&self) -> QueryResult<Vec<(String, String)>> {
        serde_json::from_str(&self.content)
            .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
    }

    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

/// A boolean condition on `playbooks`.
pub type PlaybookPredicate =
    Box<dyn BoxableExpression<playbooks::table, DbBackend, SqlType = Bool>>;

/// The SQL mirror of [`policy::can_read_playbook`].
pub fn readable(reader: Reader<'_>) -> PlaybookPredicate {
    let public = playbooks::status.eq_any([
        PlaybookStatus::Published.as_str(),
        PlaybookStatus::Archived.as_str(),
    ]);
    match reader {
        Reader::Member {
            moderates: true, ..
        } => Box::new(sql::<Bool>("1 = 1")),
        Reader::Visitor => Box::new(public.and(playbooks::tlp.eq(Tlp::Clear.as_str()))),
        Reader::Member { country, .. } => {
            let listed = playbook_audience::table
                .filter(playbook_audience::playbook_id.eq(playbooks::id))
                .filter(playbook_audience::country_code.eq(country.to_owned()));
            Box::new(
                public.and(
                    playbooks::tlp
                        .eq_any([Tlp::Clear.as_str(), Tlp::Green.as_str()])
                        .or(playbooks::tlp
                            .eq(Tlp::Amber.as_str())
                            .and(diesel::dsl::exists(listed))),
                ),
            )
        }
    }
}

/// Filters of the playbook list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaybookFilter {
    pub topic: Option<Topic>,
    pub demand: Option<DemandKind>,
    /// `None`: published only.
    pub status: Option<PlaybookStatus>,
    pub words: Option<SearchWords>,
}

fn matching(reader: Reader<'_>, filter: &PlaybookFilter, backend: Backend) -> PlaybookPredicate {
    let status = filter.status.unwrap_or(PlaybookStatus::Published);
    let mut predicate: PlaybookPredicate =
        Box::new(readable(reader).and(playbooks::status.eq(status.as_str())));
    if let Some(topic) = filter.topic {
        let has = playbook_topics::table
            .filter(playbook_topics::playbook_id.eq(playbooks::id))
            .filter(playbook_topics::topic.eq(topic.as_str()));
        predicate = Box::new(predicate.and(diesel::dsl::exists(has)));
    }
    if let Some(demand) = filter.demand {
        let has = playbook_demands::table
            .filter(playbook_demands::playbook_id.eq(playbooks::id))
            .filter(playbook_demands::demand.eq(demand.as_str()));
        predicate = Box::new(predicate.and(diesel::dsl::exists(has)));
    }
    if let Some(words) = &filter.words {
        let matches = words.matches(backend, "playbooks.id", "playbook_search", "playbook_id");
        predicate = Box::new(predicate.and(matches));
    }
    predicate
}

/// One page of matching playbooks, alphabetical.
pub fn list(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &PlaybookFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<PlaybookRow>> {
    playbooks::table
        .filter(matching(reader, filter, conn.backend()))
        .order((playbooks::title.asc(), playbooks::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(PlaybookRow::as_select())
        .load(conn)
}

/// One page of matching playbooks and the number of matches.
pub fn page(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &PlaybookFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<PlaybookRow>, i64)> {
    let total = playbooks::table
        .filter(matching(reader, filter, conn.backend()))
        .count()
        .get_result(conn)?;
    Ok((list(conn, reader, filter, offset, limit)?, total))
}

/// Featured published playbooks the reader may see, most recently featured first.
pub fn featured(
    conn: &mut DbConn,
    reader: Reader<'_>,
    limit: i64,
) -> QueryResult<Vec<PlaybookRow>> {
    playbooks::table
        .filter(readable(reader))
        .filter(playbooks::status.eq(PlaybookStatus::Published.as_str()))
        .filter(playbooks::featured_at.is_not_null())
        .order(playbooks::featured_at.desc())
        .limit(limit)
        .select(PlaybookRow::as_select())
        .load(conn)
}

/// Published playbooks for a case: those sharing a topic or a demand kind with it, the ones
/// sharing both first.
pub fn for_case(
    conn: &mut DbConn,
    reader: Reader<'_>,
    topics: &[Topic],
    demands: &[DemandKind],
    limit: usize,
) -> QueryResult<Vec<PlaybookRow>> {
    let topics: Vec<&str> = topics.iter().map(|t| t.as_str()).collect();
    let demands: Vec<&str> = demands.iter().map(|d| d.as_str()).collect();
    let by_topic: Vec<String> = playbook_topics::table
        .filter(playbook_topics::topic.eq_any(&topics))
        .select(playbook_topics::playbook_id)
        .load(conn)?;
    let by_demand: Vec<String> = playbook_demands::table
        .filter(playbook_demands::demand.eq_any(&demands))
        .select(playbook_demands::playbook_id)
        .load(conn)?;
    let mut score: HashMap<String, (bool, bool)> = HashMap::new();
    for id in by_topic {
        score.entry(id).or_default().0 = true;
    }
    for id in by_demand {
        score.entry(id).or_default().1 = true;
    }
    let ids: Vec<String> = score.keys().cloned().collect();
    let mut rows: Vec<PlaybookRow> = playbooks::table
        .filter(readable(reader))
        .filter(playbooks::status.eq(PlaybookStatus::Published.as_str()))
        .filter(playbooks::id.eq_any(&ids))
        .select(PlaybookRow::as_select())
        .load(conn)?;
    rows.sort_by(|a, b| {
        let sa = score.get(&a.id).copied().unwrap_or_default();
        let sb = score.get(&b.id).copied().unwrap_or_default();
        (sb.0 && sb.1)
            .cmp(&(sa.0 && sa.1))
            .then_with(|| sb.1.cmp(&sa.1))
            .then_with(|| a.title.cmp(&b.title))
    });
    rows.truncate(limit);
    Ok(rows)
}

/// Loads a playbook by its address.
pub fn by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<PlaybookRow>> {
    playbooks::table
        .filter(playbooks::slug.eq(slug))
        .select(PlaybookRow::as_select())
        .first(conn)
        .optional()
}

/// Loads a playbook by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<PlaybookRow>> {
    playbooks::table
        .find(id)
        .select(PlaybookRow::as_select())
        .first(conn)
        .optional()
}

/// The AMBER audience of one playbook.
pub fn audience(conn: &mut DbConn, playbook_id: &str) -> QueryResult<Vec<String>> {
    playbook_audience::table
        .filter(playbook_audience::playbook_id.eq(playbook_id))
        .order(playbook_audience::country_code.asc())
        .select(playbook_audience::country_code)
        .load(conn)
}

/// One revision by number.
pub fn revision(
    conn: &mut DbConn,
    playbook_id: &str,
    number: i32,
) -> QueryResult<Option<RevisionRow>> {
    playbook_revisions::table
        .filter(playbook_revisions::playbook_id.eq(playbook_id))
        .filter(playbook_revisions::number.eq(number))
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()
}

/// A revision as the history lists it: its number, and what the reader may know of it.
#[derive(Debug, Clone)]
pub struct RevisionEntry {
    pub number: i32,
    /// `None` for a revision saved at a level the reader may not read: its date, editor,
    /// credit and note are not shown, only that it exists (its number is no secret: the
    /// revisions are numbered in order and the current number is on the playbook's page).
    pub details: Option<RevisionDetails>,
}

/// Who saved a revision, who is credited, when and why.
#[derive(Debug, Clone)]
pub struct RevisionDetails {
    pub author: String,
    pub credited: Option<String>,
    pub restored_from: Option<i32>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// A revision's history line as stored.
#[derive(Queryable)]
struct HistoryRow {
    number: i32,
    author_id: String,
    credited_id: Option<String>,
    restored_from: Option<i32>,
    note: String,
    content: String,
    created_at: NaiveDateTime,
}

/// The level a revision was saved with: the part of its document the policy needs.
#[derive(serde::Deserialize)]
struct SavedLevel {
    tlp: String,
    #[serde(default)]
    audience: Vec<String>,
}

/// Every revision of a playbook, newest first. `readable` answers, from the level and
/// audience a revision was saved with, whether the reader may read it; only for those are
/// the names of who saved it and who is credited looked up (two queries whatever the number
/// of revisions). A revision whose level cannot be read counts as unreadable.
pub fn history(
    conn: &mut DbConn,
    playbook_id: &str,
    readable: impl Fn(Tlp, &[String]) -> bool,
) -> QueryResult<Vec<RevisionEntry>> {
    let rows: Vec<HistoryRow> = playbook_revisions::table
        .filter(playbook_revisions::playbook_id.eq(playbook_id))
        .order(playbook_revisions::number.desc())
        .select((
            playbook_revisions::number,
            playbook_revisions::author_id,
            playbook_revisions::credited_id,
            playbook_revisions::restored_from,
            playbook_revisions::note,
            playbook_revisions::content,
            playbook_revisions::created_at,
        ))
        .load(conn)?;
    let shown: Vec<(HistoryRow, bool)> = rows
        .into_iter()
        .map(|r| {
            let ok = serde_json::from_str::<SavedLevel>(&r.content).is_ok_and(|level| {
                readable(Tlp::parse(&level.tlp).unwrap_or(Tlp::Red), &level.audience)
            });
            (r, ok)
        })
        .collect();
    let ids: Vec<String> = shown
        .iter()
        .filter(|(_, ok)| *ok)
        .flat_map(|(r, _)| [Some(r.author_id.clone()), r.credited_id.clone()])
        .flatten()
        .collect();
    let names = names(conn, &ids)?;
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| "A member".into());
    Ok(shown
        .into_iter()
        .map(|(r, ok)| RevisionEntry {
            number: r.number,
            details: ok.then(|| RevisionDetails {
                author: name(&r.author_id),
                credited: r.credited_id.as_deref().map(name),
                restored_from: r.restored_from,
                note: r.note,
                created_at: r.created_at,
            }),
        })
        .collect())
}

/// Display names by user id.
pub fn names(conn: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Loads one suggestion.
pub fn suggestion(conn: &mut DbConn, id: &str) -> QueryResult<Option<SuggestionRow>> {
    playbook_suggestions::table
        .find(id)
        .select(SuggestionRow::as_select())
        .first(conn)
        .optional()
}

/// A suggestion as queues and lists show it.
#[derive(Debug, Clone, Queryable)]
pub struct SuggestionEntry {
    pub id: String,
    pub playbook_slug: String,
    pub playbook_title: String,
    pub author: String,
    pub note: String,
    pub status: String,
    pub base_revision: i32,
    pub created_at: NaiveDateTime,
}

/// Suggestions by status (the moderators' queue is the open ones, oldest first), optionally
/// of one playbook or one member, and optionally only on playbooks a reader may read now
/// (a member's own list must not name a playbook raised above their level since).
pub fn suggestions(
    conn: &mut DbConn,
    status: Option<&str>,
    playbook_id: Option<&str>,
    author_id: Option<&str>,
    readable_by: Option<Reader<'_>>,
    limit: i64,
) -> QueryResult<Vec<SuggestionEntry>> {
    let mut query = playbook_suggestions::table
        .inner_join(playbooks::table)
        .inner_join(users::table.on(users::id.eq(playbook_suggestions::author_id)))
        .select((
            playbook_suggestions::id,
            playbooks::slug,
            playbooks::title,
            users::display_name,
            playbook_suggestions::note,
            playbook_suggestions::status,
            playbook_suggestions::base_revision,
            playbook_suggestions::created_at,
        ))
        .into_boxed();
    if let Some(status) = status {
        query = query
            .filter(playbook_suggestions::status.eq(status.to_owned()))
            .order(playbook_suggestions::created_at.asc());
    } else {
        query = query.order(playbook_suggestions::created_at.desc());
    }
    if let Some(id) = playbook_id {
        query = query.filter(playbook_suggestions::playbook_id.eq(id.to_owned()));
    }
    if let Some(id) = author_id {
        query = query.filter(playbook_suggestions::author_id.eq(id.to_owned()));
    }
    if let Some(reader) = readable_by {
        // The readable playbooks first (a short list): the policy's boxed predicate is typed
        // for `playbooks` alone and cannot sit inside this join.
        let ids: Vec<String> = playbooks::table
            .filter(readable(reader))
            .select(playbooks::id)
            .load(conn)?;
        query = query.filter(playbook_suggestions::playbook_id.eq_any(ids));
    }
    query.limit(limit).load(conn)
}

/// How many suggestions wait for a moderator.
pub fn open_suggestions(conn: &mut DbConn) -> QueryResult<i64> {
    playbook_suggestions::table
        .filter(playbook_suggestions::status.eq("open"))
        .count()
        .get_result(conn)
}

/// The playbooks a case used, with the outcome (id, slug, title, outcome).
pub fn uses_of_case(
    conn: &mut DbConn,
    reader: Reader<'_>,
    case_id: &str,
) -> QueryResult<Vec<(String, String, String, UseOutcome)>> {
    let used: HashMap<String, String> = playbook_uses::table
        .filter(playbook_uses::case_id.eq(case_id))
        .select((playbook_uses::playbook_id, playbook_uses::outcome))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<&String> = used.keys().collect();
    let rows: Vec<(String, String, String)> = playbooks::table
        .filter(readable(reader))
        .filter(playbooks::id.eq_any(ids))
        .order(playbooks::title.asc())
        .select((playbooks::id, playbooks::slug, playbooks::title))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, slug, title)| {
            let outcome = UseOutcome::parse(used.get(&id)?).ok()?;
            Some((id, slug, title, outcome))
        })
        .collect())
}

/// Cases that used a playbook, as (case id, outcome), newest first. The caller keeps the
/// ones the reader may see.
pub fn uses_of_playbook(
    conn: &mut DbConn,
    playbook_id: &str,
) -> QueryResult<Vec<(String, UseOutcome)>> {
    let rows: Vec<(String, String)> = playbook_uses::table
        .filter(playbook_uses::playbook_id.eq(playbook_id))
        .order(playbook_uses::created_at.desc())
        .select((playbook_uses::case_id, playbook_uses::outcome))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, o)| UseOutcome::parse(&o).ok().map(|o| (id, o)))
        .collect())
}
