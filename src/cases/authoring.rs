//! Writing a case: drafts, edits (with revisions once published, and review of the edits that
//! widen it) and submission.

use diesel::prelude::*;

use super::{CaseError, changes};
use crate::db::cases::{self as case_rows, CaseRow};
use crate::db::schema::{
    case_audience, case_demands, case_references, case_revisions, case_topics, cases, users,
};
use crate::db::users::Member;
use crate::db::{DbConn, counterparts, new_id, now, search};
use crate::domain::case::{CaseFields, CaseInput, CounterpartChoice, Reference};
use crate::domain::case_fields::{demand_mask, topic_mask};
use crate::domain::markdown;
use crate::domain::policy::CaseStatus;
use crate::domain::widening::{self, Exposure, Version};

/// The chosen registry entry: one the author may see (the form offers no other, and a
/// hidden one answers as a missing one), or a new one.
fn resolve_counterpart(
    conn: &mut DbConn,
    choice: &CounterpartChoice,
    author: &Member,
) -> Result<String, CaseError> {
    match choice {
        CounterpartChoice::Existing(id) => counterparts::find_visible(conn, author.reader(), id)?
            .map(|c| c.id)
            .ok_or(CaseError::UnknownCounterpart),
        CounterpartChoice::New(new) => Ok(counterparts::find_or_create(conn, new, &author.id)?),
    }
}

fn replace_sets(conn: &mut DbConn, case_id: &str, input: &CaseInput) -> Result<(), CaseError> {
    diesel::delete(case_topics::table.filter(case_topics::case_id.eq(case_id))).execute(conn)?;
    diesel::delete(case_demands::table.filter(case_demands::case_id.eq(case_id))).execute(conn)?;
    diesel::delete(case_audience::table.filter(case_audience::case_id.eq(case_id)))
        .execute(conn)?;
    diesel::delete(case_references::table.filter(case_references::case_id.eq(case_id)))
        .execute(conn)?;
    // One statement per value: batch inserts do not compile through the two-backend
    // connection, and these lists hold a dozen values at most.
    for topic in &input.topics {
        diesel::insert_into(case_topics::table)
            .values((
                case_topics::case_id.eq(case_id),
                case_topics::topic.eq(topic.as_str()),
            ))
            .execute(conn)?;
    }
    for demand in &input.demands {
        diesel::insert_into(case_demands::table)
            .values((
                case_demands::case_id.eq(case_id),
                case_demands::demand.eq(demand.as_str()),
            ))
            .execute(conn)?;
    }
    for country in &input.audience {
        diesel::insert_into(case_audience::table)
            .values((
                case_audience::case_id.eq(case_id),
                case_audience::country_code.eq(country.as_str()),
            ))
            .execute(conn)?;
    }
    for (position, reference) in input.references.iter().enumerate() {
        diesel::insert_into(case_references::table)
            .values((
                case_references::id.eq(new_id()),
                case_references::case_id.eq(case_id),
                case_references::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                case_references::title.eq(&reference.title),
                case_references::url.eq(&reference.url),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Saves a new draft by `author`, reported from the author's city; returns its id.
pub fn create_draft(
    conn: &mut DbConn,
    author: &Member,
    input: &CaseInput,
) -> Result<String, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let city_id: String = users::table
            .find(&author.id)
            .select(users::city_id)
            .first(conn)?;
        let counterpart_id = resolve_counterpart(conn, &input.counterpart, author)?;
        let at = now();
        let row = CaseRow {
            id: new_id(),
            author_id: author.id.clone(),
            city_id,
            title: input.title.clone(),
            summary: input.summary.clone(),
            narrative: input.narrative.clone(),
            narrative_html: markdown::render(&input.narrative),
            counterpart_id: Some(counterpart_id),
            channel: input.channel.as_str().to_owned(),
            response: input.response.as_str().to_owned(),
            outcome: input.outcome.clone(),
            lessons: input.lessons.clone(),
            occurred_on: input.occurred_on,
            tlp: input.tlp.as_str().to_owned(),
            anonymity: input.anonymity.as_str().to_owned(),
            status: CaseStatus::Draft.as_str().to_owned(),
            return_reason: None,
            faced_count: 0,
            comment_count: 0,
            created_at: at,
            updated_at: at,
            submitted_at: None,
            published_at: None,
            topic_mask: topic_mask(&input.topics),
            demand_mask: demand_mask(&input.demands),
        };
        diesel::insert_into(cases::table)
            .values(&row)
            .execute(conn)?;
        replace_sets(conn, &row.id, input)?;
        search::index_case(conn, &row.id)?;
        Ok(row.id)
    })
}

/// What saving an edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The case shows the change now.
    Applied,
    /// The change widens who may read a published case or what they learn about who
    /// reported it: it waits for a moderator, for these reasons. Whatever narrowed was applied.
    Waiting {
        reasons: Vec<String>,
        narrowed: bool,
    },
}

/// Writes a validated version over the stored one (the caller re-indexes and keeps revisions).
pub(super) fn write_version(
    conn: &mut DbConn,
    case_id: &str,
    input: &CaseInput,
    counterpart_id: &str,
) -> Result<(), CaseError> {
    diesel::update(cases::table.find(case_id))
        .set((
            cases::title.eq(&input.title),
            cases::summary.eq(&input.summary),
            cases::narrative.eq(&input.narrative),
            cases::narrative_html.eq(markdown::render(&input.narrative)),
            cases::counterpart_id.eq(Some(counterpart_id)),
            cases::channel.eq(input.channel.as_str()),
            cases::response.eq(input.response.as_str()),
            cases::outcome.eq(&input.outcome),
            cases::lessons.eq(&input.lessons),
            cases::occurred_on.eq(input.occurred_on),
            cases::tlp.eq(input.tlp.as_str()),
            cases::anonymity.eq(input.anonymity.as_str()),
            cases::topic_mask.eq(topic_mask(&input.topics)),
            cases::demand_mask.eq(demand_mask(&input.demands)),
            cases::updated_at.eq(now()),
        ))
        .execute(conn)?;
    replace_sets(conn, case_id, input)?;
    Ok(())
}

/// Sets only who may read the case and how much of its reporter it hides.
fn write_exposure(conn: &mut DbConn, case_id: &str, exposure: &Exposure) -> Result<(), CaseError> {
    diesel::update(cases::table.find(case_id))
        .set((
            cases::tlp.eq(exposure.tlp.as_str()),
            cases::anonymity.eq(exposure.anonymity.as_str()),
            cases::updated_at.eq(now()),
        ))
        .execute(conn)?;
    diesel::delete(case_audience::table.filter(case_audience::case_id.eq(case_id)))
        .execute(conn)?;
    for country in &exposure.audience {
        diesel::insert_into(case_audience::table)
            .values((
                case_audience::case_id.eq(case_id),
                case_audience::country_code.eq(country.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A case's references, in order.
pub fn references(conn: &mut DbConn, case_id: &str) -> QueryResult<Vec<Reference>> {
    Ok(case_references::table
        .filter(case_references::case_id.eq(case_id))
        .order(case_references::position.asc())
        .select((case_references::title, case_references::url))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(title, url)| Reference { title, url })
        .collect())
}

/// The stored case as form fields, for editing.
pub fn fields_of(conn: &mut DbConn, row: &CaseRow) -> QueryResult<CaseFields> {
    let topics = case_topics::table
        .filter(case_topics::case_id.eq(&row.id))
        .select(case_topics::topic)
        .load(conn)?;
    let demands = case_demands::table
        .filter(case_demands::case_id.eq(&row.id))
        .select(case_demands::demand)
        .load(conn)?;
    let references = references(conn, &row.id)?;
    Ok(CaseFields {
        title: row.title.clone(),
        summary: row.summary.clone(),
        narrative: row.narrative.clone(),
        topics,
        demands,
        counterpart_id: row.counterpart_id.clone().unwrap_or_default(),
        channel: row.channel.clone(),
        response: row.response.clone(),
        outcome: row.outcome.clone(),
        lessons: row.lessons.clone(),
        occurred_on: row.occurred_on.to_string(),
        reference_title: references.iter().map(|r| r.title.clone()).collect(),
        reference_url: references.iter().map(|r| r.url.clone()).collect(),
        tlp: row.tlp.clone(),
        audience: case_rows::audience(conn, &row.id)?,
        anonymity: row.anonymity.clone(),
        ..CaseFields::default()
    })
}

/// Saves the author's changes. A published case keeps a revision of every saved version, and
/// a change that widens it waits for a moderator (see [`widening`]) while the published
/// version stays as it is, narrowed at once where the change narrows it.
pub fn update(
    conn: &mut DbConn,
    editor: &Member,
    case_id: &str,
    input: &CaseInput,
) -> Result<Saved, CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.author_id != editor.id {
            return Err(CaseError::NotAuthor);
        }
        if row.status() == CaseStatus::Submitted {
            return Err(CaseError::WrongState("it is waiting for a moderator"));
        }
        let counterpart_id = resolve_counterpart(conn, &input.counterpart, editor)?;
        if row.status() != CaseStatus::Published {
            write_version(conn, case_id, input, &counterpart_id)?;
            search::index_case(conn, case_id)?;
            return Ok(Saved::Applied);
        }
        let audience = case_rows::audience(conn, case_id)?;
        let published_references = references(conn, case_id)?;
        let published = Version {
            tlp: row.tlp(),
            audience: &audience,
            anonymity: row.anonymity(),
            title: &row.title,
            summary: &row.summary,
            narrative: &row.narrative,
            outcome: &row.outcome,
            lessons: &row.lessons,
            references: &published_references,
            counterpart: row.counterpart_id.as_deref().unwrap_or_default(),
        };
        let assessment = widening::assess(
            &published,
            &Version {
                tlp: input.tlp,
                audience: &input.audience,
                anonymity: input.anonymity,
                title: &input.title,
                summary: &input.summary,
                narrative: &input.narrative,
                outcome: &input.outcome,
                lessons: &input.lessons,
                references: &input.references,
                counterpart: &counterpart_id,
            },
        );
        if !assessment.widens() {
            write_version(conn, case_id, input, &counterpart_id)?;
            search::index_case(conn, case_id)?;
            record_revision(conn, case_id, Some(&editor.id))?;
            changes::superseded(conn, case_id)?;
            return Ok(Saved::Applied);
        }
        let narrowed = assessment.narrowed != published.exposure();
        if narrowed {
            write_exposure(conn, case_id, &assessment.narrowed)?;
            search::index_case(conn, case_id)?;
            record_revision(conn, case_id, Some(&editor.id))?;
        }
        let reasons = changes::propose(
            conn,
            &editor.id,
            case_id,
            CaseFields::of_input(input, &counterpart_id),
            &assessment.widenings,
        )?;
        Ok(Saved::Waiting { reasons, narrowed })
    })
}

/// The content a revision keeps.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub title: String,
    pub summary: String,
    pub narrative: String,
    pub outcome: String,
    pub lessons: String,
    pub tlp: String,
    pub anonymity: String,
}

/// Stores the case's current content as a revision.
pub fn record_revision(
    conn: &mut DbConn,
    case_id: &str,
    editor_id: Option<&str>,
) -> Result<(), CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    let snapshot = Snapshot {
        title: row.title,
        summary: row.summary,
        narrative: row.narrative,
        outcome: row.outcome,
        lessons: row.lessons,
        tlp: row.tlp,
        anonymity: row.anonymity,
    };
    diesel::insert_into(case_revisions::table)
        .values((
            case_revisions::id.eq(new_id()),
            case_revisions::case_id.eq(case_id),
            case_revisions::editor_id.eq(editor_id),
            case_revisions::snapshot.eq(serde_json::to_string(&snapshot).unwrap_or_default()),
            case_revisions::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sends a draft (or a returned case) to the moderators.
pub fn submit(conn: &mut DbConn, author: &Member, case_id: &str) -> Result<(), CaseError> {
    crate::db::write_transaction(conn, |conn| {
        let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
        if row.author_id != author.id {
            return Err(CaseError::NotAuthor);
        }
        if !matches!(row.status(), CaseStatus::Draft | CaseStatus::Returned) {
            return Err(CaseError::WrongState(
                "only drafts and returned cases can be submitted",
            ));
        }
        let at = now();
        diesel::update(cases::table.find(case_id))
            .set((
                cases::status.eq(CaseStatus::Submitted.as_str()),
                cases::submitted_at.eq(Some(at)),
                cases::updated_at.eq(at),
            ))
            .execute(conn)?;
        Ok(())
    })
}
