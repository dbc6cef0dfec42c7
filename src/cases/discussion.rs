//! Around a case: timeline entries by the author, comments, "we faced this too" marks and
//! flags for moderators. Callers check that the member may read the case first.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::CaseError;
use crate::db::cases as case_rows;
use crate::db::schema::{case_comments, case_faced, case_timeline, cases, flags};
use crate::db::users::Member;
use crate::db::{DbConn, new_id, now, search};
use crate::domain::markdown;

/// Discussion and "faced" marks belong to published cases only (a draft or a case under
/// review has no audience yet).
fn require_published(conn: &mut DbConn, case_id: &str) -> Result<(), CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    if row.status() == crate::domain::policy::CaseStatus::Published {
        Ok(())
    } else {
        Err(CaseError::WrongState("the case is not published yet"))
    }
}

/// Adds a dated entry to the author's timeline.
pub fn add_timeline_entry(
    conn: &mut DbConn,
    author: &Member,
    case_id: &str,
    date: NaiveDate,
    body: &str,
) -> Result<(), CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.author_id != author.id {
            return Err(CaseError::NotAuthor);
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
        Ok(())
    })
}

/// Adds a comment (Markdown, rendered and sanitised once, here).
pub fn add_comment(
    conn: &mut DbConn,
    member: &Member,
    case_id: &str,
    body: &str,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        require_published(conn, case_id)?;
        let id = new_id();
        diesel::insert_into(case_comments::table)
            .values((
                case_comments::id.eq(&id),
                case_comments::case_id.eq(case_id),
                case_comments::author_id.eq(&member.id),
                case_comments::body.eq(body),
                case_comments::body_html.eq(markdown::render(body)),
                case_comments::created_at.eq(now()),
            ))
            .execute(conn)?;
        diesel::update(cases::table.find(case_id))
            .set(cases::comment_count.eq(cases::comment_count + 1))
            .execute(conn)?;
        Ok(id)
    })
}

/// Records that the member's city faced the same; false when they had already said so.
pub fn mark_faced(conn: &mut DbConn, member: &Member, case_id: &str) -> Result<bool, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        require_published(conn, case_id)?;
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
