//! Moderators' decisions on submitted cases.

use diesel::prelude::*;

use super::{CaseError, authoring, patterns};
use crate::config::Settings;
use crate::db::audit::{self, Action};
use crate::db::cases as case_rows;
use crate::db::schema::cases;
use crate::db::users::Member;
use crate::db::{DbConn, now};
use crate::domain::policy::CaseStatus;
use crate::email::notify;
use crate::notifications::{self, Event};

/// Publishes a submitted case, records its first revision, tells the author and refreshes
/// the pattern alerts it may complete.
pub fn publish(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    case_id: &str,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.status() != CaseStatus::Submitted {
            return Err(CaseError::WrongState(
                "only submitted cases can be published",
            ));
        }
        let at = now();
        diesel::update(cases::table.find(case_id))
            .set((
                cases::status.eq(CaseStatus::Published.as_str()),
                cases::published_at.eq(row.published_at.or(Some(at))),
                cases::return_reason.eq(None::<String>),
                cases::updated_at.eq(at),
            ))
            .execute(conn)?;
        // Publishing gives the case its search key; only now does it enter the index.
        crate::db::search::index_case(conn, case_id)?;
        authoring::record_revision(conn, case_id, Some(&moderator.id))?;
        notify::case_published::<CaseError>(conn, settings, case_id)?;
        notifications::record(conn, Event::CasePublished, case_id, None)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::PublishCase,
            Some(&row.author_id),
            &format!("case {case_id}"),
        )?;
        patterns::refresh(conn, &settings.patterns, case_id)?;
        Ok(row.title)
    })
}

/// Returns a submitted case to its author with a reason.
pub fn return_to_author(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    case_id: &str,
    reason: &str,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.status() != CaseStatus::Submitted {
            return Err(CaseError::WrongState(
                "only submitted cases can be returned",
            ));
        }
        diesel::update(cases::table.find(case_id))
            .set((
                cases::status.eq(CaseStatus::Returned.as_str()),
                cases::return_reason.eq(Some(reason)),
                cases::updated_at.eq(now()),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::ReturnCase,
            Some(&row.author_id),
            &format!("case {case_id}: {reason}"),
        )?;
        notify::case_returned::<CaseError>(conn, settings, case_id)?;
        Ok(row.title)
    })
}

/// Submitted cases, oldest first.
pub fn queue(
    conn: &mut DbConn,
    offset: i64,
    limit: i64,
) -> Result<(Vec<case_rows::CaseRow>, i64), CaseError> {
    let filter = || cases::table.filter(cases::status.eq(CaseStatus::Submitted.as_str()));
    let total = filter().count().get_result(conn)?;
    let rows = filter()
        .order((cases::submitted_at.asc(), cases::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(case_rows::CaseRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}
