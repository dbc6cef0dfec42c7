//! `/agreements/{id}/compare/{other}`: two texts clause by clause (`?left=&right=` pick the
//! texts: versions, language versions, or another agreement's text).

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::agreements::comparison::{self, Compared, Row};
use crate::agreements::language;
use crate::agreements::reading::ReviewedClause;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::web::page::PageContext;

/// `?left=&right=`: text ids.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompareQuery {
    pub left: Option<String>,
    pub right: Option<String>,
}

#[derive(Template)]
#[template(path = "agreements/compare.html")]
struct ComparePage {
    ctx: PageContext,
    c: Compared,
}

impl ComparePage {
    fn left(&self, row: &Row) -> Option<&ReviewedClause> {
        row.left.map(|i| &self.c.left.clauses[i])
    }
    fn right(&self, row: &Row) -> Option<&ReviewedClause> {
        row.right.map(|j| &self.c.right.clauses[j])
    }
    fn diff(&self, row: &Row) -> Option<String> {
        match (self.left(row), self.right(row)) {
            (Some(l), Some(r)) if row.changed => {
                Some(crate::web::diff::words_html(&l.row.body, &r.row.body))
            }
            _ => None,
        }
    }
    fn language(&self, code: &str) -> String {
        language::name(code).to_owned()
    }
}

/// `?other=&left=`: the review page's "compare with another agreement" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PickQuery {
    pub other: String,
    pub left: String,
}

/// `GET /agreements/{id}/compare?other=`: goes to the comparison with that agreement.
pub async fn pick(path: web::Path<String>, query: web::Query<PickQuery>) -> HttpResponse {
    let id = path.into_inner();
    let encode =
        |v: &str| url::form_urlencoded::byte_serialize(v.trim().as_bytes()).collect::<String>();
    let other = query.other.trim();
    if other.is_empty() {
        return crate::web::see_other(&format!("/agreements/{}", encode(&id)));
    }
    crate::web::see_other(&format!(
        "/agreements/{}/compare/{}?left={}",
        encode(&id),
        encode(other),
        encode(&query.left)
    ))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// `GET /agreements/{id}/compare/{other}`.
pub async fn compare(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<crate::state::AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let (left_id, right_id) = path.into_inner();
    let query = query.into_inner();
    let (left_text, right_text) = (non_empty(query.left), non_empty(query.right));
    let reader = viewer.reader();
    let shelf = state.rules.clone();
    let c = state
        .db
        .run(move |conn| {
            comparison::compare(
                conn,
                &shelf,
                reader.as_reader(),
                (&left_id, left_text.as_deref()),
                (&right_id, right_text.as_deref()),
            )
        })
        .await?;
    crate::web::ok(&ComparePage { ctx, c })
}
