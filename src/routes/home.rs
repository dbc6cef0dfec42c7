//! The home page.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::users;
use crate::error::AppError;
use crate::startup::AppState;
use crate::web::page::PageContext;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageContext,
    awaiting_approval: i64,
}

/// `GET /`.
pub async fn show(ctx: PageContext, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let awaiting_approval = if ctx.viewer.can_moderate() {
        state
            .db
            .run(|conn| users::count_awaiting_approval(conn).map_err(AppError::from))
            .await?
    } else {
        0
    };
    crate::web::ok(&HomePage {
        ctx,
        awaiting_approval,
    })
}
