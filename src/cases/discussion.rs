//! Around a case: timeline entries by the author, comments, "we faced this too" marks and
//! flags for moderators. Callers check that the member may read the case first.

use crate::notifications::{self, Event};
use chrono::NaiveDate;
use diesel::prelude::*;

use super::CaseError;
use super::changes::{self, HeldEntry};
use crate::db::cases::{self as case_rows, CaseRow};
use crate::db::schema::{case_comments, case_faced, case_timeline, cases, flags};
use crate::db::users::Member;
use crate::db::{DbConn, new_id, now, search};
use crate::domain::markdown;
use crate::domain::policy::CaseStatus;
use crate::domain::widening::new_text_needs_review;

/// Discussion, "faced" marks and flags belong to published cases only (a draft or a case
/// under review has no audience yet).
fn published(conn: &mut DbConn, case_id: &str) -> Result<CaseRow, CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    if row.status() == CaseStatus::Published {
        Ok(row)
    } else {
        Err(CaseError::WrongState("the case is not published yet"))
    }
}

/// Where a new timeline entry went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryAdded {
    /// Readers see it now.
    Shown,
    /// The case is published and hides who reported it: the entry waits for a moderator's
    /// redaction check.
    Held,
}

/// Adds a dated entry to the author's timeline.
pub fn add_timeline_entry(
    conn: &mut DbConn,
    author: &Member,
    case_id: &str,
    date: NaiveDate,
    body: &str,
) -> Result<EntryAdded, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.author_id != author.id {
            return Err(CaseError::NotAuthor);
        }
        if row.status() == CaseStatus::Submitted {
            return Err(CaseError::WrongState("it is waiting for a moderator"));
        }
        if row.status() == CaseStatus::Published && new_text_needs_review(row.anonymity()) {
            let entry = HeldEntry {
                occurred_on: date,
                body: body.to_owned(),
            };
            changes::hold_entry(conn, &author.id, case_id, entry)?;
            return Ok(EntryAdded::Held);
        }
        diesel::insert_into(case_timeline::table)
            .values((
                case_timeline::id.eq(new_id()),
                case_timeline::case_id.eq(case_id),
                case_timeline::occurred_on.eq(date),
                case_timeline::body.eq(body),
                case_timeline::created_at.eq(now()),
            ))
            .execute(conn)?;
        diesel::update(cases::table.find(case_id))
            .set(cases::updated_at.eq(now()))
            .execute(conn)?;
        search::index_case(conn, case_id)?;
        Ok(EntryAdded::Shown)
    })
}

/// Adds a comment (Markdown, rendered and sanitised once, here). It keeps the case's level,
/// audience and anonymity as they are now: only readers who could read the case as it was
/// when the comment was written will see it.
pub fn add_comment(
    conn: &mut DbConn,
    member: &Member,
    case_id: &str,
    body: &str,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = published(conn, case_id)?;
        let audience = case_rows::audience(conn, case_id)?;
        let id = new_id();
        diesel::insert_into(case_comments::table)
            .values((
                case_comments::id.eq(&id),
                case_comments::case_id.eq(case_id),
                case_comments::author_id.eq(&member.id),
                case_comments::body.eq(body),
                case_comments::body_html.eq(markdown::render(body)),
                case_comments::created_at.eq(now()),
                case_comments::written_tlp.eq(&row.tlp),
                case_comments::written_audience.eq(audience.join(",")),
                case_comments::written_anonymity.eq(&row.anonymity),
            ))
            .execute(conn)?;
        diesel::update(cases::table.find(case_id))
            .set(cases::comment_count.eq(cases::comment_count + 1))
            .execute(conn)?;
        notifications::record(conn, Event::CaseCommented, case_id, Some(&member.id))?;
        Ok(id)
    })
}

/// Records that the member's city faced the same; false when they had already said so.
pub fn mark_faced(conn: &mut DbConn, member: &Member, case_id: &str) -> Result<bool, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        published(conn, case_id)?;
        let exists: bool = diesel::select(diesel::dsl::exists(
            case_faced::table
                .filter(case_faced::case_id.eq(case_id))
                .filter(case_faced::user_id.eq(&member.id)),
        ))
        .get_result(conn)?;
        if exists {
            return Ok(false);
        }
        diesel::insert_into(case_faced::table)
            .values((
                case_faced::case_id.eq(case_id),
                case_faced::user_id.eq(&member.id),
                case_faced::created_at.eq(now()),
            ))
            .execute(conn)?;
        diesel::update(cases::table.find(case_id))
            .set(cases::faced_count.eq(cases::faced_count + 1))
            .execute(conn)?;
        Ok(true)
    })
}

/// True when the member already marked the case.
pub fn has_faced(conn: &mut DbConn, member_id: &str, case_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        case_faced::table
            .filter(case_faced::case_id.eq(case_id))
            .filter(case_faced::user_id.eq(member_id)),
    ))
    .get_result(conn)
}

/// Flags a case, or one of its comments, for the moderators.
pub fn flag(
    conn: &mut DbConn,
    member: &Member,
    case_id: &str,
    comment_id: Option<&str>,
    reason: &str,
) -> Result<(), CaseError> {
    crate::db::write_transaction(conn, |conn| {
        published(conn, case_id)?;
        if let Some(comment) = comment_id {
            let belongs: bool = diesel::select(diesel::dsl::exists(
                case_comments::table
                    .filter(case_comments::id.eq(comment))
                    .filter(case_comments::case_id.eq(case_id)),
            ))
            .get_result(conn)?;
            if !belongs {
                return Err(CaseError::NotFound);
            }
        }
        diesel::insert_into(flags::table)
            .values((
                flags::id.eq(new_id()),
                flags::case_id.eq(case_id),
                flags::comment_id.eq(comment_id),
                flags::reporter_id.eq(&member.id),
                flags::reason.eq(reason),
                flags::created_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(())
    })
}
