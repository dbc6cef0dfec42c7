//! Attempt counters for rate limits, kept in the database so every instance sees them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::rate_limit_events;
use super::{DbConn, new_id, now};

/// How many attempts were recorded in a bucket since a moment.
pub fn count_since(conn: &mut DbConn, bucket: &str, since: NaiveDateTime) -> QueryResult<i64> {
    rate_limit_events::table
        .filter(rate_limit_events::bucket.eq(bucket))
        .filter(rate_limit_events::created_at.gt(since))
        .count()
        .get_result(conn)
}

/// Serialises attempts on the same buckets until the transaction ends: PostgreSQL takes a
/// transaction-scoped advisory lock per bucket (in the caller's order, sorted, so two callers
/// cannot deadlock); SQLite's `BEGIN IMMEDIATE` already holds the only write lock.
pub fn lock(conn: &mut DbConn, buckets: &[&str]) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        for bucket in buckets {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind::<diesel::sql_types::Text, _>(*bucket)
                .execute(pg)?;
        }
    }
    Ok(())
}

/// Records one attempt; returns its id.
pub fn record(conn: &mut DbConn, bucket: &str) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(rate_limit_events::table)
        .values((
            rate_limit_events::id.eq(&id),
            rate_limit_events::bucket.eq(bucket),
            rate_limit_events::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Removes recorded attempts by id.
pub fn forget(conn: &mut DbConn, ids: &[String]) -> QueryResult<()> {
    diesel::delete(rate_limit_events::table.filter(rate_limit_events::id.eq_any(ids)))
        .execute(conn)
        .map(|_| ())
}

/// Forgets attempts in a bucket (a successful login clears its failures).
pub fn clear(conn: &mut DbConn, bucket: &str) -> QueryResult<()> {
    diesel::delete(rate_limit_events::table.filter(rate_limit_events::bucket.eq(bucket)))
        .execute(conn)
        .map(|_| ())
}

/// Drops attempts older than any window.
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(rate_limit_events::table.filter(rate_limit_events::created_at.lt(before)))
        .execute(conn)
}
