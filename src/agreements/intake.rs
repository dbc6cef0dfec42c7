//! Agreements coming in: the particulars, and each text (a paste or an upload) split into
//! clauses and stored as a new version of its language.

use chrono::NaiveDate;

use super::{AgreementError, invalid, language};
use crate::db::agreements::{self as rows, AgreementRow, ClauseRow, TextRow, clause_kind};
use crate::db::audit::{self, Action};
use crate::db::users::Member;
use crate::db::{DbConn, new_id, now, partnerships, write_transaction};
use crate::domain::agreement::{AgreementInput, Period, reminders_stored};
use crate::domain::clauses;
use crate::domain::policy;

/// A text to add: its body (already cleaned by `domain::agreement::agreement_text`), where it
/// came from, and the language the member chose (`None`: detect it).
#[derive(Debug, Clone)]
pub struct NewText {
    pub body: String,
    pub source: String,
    pub language: Option<String>,
}

impl NewText {
    /// The chosen language, or the detected one.
    fn language(&self) -> Result<String, AgreementError> {
        if let Some(code) = &self.language {
            return Ok(code.clone());
        }
        language::detect(&self.body)
            .filter(|code| language::parse(code).is_some())
            .ok_or_else(|| {
                invalid(
                    "language",
                    "The text's language could not be recognised: choose it from the list.",
                )
            })
    }
}

/// A partnership named on the form must be one of the agreement's city's.
fn check_partnership(
    conn: &mut DbConn,
    city_id: &str,
    id: Option<&str>,
) -> Result<(), AgreementError> {
    let Some(id) = id else { return Ok(()) };
    let ours = partnerships::of_city(conn, city_id)?
        .iter()
        .any(|p| p.id == id);
    if ours {
        Ok(())
    } else {
        Err(invalid(
            "partnership_id",
            "Choose one of your city's partnerships, or none.",
        ))
    }
}

/// The particulars as a row, its deadlines worked out from `today`.
fn fill(row: &mut AgreementRow, input: &AgreementInput, today: NaiveDate) {
    let deadlines = input.terms.deadlines(today);
    row.partnership_id = input.partnership_id.clone();
    row.title = input.title.clone();
    row.kind = input.kind.as_str().to_owned();
    row.status = input.terms.status.as_str().to_owned();
    row.signed_on = input.terms.signed_on;
    row.effective_on = input.terms.effective_on;
    row.term = Period::stored(input.terms.term);
    row.renewal = input.terms.renewal.as_str().to_owned();
    row.notice = Period::stored(input.terms.notice);
    row.reminder_days = reminders_stored(&input.reminders);
    row.renews_on = deadlines.map(|d| d.period_ends);
    row.notice_by = deadlines.and_then(|d| d.act_by);
    row.tlp = input.tlp.as_str().to_owned();
    row.updated_at = now();
}

/// Stores a text as the next version of its language, with its clauses; returns its id.
fn store_text(
    conn: &mut DbConn,
    editor: &Member,
    agreement_id: &str,
    text: &NewText,
) -> Result<String, AgreementError> {
    let language = text.language()?;
    let split = clauses::split(&text.body);
    if split.is_empty() {
        return Err(invalid("text", "The text has no clauses to review."));
    }
    let row = TextRow {
        id: new_id(),
        agreement_id: agreement_id.to_owned(),
        version: rows::next_version(conn, agreement_id, &language)?,
        language,
        source: text.source.clone(),
        body: text.body.clone(),
        created_by: editor.id.clone(),
        created_at: now(),
    };
    rows::insert_text(conn, &row)?;
    let clause_rows: Vec<ClauseRow> = split
        .into_iter()
        .enumerate()
        .map(|(i, c)| ClauseRow {
            id: new_id(),
            text_id: row.id.clone(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            kind: clause_kind(c.kind).to_owned(),
            number: c.number,
            title: c.title,
            language: super::language::of_clause(&c.text, &row.language).map(str::to_owned),
            body: c.text,
        })
        .collect();
    rows::insert_clauses(conn, &clause_rows)?;
    Ok(row.id)
}

/// Adds an agreement of the editor's city with its first text; returns its id.
pub fn create(
    conn: &mut DbConn,
    editor: &Member,
    input: &AgreementInput,
    text: &NewText,
    today: NaiveDate,
) -> Result<String, AgreementError> {
    write_transaction(conn, |conn| {
        check_partnership(conn, &editor.city_id, input.partnership_id.as_deref())?;
        let at = now();
        let mut row = AgreementRow {
            id: new_id(),
            city_id: editor.city_id.clone(),
            partnership_id: None,
            title: String::new(),
            kind: String::new(),
            status: String::new(),
            signed_on: None,
            effective_on: None,
            term: String::new(),
            renewal: String::new(),
            notice: String::new(),
            reminder_days: String::new(),
            renews_on: None,
            notice_by: None,
            tlp: String::new(),
            created_by: editor.id.clone(),
            created_at: at,
            updated_at: at,
        };
        fill(&mut row, input, today);
        rows::insert(conn, &row)?;
        rows::set_audience(conn, &row.id, &input.audience)?;
        store_text(conn, editor, &row.id, text)?;
        rows::reindex(conn, &row.id)?;
        audit::record(conn, Some(&editor.id), Action::SaveAgreement, None, &row.id)?;
        Ok(row.id)
    })
}

/// The agreement, if this member may change it.
fn editable(conn: &mut DbConn, editor: &Member, id: &str) -> Result<AgreementRow, AgreementError> {
    let found = super::reading::readable(conn, editor.reader(), id)?;
    if policy::can_edit_city_record(editor.reader(), &found.record()) {
        Ok(found.listed.row)
    } else {
        Err(AgreementError::Forbidden)
    }
}

/// Changes the particulars.
pub fn update(
    conn: &mut DbConn,
    editor: &Member,
    id: &str,
    input: &AgreementInput,
    today: NaiveDate,
) -> Result<(), AgreementError> {
    write_transaction(conn, |conn| {
        let mut row = editable(conn, editor, id)?;
        check_partnership(conn, &row.city_id, input.partnership_id.as_deref())?;
        fill(&mut row, input, today);
        rows::update(conn, &row)?;
        rows::set_audience(conn, id, &input.audience)?;
        rows::reindex(conn, id)?;
        audit::record(conn, Some(&editor.id), Action::SaveAgreement, None, id)?;
        Ok(())
    })
}

/// Adds a text: a new version of a language, or a new language version; returns its id.
pub fn add_text(
    conn: &mut DbConn,
    editor: &Member,
    id: &str,
    text: &NewText,
) -> Result<String, AgreementError> {
    write_transaction(conn, |conn| {
        editable(conn, editor, id)?;
        let text_id = store_text(conn, editor, id, text)?;
        rows::touch(conn, id, now())?;
        rows::reindex(conn, id)?;
        audit::record(
            conn,
            Some(&editor.id),
            Action::AddAgreementText,
            None,
            &text_id,
        )?;
        Ok(text_id)
    })
}
