//! Curating the rule library: moderators add and edit rules (each save a revision with its
//! author, audit-logged); everyone reads them, with the peers' cases and playbooks the reader
//! may see.

use diesel::prelude::*;

use super::{AgreementError, invalid};
use crate::db::audit::{self, Action};
use crate::db::rules::{self as rows, RevisionEntry, RuleRow};
use crate::db::schema::{cases, playbooks};
use crate::db::users::Member;
use crate::db::{DbConn, write_transaction};
use crate::domain::form::FieldError;
use crate::domain::policy::{self, Reader};
use crate::domain::rules::{Category, RuleFields, RuleSpec};

/// A rule's page: the rule as saved, its history and its links the reader may follow.
#[derive(Debug)]
pub struct RulePage {
    pub row: RuleRow,
    pub category: Category,
    pub spec: RuleSpec,
    pub revisions: Vec<RevisionEntry>,
    /// (case id, title) of the linked cases the reader may read.
    pub cases: Vec<(String, String)>,
    /// (slug, title) of the linked playbooks the reader may read.
    pub playbooks: Vec<(String, String)>,
}

/// The rule with this id and what its page shows to this reader.
pub fn page(conn: &mut DbConn, reader: Reader<'_>, id: &str) -> Result<RulePage, AgreementError> {
    let row = rows::find(conn, id)?.ok_or(AgreementError::NotFound)?;
    let (category, spec) = row.spec().ok_or(AgreementError::NotFound)?;
    let cases = cases::table
        .filter(cases::id.eq_any(&spec.cases))
        .filter(crate::db::cases::readable(reader))
        .order(cases::title.asc())
        .select((cases::id, cases::title))
        .load(conn)?;
    let playbooks = playbooks::table
        .filter(playbooks::slug.eq_any(&spec.playbooks))
        .filter(crate::db::playbooks::readable(reader))
        .order(playbooks::title.asc())
        .select((playbooks::slug, playbooks::title))
        .load(conn)?;
    Ok(RulePage {
        revisions: rows::revisions(conn, id)?,
        row,
        category,
        spec,
        cases,
        playbooks,
    })
}

/// The form of an existing rule, for a moderator.
pub fn fields(conn: &mut DbConn, editor: &Member, id: &str) -> Result<RuleFields, AgreementError> {
    if !policy::can_curate_rules(editor.reader()) {
        return Err(AgreementError::Forbidden);
    }
    let row = rows::find(conn, id)?.ok_or(AgreementError::NotFound)?;
    let (category, spec) = row.spec().ok_or(AgreementError::NotFound)?;
    Ok(RuleFields::of(category, &spec))
}

/// Saves a new rule (`id` None; the form names it) or the next revision of rule `id`, after
/// its patterns compile, its examples pass and its links name existing cases and playbooks.
/// Returns the rule's id.
pub fn save(
    conn: &mut DbConn,
    editor: &Member,
    id: Option<&str>,
    form: &RuleFields,
) -> Result<String, AgreementError> {
    if !policy::can_curate_rules(editor.reader()) {
        return Err(AgreementError::Forbidden);
    }
    let mut form = form.clone();
    if let Some(id) = id {
        // The id of a saved rule never changes: reviews and links name it.
        form.id = id.to_owned();
    }
    let (category, spec) = form.parse().map_err(AgreementError::Invalid)?;
    write_transaction(conn, |conn| {
        let existing = rows::find(conn, &spec.id)?;
        match (id, &existing) {
            (Some(_), None) => return Err(AgreementError::NotFound),
            (None, Some(_)) => {
                return Err(invalid("id", "A rule with this id exists: choose another."));
            }
            _ => {}
        }
        if existing
            .as_ref()
            .and_then(RuleRow::spec)
            .is_some_and(|(c, s)| c == category && s == spec)
        {
            return Err(invalid(
                "title",
                "Nothing has changed: edit the rule first.",
            ));
        }
        check_links(conn, &spec)?;
        let note = form.note.trim();
        let note = if note.is_empty() {
            if existing.is_some() {
                "Edited"
            } else {
                "Added"
            }
        } else {
            note
        };
        let revision = rows::save(conn, category, &spec, note, Some(&editor.id))?;
        audit::record(
            conn,
            Some(&editor.id),
            Action::SaveRule,
            None,
            &format!("rule {} revision {revision}", spec.id),
        )?;
        Ok(spec.id.clone())
    })
}

/// Every linked case and playbook must exist (whoever may read it).
fn check_links(conn: &mut DbConn, spec: &RuleSpec) -> Result<(), AgreementError> {
    let known_cases: Vec<String> = cases::table
        .filter(cases::id.eq_any(&spec.cases))
        .select(cases::id)
        .load(conn)?;
    let known_playbooks: Vec<String> = playbooks::table
        .filter(playbooks::slug.eq_any(&spec.playbooks))
        .select(playbooks::slug)
        .load(conn)?;
    let mut errors = Vec::new();
    let unknown = |wanted: &[String], known: &[String]| {
        wanted
            .iter()
            .filter(|w| !known.contains(w))
            .map(|w| format!("“{w}”"))
            .collect::<Vec<_>>()
    };
    let cases = unknown(&spec.cases, &known_cases);
    if !cases.is_empty() {
        errors.push(FieldError {
            field: "cases",
            message: format!("No case has the id {}.", cases.join(", ")),
        });
    }
    let playbooks = unknown(&spec.playbooks, &known_playbooks);
    if !playbooks.is_empty() {
        errors.push(FieldError {
            field: "playbooks",
            message: format!("No playbook has the address {}.", playbooks.join(", ")),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AgreementError::Invalid(errors))
    }
}
