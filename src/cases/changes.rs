//! Changes to published cases that wait for a moderator: edits that widen who may read a case
//! or what they learn about who reported it, and new timeline entries on a case that hides who
//! reported it. Until a moderator accepts one, every surface shows the published version; a
//! returned change stays, with the moderator's note, until its author changes the case again.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::reading::{self, CaseView};
use super::redaction::{self, Finding};
use super::{CaseError, authoring, patterns};
use crate::config::Settings;
use crate::db::audit::{self, Action};
use crate::db::cases::{self as case_rows, CaseRow};
use crate::db::schema::{case_changes, case_timeline, cases, cities};
use crate::db::users::Member;
use crate::db::{DbConn, counterparts, new_id, now, search};
use crate::domain::case::{CaseFields, CaseInput, CounterpartChoice};
use crate::domain::policy::{CaseStatus, Reader};
use crate::domain::sensitivity::Anonymity;
use crate::domain::widening::Widening;
use crate::email::notify;

const WAITING: &str = "waiting";
const RETURNED: &str = "returned";

/// A timeline entry held for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldEntry {
    pub occurred_on: NaiveDate,
    pub body: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_changes)]
struct ChangeRow {
    case_id: String,
    editor_id: String,
    fields: Option<String>,
    timeline: String,
    widenings: String,
    status: String,
    note: Option<String>,
    created_at: NaiveDateTime,
    decided_at: Option<NaiveDateTime>,
}

/// A change waiting for a moderator, or returned by one.
#[derive(Debug, Clone)]
pub struct PendingChange {
    pub case_id: String,
    pub editor_id: String,
    /// The proposed version, or `None` when only timeline entries wait.
    pub fields: Option<CaseFields>,
    pub timeline: Vec<HeldEntry>,
    /// Why the edit waits, one sentence each (the timeline entries not included).
    pub widenings: Vec<String>,
    pub returned: bool,
    /// The moderator's note, once returned.
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

impl PendingChange {
    /// Every reason it waits, for the author and the moderator.
    pub fn reasons(&self) -> Vec<String> {
        let mut all = self.widenings.clone();
        if !self.timeline.is_empty() {
            all.push(Widening::NewTimelineEntries(self.timeline.len()).describe());
        }
        all
    }

    fn from_row(row: ChangeRow) -> PendingChange {
        // Written only by this module; unreadable JSON reads as nothing proposed.
        PendingChange {
            fields: row.fields.and_then(|f| serde_json::from_str(&f).ok()),
            timeline: serde_json::from_str(&row.timeline).unwrap_or_default(),
            widenings: serde_json::from_str(&row.widenings).unwrap_or_default(),
            returned: row.status == RETURNED,
            case_id: row.case_id,
            editor_id: row.editor_id,
            note: row.note,
            created_at: row.created_at,
        }
    }

    fn to_row(&self) -> ChangeRow {
        ChangeRow {
            case_id: self.case_id.clone(),
            editor_id: self.editor_id.clone(),
            fields: self.fields.as_ref().map(json),
            timeline: json(&self.timeline),
            widenings: json(&self.widenings),
            status: if self.returned { RETURNED } else { WAITING }.to_owned(),
            note: self.note.clone(),
            created_at: self.created_at,
            decided_at: self.returned.then(now),
        }
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The change on a case, waiting or returned.
pub fn find(conn: &mut DbConn, case_id: &str) -> QueryResult<Option<PendingChange>> {
    Ok(case_changes::table
        .find(case_id)
        .select(ChangeRow::as_select())
        .first(conn)
        .optional()?
        .map(PendingChange::from_row))
}

fn save(conn: &mut DbConn, change: &PendingChange) -> QueryResult<()> {
    diesel::delete(case_changes::table.find(&change.case_id)).execute(conn)?;
    diesel::insert_into(case_changes::table)
        .values(change.to_row())
        .execute(conn)?;
    Ok(())
}

fn remove(conn: &mut DbConn, case_id: &str) -> QueryResult<()> {
    diesel::delete(case_changes::table.find(case_id)).execute(conn)?;
    Ok(())
}

/// A waiting change on the case, or a fresh one (a returned change is replaced).
fn waiting_or_new(conn: &mut DbConn, editor_id: &str, case_id: &str) -> QueryResult<PendingChange> {
    Ok(match find(conn, case_id)? {
        Some(change) if !change.returned => change,
        _ => PendingChange {
            case_id: case_id.to_owned(),
            editor_id: editor_id.to_owned(),
            fields: None,
            timeline: Vec::new(),
            widenings: Vec::new(),
            returned: false,
            note: None,
            created_at: now(),
        },
    })
}

/// Keeps a widening edit for review, replacing any earlier proposed version (waiting timeline
/// entries stay); returns every reason the change now waits.
pub(super) fn propose(
    conn: &mut DbConn,
    editor_id: &str,
    case_id: &str,
    fields: CaseFields,
    widenings: &[Widening],
) -> QueryResult<Vec<String>> {
    let mut change = waiting_or_new(conn, editor_id, case_id)?;
    change.fields = Some(fields);
    change.widenings = widenings.iter().map(Widening::describe).collect();
    change.created_at = now();
    save(conn, &change)?;
    Ok(change.reasons())
}

/// Holds a new timeline entry for review.
pub(super) fn hold_entry(
    conn: &mut DbConn,
    editor_id: &str,
    case_id: &str,
    entry: HeldEntry,
) -> QueryResult<()> {
    let mut change = waiting_or_new(conn, editor_id, case_id)?;
    change.timeline.push(entry);
    save(conn, &change)
}

/// An edit that no longer widens was applied: it replaces the proposed version (held timeline
/// entries keep waiting) and clears a returned change.
pub(super) fn superseded(conn: &mut DbConn, case_id: &str) -> QueryResult<()> {
    match find(conn, case_id)? {
        Some(mut change) if !change.returned && !change.timeline.is_empty() => {
            change.fields = None;
            change.widenings.clear();
            save(conn, &change)
        }
        Some(_) => remove(conn, case_id),
        None => Ok(()),
    }
}

/// The author takes back a waiting change, or dismisses a returned one.
pub fn withdraw(conn: &mut DbConn, author: &Member, case_id: &str) -> Result<(), CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.author_id != author.id {
            return Err(CaseError::NotAuthor);
        }
        if find(conn, case_id)?.is_none() {
            return Err(CaseError::WrongState("no change is waiting"));
        }
        remove(conn, case_id)?;
        Ok(())
    })
}

fn waiting(conn: &mut DbConn, case_id: &str) -> Result<(CaseRow, PendingChange), CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    match find(conn, case_id)? {
        Some(change) if !change.returned && row.status() == CaseStatus::Published => {
            Ok((row, change))
        }
        _ => Err(CaseError::WrongState("no change is waiting on this case")),
    }
}

/// The proposed version, checked again as the form checks it, with its registry entry.
fn proposed_input(
    conn: &mut DbConn,
    row: &CaseRow,
    fields: &CaseFields,
) -> Result<(CaseInput, String), CaseError> {
    let home: String = cities::table
        .find(&row.city_id)
        .select(cities::country_code)
        .first(conn)?;
    let input = CaseInput::parse(fields, now().date(), &home).map_err(|_| {
        CaseError::WrongState("the proposed version no longer passes the form's checks")
    })?;
    let CounterpartChoice::Existing(id) = &input.counterpart else {
        return Err(CaseError::UnknownCounterpart);
    };
    // A registry entry merged away since: the change names a counterpart that is gone.
    let id = counterparts::find(conn, id)?
        .map(|c| c.id)
        .ok_or(CaseError::UnknownCounterpart)?;
    Ok((input, id))
}

/// Publishes the waiting change: the proposed version and the held timeline entries, as a new
/// revision; tells the author.
pub fn accept(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    case_id: &str,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let (row, change) = waiting(conn, case_id)?;
        if let Some(fields) = &change.fields {
            let (input, counterpart_id) = proposed_input(conn, &row, fields)?;
            authoring::write_version(conn, case_id, &input, &counterpart_id)?;
        }
        for entry in &change.timeline {
            diesel::insert_into(case_timeline::table)
                .values((
                    case_timeline::id.eq(new_id()),
                    case_timeline::case_id.eq(case_id),
                    case_timeline::occurred_on.eq(entry.occurred_on),
                    case_timeline::body.eq(&entry.body),
                    case_timeline::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
        diesel::update(cases::table.find(case_id))
            .set(cases::updated_at.eq(now()))
            .execute(conn)?;
        search::index_case(conn, case_id)?;
        authoring::record_revision(conn, case_id, Some(&change.editor_id))?;
        remove(conn, case_id)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::AcceptCaseChange,
            Some(&row.author_id),
            &format!("case {case_id}"),
        )?;
        notify::case_change_accepted::<CaseError>(conn, settings, case_id)?;
        patterns::refresh(conn, &settings.patterns, case_id)?;
        Ok(row.title)
    })
}

/// Returns the waiting change to its author with a note; the case stays as published.
pub fn return_change(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    case_id: &str,
    note: &str,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let (row, mut change) = waiting(conn, case_id)?;
        change.returned = true;
        change.note = Some(note.to_owned());
        save(conn, &change)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::ReturnCaseChange,
            Some(&row.author_id),
            &format!("case {case_id}: {note}"),
        )?;
        notify::case_change_returned::<CaseError>(conn, settings, case_id, note)?;
        Ok(row.title)
    })
}

/// How many changes wait.
pub fn count_waiting(conn: &mut DbConn) -> QueryResult<i64> {
    case_changes::table
        .filter(case_changes::status.eq(WAITING))
        .count()
        .get_result(conn)
}

/// Waiting changes, oldest first, with their cases.
pub fn queue(
    conn: &mut DbConn,
    offset: i64,
    limit: i64,
) -> Result<(Vec<(CaseRow, PendingChange)>, i64), CaseError> {
    let total = count_waiting(conn)?;
    let rows = case_changes::table
        .inner_join(cases::table)
        .filter(case_changes::status.eq(WAITING))
        .order((case_changes::created_at.asc(), case_changes::case_id.asc()))
        .offset(offset)
        .limit(limit)
        .select((CaseRow::as_select(), ChangeRow::as_select()))
        .load::<(CaseRow, ChangeRow)>(conn)?;
    Ok((
        rows.into_iter()
            .map(|(case, change)| (case, PendingChange::from_row(change)))
            .collect(),
        total,
    ))
}

/// What the moderator compares: the published case and the waiting change, with the
/// redaction check run over the version that would be published.
#[derive(Debug, Clone)]
pub struct ChangeReview {
    pub case: CaseView,
    pub published: CaseFields,
    pub change: PendingChange,
    /// The registry entry the proposal names, when it differs from the published one.
    pub proposed_counterpart: Option<String>,
    pub anonymity: Anonymity,
    pub terms: Vec<String>,
    pub findings: Vec<Finding>,
}

/// Loads a waiting change for review (moderators only: the caller checks the role).
pub fn review(
    conn: &mut DbConn,
    moderator: Reader<'_>,
    case_id: &str,
) -> Result<ChangeReview, CaseError> {
    let (row, change) = waiting(conn, case_id)?;
    let case = reading::load(conn, moderator, case_id, 1)?;
    let published = authoring::fields_of(conn, &row)?;
    let proposal = change.fields.clone().unwrap_or_else(|| published.clone());
    // The words to look for follow the proposed version: its anonymity and counterpart.
    let mut proposed_row = row.clone();
    proposed_row.anonymity = proposal.anonymity.clone();
    if !proposal.counterpart_id.is_empty() {
        proposed_row.counterpart_id = Some(proposal.counterpart_id.clone());
    }
    let terms = redaction::terms_for_case(conn, &proposed_row)?;
    let mut texts: Vec<(&'static str, &str)> = vec![
        ("Title", &proposal.title),
        ("Summary", &proposal.summary),
        ("Narrative", &proposal.narrative),
        ("Outcome", &proposal.outcome),
        ("Lessons learned", &proposal.lessons),
    ];
    texts.extend(case.timeline.iter().map(|e| ("Timeline", e.body.as_str())));
    texts.extend(
        change
            .timeline
            .iter()
            .map(|e| ("New timeline entry", e.body.as_str())),
    );
    let findings = redaction::find_in(&texts, &terms);
    let proposed_counterpart = if proposal.counterpart_id != published.counterpart_id {
        counterparts::find(conn, &proposal.counterpart_id)?.map(|c| c.name)
    } else {
        None
    };
    Ok(ChangeReview {
        anonymity: proposed_row.anonymity(),
        case,
        published,
        change,
        proposed_counterpart,
        terms,
        findings,
    })
}
