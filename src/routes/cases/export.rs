//! `GET /cases/export.csv` and `GET /cases/export.json`: the cases a member may read that
//! match the `/cases` filters, newest first, with the policy applied to who reported them.
//! Members only; rows are read a page at a time and turned into cards in bulk.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use serde::Serialize;

use super::filters::CaseQuery;
use crate::auth::viewer::OwnedReader;
use crate::auth::{CurrentUser, Viewer};
use crate::db::DbConn;
use crate::db::audit::{self, Action};
use crate::db::cases::{self as case_rows, CaseCard, CaseFilter, Sort};
use crate::domain::case_fields::Channel;
use crate::error::AppError;
use crate::state::AppState;

/// At most this many cases go into one export.
pub const MAX_ROWS: i64 = 10_000;
/// Rows read per query.
const CHUNK: i64 = 500;

/// The columns, in order (also the CSV header).
pub const COLUMNS: [&str; 16] = [
    "id",
    "url",
    "title",
    "summary",
    "place",
    "topics",
    "demands",
    "counterpart_name",
    "counterpart_kind",
    "channel",
    "response",
    "outcome",
    "lessons",
    "occurred_on",
    "tlp",
    "published_at",
];

/// One exported case: its card (the policy already applied) plus the fields lists leave out.
struct Exported {
    card: CaseCard,
    url: String,
    channel: Option<Channel>,
    outcome: String,
    lessons: String,
}

fn timestamp(value: &NaiveDateTime) -> String {
    value.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads the matching cases a page at a time (a fixed number of queries per page).
fn load(
    conn: &mut DbConn,
    reader: &OwnedReader,
    filter: &CaseFilter,
    link: impl Fn(&str) -> String,
) -> Result<Vec<Exported>, AppError> {
    let reader = reader.as_reader();
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < MAX_ROWS {
        let limit = CHUNK.min(MAX_ROWS - offset);
        let rows = case_rows::rows(conn, reader, filter, Sort::Newest, offset, limit)?;
        let fetched = i64::try_from(rows.len()).unwrap_or(limit);
        let mut extra: HashMap<String, (Option<Channel>, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.id.clone(),
                    (r.channel(), r.outcome.clone(), r.lessons.clone()),
                )
            })
            .collect();
        for card in case_rows::cards(conn, reader, rows)? {
            let (channel, outcome, lessons) = extra.remove(&card.id).unwrap_or_default();
            out.push(Exported {
                url: link(&format!("/cases/{}", card.id)),
                card,
                channel,
                outcome,
                lessons,
            });
        }
        if fetched < limit {
            break;
        }
        offset += limit;
    }
    Ok(out)
}

/// Parses the filters and loads the export for a member.
async fn exported(
    user: CurrentUser,
    state: &web::Data<AppState>,
    query: &CaseQuery,
    format: &'static str,
) -> Result<Vec<Exported>, AppError> {
    let filter = query.filter()?;
    // Punctuation alone matches nothing on `/cases`; the export agrees.
    if query.text_without_words() {
        return Ok(Vec::new());
    }
    let me = user.0.id.clone();
    let reader = Viewer::Member(user.0).reader();
    let settings = state.settings.clone();
    let filters = query.without_page();
    let what = match filters.trim_end_matches('&') {
        "" => format!("{format}, no filters"),
        some => format!("{format}, filters {some}"),
    };
    state
        .db
        .run(move |conn| {
            let cases = load(conn, &reader, &filter, |path| settings.link(path))?;
            let detail = format!("{what} ({} cases)", cases.len());
            audit::record(conn, Some(&me), Action::ExportCases, None, &detail)?;
            Ok(cases)
        })
        .await
}

/// A cell a spreadsheet would run as a formula gets a leading single quote.
pub fn spreadsheet_safe(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn record(e: &Exported) -> [String; 16] {
    let card = &e.card;
    let join = |labels: Vec<&str>| labels.join("; ");
    [
        card.id.clone(),
        e.url.clone(),
        card.title.clone(),
        card.summary.clone(),
        card.place.clone(),
        join(card.topics.iter().map(|t| t.label()).collect()),
        join(card.demands.iter().map(|d| d.label()).collect()),
        card.counterpart
            .as_ref()
            .map(|(_, name)| name.clone())
            .unwrap_or_default(),
        card.counterpart_kind
            .map(|k| k.label().to_owned())
            .unwrap_or_default(),
        e.channel.map(|c| c.label().to_owned()).unwrap_or_default(),
        card.response
            .map(|r| r.label().to_owned())
            .unwrap_or_default(),
        e.outcome.clone(),
        e.lessons.clone(),
        card.occurred_on.format("%Y-%m-%d").to_string(),
        card.tlp.label().to_owned(),
        card.published_at
            .as_ref()
            .map(timestamp)
            .unwrap_or_default(),
    ]
}

/// The CSV text (RFC 4180: CRLF line ends, quoted fields), with a UTF-8 byte-order mark so
/// that Excel opens it as UTF-8 when double-clicked: a header and one row per case, every
/// cell guarded against formulas.
fn csv_bytes(cases: &[Exported]) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| AppError::Internal(e.into());
    writer.write_record(COLUMNS).map_err(fail)?;
    for case in cases {
        writer
            .write_record(record(case).iter().map(|v| spreadsheet_safe(v)))
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))
}

fn attachment(extension: &str) -> String {
    format!(
        "attachment; filename=\"twinwise-cases-{}.{extension}\"",
        Utc::now().format("%Y-%m-%d")
    )
}

/// `GET /cases/export.csv`.
pub async fn csv(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    let cases = exported(user, &state, &query, "CSV").await?;
    let body = csv_bytes(&cases)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, attachment("csv")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

/// One case in the JSON export (enumerations as their stored codes).
#[derive(Serialize)]
struct JsonCase<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    summary: &'a str,
    place: &'a str,
    topics: Vec<&'static str>,
    demands: Vec<&'static str>,
    counterpart_name: &'a str,
    counterpart_kind: &'static str,
    channel: &'static str,
    response: &'static str,
    outcome: &'a str,
    lessons: &'a str,
    occurred_on: String,
    tlp: &'static str,
    published_at: Option<String>,
}

#[derive(Serialize)]
struct JsonExport<'a> {
    cases: Vec<JsonCase<'a>>,
    count: usize,
}

fn json_case(e: &Exported) -> JsonCase<'_> {
    let card = &e.card;
    JsonCase {
        id: &card.id,
        url: &e.url,
        title: &card.title,
        summary: &card.summary,
        place: &card.place,
        topics: card.topics.iter().map(|t| t.as_str()).collect(),
        demands: card.demands.iter().map(|d| d.as_str()).collect(),
        counterpart_name: card.counterpart.as_ref().map_or("", |(_, name)| name),
        counterpart_kind: card.counterpart_kind.map_or("", |k| k.as_str()),
        channel: e.channel.map_or("", |c| c.as_str()),
        response: card.response.map_or("", |r| r.as_str()),
        outcome: &e.outcome,
        lessons: &e.lessons,
        occurred_on: card.occurred_on.format("%Y-%m-%d").to_string(),
        tlp: card.tlp.as_str(),
        published_at: card.published_at.as_ref().map(timestamp),
    }
}

/// `GET /cases/export.json`.
pub async fn json(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    let cases = exported(user, &state, &query, "JSON").await?;
    let export = JsonExport {
        count: cases.len(),
        cases: cases.iter().map(json_case).collect(),
    };
    let body = serde_json::to_vec(&export).map_err(|e| AppError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CONTENT_DISPOSITION, attachment("json")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_quoted() {
        for risky in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"));
        }
        for plain in ["Prague, Czechia", "2024-03-01", "", "a=b"] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
    }
}
