//! The home page: recent cases the viewer may read, and what waits for moderators.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::cases::{self as case_rows, CaseCard, CaseFilter, Sort};
use crate::db::playbooks::{self, PlaybookRow};
use crate::db::users;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::PageContext;

/// Recent cases on the home page.
const RECENT: i64 = 5;
/// Featured playbooks on the home page.
const FEATURED: i64 = 4;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageContext,
    awaiting_approval: i64,
    recent: Vec<CaseCard>,
    featured: Vec<PlaybookRow>,
}

impl HomePage {
    fn snippet_html(&self, _card: &CaseCard) -> Option<String> {
        None
    }
}

/// `GET /`.
pub async fn show(ctx: PageContext, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let reader = ctx.viewer.reader();
    let moderates = ctx.viewer.can_moderate();
    let (awaiting_approval, recent, featured) = state
        .db
        .run(move |conn| {
            let waiting = if moderates {
                users::count_awaiting_approval(conn)?
            } else {
                0
            };
            let reader = reader.as_reader();
            let rows = case_rows::rows(
                conn,
                reader,
                &CaseFilter::default(),
                Sort::Newest,
                0,
                RECENT,
            )?;
            let featured = playbooks::featured(conn, reader, FEATURED)?;
            Ok::<_, AppError>((waiting, case_rows::cards(conn, reader, rows)?, featured))
        })
        .await?;
    crate::web::ok(&HomePage {
        ctx,
        awaiting_approval,
        recent,
        featured,
    })
}
