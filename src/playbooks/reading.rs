//! Reading playbooks under the policy: the page, a past revision, the cases that cite or
//! used it (each one filtered by the case policy), and comparisons between revisions.

use diesel::prelude::*;

use super::PlaybookError;
use crate::db::DbConn;
use crate::db::cases::{self as case_rows, CaseCard, CaseRow, readable};
use crate::db::playbooks::{self as rows, PlaybookRow, RevisionEntry};
use crate::db::schema::cases;
use crate::domain::playbook::{PlaybookDoc, UseOutcome};
use crate::domain::policy::{Reader, can_read_playbook};
use crate::domain::sensitivity::Tlp;

/// A playbook as its page shows it.
#[derive(Debug, Clone)]
pub struct PlaybookView {
    pub row: PlaybookRow,
    pub doc: PlaybookDoc,
    /// The revision shown (the current one unless a past one was asked for).
    pub number: i32,
    pub audience: Vec<String>,
    /// Referenced cases the reader may see, in the playbook's order.
    pub cases: Vec<CaseCard>,
    /// Cases that used the playbook and the reader may see, with how it went.
    pub uses: Vec<(CaseCard, UseOutcome)>,
}

impl PlaybookView {
    /// How many of the visible uses went each way.
    pub fn tally(&self) -> Vec<(UseOutcome, usize)> {
        UseOutcome::ALL
            .iter()
            .map(|o| (*o, self.uses.iter().filter(|(_, u)| u == o).count()))
            .collect()
    }

    /// Titles and links of the referenced cases, for the Markdown download.
    pub fn case_links(&self, link: impl Fn(&str) -> String) -> Vec<(String, String)> {
        self.cases
            .iter()
            .map(|c| (c.title.clone(), link(&format!("/cases/{}", c.id))))
            .collect()
    }
}

/// The playbook row, if the reader may see it (else the same answer as for none).
pub fn readable_row(
    conn: &mut DbConn,
    reader: Reader<'_>,
    slug: &str,
) -> Result<(PlaybookRow, Vec<String>), PlaybookError> {
    let row = rows::by_slug(conn, slug)?.ok_or(PlaybookError::NotFound)?;
    let audience = rows::audience(conn, &row.id)?;
    if row.readable_by(reader, &audience) {
        Ok((row, audience))
    } else {
        Err(PlaybookError::NotFound)
    }
}

/// Readable cases among `ids`, as cards in the order given.
fn readable_cards(
    conn: &mut DbConn,
    reader: Reader<'_>,
    ids: &[String],
) -> Result<Vec<CaseCard>, PlaybookError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<CaseRow> = cases::table
        .filter(readable(reader))
        .filter(cases::id.eq_any(ids))
        .select(CaseRow::as_select())
        .load(conn)?;
    found.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(case_rows::cards(conn, reader, found)?)
}

/// May the reader read a revision of this (readable) playbook saved with this level and
/// audience? Both the playbook now and the revision at its own level must allow it: a
/// revision written as RED stays RED after the playbook is lowered.
fn revision_readable(reader: Reader<'_>, row: &PlaybookRow, tlp: Tlp, audience: &[String]) -> bool {
    can_read_playbook(reader, row.status(), tlp, audience)
}

/// One revision's text, if the reader may read it (see [`revision_readable`]).
fn revision_doc(
    conn: &mut DbConn,
    reader: Reader<'_>,
    row: &PlaybookRow,
    number: i32,
) -> Result<PlaybookDoc, PlaybookError> {
    let doc = rows::revision(conn, &row.id, number)?
        .ok_or(PlaybookError::NotFound)?
        .doc()?;
    if revision_readable(reader, row, doc.tlp(), &doc.audience) {
        Ok(doc)
    } else {
        Err(PlaybookError::NotFound)
    }
}

/// The history of a readable playbook, newest first: who saved each revision, who is
/// credited, when and why, for the revisions the reader may read (see
/// [`revision_readable`]); the others only by number.
pub fn history(
    conn: &mut DbConn,
    reader: Reader<'_>,
    slug: &str,
) -> Result<(PlaybookRow, Vec<RevisionEntry>), PlaybookError> {
    let (row, _) = readable_row(conn, reader, slug)?;
    let entries = rows::history(conn, &row.id, |tlp, audience| {
        revision_readable(reader, &row, tlp, audience)
    })?;
    Ok((row, entries))
}

/// The page: the current revision, or revision `number` when given.
pub fn load(
    conn: &mut DbConn,
    reader: Reader<'_>,
    slug: &str,
    number: Option<i32>,
) -> Result<PlaybookView, PlaybookError> {
    let (row, audience) = readable_row(conn, reader, slug)?;
    let number = number.unwrap_or(row.current_revision);
    let doc = revision_doc(conn, reader, &row, number)?;
    let cases = readable_cards(conn, reader, &doc.cases)?;
    let used = rows::uses_of_playbook(conn, &row.id)?;
    let used_ids: Vec<String> = used.iter().map(|(id, _)| id.clone()).collect();
    let uses = readable_cards(conn, reader, &used_ids)?
        .into_iter()
        .filter_map(|card| {
            let outcome = used.iter().find(|(id, _)| *id == card.id)?.1;
            Some((card, outcome))
        })
        .collect();
    Ok(PlaybookView {
        row,
        doc,
        number,
        audience,
        cases,
        uses,
    })
}

/// Two revisions of a readable playbook, for a comparison.
pub fn pair(
    conn: &mut DbConn,
    reader: Reader<'_>,
    slug: &str,
    from: i32,
    to: i32,
) -> Result<(PlaybookRow, PlaybookDoc, PlaybookDoc), PlaybookError> {
    let (row, _) = readable_row(conn, reader, slug)?;
    let old = revision_doc(conn, reader, &row, from)?;
    let new = revision_doc(conn, reader, &row, to)?;
    Ok((row, old, new))
}
