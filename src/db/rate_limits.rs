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

/// Records one attempt.
pub fn record(conn: &mut DbConn, bucket: &str) -> QueryResult<()> {
    diesel::insert_into(rate_limit_events::table)
        .values((
            rate_limit_events::id.eq(new_id()),
            rate_limit_events::bucket.eq(bucket),
            rate_limit_events::created_at.eq(now()),
        ))
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
