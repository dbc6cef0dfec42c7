//! "We used this playbook": a case's author records which playbook the city followed and how
//! it went; the playbook page lists those cases under the case policy.

use diesel::prelude::*;

use super::PlaybookError;
use crate::db::cases as case_rows;
use crate::db::playbooks as rows;
use crate::db::schema::playbook_uses;
use crate::db::users::Member;
use crate::db::{DbConn, now, write_transaction};
use crate::domain::playbook::{PlaybookStatus, UseOutcome};
use crate::domain::policy::{CaseStatus, Reader};

/// Records (or changes) the outcome of a playbook on the author's own published case.
pub fn record(
    conn: &mut DbConn,
    author: &Member,
    reader: Reader<'_>,
    case_id: &str,
    playbook_slug: &str,
    outcome: UseOutcome,
) -> Result<String, PlaybookError> {
    write_transaction(conn, |conn| {
        let case = case_rows::find(conn, case_id)?.ok_or(PlaybookError::NotFound)?;
        if case.author_id != author.id {
            return Err(PlaybookError::NotFound);
        }
        if case.status() != CaseStatus::Published {
            return Err(PlaybookError::WrongState("the case is not published yet"));
        }
        let (playbook, _) = super::reading::readable_row(conn, reader, playbook_slug)?;
        if playbook.status() != PlaybookStatus::Published {
            return Err(PlaybookError::WrongState("that playbook is not published"));
        }
        diesel::delete(
            playbook_uses::table
                .filter(playbook_uses::case_id.eq(case_id))
                .filter(playbook_uses::playbook_id.eq(&playbook.id)),
        )
        .execute(conn)?;
        diesel::insert_into(playbook_uses::table)
            .values((
                playbook_uses::case_id.eq(case_id),
                playbook_uses::playbook_id.eq(&playbook.id),
                playbook_uses::outcome.eq(outcome.as_str()),
                playbook_uses::recorded_by.eq(&author.id),
                playbook_uses::created_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(playbook.title)
    })
}

/// Removes a recorded use from the author's own case.
pub fn remove(
    conn: &mut DbConn,
    author: &Member,
    case_id: &str,
    playbook_slug: &str,
) -> Result<(), PlaybookError> {
    write_transaction(conn, |conn| {
        let case = case_rows::find(conn, case_id)?.ok_or(PlaybookError::NotFound)?;
        if case.author_id != author.id {
            return Err(PlaybookError::NotFound);
        }
        let playbook = rows::by_slug(conn, playbook_slug)?.ok_or(PlaybookError::NotFound)?;
        diesel::delete(
            playbook_uses::table
                .filter(playbook_uses::case_id.eq(case_id))
                .filter(playbook_uses::playbook_id.eq(&playbook.id)),
        )
        .execute(conn)?;
        Ok(())
    })
}
