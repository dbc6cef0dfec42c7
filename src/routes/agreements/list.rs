//! `/agreements` (the agreements the reader may see) and `/agreements/deadlines` (upcoming
//! renewal and notice deadlines).

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use crate::auth::{CurrentUser, Viewer};
use crate::db::agreements::{self as rows, AgreementFilter, Listed};
use crate::domain::agreement::AgreementStatus;
use crate::error::AppError;
use crate::routes::partnerships::country_name;
use crate::state::AppState;
use crate::web::page::PageContext;
use crate::web::pagination::Pager;

/// Agreements per page.
pub const PER_PAGE: i64 = 25;
/// How far ahead the deadlines list looks.
pub const DEADLINES_AHEAD_DAYS: u64 = 366;

/// `?status=&mine=1&page=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub mine: Option<String>,
    pub page: Option<String>,
}

#[derive(Template)]
#[template(path = "agreements/list.html")]
struct ListPage {
    ctx: PageContext,
    agreements: Vec<(Listed, Vec<String>)>,
    pager: Pager,
    status: String,
    mine: bool,
}

impl ListPage {
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
    fn statuses(&self) -> &'static [AgreementStatus] {
        AgreementStatus::ALL
    }
    fn base(&self) -> String {
        let mut url = String::from("/agreements?");
        if !self.status.is_empty() {
            url.push_str(&format!("status={}&", self.status));
        }
        if self.mine {
            url.push_str("mine=1&");
        }
        url
    }
}

/// `GET /agreements`.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let status = query
        .status
        .as_deref()
        .and_then(|s| AgreementStatus::parse(s).ok());
    let mine = query.mine.is_some() && viewer.member().is_some();
    let filter = AgreementFilter {
        status,
        city_id: viewer.member().filter(|_| mine).map(|m| m.city_id.clone()),
        partnership_id: None,
    };
    let mut pager = Pager::new(query.page.as_deref(), PER_PAGE);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let reader = viewer.reader();
    let (agreements, total) = state
        .db
        .run(move |conn| {
            let (listed, total) = rows::list(conn, reader.as_reader(), &filter, offset, limit)?;
            let ids: Vec<String> = listed.iter().map(|l| l.row.id.clone()).collect();
            let mut languages = rows::languages_of(conn, &ids)?;
            let with_languages = listed
                .into_iter()
                .map(|l| {
                    let langs = languages.remove(&l.row.id).unwrap_or_default();
                    (l, langs)
                })
                .collect();
            Ok::<_, AppError>((with_languages, total))
        })
        .await?;
    pager.total = total;
    crate::web::ok(&ListPage {
        ctx,
        agreements,
        pager,
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        mine,
    })
}

#[derive(Template)]
#[template(path = "agreements/deadlines.html")]
struct DeadlinesPage {
    ctx: PageContext,
    agreements: Vec<Listed>,
    today: NaiveDate,
}

impl DeadlinesPage {
    fn days_until(&self, date: &NaiveDate) -> i64 {
        (*date - self.today).num_days()
    }
}

/// `GET /agreements/deadlines`: the member's city's and every other readable agreement's
/// deadlines in the coming year, soonest first.
pub async fn deadlines(
    ctx: PageContext,
    _: CurrentUser,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let today = chrono::Utc::now().date_naive();
    let until = today
        .checked_add_days(Days::new(DEADLINES_AHEAD_DAYS))
        .unwrap_or(today);
    let reader = viewer.reader();
    let agreements = state
        .db
        .run(move |conn| {
            rows::upcoming(conn, reader.as_reader(), today, until, 200).map_err(AppError::from)
        })
        .await?;
    crate::web::ok(&DeadlinesPage {
        ctx,
        agreements,
        today,
    })
}
