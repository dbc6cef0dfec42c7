//! Cases: rows, the policy's SQL mirror, filtered lists and the cards lists show.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::counterparts::{self, CounterpartRow};
use super::schema::{case_audience, case_demands, case_topics, cases, cities};
use super::search::SearchWords;
use super::{Backend, DbBackend, DbConn};
use crate::domain::case_fields::{
    CaseResponse, Channel, CounterpartKind, DemandKind, Topic, demand_mask, topic_mask,
};
use crate::domain::policy::{self, CaseStatus, Reader, Sensitivity};
use crate::domain::sensitivity::{Anonymity, Tlp};

/// One row of `cases`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = cases)]
#[diesel(treat_none_as_null = true)]
pub struct CaseRow {
    pub id: String,
    pub author_id: String,
    pub city_id: String,
    pub title: String,
    pub summary: String,
    pub narrative: String,
    pub narrative_html: String,
    pub counterpart_id: Option<String>,
    pub channel: String,
    pub response: String,
    pub outcome: String,
    pub lessons: String,
    pub occurred_on: NaiveDate,
    pub tlp: String,
    pub anonymity: String,
    pub status: String,
    pub return_reason: Option<String>,
    pub faced_count: i32,
    pub comment_count: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    /// The topics and demand kinds as bit sets (see `case_fields::topic_mask`).
    pub topic_mask: i64,
    pub demand_mask: i64,
}

impl CaseRow {
    /// The stored level; unknown text reads as RED, the most restrictive.
    pub fn tlp(&self) -> Tlp {
        Tlp::parse(&self.tlp).unwrap_or(Tlp::Red)
    }

    /// The stored anonymity; unknown text hides the most.
    pub fn anonymity(&self) -> Anonymity {
        Anonymity::parse(&self.anonymity).unwrap_or(Anonymity::HideCityAndCountry)
    }

    /// The stored workflow status; unknown text reads as a draft (author only).
    pub fn status(&self) -> CaseStatus {
        CaseStatus::parse(&self.status).unwrap_or(CaseStatus::Draft)
    }

    /// The stored response.
    pub fn response(&self) -> Option<CaseResponse> {
        CaseResponse::parse(&self.response).ok()
    }

    /// The stored channel.
    pub fn channel(&self) -> Option<Channel> {
        Channel::parse(&self.channel).ok()
    }

    /// What the policy needs, given the case's AMBER audience.
    pub fn sensitivity<'a>(&'a self, audience: &'a [String]) -> Sensitivity<'a> {
        Sensitivity {
            author_id: &self.author_id,
            status: self.status(),
            tlp: self.tlp(),
            audience,
            anonymity: self.anonymity(),
        }
    }
}

/// A boolean condition on `cases`, boxed so that filters can be combined at run time.
pub type CasePredicate = Box<dyn BoxableExpression<cases::table, DbBackend, SqlType = Bool>>;

fn always() -> CasePredicate {
    Box::new(sql::<Bool>("1 = 1"))
}

/// The SQL mirror of [`policy::can_read`] for published cases: every list, search, count,
/// feed and export starts from it.
pub fn readable(reader: Reader<'_>) -> CasePredicate {
    let published = cases::status.eq(CaseStatus::Published.as_str());
    match reader {
        Reader::Visitor => Box::new(published.and(cases::tlp.eq(Tlp::Clear.as_str()))),
        Reader::Member {
            moderates: true, ..
        } => Box::new(published),
        Reader::Member { id, country, .. } => {
            // Correlated: probed only for the AMBER cases a walk meets, instead of collecting
            // the country's whole audience list for every query.
            let listed = case_audience::table
                .filter(case_audience::case_id.eq(cases::id))
                .filter(case_audience::country_code.eq(country.to_owned()));
            Box::new(
                published.and(
                    cases::tlp
                        .eq_any([Tlp::Clear.as_str(), Tlp::Green.as_str()])
                        .or(cases::tlp
                            .eq(Tlp::Amber.as_str())
                            .and(diesel::dsl::exists(listed)))
                        .or(cases::author_id.eq(id.to_owned())),
                ),
            )
        }
    }
}

/// The SQL mirror of [`policy::can_read`] in every workflow state: [`readable`] plus the
/// reader's own cases whatever their state, and for moderators the submitted ones. Lists
/// show published cases only ([`readable`]); this is for what the existence of a case gives
/// away, such as the counterparts registry.
pub fn readable_in_any_state(reader: Reader<'_>) -> CasePredicate {
    match reader {
        Reader::Visitor => readable(reader),
        Reader::Member { id, moderates, .. } => {
            let own = cases::author_id.eq(id.to_owned());
            if moderates {
                let submitted = cases::status.eq(CaseStatus::Submitted.as_str());
                Box::new(readable(reader).or(own).or(submitted))
            } else {
                Box::new(readable(reader).or(own))
            }
        }
    }
}

/// Cases whose reporting identity the reader may see (not anonymised, or theirs, or the reader
/// moderates): the only ones a country or counterpart can be used to find.
pub fn identity_visible(reader: Reader<'_>) -> CasePredicate {
    match reader {
        Reader::Member {
            moderates: true, ..
        } => always(),
        Reader::Member { id, .. } => Box::new(
            cases::anonymity
                .eq(Anonymity::None.as_str())
                .or(cases::author_id.eq(id.to_owned())),
        ),
        Reader::Visitor => Box::new(cases::anonymity.eq(Anonymity::None.as_str())),
    }
}

/// Filters of the case list; all optional, all in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub topic: Option<Topic>,
    pub demand: Option<DemandKind>,
    pub counterpart_kind: Option<CounterpartKind>,
    pub counterpart_id: Option<String>,
    pub country: Option<String>,
    pub response: Option<CaseResponse>,
    pub year: Option<i32>,
    pub words: Option<SearchWords>,
}

/// List order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    MostFaced,
}

/// `cases.<column> & mask <> 0`: the case has one of the bits (column is a fixed name).
pub fn has_bits(column: &'static str, mask: i64) -> CasePredicate {
    Box::new(
        sql::<Bool>(&format!("(cases.{column} & "))
            .bind::<diesel::sql_types::BigInt, _>(mask)
            .sql(") <> 0"),
    )
}

/// The reader's readable cases narrowed by the filter.
pub fn matching(reader: Reader<'_>, filter: &CaseFilter, backend: Backend) -> CasePredicate {
    let mut predicate = readable(reader);
    // EXISTS, correlated on the case, lets a newest-first walk stop after one page of
    // matches instead of first collecting every id with the topic.
    // Bit sets on the row: tested on the newest-first index without probing case_topics.
    if let Some(topic) = filter.topic {
        predicate = Box::new(predicate.and(has_bits("topic_mask", topic_mask(&[topic]))));
    }
    if let Some(demand) = filter.demand {
        predicate = Box::new(predicate.and(has_bits("demand_mask", demand_mask(&[demand]))));
    }
    if let Some(kind) = filter.counterpart_kind {
        let ids = super::schema::counterparts::table
            .filter(super::schema::counterparts::kind.eq(kind.as_str()))
            .select(super::schema::counterparts::id);
        // NULL never equals anything, so cases without a counterpart simply do not match.
        predicate = Box::new(
            predicate
                .and(cases::counterpart_id.assume_not_null().eq_any(ids))
                .and(identity_visible(reader)),
        );
    }
    if let Some(counterpart) = &filter.counterpart_id {
        predicate = Box::new(
            predicate
                .and(
                    cases::counterpart_id
                        .assume_not_null()
                        .eq(counterpart.clone()),
                )
                .and(identity_visible(reader)),
        );
    }
    if let Some(country) = &filter.country {
        let ids = cities::table
            .filter(cities::country_code.eq(country.clone()))
            .select(cities::id);
        // A case that hides its country must not be findable by it.
        let country_shown = cases::anonymity.ne(Anonymity::HideCityAndCountry.as_str());
        let privileged = identity_visible(reader);
        predicate = Box::new(
            predicate
                .and(cases::city_id.eq_any(ids))
                .and(country_shown.or(privileged)),
        );
    }
    if let Some(response) = filter.response {
        predicate = Box::new(predicate.and(cases::response.eq(response.as_str())));
    }
    if let Some(year) = filter.year
        && let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        )
    {
        predicate = Box::new(predicate.and(cases::occurred_on.between(first, last)));
    }
    if let Some(words) = &filter.words {
        let matches = words.matches(backend, "cases.id", "case_search", "case_id");
        predicate = Box::new(predicate.and(matches));
    }
    predicate
}

/// Lists count this many pages past the one shown and then say "more than …": an exact
/// count of a common filter over 100,000 cases costs far more than the page itself, while
/// the count up to a few pages ahead comes from the same newest-first walk as the page.
pub const LOOKAHEAD_PAGES: i64 = 10;

/// How far a list at `offset` counts (it loads one id more, to know there is more).
pub fn count_cap(offset: i64, limit: i64) -> i64 {
    offset + limit * LOOKAHEAD_PAGES
}

/// Ids of matching cases in list order, at most `max`.
fn matching_ids(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
    sort: Sort,
    max: i64,
) -> QueryResult<Vec<String>> {
    let backend = conn.backend();
    if let (Some(words), Sort::Newest) = (&filter.words, sort) {
        let others = CaseFilter {
            words: None,
            ..filter.clone()
        };
        return NewestMatches {
            words: words.query(backend),
            backend,
            predicate: matching(reader, &others, backend),
            max,
        }
        .load(conn);
    }
    let query = cases::table
        .filter(matching(reader, filter, backend))
        .select(cases::id)
        .into_boxed();
    let query = match sort {
        Sort::Newest => query.order((cases::published_at.desc(), cases::id.desc())),
        Sort::MostFaced => query.order((
            cases::faced_count.desc(),
            cases::published_at.desc(),
            cases::id.desc(),
        )),
    };
    query.limit(max).load(conn)
}

/// The newest cases matching search words and a predicate, walked from the full-text index
/// itself: on SQLite its rowids are the cases' search keys, which grow with publication time,
/// so a common word costs one page of index entries rather than every match.
struct NewestMatches {
    words: String,
    backend: Backend,
    predicate: CasePredicate,
    max: i64,
}

impl diesel::query_builder::QueryId for NewestMatches {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::Query for NewestMatches {
    type SqlType = Text;
}

impl diesel::query_builder::QueryFragment<DbBackend> for NewestMatches {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DbBackend>,
    ) -> QueryResult<()> {
        match self.backend {
            Backend::Sqlite => {
                out.push_sql(
                    "SELECT cases.id FROM case_search JOIN cases \
                     ON cases.search_key = case_search.rowid WHERE case_search MATCH ",
                );
                out.push_bind_param::<Text, _>(&self.words)?;
                out.push_sql(" AND (");
                self.predicate.walk_ast(out.reborrow())?;
                out.push_sql(") ORDER BY case_search.rowid DESC LIMIT ");
            }
            Backend::Postgres => {
                out.push_sql(
                    "SELECT cases.id FROM case_search JOIN cases ON cases.id = case_search.case_id \
                     WHERE case_search.document @@ plainto_tsquery('simple', ",
                );
                out.push_bind_param::<Text, _>(&self.words)?;
                out.push_sql(") AND (");
                self.predicate.walk_ast(out.reborrow())?;
                out.push_sql(") ORDER BY cases.published_at DESC, cases.id DESC LIMIT ");
            }
        }
        out.push_bind_param::<diesel::sql_types::BigInt, _>(&self.max)
    }
}

impl RunQueryDsl<DbConn> for NewestMatches {}

/// One page of matching cases, in the given order.
pub fn rows(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<CaseRow>> {
    let ids = matching_ids(conn, reader, filter, sort, offset + limit)?;
    by_ids_in_order(conn, ids.into_iter().skip(offset as usize).collect())
}

/// One page of matching cases and their number, counted [`LOOKAHEAD_PAGES`] ahead (see
/// [`count_cap`]): one walk gives both.
pub fn page(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CaseRow>, i64)> {
    let ids = matching_ids(conn, reader, filter, sort, count_cap(offset, limit) + 1)?;
    let total = i64::try_from(ids.len()).unwrap_or(i64::MAX);
    let shown = ids
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    Ok((by_ids_in_order(conn, shown)?, total))
}

/// Loads cases by id, in the order given.
fn by_ids_in_order(conn: &mut DbConn, ids: Vec<String>) -> QueryResult<Vec<CaseRow>> {
    let mut rows = cases::table
        .filter(cases::id.eq_any(&ids))
        .select(CaseRow::as_select())
        .load(conn)?;
    let position: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|r| position.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// Loads one case.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CaseRow>> {
    cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// An author's own cases in every state, most recently changed first.
pub fn by_author(conn: &mut DbConn, author_id: &str, limit: i64) -> QueryResult<Vec<CaseRow>> {
    cases::table
        .filter(cases::author_id.eq(author_id))
        .order((cases::updated_at.desc(), cases::id.desc()))
        .limit(limit)
        .select(CaseRow::as_select())
        .load(conn)
}

/// The AMBER audience of one case.
pub fn audience(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<String>> {
    case_audience::table
        .filter(case_audience::case_id.eq(case_id))
        .order(case_audience::country_code.asc())
        .select(case_audience::country_code)
        .load(conn)
}

/// A case as lists show it, with the policy applied to its identity.
#[derive(Debug, Clone)]
pub struct CaseCard {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// "Prague, Czechia", "a city in Czechia" or "a city in Europe".
    pub place: String,
    pub topics: Vec<Topic>,
    pub demands: Vec<DemandKind>,
    /// Id and name, only when the reader may see who reported the case.
    pub counterpart: Option<(String, String)>,
    pub counterpart_kind: Option<CounterpartKind>,
    pub tlp: Tlp,
    pub status: CaseStatus,
    pub response: Option<CaseResponse>,
    pub occurred_on: NaiveDate,
    pub published_at: Option<NaiveDateTime>,
    pub faced_count: i32,
    pub comment_count: i32,
    /// Plain-text snippet with match markers, for search results.
    pub snippet: Option<String>,
}

fn grouped<T>(
    pairs: Vec<(String, String)>,
    parse: impl Fn(&str) -> Option<T>,
) -> HashMap<String, Vec<T>> {
    let mut map: HashMap<String, Vec<T>> = HashMap::new();
    for (case_id, value) in pairs {
        if let Some(v) = parse(&value) {
            map.entry(case_id).or_default().push(v);
        }
    }
    map
}

/// Turns rows into cards with a fixed number of queries (no query per row).
pub fn cards(
    conn: &mut DbConn,
    reader: Reader<'_>,
    rows: Vec<CaseRow>,
) -> QueryResult<Vec<CaseCard>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let city_ids: Vec<String> = rows.iter().map(|r| r.city_id.clone()).collect();
    let counterpart_ids: Vec<String> = rows
        .iter()
        .filter_map(|r| r.counterpart_id.clone())
        .collect();
    let topics = grouped(
        case_topics::table
            .filter(case_topics::case_id.eq_any(&ids))
            .order(case_topics::topic.asc())
            .select((case_topics::case_id, case_topics::topic))
            .load(conn)?,
        |t| Topic::parse(t).ok(),
    );
    let demands = grouped(
        case_demands::table
            .filter(case_demands::case_id.eq_any(&ids))
            .order(case_demands::demand.asc())
            .select((case_demands::case_id, case_demands::demand))
            .load(conn)?,
        |d| DemandKind::parse(d).ok(),
    );
    let places: HashMap<String, (String, String)> = cities::table
        .filter(cities::id.eq_any(&city_ids))
        .select((cities::id, cities::name, cities::country_code))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, country)| (id, (name, country)))
        .collect();
    let counterparts: HashMap<String, CounterpartRow> =
        counterparts::by_ids(conn, &counterpart_ids)?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            // The identity check does not depend on the audience.
            let shows_identity = policy::sees_identity(reader, &row.sensitivity(&[]));
            let (city, country) = places.get(&row.city_id).cloned().unwrap_or_default();
            let counterpart = row
                .counterpart_id
                .as_ref()
                .and_then(|id| counterparts.get(id));
            CaseCard {
                place: policy::place_label(row.anonymity(), &city, &country, shows_identity),
                topics: topics.get(&row.id).cloned().unwrap_or_default(),
                demands: demands.get(&row.id).cloned().unwrap_or_default(),
                counterpart: counterpart
                    .filter(|_| shows_identity)
                    .map(|c| (c.id.clone(), c.name.clone())),
                counterpart_kind: counterpart.map(CounterpartRow::kind),
                tlp: row.tlp(),
                status: row.status(),
                response: row.response(),
                id: row.id,
                title: row.title,
                summary: row.summary,
                occurred_on: row.occurred_on,
                published_at: row.published_at,
                faced_count: row.faced_count,
                comment_count: row.comment_count,
                snippet: None,
            }
        })
        .collect())
}
