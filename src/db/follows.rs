//! What members follow, and who follows what (for the fan-out).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::schema::follows;
use super::{DbBackend, DbConn, now};
use crate::domain::follow::{FollowKind, Followed};

/// One thing a member follows.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follows)]
pub struct FollowRow {
    pub kind: String,
    pub target: String,
    pub created_at: NaiveDateTime,
}

/// Starts following; false when the member already did.
pub fn follow(conn: &mut DbConn, user_id: &str, followed: &Followed) -> QueryResult<bool> {
    let values = (
        follows::user_id.eq(user_id),
        follows::kind.eq(followed.kind().as_str()),
        follows::target.eq(followed.target()),
        follows::created_at.eq(now()),
    );
    insert_or_ignore!(conn, follows::table, values).map(|n| n > 0)
}

/// Stops following; false when the member did not follow it.
pub fn stop(conn: &mut DbConn, user_id: &str, kind: FollowKind, target: &str) -> QueryResult<bool> {
    diesel::delete(
        follows::table
            .filter(follows::user_id.eq(user_id))
            .filter(follows::kind.eq(kind.as_str()))
            .filter(follows::target.eq(target)),
    )
    .execute(conn)
    .map(|n| n > 0)
}

/// True when the member follows it.
pub fn is_following(
    conn: &mut DbConn,
    user_id: &str,
    kind: FollowKind,
    target: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        follows::table
            .filter(follows::user_id.eq(user_id))
            .filter(follows::kind.eq(kind.as_str()))
            .filter(follows::target.eq(target)),
    ))
    .get_result(conn)
}

/// Everything the member follows, by kind, newest first within each.
pub fn of_member(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<FollowRow>> {
    follows::table
        .filter(follows::user_id.eq(user_id))
        .order((follows::kind.asc(), follows::created_at.desc()))
        .select(FollowRow::as_select())
        .load(conn)
}

/// The members (ids, ascending, after `after`) who follow any of `things`: one batch of at
/// most `limit`, so that a fan-out to many followers never holds them all.
pub fn followers(
    conn: &mut DbConn,
    things: &[(FollowKind, &str)],
    after: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    type Predicate = Box<dyn BoxableExpression<follows::table, DbBackend, SqlType = Bool>>;
    let one = |(kind, target): &(FollowKind, &str)| -> Predicate {
        Box::new(
            follows::kind
                .eq(kind.as_str())
                .and(follows::target.eq(target.to_string())),
        )
    };
    let Some(first) = things.first() else {
        return Ok(Vec::new());
    };
    let any = things[1..]
        .iter()
        .fold(one(first), |any, thing| Box::new(any.or(one(thing))));
    // Each batch starts after the last member of the one before.
    follows::table
        .filter(any)
        .filter(follows::user_id.gt(after))
        .select(follows::user_id)
        .distinct()
        .order(follows::user_id.asc())
        .limit(limit)
        .load(conn)
}
