//! Flags members raise on cases and comments, and how moderators settle them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::CaseError;
use crate::db::audit::{self, Action};
use crate::db::schema::{case_comments, cases, flags, users};
use crate::db::users::Member;
use crate::db::{DbConn, now};

/// An open flag as the moderators' queue shows it.
#[derive(Debug, Clone)]
pub struct OpenFlag {
    pub id: String,
    pub case_id: String,
    pub case_title: String,
    pub comment_id: Option<String>,
    /// The flagged comment's text, when a comment was flagged.
    pub comment_body: Option<String>,
    pub reporter: String,
    pub reason: String,
    pub created_at: NaiveDateTime,
}

/// Open flags, oldest first, with the total.
pub fn open(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<(Vec<OpenFlag>, i64)> {
    let total = flags::table
        .filter(flags::resolved_at.is_null())
        .count()
        .get_result(conn)?;
    let rows = flags::table
        .inner_join(cases::table.on(cases::id.eq(flags::case_id)))
        .inner_join(users::table.on(users::id.eq(flags::reporter_id)))
        .left_join(case_comments::table.on(case_comments::id.nullable().eq(flags::comment_id)))
        .filter(flags::resolved_at.is_null())
        .order((flags::created_at.asc(), flags::id.asc()))
        .offset(offset)
        .limit(limit)
        .select((
            flags::id,
            flags::case_id,
            cases::title,
            flags::comment_id,
            case_comments::body.nullable(),
            users::display_name,
            flags::reason,
            flags::created_at,
        ))
        .load::<(
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            NaiveDateTime,
        )>(conn)?;
    let flags = rows
        .into_iter()
        .map(
            |(id, case_id, case_title, comment_id, comment_body, reporter, reason, created_at)| {
                OpenFlag {
                    id,
                    case_id,
                    case_title,
                    comment_id,
                    comment_body,
                    reporter,
                    reason,
                    created_at,
                }
            },
        )
        .collect();
    Ok((flags, total))
}

/// What a moderator decided about a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Nothing to do.
    Dismiss,
    /// Hide the flagged comment from everyone.
    HideComment,
}

/// Settles an open flag (and any other open flag on the same comment when it is hidden).
pub fn resolve(
    conn: &mut DbConn,
    moderator: &Member,
    flag_id: &str,
    resolution: Resolution,
) -> Result<(), CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let (case_id, comment_id, resolved): (String, Option<String>, Option<NaiveDateTime>) =
            flags::table
                .find(flag_id)
                .select((flags::case_id, flags::comment_id, flags::resolved_at))
                .first(conn)
                .optional()?
                .ok_or(CaseError::NotFound)?;
        if resolved.is_some() {
            return Err(CaseError::WrongState("the flag was already settled"));
        }
        let at = now();
        match (resolution, &comment_id) {
            (Resolution::HideComment, Some(comment)) => {
                diesel::update(
                    case_comments::table
                        .find(comment)
                        .filter(case_comments::hidden_at.is_null()),
                )
                .set(case_comments::hidden_at.eq(Some(at)))
                .execute(conn)?;
                diesel::update(cases::table.find(&case_id))
                    .set(cases::comment_count.eq(cases::comment_count - 1))
                    .filter(cases::comment_count.gt(0))
                    .execute(conn)?;
                diesel::update(
                    flags::table
                        .filter(flags::comment_id.eq(comment))
                        .filter(flags::resolved_at.is_null()),
                )
                .set((
                    flags::resolved_at.eq(Some(at)),
                    flags::resolved_by.eq(&moderator.id),
                ))
                .execute(conn)?;
                audit::record(
                    conn,
                    Some(&moderator.id),
                    Action::HideComment,
                    None,
                    &format!("comment {comment} on case {case_id}"),
                )?;
            }
            (Resolution::HideComment, None) => {
                return Err(CaseError::WrongState(
                    "this flag is about a case, not a comment",
                ));
            }
            (Resolution::Dismiss, _) => {
                diesel::update(flags::table.find(flag_id))
                    .set((
                        flags::resolved_at.eq(Some(at)),
                        flags::resolved_by.eq(&moderator.id),
                    ))
                    .execute(conn)?;
                audit::record(
                    conn,
                    Some(&moderator.id),
                    Action::DismissFlag,
                    None,
                    &format!("flag on case {case_id}"),
                )?;
            }
        }
        Ok(())
    })
}
