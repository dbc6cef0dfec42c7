//! Server-side sessions. Rows are keyed by the SHA-256 of the cookie's token, so a leaked
//! table does not hand out live sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::sessions;

/// One stored session.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: Option<String>,
    pub state: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Loads a live session: not idle past `expires_at`, not older than `born_after`.
pub fn load_live(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    born_after: NaiveDateTime,
) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .find(id)
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::created_at.gt(born_after))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// Stores a new session.
pub fn insert(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Replaces a session's state (and the account it belongs to).
pub fn update_state(
    conn: &mut DbConn,
    id: &str,
    state: &str,
    user_id: Option<&str>,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id))
        .set((
            sessions::state.eq(state),
            sessions::user_id.eq(user_id),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// Pushes the idle deadline forward.
pub fn touch(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(id))
        .set((
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Deletes one session (logout).
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of an account (suspension, password reset).
pub fn delete_for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// Removes sessions past their idle or absolute deadline.
pub fn delete_dead(
    conn: &mut DbConn,
    now: NaiveDateTime,
    born_before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(
            sessions::expires_at
                .le(now)
                .or(sessions::created_at.le(born_before)),
        ),
    )
    .execute(conn)
}
