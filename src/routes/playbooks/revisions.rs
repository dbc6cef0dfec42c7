//! `/playbooks/{slug}/revisions`: the history, one past revision, word-level comparisons and
//! restoring an old revision as a new one.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::done_or_flash;
use crate::auth::{CsrfForm, EmptyForm, Moderator, Viewer};
use crate::db::playbooks::{PlaybookRow, RevisionEntry};
use crate::domain::markdown;
use crate::error::AppError;
use crate::playbooks::authoring;
use crate::playbooks::reading::{self, PlaybookView};
use crate::state::AppState;
use crate::web::diff;
use crate::web::filters;
use crate::web::page::PageContext;

#[derive(Template)]
#[template(path = "playbooks/revisions.html")]
struct ListPage {
    ctx: PageContext,
    row: PlaybookRow,
    history: Vec<RevisionEntry>,
}

impl ListPage {
    /// The revisions the reader may read, newest first: the choices of the comparison.
    fn readable(&self) -> Vec<i32> {
        self.history
            .iter()
            .filter(|r| r.details.is_some())
            .map(|r| r.number)
            .collect()
    }

    /// True when the reader may read revision `number`.
    fn can_read(&self, number: i32) -> bool {
        self.history
            .iter()
            .any(|r| r.number == number && r.details.is_some())
    }
}

/// `GET /playbooks/{slug}/revisions`: revisions the reader may not read at the level they
/// were saved with are listed by number only.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let reader = viewer.reader();
    let (row, history) = state
        .db
        .run(move |conn| Ok::<_, AppError>(reading::history(conn, reader.as_reader(), &slug)?))
        .await?;
    crate::web::ok(&ListPage { ctx, row, history })
}

#[derive(Template)]
#[template(path = "playbooks/revision.html")]
struct RevisionPage {
    ctx: PageContext,
    view: PlaybookView,
    moderates: bool,
}

impl RevisionPage {
    fn body_html(&self) -> String {
        markdown::render(&self.view.doc.to_markdown(&[]))
    }
    fn is_current(&self) -> bool {
        self.view.number == self.view.row.current_revision
    }
}

fn number(raw: &str) -> Result<i32, AppError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or(AppError::NotFound)
}

/// `GET /playbooks/{slug}/revisions/{number}`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, raw) = path.into_inner();
    let n = number(&raw)?;
    let reader = viewer.reader();
    let moderates = reader.as_reader().moderates();
    let view = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(reading::load(conn, reader.as_reader(), &slug, Some(n))?)
        })
        .await?;
    crate::web::ok(&RevisionPage {
        ctx,
        view,
        moderates,
    })
}

/// `?from=&to=` of a comparison.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompareQuery {
    pub from: String,
    pub to: String,
}

#[derive(Template)]
#[template(path = "playbooks/compare.html")]
struct ComparePage {
    ctx: PageContext,
    row: PlaybookRow,
    from: i32,
    to: i32,
    diff_html: String,
    added: usize,
    removed: usize,
}

/// `GET /playbooks/{slug}/compare?from=2&to=5`: what changed between two revisions, word by
/// word.
pub async fn compare(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let (from, to) = match (number(&query.from), number(&query.to)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err(AppError::BadRequest("choose two revisions to compare")),
    };
    let reader = viewer.reader();
    let (row, old, new) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(reading::pair(conn, reader.as_reader(), &slug, from, to)?)
        })
        .await?;
    let (old, new) = (old.to_markdown(&[]), new.to_markdown(&[]));
    let (added, removed) = diff::counts(&old, &new);
    crate::web::ok(&ComparePage {
        ctx,
        row,
        from,
        to,
        diff_html: diff::words_html(&old, &new),
        added,
        removed,
    })
}

/// `POST /playbooks/{slug}/revisions/{number}/restore`: the old text becomes a new revision.
pub async fn restore(
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, raw) = path.into_inner();
    let n = number(&raw)?;
    let back = format!("/playbooks/{slug}/revisions/{n}");
    let member = me.0.clone();
    let key = slug.clone();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(
                authoring::restore(conn, &member, &key, n)
                    .map(|new| format!("Revision {n} restored as revision {new}.")),
            )
        })
        .await?;
    let ok = result.is_ok();
    let response = done_or_flash(result, &back)?;
    Ok(if ok {
        crate::web::see_other(&format!("/playbooks/{slug}"))
    } else {
        response
    })
}
