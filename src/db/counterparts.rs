//! The counterparts registry: embassies, consulates, partner-city governments and others, and
//! the policy's rule for who sees an entry.
//!
//! An entry tells whoever sees it that some case names it ("the consulate in X had an
//! incident"), so a reader sees it only when a case they may read names it and shows them who
//! reported it, or when a moderator marked the entry public. Moderators see every entry.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::expression::{AppearsOnTable, BoxableExpression, SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;

use super::cases::{CasePredicate, identity_visible, readable_in_any_state};
use super::schema::counterparts;
use super::{DbBackend, DbConn, new_id, now};
use crate::domain::case::NewCounterpart;
use crate::domain::case_fields::CounterpartKind;
use crate::domain::policy::Reader;

/// One registry entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = counterparts)]
pub struct CounterpartRow {
    pub id: String,
    pub name: String,
    pub name_key: String,
    pub kind: String,
    pub country_code: String,
    pub city: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    /// A moderator made the entry visible to everyone.
    pub is_public: bool,
}

impl CounterpartRow {
    /// The stored kind (unknown text reads as `Unknown`).
    pub fn kind(&self) -> CounterpartKind {
        CounterpartKind::parse(&self.kind).unwrap_or(CounterpartKind::Unknown)
    }
}

/// The key two spellings of one name share (case ignored); unique per country.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// A boolean condition on `counterparts`.
pub type CounterpartPredicate =
    Box<dyn BoxableExpression<counterparts::table, DbBackend, SqlType = Bool>>;

/// The entries this reader may see: public ones, and those named by a case the reader may
/// read (in any state, as [`readable_in_any_state`]: an author sees the entry their own draft
/// created) and whose identity they see. Built from the case policy's SQL mirror, never a
/// copy of it; the `EXISTS` probes `cases_counterpart_policy` and stops at the first case.
pub fn visible(reader: Reader<'_>) -> CounterpartPredicate {
    if reader.moderates() {
        return Box::new(sql::<Bool>("1 = 1"));
    }
    let naming = NamedByCase(Box::new(
        readable_in_any_state(reader).and(identity_visible(reader)),
    ));
    Box::new(counterparts::is_public.or(naming))
}

/// `EXISTS (a case naming this counterpart and matching the predicate)`, correlated on
/// `counterparts.id`. Written out because diesel checks a subquery's conditions against the
/// outer tables too, which the case predicates (boxed for `cases` alone) cannot satisfy.
struct NamedByCase(CasePredicate);

impl Expression for NamedByCase {
    type SqlType = Bool;
}

impl AppearsOnTable<counterparts::table> for NamedByCase {}

impl SelectableExpression<counterparts::table> for NamedByCase {}

impl ValidGrouping<()> for NamedByCase {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl QueryId for NamedByCase {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<DbBackend> for NamedByCase {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DbBackend>) -> QueryResult<()> {
        out.push_sql(
            "EXISTS (SELECT 1 FROM cases WHERE cases.counterpart_id = counterparts.id AND (",
        );
        self.0.walk_ast(out.reborrow())?;
        out.push_sql("))");
        Ok(())
    }
}

/// Loads one entry, whoever asks (workflows and moderators).
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CounterpartRow>> {
    counterparts::table
        .find(id)
        .select(CounterpartRow::as_select())
        .first(conn)
        .optional()
}

/// Loads one entry if the reader may see it (else the same answer as for none).
pub fn find_visible(
    conn: &mut DbConn,
    reader: Reader<'_>,
    id: &str,
) -> QueryResult<Option<CounterpartRow>> {
    counterparts::table
        .find(id)
        .filter(visible(reader))
        .select(CounterpartRow::as_select())
        .first(conn)
        .optional()
}

/// Loads several entries by id.
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<CounterpartRow>> {
    counterparts::table
        .filter(counterparts::id.eq_any(ids))
        .select(CounterpartRow::as_select())
        .load(conn)
}

/// One page of the entries the reader may see, by name, and how many there are.
pub fn page(
    conn: &mut DbConn,
    reader: Reader<'_>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CounterpartRow>, i64)> {
    let total = counterparts::table
        .filter(visible(reader))
        .count()
        .get_result(conn)?;
    let rows = counterparts::table
        .filter(visible(reader))
        .order((counterparts::name.asc(), counterparts::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(CounterpartRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Every entry the reader may see, by name: the case form's choices and the merge form's
/// survivors (the registry stays small: hundreds, not millions).
pub fn all_visible(conn: &mut DbConn, reader: Reader<'_>) -> QueryResult<Vec<CounterpartRow>> {
    counterparts::table
        .filter(visible(reader))
        .order((counterparts::name.asc(), counterparts::id.asc()))
        .select(CounterpartRow::as_select())
        .load(conn)
}

/// A `LIKE` pattern matching names that contain `word` (its `%`, `_` and `\` taken literally).
fn contains_pattern(word: &str) -> String {
    let mut pattern = String::with_capacity(word.len() + 2);
    pattern.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Entries the reader may see whose name contains every (lower-case) word, by name.
pub fn named(
    conn: &mut DbConn,
    reader: Reader<'_>,
    words: &[String],
    limit: i64,
) -> QueryResult<Vec<CounterpartRow>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = counterparts::table
        .filter(visible(reader))
        .select(CounterpartRow::as_select())
        .into_boxed();
    for word in words {
        // `name_key` is the lower-cased name.
        query = query.filter(
            counterparts::name_key
                .like(contains_pattern(word))
                .escape('\\'),
        );
    }
    query
        .order((counterparts::name.asc(), counterparts::id.asc()))
        .limit(limit)
        .load(conn)
}

/// The entry with this name in this country other than `except`, if any.
pub fn same_name(
    conn: &mut DbConn,
    name: &str,
    country_code: &str,
    except: &str,
) -> QueryResult<Option<CounterpartRow>> {
    counterparts::table
        .filter(counterparts::name_key.eq(name_key(name)))
        .filter(counterparts::country_code.eq(country_code))
        .filter(counterparts::id.ne(except))
        .select(CounterpartRow::as_select())
        .first(conn)
        .optional()
}

/// Locks entries until the transaction ends (PostgreSQL, in id order so that two merges
/// cannot deadlock; a no-op on SQLite, whose write transactions are serialised anyway).
pub fn lock(conn: &mut DbConn, ids: &[&str]) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        counterparts::table
            .filter(counterparts::id.eq_any(ids))
            .order(counterparts::id.asc())
            .select(counterparts::id)
            .for_update()
            .load::<String>(pg)?;
    }
    Ok(())
}

/// Returns the id of the entry with this name in this country, creating it if needed. The
/// match may be an entry the author cannot see (a name typed exactly as another city wrote
/// it): linking to it keeps one entry per counterpart, which pattern alerts depend on.
pub fn find_or_create(
    conn: &mut DbConn,
    new: &NewCounterpart,
    created_by: &str,
) -> QueryResult<String> {
    let key = name_key(&new.name);
    let existing = counterparts::table
        .filter(counterparts::name_key.eq(&key))
        .filter(counterparts::country_code.eq(new.country.code))
        .select(counterparts::id)
        .first::<String>(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    diesel::insert_into(counterparts::table)
        .values((
            counterparts::id.eq(&id),
            counterparts::name.eq(&new.name),
            counterparts::name_key.eq(&key),
            counterparts::kind.eq(new.kind.as_str()),
            counterparts::country_code.eq(new.country.code),
            counterparts::city.eq(&new.city),
            counterparts::created_by.eq(created_by),
            counterparts::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("embassy"), "%embassy%");
        assert_eq!(contains_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
    }
}
