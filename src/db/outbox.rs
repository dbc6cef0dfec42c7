//! The email outbox: messages are written here in the same transaction as the change that
//! causes them, and a worker sends them later.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::outbox;
use super::{DbConn, new_id, now};

pub use crate::email::OutgoingEmail;

/// One queued message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub dedupe_key: String,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub list_unsubscribe: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// Mail about content: what it is about and whom, checked again at send time.
    pub guard: Option<String>,
    /// What is sent instead when that check fails.
    pub fallback_subject: Option<String>,
    pub fallback_text: Option<String>,
    pub fallback_html: Option<String>,
}

/// Queues a message unless one with the same dedupe key exists; true when queued.
pub fn enqueue(conn: &mut DbConn, email: &OutgoingEmail) -> QueryResult<bool> {
    let at = now();
    let fallback = email.fallback();
    let values = (
        outbox::id.eq(new_id()),
        outbox::dedupe_key.eq(email.dedupe_key()),
        outbox::to_address.eq(email.to()),
        outbox::subject.eq(email.subject()),
        outbox::text_body.eq(email.text_body()),
        outbox::html_body.eq(email.html_body()),
        outbox::list_unsubscribe.eq(email.list_unsubscribe()),
        outbox::status.eq("pending"),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(at),
        outbox::created_at.eq(at),
        (
            outbox::guard.eq(email.guard()),
            outbox::fallback_subject.eq(fallback.map(|f| f.0)),
            outbox::fallback_text.eq(fallback.map(|f| f.1)),
            outbox::fallback_html.eq(fallback.map(|f| f.2)),
        ),
    );
    // The id is new, so only the dedupe key can already be there.
    let inserted = insert_or_ignore!(conn, outbox::table, values)?;
    Ok(inserted == 1)
}

/// Messages due for a send attempt and not leased by another worker, oldest first.
pub fn due(conn: &mut DbConn, at: NaiveDateTime, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::status.eq("pending"))
        .filter(outbox::next_attempt_at.le(at))
        .filter(
            outbox::locked_until
                .is_null()
                .or(outbox::locked_until.lt(at)),
        )
        .order(outbox::next_attempt_at.asc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Takes a lease on a message; false when it is not due, another worker holds it, or it was sent.
pub fn claim(
    conn: &mut DbConn,
    id: &str,
    at: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq("pending"))
            .filter(outbox::next_attempt_at.le(at))
            .filter(
                outbox::locked_until
                    .is_null()
                    .or(outbox::locked_until.lt(at)),
            ),
    )
    .set(outbox::locked_until.eq(lease_until))
    .execute(conn)
    .map(|n| n == 1)
}

/// Loads one message.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<OutboxRow>> {
    outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}

/// Replaces a guarded message by its fallback rendering, for good (the guard goes with it);
/// false when the row has no fallback.
pub fn fall_back(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::fallback_subject.is_not_null())
            .filter(outbox::fallback_text.is_not_null())
            .filter(outbox::fallback_html.is_not_null()),
    )
    .set((
        outbox::subject.eq(outbox::fallback_subject.assume_not_null()),
        outbox::text_body.eq(outbox::fallback_text.assume_not_null()),
        outbox::html_body.eq(outbox::fallback_html.assume_not_null()),
        outbox::guard.eq(None::<String>),
        outbox::fallback_subject.eq(None::<String>),
        outbox::fallback_text.eq(None::<String>),
        outbox::fallback_html.eq(None::<String>),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Records a successful send. The bodies go at once: they may carry single-use links
/// (verification, password reset), and what was sent is not Twinwise's to keep.
pub fn mark_sent(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::text_body.eq(""),
            outbox::html_body.eq(""),
            outbox::fallback_text.eq(None::<String>),
            outbox::fallback_html.eq(None::<String>),
            outbox::status.eq("sent"),
            outbox::sent_at.eq(now()),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a failed attempt: retried at `retry_at`, or given up when `None`.
pub fn mark_failed(
    conn: &mut DbConn,
    id: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let status = if retry_at.is_some() {
        "pending"
    } else {
        "failed"
    };
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(status),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::next_attempt_at.eq(retry_at.unwrap_or_else(now)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Deletes sent and given-up messages older than `before` (their dedupe keys go with them).
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        outbox::table
            .filter(outbox::status.eq_any(["sent", "failed"]))
            .filter(outbox::created_at.lt(before)),
    )
    .execute(conn)
}

/// Every message to one address, oldest first (tests and the admin view read this).
pub fn to_address(conn: &mut DbConn, address: &str) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::to_address.eq(address))
        .order(outbox::created_at.asc())
        .select(OutboxRow::as_select())
        .load(conn)
}
