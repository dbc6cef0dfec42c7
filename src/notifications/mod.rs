//! Follows and notifications. A change records an [`Event`] in its own transaction; the
//! outbox worker fans each event out to the members who follow its subject and may read it,
//! in batches (so a case followed by thousands publishes as fast as one followed by none).
//! What a notification shows is decided again, through the policy, each time it is shown.

pub mod inbox;

use diesel::prelude::*;

use crate::db::cases::{self as case_rows, CaseRow};
use crate::db::notifications::{self as rows, EventRow};
use crate::db::schema::{case_demands, case_topics, cities};
use crate::db::{DbConn, DbError, follows, now, users, write_transaction};
use crate::domain::enums::text_enum;
use crate::domain::follow::FollowKind;
use crate::domain::policy;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A case was published: its followers by topic, demand, country and counterpart hear.
    CasePublished,
    /// A comment on a published case: the case's followers and its author hear.
    CaseCommented,
}

text_enum!(Event {
    CasePublished => "case-published", "A case was published",
    CaseCommented => "case-commented", "A case was commented on",
});

/// What a member is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A published case matches something they follow.
    CaseMatch,
    /// New comments on a case they follow or wrote.
    CaseComments,
}

text_enum!(Notice {
    CaseMatch => "case-match", "A new case matches what you follow",
    CaseComments => "case-comments", "New comments on a case you follow",
});

/// Records an event in the caller's transaction.
pub fn record(
    conn: &mut DbConn,
    event: Event,
    subject_id: &str,
    actor_id: Option<&str>,
) -> QueryResult<()> {
    rows::record_event(conn, event.as_str(), subject_id, actor_id)
}

/// Followers read in batches of this many.
const BATCH: i64 = 500;
/// Events taken per pass.
const EVENTS_PER_PASS: i64 = 20;

/// One pass: fans out the oldest pending events; how many notifications it wrote. Each
/// event's notifications and its mark as done commit together, and an event another worker
/// took is skipped, so every event is fanned out exactly once.
pub fn fan_out(conn: &mut DbConn) -> Result<usize, DbError> {
    let mut written = 0;
    for event in rows::pending_events(conn, EVENTS_PER_PASS)? {
        written += write_transaction(conn, |conn| {
            if !rows::claim_event(conn, &event.id, now())? {
                return Ok::<_, DbError>(0);
            }
            Ok(deliver(conn, &event)?)
        })?;
    }
    Ok(written)
}

/// The things whose followers hear that this case was published.
fn followed_things(conn: &mut DbConn, case: &CaseRow) -> QueryResult<Vec<(FollowKind, String)>> {
    let mut things: Vec<(FollowKind, String)> = case_topics::table
        .filter(case_topics::case_id.eq(&case.id))
        .select(case_topics::topic)
        .load::<String>(conn)?
        .into_iter()
        .map(|t| (FollowKind::Topic, t))
        .collect();
    things.extend(
        case_demands::table
            .filter(case_demands::case_id.eq(&case.id))
            .select(case_demands::demand)
            .load::<String>(conn)?
            .into_iter()
            .map(|d| (FollowKind::Demand, d)),
    );
    let country: String = cities::table
        .find(&case.city_id)
        .select(cities::country_code)
        .first(conn)?;
    things.push((FollowKind::Country, country));
    if let Some(counterpart) = &case.counterpart_id {
        things.push((FollowKind::Counterpart, counterpart.clone()));
    }
    things.push((FollowKind::Case, case.id.clone()));
    Ok(things)
}

fn deliver(conn: &mut DbConn, event: &EventRow) -> QueryResult<usize> {
    let Ok(kind) = Event::parse(&event.kind) else {
        tracing::warn!(kind = %event.kind, "an event of an unknown kind was dropped");
        return Ok(0);
    };
    let Some(case) = case_rows::find(conn, &event.subject_id)? else {
        return Ok(0);
    };
    let audience = case_rows::audience(conn, &case.id)?;
    let (notice, things) = match kind {
        Event::CasePublished => (Notice::CaseMatch, followed_things(conn, &case)?),
        Event::CaseCommented => (
            Notice::CaseComments,
            vec![(FollowKind::Case, case.id.clone())],
        ),
    };
    let things: Vec<(FollowKind, &str)> = things.iter().map(|(k, t)| (*k, t.as_str())).collect();
    let at = event.created_at;
    let mut written = 0;
    let mut tell = |conn: &mut DbConn, member: &users::Member| -> QueryResult<()> {
        let reader = member.reader();
        if Some(member.id.as_str()) == event.actor_id.as_deref()
            || !policy::can_read(reader, &case.sensitivity(&audience))
        {
            return Ok(());
        }
        written += 1;
        rows::notify(conn, &member.id, notice.as_str(), &case.id, at)
    };
    // The author hears of comments on their case whether or not they follow it.
    if kind == Event::CaseCommented
        && !follows::is_following(conn, &case.author_id, FollowKind::Case, &case.id)?
        && let Some(author) =
            users::active_members(conn, std::slice::from_ref(&case.author_id))?.first()
    {
        tell(conn, author)?;
    }
    let mut after = String::new();
    loop {
        let ids = follows::followers(conn, &things, &after, BATCH)?;
        let Some(last) = ids.last() else { break };
        after = last.clone();
        for member in users::active_members(conn, &ids)? {
            // The author is not told that their own case was published this way.
            if kind == Event::CasePublished && member.id == case.author_id {
                continue;
            }
            tell(conn, &member)?;
        }
    }
    Ok(written)
}
