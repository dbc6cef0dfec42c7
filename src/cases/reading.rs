//! Reading a case: the page's read model, with the policy applied to every part of it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::CaseError;
use super::authoring::Snapshot;
use super::changes::{self, PendingChange};
use crate::db::DbConn;
use crate::db::cases::{self as case_rows, CaseCard, CaseRow, identity_visible, readable};
use crate::db::counterparts::{self, CounterpartRow};
use crate::db::schema::{
    case_comments, case_demands, case_references, case_revisions, case_timeline, case_topics,
    cases, cities, users,
};
use crate::domain::case_fields::{CounterpartKind, DemandKind, Topic};
use crate::domain::case_fields::{demand_mask, topic_mask};
use crate::domain::country::Country;
use crate::domain::policy::{self, Reader, Sensitivity};
use crate::domain::sensitivity::{Anonymity, Tlp};

/// A comment as readers see it.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub id: String,
    /// The commenter's name and city, or "The author" on an anonymised case.
    pub by: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
}

/// A timeline entry.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub occurred_on: NaiveDate,
    pub body: String,
}

/// Everything the case page shows, already filtered for the reader.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub row: CaseRow,
    pub place: String,
    pub shows_identity: bool,
    pub is_author: bool,
    pub author_name: Option<String>,
    pub counterpart: Option<CounterpartRow>,
    pub counterpart_kind: Option<CounterpartKind>,
    pub topics: Vec<Topic>,
    pub demands: Vec<DemandKind>,
    /// AMBER audience as country names.
    pub audience: Vec<String>,
    pub references: Vec<(String, String)>,
    pub timeline: Vec<TimelineEntry>,
    /// One page of the comments the reader may read, oldest first.
    pub comments: Vec<CommentView>,
    /// How many comments the reader may read, over every page.
    pub comment_total: i64,
    /// A change waiting for a moderator or returned by one: shown to the author only.
    pub change: Option<PendingChange>,
    pub faced_by_reader: bool,
    pub revision_count: i64,
    pub related: Vec<CaseCard>,
}

/// Comments on one page of a discussion.
pub const COMMENTS_PER_PAGE: i64 = 50;

/// The case and its AMBER audience, when the reader may read it; otherwise `NotFound`,
/// exactly like a case that does not exist.
pub fn readable_case(
    conn: &mut DbConn,
    reader: Reader<'_>,
    case_id: &str,
) -> Result<(CaseRow, Vec<String>), CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    let audience = case_rows::audience(conn, case_id)?;
    if policy::can_read(reader, &row.sensitivity(&audience)) {
        Ok((row, audience))
    } else {
        Err(CaseError::NotFound)
    }
}

/// Loads a case for a reader, with page `comment_page` (from 1) of its discussion.
pub fn load(
    conn: &mut DbConn,
    reader: Reader<'_>,
    case_id: &str,
    comment_page: i64,
) -> Result<CaseView, CaseError> {
    let (row, audience_codes) = readable_case(conn, reader, case_id)?;
    let sensitivity = row.sensitivity(&audience_codes);
    let shows_identity = policy::sees_identity(reader, &sensitivity);
    let is_author = policy::is_author(reader, &sensitivity);
    let (city, country): (String, String) = cities::table
        .find(&row.city_id)
        .select((cities::name, cities::country_code))
        .first(conn)?;
    let author_name = if shows_identity {
        users::table
            .find(&row.author_id)
            .select(users::display_name)
            .first::<String>(conn)
            .optional()?
    } else {
        None
    };
    let counterpart = match &row.counterpart_id {
        Some(id) => counterparts::find(conn, id)?,
        None => None,
    };
    let topics: Vec<Topic> = case_topics::table
        .filter(case_topics::case_id.eq(case_id))
        .select(case_topics::topic)
        .load::<String>(conn)?
        .iter()
        .filter_map(|t| Topic::parse(t).ok())
        .collect();
    let demands: Vec<DemandKind> = case_demands::table
        .filter(case_demands::case_id.eq(case_id))
        .select(case_demands::demand)
        .load::<String>(conn)?
        .iter()
        .filter_map(|d| DemandKind::parse(d).ok())
        .collect();
    let references = case_references::table
        .filter(case_references::case_id.eq(case_id))
        .order(case_references::position.asc())
        .select((case_references::title, case_references::url))
        .load(conn)?;
    let timeline = case_timeline::table
        .filter(case_timeline::case_id.eq(case_id))
        .order((
            case_timeline::occurred_on.asc(),
            case_timeline::created_at.asc(),
        ))
        .select((case_timeline::occurred_on, case_timeline::body))
        .load::<(NaiveDate, String)>(conn)?
        .into_iter()
        .map(|(occurred_on, body)| TimelineEntry { occurred_on, body })
        .collect();
    let (comments, comment_total) = comments(
        conn,
        reader,
        &row,
        &audience_codes,
        shows_identity,
        comment_page,
    )?;
    let change = if is_author {
        changes::find(conn, case_id)?
    } else {
        None
    };
    let faced_by_reader = match reader {
        Reader::Member { id, .. } => super::discussion::has_faced(conn, id, case_id)?,
        Reader::Visitor => false,
    };
    let revision_count = case_revisions::table
        .filter(case_revisions::case_id.eq(case_id))
        .count()
        .get_result(conn)?;
    let related = related(conn, reader, &row, &topics, &demands, shows_identity)?;
    Ok(CaseView {
        place: policy::place_label(row.anonymity(), &city, &country, shows_identity),
        shows_identity,
        is_author,
        author_name,
        counterpart_kind: counterpart.as_ref().map(CounterpartRow::kind),
        counterpart: counterpart.filter(|_| shows_identity),
        topics,
        demands,
        // The audience defaults to the author's country: a case that hides its country must
        // not name it through the list of countries it was shared with.
        audience: if shows_identity || row.anonymity() != Anonymity::HideCityAndCountry {
            audience_codes
                .iter()
                .map(|c| Country::from_code(c).map_or(c.clone(), |c| c.name.to_owned()))
                .collect()
        } else {
            Vec::new()
        },
        references,
        timeline,
        comments,
        comment_total,
        change,
        faced_by_reader,
        revision_count,
        related,
        row,
    })
}

/// The page of comments this reader may read: those written while the case stood where the
/// reader could read it (see [`policy::can_read_comment`]). The states are read for the whole
/// discussion (a few short columns), the bodies only for the page shown.
fn comments(
    conn: &mut DbConn,
    reader: Reader<'_>,
    case: &CaseRow,
    audience: &[String],
    shows_identity: bool,
    page: i64,
) -> Result<(Vec<CommentView>, i64), CaseError> {
    let now = case.sensitivity(audience);
    let states = case_comments::table
        .filter(case_comments::case_id.eq(&case.id))
        .filter(case_comments::hidden_at.is_null())
        .order((case_comments::created_at.asc(), case_comments::id.asc()))
        .select((
            case_comments::id,
            case_comments::written_tlp,
            case_comments::written_audience,
            case_comments::written_anonymity,
        ))
        .load::<(String, String, String, String)>(conn)?;
    let visible: Vec<String> = states
        .into_iter()
        .filter(|(_, tlp, audience, anonymity)| {
            let audience: Vec<String> = audience
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            let then = Sensitivity {
                tlp: Tlp::parse(tlp).unwrap_or(Tlp::Red),
                audience: &audience,
                anonymity: Anonymity::parse(anonymity).unwrap_or(Anonymity::HideCityAndCountry),
                ..now
            };
            policy::can_read_comment(reader, &now, &then)
        })
        .map(|(id, ..)| id)
        .collect();
    let total = i64::try_from(visible.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from((page.max(1) - 1) * COMMENTS_PER_PAGE).unwrap_or(usize::MAX);
    let ids: Vec<&String> = visible
        .iter()
        .skip(skip)
        .take(COMMENTS_PER_PAGE as usize)
        .collect();
    if ids.is_empty() {
        return Ok((Vec::new(), total));
    }
    let rows = case_comments::table
        .inner_join(users::table.on(users::id.eq(case_comments::author_id)))
        .inner_join(cities::table.on(cities::id.eq(users::city_id)))
        .filter(case_comments::id.eq_any(ids))
        .order((case_comments::created_at.asc(), case_comments::id.asc()))
        .select((
            case_comments::id,
            case_comments::author_id,
            users::display_name,
            cities::name,
            case_comments::body_html,
            case_comments::created_at,
        ))
        .load::<(String, String, String, String, String, NaiveDateTime)>(conn)?;
    let comments = rows
        .into_iter()
        .map(
            |(id, author_id, name, city, body_html, created_at)| CommentView {
                // On an anonymised case the author's own comments would name their city.
                by: if author_id == case.author_id && !shows_identity {
                    "The author".to_owned()
                } else {
                    format!("{name}, {city}")
                },
                id,
                body_html,
                created_at,
            },
        )
        .collect();
    Ok((comments, total))
}

/// Up to five readable cases sharing the counterpart, a topic or a demand kind.
fn related(
    conn: &mut DbConn,
    reader: Reader<'_>,
    case: &CaseRow,
    topics: &[Topic],
    demands: &[DemandKind],
    shows_identity: bool,
) -> Result<Vec<CaseCard>, CaseError> {
    // Bit sets on the row: the newest-first walk tests them on the index and stops after
    // five related cases.
    let mut relation: case_rows::CasePredicate = Box::new(
        case_rows::has_bits("topic_mask", topic_mask(topics))
            .or(case_rows::has_bits("demand_mask", demand_mask(demands))),
    );
    // A shared counterpart only counts when both cases show who reported them.
    if shows_identity && let Some(counterpart) = &case.counterpart_id {
        let same = cases::counterpart_id
            .assume_not_null()
            .eq(counterpart.clone())
            .and(identity_visible(reader));
        relation = Box::new(relation.or(same));
    }
    let rows = cases::table
        .filter(readable(reader))
        .filter(relation)
        .filter(cases::id.ne(&case.id))
        .order((cases::published_at.desc(), cases::id.desc()))
        .limit(5)
        .select(CaseRow::as_select())
        .load(conn)?;
    Ok(case_rows::cards(conn, reader, rows)?)
}

/// One saved version of a published case.
#[derive(Debug, Clone)]
pub struct Revision {
    pub created_at: NaiveDateTime,
    pub editor: Option<String>,
    pub snapshot: Snapshot,
}

/// The saved versions, newest first, for the author and moderators only.
pub fn revisions(
    conn: &mut DbConn,
    reader: Reader<'_>,
    case_id: &str,
) -> Result<(CaseRow, Vec<Revision>), CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    let audience = case_rows::audience(conn, case_id)?;
    let sensitivity = row.sensitivity(&audience);
    if !policy::can_read(reader, &sensitivity)
        || !(policy::is_author(reader, &sensitivity) || reader.moderates())
    {
        return Err(CaseError::NotFound);
    }
    let revisions = case_revisions::table
        .left_join(users::table.on(users::id.nullable().eq(case_revisions::editor_id)))
        .filter(case_revisions::case_id.eq(case_id))
        .order((case_revisions::created_at.desc(), case_revisions::id.desc()))
        .select((
            case_revisions::created_at,
            users::display_name.nullable(),
            case_revisions::snapshot,
        ))
        .load::<(NaiveDateTime, Option<String>, String)>(conn)?
        .into_iter()
        .filter_map(|(created_at, editor, snapshot)| {
            serde_json::from_str(&snapshot)
                .ok()
                .map(|snapshot| Revision {
                    created_at,
                    editor,
                    snapshot,
                })
        })
        .collect();
    Ok((row, revisions))
}
