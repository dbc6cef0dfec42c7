//! Members suggest edits; moderators accept them (a new revision crediting the member) or
//! reject them with a note. A suggestion is applied part by part onto the current text, so a
//! later change to another part survives and a change to the same part is a conflict.

use diesel::prelude::*;

use super::authoring::{NewRevision, save_revision};
use super::{PlaybookError, invalid};
use crate::config::Settings;
use crate::db::audit::{self, Action};
use crate::db::playbooks::{self as rows, PlaybookRow, SuggestionRow};
use crate::db::schema::playbook_suggestions;
use crate::db::users::{self, Member};
use crate::db::{DbConn, new_id, now, write_transaction};
use crate::domain::Role;
use crate::domain::playbook::{
    PlaybookDoc, PlaybookStatus, SuggestionFields, SuggestionInput, merge, parse_note,
};
use crate::domain::policy::Reader;
use crate::email::notify;

/// A suggestion with what it would do to the current text.
#[derive(Debug, Clone)]
pub struct Review {
    pub row: SuggestionRow,
    pub playbook: PlaybookRow,
    pub base: PlaybookDoc,
    pub current: PlaybookDoc,
    /// The current text with the suggestion applied, or the parts that conflict.
    pub outcome: Result<PlaybookDoc, Vec<crate::domain::playbook::Conflict>>,
}

/// The document at one revision.
fn doc_at(conn: &mut DbConn, playbook_id: &str, number: i32) -> Result<PlaybookDoc, PlaybookError> {
    Ok(rows::revision(conn, playbook_id, number)?
        .ok_or(PlaybookError::NotFound)?
        .doc()?)
}

/// A member suggests an edit to a published playbook they may read; returns its id.
pub fn suggest(
    conn: &mut DbConn,
    member: &Member,
    reader: Reader<'_>,
    slug: &str,
    fields: &SuggestionFields,
) -> Result<String, PlaybookError> {
    write_transaction(conn, |conn| {
        let (playbook, _) = super::reading::readable_row(conn, reader, slug)?;
        if playbook.status() != PlaybookStatus::Published {
            return Err(PlaybookError::WrongState(
                "only published playbooks take suggestions",
            ));
        }
        let base_number = fields.base_revision.trim().parse::<i32>().unwrap_or(0);
        if !(1..=playbook.current_revision).contains(&base_number) {
            return Err(invalid(
                "summary",
                "The form does not say which revision you edited; open the suggestion form again.",
            ));
        }
        let base = doc_at(conn, &playbook.id, base_number)?;
        let input = SuggestionInput::parse(fields, &base).map_err(PlaybookError::Invalid)?;
        let content = serde_json::to_string(&input.changes).unwrap_or_else(|_| "[]".into());
        let duplicate = playbook_suggestions::table
            .filter(playbook_suggestions::playbook_id.eq(&playbook.id))
            .filter(playbook_suggestions::author_id.eq(&member.id))
            .filter(playbook_suggestions::status.eq("open"))
            .filter(playbook_suggestions::content.eq(&content))
            .count()
            .get_result::<i64>(conn)?;
        if duplicate > 0 {
            return Err(invalid(
                "note",
                "You already suggested exactly this edit; it is waiting for a moderator.",
            ));
        }
        let id = new_id();
        diesel::insert_into(playbook_suggestions::table)
            .values(SuggestionRow {
                id: id.clone(),
                playbook_id: playbook.id.clone(),
                author_id: member.id.clone(),
                base_revision: base_number,
                note: input.note,
                content,
                status: "open".into(),
                decided_by: None,
                decision_note: None,
                decided_at: None,
                accepted_revision: None,
                created_at: now(),
            })
            .execute(conn)?;
        Ok(id)
    })
}

/// Loads a suggestion for its author or a moderator, with its effect on the current text.
pub fn review(conn: &mut DbConn, viewer: &Member, id: &str) -> Result<Review, PlaybookError> {
    let row = rows::suggestion(conn, id)?.ok_or(PlaybookError::NotFound)?;
    let moderates = viewer.role >= Role::Moderator;
    if row.author_id != viewer.id && !moderates {
        return Err(PlaybookError::NotFound);
    }
    let playbook = rows::find(conn, &row.playbook_id)?.ok_or(PlaybookError::NotFound)?;
    // The page shows the current text: its author must still be allowed to read it (the
    // playbook may have been raised to a level they are not cleared for since).
    if !playbook.readable_by(viewer.reader(), &rows::audience(conn, &playbook.id)?) {
        return Err(PlaybookError::NotFound);
    }
    let base = doc_at(conn, &playbook.id, row.base_revision)?;
    let current = doc_at(conn, &playbook.id, playbook.current_revision)?;
    let outcome = merge(&base, &current, &row.changes()?);
    Ok(Review {
        row,
        playbook,
        base,
        current,
        outcome,
    })
}

/// A moderator accepts an open suggestion: a new revision crediting the member, who is told.
/// Conflicting suggestions are refused with the conflicts; nothing is overwritten.
pub fn accept(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    id: &str,
) -> Result<i32, PlaybookError> {
    if moderator.role < Role::Moderator {
        return Err(PlaybookError::NotModerator);
    }
    write_transaction(conn, |conn| {
        let review = review(conn, moderator, id)?;
        if !review.row.is_open() {
            return Err(PlaybookError::WrongState(
                "the suggestion was already decided",
            ));
        }
        let merged = review.outcome.map_err(PlaybookError::Conflicts)?;
        if merged == review.current {
            return Err(PlaybookError::WrongState(
                "the playbook already says what the suggestion proposes; reject it with a note",
            ));
        }
        let author = users::find(conn, &review.row.author_id)?;
        let author_name = author
            .as_ref()
            .map_or_else(|| "a member".to_owned(), |a| a.display_name.clone());
        let number = review.playbook.current_revision + 1;
        save_revision(
            conn,
            &review.playbook.id,
            NewRevision {
                number,
                author_id: &moderator.id,
                credited_id: Some(&review.row.author_id),
                restored_from: None,
                note: &format!("Suggested by {author_name}: {}", review.row.note),
                doc: &merged,
            },
        )?;
        diesel::update(playbook_suggestions::table.find(id))
            .set((
                playbook_suggestions::status.eq("accepted"),
                playbook_suggestions::decided_by.eq(&moderator.id),
                playbook_suggestions::decided_at.eq(now()),
                playbook_suggestions::accepted_revision.eq(number),
            ))
            .execute(conn)?;
        notify::suggestion_accepted::<PlaybookError>(conn, settings, id)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::AcceptSuggestion,
            Some(&review.row.author_id),
            &format!("playbook {}: revision {number}", review.playbook.slug),
        )?;
        Ok(number)
    })
}

/// A moderator rejects an open suggestion with a note the member is sent.
pub fn reject(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    id: &str,
    note: &str,
) -> Result<(), PlaybookError> {
    if moderator.role < Role::Moderator {
        return Err(PlaybookError::NotModerator);
    }
    let note =
        parse_note(note, "a note for the member").map_err(|m| invalid("decision_note", m))?;
    write_transaction(conn, |conn| {
        let row = rows::suggestion(conn, id)?.ok_or(PlaybookError::NotFound)?;
        if !row.is_open() {
            return Err(PlaybookError::WrongState(
                "the suggestion was already decided",
            ));
        }
        let playbook = rows::find(conn, &row.playbook_id)?.ok_or(PlaybookError::NotFound)?;
        diesel::update(playbook_suggestions::table.find(id))
            .set((
                playbook_suggestions::status.eq("rejected"),
                playbook_suggestions::decided_by.eq(&moderator.id),
                playbook_suggestions::decided_at.eq(now()),
                playbook_suggestions::decision_note.eq(&note),
            ))
            .execute(conn)?;
        notify::suggestion_rejected::<PlaybookError>(conn, settings, id)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::RejectSuggestion,
            Some(&row.author_id),
            &format!("playbook {}", playbook.slug),
        )?;
        Ok(())
    })
}
