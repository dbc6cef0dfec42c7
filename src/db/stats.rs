//! Counts for `/stats`: one `GROUP BY` query per chart over `cases.id IN (readable + filter)`,
//! so the numbers never include a case the reader may not read, and no query runs per case.

use diesel::dsl::{case_when, count, count_star, not, sql};
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};

use super::cases::{CaseFilter, identity_visible, matching};
use super::schema::{case_demands, case_topics, cases, cities};
use super::{Backend, DbBackend, DbConn};
use crate::domain::policy::Reader;
use crate::domain::sensitivity::Anonymity;

/// A boxed query for case ids.
type CaseIds = cases::BoxedQuery<'static, DbBackend, Text>;

/// `column IN (SELECT cases.id FROM cases WHERE ...)`. Diesel's own `eq_any` renders an `IN`
/// separately for each backend of the multi-backend connection, which a boxed subquery built
/// for that connection cannot do; this writes the same SQL through the connection's backend.
struct InCases<C> {
    column: C,
    ids: CaseIds,
}

fn in_cases<C>(column: C, ids: CaseIds) -> InCases<C> {
    InCases { column, ids }
}

impl<C: Expression> Expression for InCases<C> {
    type SqlType = Bool;
}

impl<C: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for InCases<C> {}

impl<C: SelectableExpression<QS>, QS> SelectableExpression<QS> for InCases<C> {}

impl<C: ValidGrouping<GB>, GB> ValidGrouping<GB> for InCases<C> {
    type IsAggregate = C::IsAggregate;
}

impl<C> QueryId for InCases<C> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: QueryFragment<DbBackend>> QueryFragment<DbBackend> for InCases<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DbBackend>) -> QueryResult<()> {
        out.push_sql("(");
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        <CaseIds as QueryFragment<DbBackend>>::walk_ast(&self.ids, out.reborrow())?;
        out.push_sql("))");
        Ok(())
    }
}

/// The ids of the cases the reader may read that match the filter, as a subquery.
fn matching_ids(reader: Reader<'_>, filter: &CaseFilter, backend: Backend) -> CaseIds {
    cases::table
        .filter(matching(reader, filter, backend))
        .select(cases::id)
        .into_boxed()
}

/// How many cases the reader may read match the filter.
pub fn total(conn: &mut DbConn, reader: Reader<'_>, filter: &CaseFilter) -> QueryResult<i64> {
    let backend = conn.backend();
    cases::table
        .filter(in_cases(cases::id, matching_ids(reader, filter, backend)))
        .count()
        .get_result(conn)
}

/// Stored topic → number of cases.
pub fn by_topic(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
) -> QueryResult<Vec<(String, i64)>> {
    let backend = conn.backend();
    case_topics::table
        .filter(in_cases(
            case_topics::case_id,
            matching_ids(reader, filter, backend),
        ))
        .group_by(case_topics::topic)
        .select((case_topics::topic, count_star()))
        .load(conn)
}

/// Stored demand kind → number of cases.
pub fn by_demand(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
) -> QueryResult<Vec<(String, i64)>> {
    let backend = conn.backend();
    case_demands::table
        .filter(in_cases(
            case_demands::case_id,
            matching_ids(reader, filter, backend),
        ))
        .group_by(case_demands::demand)
        .select((case_demands::demand, count_star()))
        .load(conn)
}

/// Stored response → number of cases.
pub fn by_response(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
) -> QueryResult<Vec<(String, i64)>> {
    let backend = conn.backend();
    cases::table
        .filter(in_cases(cases::id, matching_ids(reader, filter, backend)))
        .group_by(cases::response)
        .select((cases::response, count_star()))
        .load(conn)
}

/// Cases per reporting country, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCount {
    /// The country code of the reporting city.
    pub country_code: String,
    /// Every readable case from that country.
    pub cases: i64,
    /// Of those, the ones that hide their country from this reader: they must be counted as
    /// undisclosed, never under this country.
    pub undisclosed: i64,
}

/// Country code → cases, with the cases whose country is hidden from the reader counted apart
/// (one query: the hidden ones are counted conditionally inside each group).
pub fn by_country(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
) -> QueryResult<Vec<CountryCount>> {
    let backend = conn.backend();
    let hidden_ids = cases::table
        .filter(cases::anonymity.eq(Anonymity::HideCityAndCountry.as_str()))
        .filter(not(identity_visible(reader)))
        .select(cases::id)
        .into_boxed();
    let rows: Vec<(String, i64, i64)> = cases::table
        .inner_join(cities::table)
        .filter(in_cases(cases::id, matching_ids(reader, filter, backend)))
        .group_by(cities::country_code)
        .select((
            cities::country_code,
            count_star(),
            count(case_when(in_cases(cases::id, hidden_ids), cases::id)),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(country_code, cases, undisclosed)| CountryCount {
            country_code,
            cases,
            undisclosed,
        })
        .collect())
}

/// `YYYY-MM` of `occurred_on` → number of cases, oldest first.
pub fn by_month(
    conn: &mut DbConn,
    reader: Reader<'_>,
    filter: &CaseFilter,
) -> QueryResult<Vec<(String, i64)>> {
    let backend = conn.backend();
    let month = match backend {
        // SQLite stores dates as `YYYY-MM-DD` text.
        Backend::Sqlite => "substr(cases.occurred_on, 1, 7)",
        Backend::Postgres => "to_char(cases.occurred_on, 'YYYY-MM')",
    };
    cases::table
        .filter(in_cases(cases::id, matching_ids(reader, filter, backend)))
        .group_by(sql::<Text>(month))
        .select((sql::<Text>(month), count_star()))
        .order(sql::<Text>(month).asc())
        .load(conn)
}

/// The counter every change to a case (its status, level, audience, anonymity, topics or
/// demands) moves on, kept by database triggers: cached statistics are keyed by it, so a
/// write makes them stale at once, on every instance.
pub fn cases_epoch(conn: &mut DbConn) -> QueryResult<i64> {
    use super::schema::change_counters::dsl as c;
    c::change_counters
        .filter(c::name.eq("cases"))
        .select(c::value)
        .first(conn)
}

/// Every number the statistics page shows, for one reader and filter.
#[derive(Debug, Clone)]
pub struct StatsCounts {
    pub total: i64,
    pub topics: Vec<(String, i64)>,
    pub demands: Vec<(String, i64)>,
    pub responses: Vec<(String, i64)>,
    pub countries: Vec<CountryCount>,
    pub months: Vec<(String, i64)>,
}
