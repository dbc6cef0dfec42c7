//! `GET /playbooks`: the playbooks the reader may see, by topic and demand kind.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::Viewer;
use crate::db::playbooks::{self as rows, PlaybookFilter, PlaybookRow};
use crate::db::search::SearchWords;
use crate::domain::case_fields::{DemandKind, Topic};
use crate::domain::playbook::PlaybookStatus;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::filters;
use crate::web::page::PageContext;
use crate::web::pagination::Pager;

const PER_PAGE: i64 = 20;

/// The list's filters, all in the URL.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub topic: String,
    pub demand: String,
    pub status: String,
    pub q: String,
    pub page: String,
}

impl ListQuery {
    fn filter(&self, moderates: bool) -> Result<PlaybookFilter, AppError> {
        let pick = |raw: &str| (!raw.trim().is_empty()).then(|| raw.trim().to_owned());
        let topic = pick(&self.topic)
            .map(|t| Topic::parse(&t).map_err(|_| AppError::BadRequest("unknown topic")))
            .transpose()?;
        let demand = pick(&self.demand)
            .map(|d| DemandKind::parse(&d).map_err(|_| AppError::BadRequest("unknown demand kind")))
            .transpose()?;
        let status = pick(&self.status)
            .map(|s| PlaybookStatus::parse(&s).map_err(|_| AppError::BadRequest("unknown status")))
            .transpose()?
            // Drafts are the moderators'; others asking for them get the published list.
            .filter(|s| moderates || *s != PlaybookStatus::Draft);
        Ok(PlaybookFilter {
            topic,
            demand,
            status,
            words: SearchWords::parse(&self.q),
        })
    }

    /// The query string without the page, for the pager's links.
    fn without_page(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("topic", &self.topic),
            ("demand", &self.demand),
            ("status", &self.status),
            ("q", &self.q),
        ] {
            if !v.trim().is_empty() {
                out.append_pair(k, v.trim());
            }
        }
        let mut s = out.finish();
        if !s.is_empty() {
            s.push('&');
        }
        s
    }
}

#[derive(Template)]
#[template(path = "playbooks/list.html")]
struct ListPage {
    ctx: PageContext,
    rows: Vec<PlaybookRow>,
    query: ListQuery,
    pager: Pager,
    pager_base: String,
    moderates: bool,
}

impl ListPage {
    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }
    fn demands(&self) -> &'static [DemandKind] {
        DemandKind::ALL
    }
    fn statuses(&self) -> &'static [PlaybookStatus] {
        PlaybookStatus::ALL
    }
    fn filtered(&self) -> bool {
        !(self.query.topic.is_empty()
            && self.query.demand.is_empty()
            && self.query.q.trim().is_empty())
    }
}

/// `GET /playbooks`.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let reader = viewer.reader();
    let moderates = reader.as_reader().moderates();
    let filter = query.filter(moderates)?;
    let mut pager = Pager::new(Some(&query.page), PER_PAGE);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (rows, total) = state
        .db
        .run(move |conn| {
            rows::page(conn, reader.as_reader(), &filter, offset, limit).map_err(AppError::from)
        })
        .await?;
    pager.total = total;
    let pager_base = format!("/playbooks?{}", query.without_page());
    crate::web::ok(&ListPage {
        ctx,
        rows,
        query,
        pager,
        pager_base,
        moderates,
    })
}
