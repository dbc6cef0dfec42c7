//! Correcting how a text was split: merging a clause with the next one, or splitting one at a
//! line. Annotations follow their words (a merged clause keeps both clauses' notes; a split
//! one keeps its notes on the first part). Each correction is one transaction, audit-logged.

use super::reading::readable;
use super::{AgreementError, invalid};
use crate::db::agreements::{self as rows, ClauseRow};
use crate::db::audit::{self, Action};
use crate::db::users::Member;
use crate::db::{DbConn, new_id, now, write_transaction};
use crate::domain::clauses::{self, ClauseKind};
use crate::domain::policy;

/// One correction of the split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    /// Joins the clause at this position with the one after it.
    Merge { position: i32 },
    /// Cuts the clause at this position before its line `line` (counted from 0; the first
    /// line cannot be cut before).
    Split { position: i32, line: usize },
    /// Sets the language of the clause at this position (`None`: its text's language).
    Language {
        position: i32,
        language: Option<&'static str>,
    },
}

/// The text's clauses, for a reader who may correct them.
pub fn clauses_to_correct(
    conn: &mut DbConn,
    editor: &Member,
    agreement_id: &str,
    text_id: &str,
) -> Result<(rows::TextInfo, Vec<ClauseRow>), AgreementError> {
    let agreement = readable(conn, editor.reader(), agreement_id)?;
    if !policy::can_edit_city_record(editor.reader(), &agreement.record()) {
        return Err(AgreementError::Forbidden);
    }
    let text = rows::texts_of(conn, agreement_id)?
        .into_iter()
        .find(|t| t.id == text_id)
        .ok_or(AgreementError::NotFound)?;
    let clauses = rows::clauses_of(conn, text_id)?;
    Ok((text, clauses))
}

/// The heading of a part cut off a clause: its own number and title when it starts like an
/// article, none otherwise.
fn heading_of(body: &str) -> (ClauseKind, Option<String>, Option<String>) {
    match clauses::split(body).into_iter().next() {
        Some(c) if c.number.is_some() => (c.kind, c.number, c.title),
        _ => (ClauseKind::Article, None, None),
    }
}

/// Applies a correction to text `text_id` of agreement `agreement_id`.
pub fn correct(
    conn: &mut DbConn,
    editor: &Member,
    agreement_id: &str,
    text_id: &str,
    correction: Correction,
) -> Result<(), AgreementError> {
    write_transaction(conn, |conn| {
        let (_, clauses) = clauses_to_correct(conn, editor, agreement_id, text_id)?;
        let position = match correction {
            Correction::Merge { position }
            | Correction::Split { position, .. }
            | Correction::Language { position, .. } => position,
        };
        let at = clauses
            .iter()
            .position(|c| c.position == position)
            .ok_or_else(|| {
                invalid(
                    "position",
                    "That clause is no longer there: reload the page.",
                )
            })?;
        let clause = &clauses[at];
        let detail = match correction {
            Correction::Merge { .. } => {
                let next = clauses.get(at + 1).ok_or_else(|| {
                    invalid(
                        "position",
                        "The last clause has no next clause to merge with.",
                    )
                })?;
                let body = format!("{}\n\n{}", clause.body.trim_end(), next.body.trim_start());
                rows::merge_clauses(conn, clause, next, &body)?;
                format!("merged clauses {} and {} of text {text_id}", at + 1, at + 2)
            }
            Correction::Split { line, .. } => {
                let lines: Vec<&str> = clause.body.lines().collect();
                if line == 0 || line >= lines.len() {
                    return Err(invalid(
                        "line",
                        "Choose a line after the clause's first line.",
                    ));
                }
                let first = lines[..line].join("\n").trim_end().to_owned();
                let second = lines[line..].join("\n").trim().to_owned();
                if first.is_empty() || second.is_empty() {
                    return Err(invalid("line", "Both parts must keep some text."));
                }
                let (kind, number, title) = heading_of(&second);
                let part = ClauseRow {
                    id: new_id(),
                    text_id: clause.text_id.clone(),
                    position: clause.position + 1,
                    kind: rows::clause_kind(kind).to_owned(),
                    number,
                    title,
                    body: second,
                    language: clause.language.clone(),
                };
                rows::split_clause(conn, clause, &first, &part)?;
                format!(
                    "split clause {} of text {text_id} at line {}",
                    at + 1,
                    line + 1
                )
            }
            Correction::Language { language, .. } => {
                rows::set_clause_language(conn, &clause.id, language)?;
                format!(
                    "set the language of clause {} of text {text_id} to {}",
                    at + 1,
                    language.unwrap_or("that of its text")
                )
            }
        };
        rows::touch(conn, agreement_id, now())?;
        audit::record(
            conn,
            Some(&editor.id),
            Action::CorrectClauses,
            None,
            &detail,
        )?;
        Ok(())
    })
}
