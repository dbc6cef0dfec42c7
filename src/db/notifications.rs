//! Events waiting for their fan-out, and members' notifications. A notification names its
//! subject and never copies its content: what it may show is decided when it is shown.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{events, notifications};
use super::{DbConn, new_id, now};

/// An event waiting for its fan-out.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: String,
    pub kind: String,
    pub subject_id: String,
    pub actor_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Records an event, in the caller's transaction.
pub fn record_event(
    conn: &mut DbConn,
    kind: &str,
    subject_id: &str,
    actor_id: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(events::table)
        .values((
            events::id.eq(new_id()),
            events::kind.eq(kind),
            events::subject_id.eq(subject_id),
            events::actor_id.eq(actor_id),
            events::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The oldest events not yet fanned out.
pub fn pending_events(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<EventRow>> {
    events::table
        .filter(events::done_at.is_null())
        .order((events::created_at.asc(), events::id.asc()))
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Marks an event done; false when another worker did first (run inside the transaction
/// that writes its notifications, so they and the mark commit together or not at all).
pub fn claim_event(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        events::table
            .filter(events::id.eq(id))
            .filter(events::done_at.is_null()),
    )
    .set(events::done_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Deletes events fanned out before `before`.
pub fn prune_events(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(events::table.filter(events::done_at.lt(before))).execute(conn)
}

/// One notification.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub kind: String,
    pub subject_id: String,
    pub events: i32,
    pub first_at: NaiveDateTime,
    pub last_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

fn group_key(user_id: &str, kind: &str, subject_id: &str) -> String {
    format!("{user_id}|{kind}|{subject_id}")
}

/// Tells one member: a new unread notification, or one more event on the unread one of the
/// same kind about the same subject (five comments on a case are one notification).
pub fn notify(
    conn: &mut DbConn,
    user_id: &str,
    kind: &str,
    subject_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let key = group_key(user_id, kind, subject_id);
    let values = (
        notifications::id.eq(new_id()),
        notifications::user_id.eq(user_id),
        notifications::kind.eq(kind),
        notifications::subject_id.eq(subject_id),
        notifications::group_key.eq(&key),
        notifications::events.eq(1),
        notifications::first_at.eq(at),
        notifications::last_at.eq(at),
    );
    let more = (
        notifications::events.eq(notifications::events + 1),
        notifications::last_at.eq(at),
    );
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(notifications::table)
            .values(values)
            .on_conflict(notifications::group_key)
            .do_update()
            .set(more)
            .execute(c),
        DbConn::Postgres(c) => diesel::insert_into(notifications::table)
            .values(values)
            .on_conflict(notifications::group_key)
            .do_update()
            .set(more)
            .execute(c),
    }
    .map(|_| ())
}

/// The member's notifications, newest first: one page of `limit`, before the keyset
/// `(last_at, id)` of the previous page's last row.
pub fn page(
    conn: &mut DbConn,
    user_id: &str,
    before: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> QueryResult<Vec<NotificationRow>> {
    let mut query = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order((notifications::last_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select(NotificationRow::as_select())
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(
            notifications::last_at
                .lt(at)
                .or(notifications::last_at.eq(at).and(notifications::id.lt(id))),
        );
    }
    query.load(conn)
}

/// How many unread notifications the member has, counted up to `cap`.
pub fn unread(conn: &mut DbConn, user_id: &str, cap: i64) -> QueryResult<i64> {
    let ids: Vec<String> = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .select(notifications::id)
        .limit(cap)
        .load(conn)?;
    Ok(ids.len() as i64)
}

/// Read now; the group key is freed (set to the row's own id) so that a later event starts
/// a new notification instead of reviving a read one.
#[allow(clippy::type_complexity)]
fn marked_read() -> (
    diesel::dsl::Eq<notifications::read_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<notifications::group_key, notifications::id>,
) {
    (
        notifications::read_at.eq(Some(now())),
        notifications::group_key.eq(notifications::id),
    )
}

/// Marks one of the member's notifications read (a later event starts a new one); false
/// when it is not theirs or was read already.
pub fn mark_read(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<bool> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(marked_read())
    .execute(conn)
    .map(|n| n == 1)
}

/// Marks all the member's notifications read; how many were unread.
pub fn mark_all_read(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(marked_read())
    .execute(conn)
}
