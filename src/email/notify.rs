//! Mail about content events, queued inside the caller's transaction. Each function loads the
//! content and the recipient afresh and lets the email surface decide what the mail may say;
//! workflows call these and never build content mail themselves.

use crate::config::Settings;
use crate::db::{DbConn, cases, outbox, playbooks};

use super::messages;
use super::surface::Mention;

/// The errors a notice can meet, for any workflow error type that carries both.
pub trait NoticeError: From<askama::Error> + From<diesel::result::Error> {}
impl<E: From<askama::Error> + From<diesel::result::Error>> NoticeError for E {}

/// Queues mail to a case's author about it, linking `page`; `compose` writes it from what the
/// surface allows (and the stored row, for its return reason). Nothing when the case is gone
/// or the author may not be mailed about it.
fn to_author<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    case_id: &str,
    page: &str,
    compose: impl FnOnce(&Mention, &cases::CaseRow) -> Result<super::OutgoingEmail, askama::Error>,
) -> Result<(), E> {
    let Some(row) = cases::find(conn, case_id)? else {
        return Ok(());
    };
    if let Some(mention) = Mention::case(conn, settings, case_id, &row.author_id, page)? {
        outbox::enqueue(conn, &compose(&mention, &row)?)?;
    }
    Ok(())
}

/// Tells the author that their case was published.
pub fn case_published<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    case_id: &str,
) -> Result<(), E> {
    let page = format!("/cases/{case_id}");
    to_author(conn, settings, case_id, &page, |m, _| {
        messages::case_published(m)
    })
}

/// Tells the author that their case was returned, with the moderator's note stored on it.
pub fn case_returned<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    case_id: &str,
) -> Result<(), E> {
    let page = format!("/cases/{case_id}/edit");
    to_author(conn, settings, case_id, &page, |m, row| {
        messages::case_returned(m, row.return_reason.as_deref().unwrap_or_default())
    })
}

/// Tells the author that a moderator published their change to a published case.
pub fn case_change_accepted<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    case_id: &str,
) -> Result<(), E> {
    let page = format!("/cases/{case_id}");
    to_author(conn, settings, case_id, &page, |m, _| {
        messages::case_change_accepted(m)
    })
}

/// Tells the author that a moderator returned their change, with the moderator's note.
pub fn case_change_returned<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    case_id: &str,
    note: &str,
) -> Result<(), E> {
    let page = format!("/cases/{case_id}/edit");
    to_author(conn, settings, case_id, &page, |m, _| {
        messages::case_change_returned(m, note)
    })
}

/// Tells the member that their suggested edit was accepted.
pub fn suggestion_accepted<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    suggestion_id: &str,
) -> Result<(), E> {
    let Some((row, slug)) = suggestion(conn, suggestion_id)? else {
        return Ok(());
    };
    let revision = row.accepted_revision.unwrap_or_default();
    let page = format!("/playbooks/{slug}/revisions/{revision}");
    if let Some(mention) = Mention::suggestion(
        conn,
        settings,
        &row.playbook_id,
        suggestion_id,
        &row.author_id,
        &page,
    )? {
        let email = messages::suggestion_accepted(suggestion_id, &mention, revision)?;
        outbox::enqueue(conn, &email)?;
    }
    Ok(())
}

/// Tells the member that their suggested edit was not accepted, with the moderator's note.
pub fn suggestion_rejected<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    suggestion_id: &str,
) -> Result<(), E> {
    let Some((row, slug)) = suggestion(conn, suggestion_id)? else {
        return Ok(());
    };
    let page = format!("/playbooks/{slug}/suggestions/{suggestion_id}");
    let note = row.decision_note.clone().unwrap_or_default();
    if let Some(mention) = Mention::suggestion(
        conn,
        settings,
        &row.playbook_id,
        suggestion_id,
        &row.author_id,
        &page,
    )? {
        let email = messages::suggestion_rejected(suggestion_id, &mention, &note)?;
        outbox::enqueue(conn, &email)?;
    }
    Ok(())
}

fn suggestion(
    conn: &mut DbConn,
    id: &str,
) -> diesel::QueryResult<Option<(playbooks::SuggestionRow, String)>> {
    let Some(row) = playbooks::suggestion(conn, id)? else {
        return Ok(None);
    };
    Ok(playbooks::find(conn, &row.playbook_id)?.map(|p| (row, p.slug)))
}

/// Reminds one member of the owning city of an agreement's notice deadline. Nothing when the
/// agreement or the member is gone.
pub fn agreement_deadline<E: NoticeError>(
    conn: &mut DbConn,
    settings: &Settings,
    agreement_id: &str,
    recipient_id: &str,
    (deadline, days_left, lead_days): (chrono::NaiveDate, i64, u32),
) -> Result<(), E> {
    if let Some(mention) = Mention::agreement(conn, settings, agreement_id, recipient_id)? {
        let email = messages::agreement_deadline(&mention, deadline, days_left, lead_days)?;
        outbox::enqueue(conn, &email)?;
    }
    Ok(())
}
