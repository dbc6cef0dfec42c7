//! The partnerships registry: members keep their own city's entries, moderators all.

use crate::db::audit::{self, Action};
use crate::db::partnerships::{self as rows, Listed, PartnershipRow};
use crate::db::users::Member;
use crate::db::{DbConn, new_id, now, write_transaction};
use crate::domain::agreement::PartnershipInput;
use crate::domain::policy::{self, CityRecord, Reader};

use super::{AgreementError, invalid};

/// A partnership the reader may see, and its AMBER audience.
pub struct Readable {
    pub listed: Listed,
    pub audience: Vec<String>,
}

impl Readable {
    pub fn record(&self) -> CityRecord<'_> {
        self.listed.row.record(&self.audience)
    }
}

/// Loads a partnership for this reader; `NotFound` when they may not see it.
pub fn load(conn: &mut DbConn, reader: Reader<'_>, id: &str) -> Result<Readable, AgreementError> {
    let listed = rows::find(conn, id)?.ok_or(AgreementError::NotFound)?;
    let audience = rows::audiences(conn, std::slice::from_ref(&listed.row.id))?
        .remove(&listed.row.id)
        .unwrap_or_default();
    let found = Readable { listed, audience };
    if policy::can_read_city_record(reader, &found.record()) {
        Ok(found)
    } else {
        Err(AgreementError::NotFound)
    }
}

/// The case a partnership links to must be one the editor may read (a link reveals it).
fn check_case(
    conn: &mut DbConn,
    editor: &Member,
    case_id: Option<&str>,
) -> Result<(), AgreementError> {
    let Some(id) = case_id else { return Ok(()) };
    if linked_title(conn, editor.reader(), id)?.is_none() {
        return Err(invalid(
            "case_id",
            "No case you can read has this id. Paste the id from the case's address.",
        ));
    }
    Ok(())
}

/// Only moderators choose another city than their own.
fn check_city(editor: &Member, city_id: &str) -> Result<(), AgreementError> {
    if city_id == editor.city_id || editor.role.can_moderate() {
        Ok(())
    } else {
        Err(invalid(
            "city_id",
            "You can add partnerships of your own city only.",
        ))
    }
}

fn to_row(id: String, input: &PartnershipInput, created_by: Option<String>) -> PartnershipRow {
    let at = now();
    PartnershipRow {
        id,
        city_id: input.city_id.clone(),
        counterpart_city: input.counterpart_city.clone(),
        counterpart_province: input.counterpart_province.clone(),
        counterpart_country: input.counterpart_country.code.to_owned(),
        kind: input.kind.as_str().to_owned(),
        since: input
            .since
            .as_ref()
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default(),
        status: input.status.as_str().to_owned(),
        status_on: input
            .status_on
            .as_ref()
            .map(|d| d.as_str().to_owned())
            .unwrap_or_default(),
        status_reason: input.status_reason.clone(),
        case_id: input.case_id.clone(),
        sources: input.sources.join("\n"),
        tlp: input.tlp.as_str().to_owned(),
        created_by,
        created_at: at,
        updated_at: at,
    }
}

/// Adds a partnership; returns its id.
pub fn create(
    conn: &mut DbConn,
    editor: &Member,
    input: &PartnershipInput,
) -> Result<String, AgreementError> {
    write_transaction(conn, |conn| {
        check_city(editor, &input.city_id)?;
        if !crate::db::cities::exists(conn, &input.city_id)? {
            return Err(invalid("city_id", "Choose a city from the list."));
        }
        check_case(conn, editor, input.case_id.as_deref())?;
        let kind = input.kind.as_str();
        if rows::duplicate(conn, &input.city_id, &input.counterpart_city, kind, None)? {
            return Err(invalid(
                "counterpart_city",
                "This city already records a partnership of this kind with this counterpart city: edit that one.",
            ));
        }
        let row = to_row(new_id(), input, Some(editor.id.clone()));
        rows::insert(conn, &row)?;
        rows::set_audience(conn, &row.id, &input.audience)?;
        audit::record(
            conn,
            Some(&editor.id),
            Action::SavePartnership,
            None,
            &row.id,
        )?;
        Ok(row.id)
    })
}

/// Changes a partnership: its city's members and moderators.
pub fn update(
    conn: &mut DbConn,
    editor: &Member,
    id: &str,
    input: &PartnershipInput,
) -> Result<(), AgreementError> {
    write_transaction(conn, |conn| {
        let current = load(conn, editor.reader(), id)?;
        if !policy::can_edit_city_record(editor.reader(), &current.record()) {
            return Err(AgreementError::Forbidden);
        }
        check_city(editor, &input.city_id)?;
        if !crate::db::cities::exists(conn, &input.city_id)? {
            return Err(invalid("city_id", "Choose a city from the list."));
        }
        check_case(conn, editor, input.case_id.as_deref())?;
        if rows::duplicate(
            conn,
            &input.city_id,
            &input.counterpart_city,
            input.kind.as_str(),
            Some(id),
        )? {
            return Err(invalid(
                "counterpart_city",
                "This city already records a partnership of this kind with this counterpart city.",
            ));
        }
        let mut row = to_row(id.to_owned(), input, current.listed.row.created_by.clone());
        row.created_at = current.listed.row.created_at;
        rows::update(conn, &row)?;
        rows::set_audience(conn, id, &input.audience)?;
        audit::record(conn, Some(&editor.id), Action::SavePartnership, None, id)?;
        Ok(())
    })
}

/// A case's title, if this reader may read the case.
fn linked_title(
    conn: &mut DbConn,
    reader: Reader<'_>,
    id: &str,
) -> Result<Option<String>, AgreementError> {
    match crate::cases::reading::readable_case(conn, reader, id) {
        Ok((row, _)) => Ok(Some(row.title)),
        Err(crate::cases::CaseError::NotFound) => Ok(None),
        Err(crate::cases::CaseError::Db(e)) => Err(AgreementError::Db(e)),
        Err(_) => Ok(None),
    }
}

/// The case a partnership links to, if this reader may read it: (id, title).
pub fn linked_case(
    conn: &mut DbConn,
    reader: Reader<'_>,
    row: &PartnershipRow,
) -> Result<Option<(String, String)>, AgreementError> {
    let Some(id) = &row.case_id else {
        return Ok(None);
    };
    Ok(linked_title(conn, reader, id)?.map(|title| (id.clone(), title)))
}
