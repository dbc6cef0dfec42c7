//! Members' notes on clauses: any member who may read the agreement writes one; the owning
//! city's members may keep theirs to their city. Authors and moderators delete them.

use crate::db::agreements::{self as rows, AnnotationRow};
use crate::db::audit::{self, Action};
use crate::db::users::Member;
use crate::db::{DbConn, new_id, now, write_transaction};
use crate::domain::agreement::Concern;
use crate::domain::policy;

use super::{AgreementError, invalid, reading};

/// A validated annotation.
#[derive(Debug, Clone)]
pub struct NewAnnotation {
    pub clause_id: String,
    pub concern: Concern,
    pub body: String,
    pub city_only: bool,
}

/// Adds an annotation to a clause of a text of this agreement.
pub fn add(
    conn: &mut DbConn,
    author: &Member,
    agreement_id: &str,
    note: &NewAnnotation,
) -> Result<String, AgreementError> {
    write_transaction(conn, |conn| {
        let found = reading::readable(conn, author.reader(), agreement_id)?;
        let record = found.record();
        if !policy::can_annotate(author.reader(), &record) {
            return Err(AgreementError::Forbidden);
        }
        if note.city_only && !policy::of_owning_city(author.reader(), &record) {
            return Err(invalid(
                "city_only",
                "Only members of the agreement's city can keep a note to their city.",
            ));
        }
        let belongs = rows::clause_of_agreement(conn, &note.clause_id, agreement_id)?;
        if !belongs {
            return Err(AgreementError::NotFound);
        }
        let row = AnnotationRow {
            id: new_id(),
            agreement_id: agreement_id.to_owned(),
            clause_id: note.clause_id.clone(),
            author_id: author.id.clone(),
            concern: note.concern.as_str().to_owned(),
            body: note.body.clone(),
            city_only: note.city_only,
            created_at: now(),
        };
        rows::insert_annotation(conn, &row)?;
        Ok(row.id)
    })
}

/// Deletes an annotation: its author, or a moderator (audited).
pub fn delete(
    conn: &mut DbConn,
    member: &Member,
    agreement_id: &str,
    annotation_id: &str,
) -> Result<(), AgreementError> {
    write_transaction(conn, |conn| {
        let found = reading::readable(conn, member.reader(), agreement_id)?;
        let row = rows::find_annotation(conn, annotation_id)?
            .filter(|a| a.agreement_id == agreement_id)
            .filter(|a| policy::can_read_annotation(member.reader(), &found.record(), a.city_only))
            .ok_or(AgreementError::NotFound)?;
        if row.author_id != member.id && !member.role.can_moderate() {
            return Err(AgreementError::Forbidden);
        }
        rows::delete_annotation(conn, annotation_id)?;
        if row.author_id != member.id {
            audit::record(
                conn,
                Some(&member.id),
                Action::DeleteAnnotation,
                Some(&row.author_id),
                annotation_id,
            )?;
        }
        Ok(())
    })
}
