//! A member's private calendar feed: `/account/calendar` to make, replace or turn off its
//! secret address, and `/calendar/{token}.ics` for calendar programs, which sign in with
//! nothing but the address.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use chrono::NaiveDateTime;

use crate::agreements::{AgreementError, calendar};
use crate::auth::{CsrfForm, CurrentUser, EmptyForm};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::filters;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

/// Registers the calendar routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/account/calendar").get(show).post(renew))
        .service(web::resource("/account/calendar/off").post(revoke))
        .service(web::resource("/calendar/{file}").get(feed));
}

#[derive(Template)]
#[template(path = "accounts/calendar.html")]
struct CalendarPage {
    ctx: PageContext,
    since: Option<NaiveDateTime>,
    /// The new address, shown once, right after it was made.
    address: Option<String>,
}

/// `GET /account/calendar`.
pub async fn show(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let since = state
        .db
        .run(move |conn| calendar::feed_of(conn, &me.0))
        .await?;
    crate::web::ok(&CalendarPage {
        ctx,
        since,
        address: None,
    })
}

/// `POST /account/calendar`: a new address; the old one stops working.
pub async fn renew(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (since, token) = state
        .db
        .run(move |conn| {
            let token = calendar::renew(conn, &me.0)?;
            Ok::<_, AgreementError>((calendar::feed_of(conn, &me.0)?, token))
        })
        .await?;
    let address = state.settings.link(&format!("/calendar/{token}.ics"));
    render(
        StatusCode::OK,
        &CalendarPage {
            ctx,
            since,
            address: Some(address),
        },
    )
}

/// `POST /account/calendar/off`.
pub async fn revoke(
    me: CurrentUser,
    state: web::Data<AppState>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let had = state
        .db
        .run(move |conn| calendar::revoke(conn, &me.0))
        .await?;
    if had {
        FlashMessage::success("Your calendar feed is off: its address no longer works.").send();
    }
    Ok(see_other("/account/calendar"))
}

/// `GET /calendar/{token}.ics`. An unknown or revoked token is a plain 404.
pub async fn feed(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let file = path.into_inner();
    let token = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= 64)
        .ok_or(AppError::NotFound)?
        .to_owned();
    let settings = state.settings.clone();
    let body = state
        .db
        .run(move |conn| calendar::feed(conn, &settings, &token, chrono::Utc::now().date_naive()))
        .await?;
    let mut response = HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(body);
    // The address is the secret: nothing on the way may keep a copy.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
