//! The application's error type: each variant maps to a status and an error page; internal
//! causes are logged with their chain and never shown.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::db::DbError;
use crate::web::page::PageContext;

/// Anything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    LoginRequired { next: String },
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("too many requests")]
    TooManyRequests(&'static str),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// An internal error with a fixed description.
    pub fn internal(what: &'static str) -> Self {
        AppError::Internal(anyhow::anyhow!(what))
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Internal(DbError::from(e).into())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<crate::auth::password::HashError> for AppError {
    fn from(e: crate::auth::password::HashError) -> Self {
        AppError::Internal(e.into())
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: PageContext,
    status: u16,
    title: &'static str,
    message: &'static str,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::LoginRequired { next } = self {
            let target = format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            );
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, target))
                .finish();
        }
        let (title, message) = match self {
            AppError::NotFound => (
                "Page not found",
                "There is nothing here, or you do not have access to it.",
            ),
            AppError::Forbidden => (
                "Not allowed",
                "Your account does not have access to this page.",
            ),
            AppError::BadRequest(message) => ("Request not understood", *message),
            AppError::PayloadTooLarge => (
                "Too much data",
                "What you sent is larger than Twinwise accepts (2 MB for a form). Go back, shorten it and send it again.",
            ),
            AppError::TooManyRequests(message) => ("Too many attempts", *message),
            AppError::Internal(_) | AppError::LoginRequired { .. } => (
                "Something went wrong",
                "Twinwise could not complete this request. Nothing you sent was half-saved; please try again in a moment.",
            ),
        };
        error_page(self.status_code(), title, message)
    }
}

/// Renders the error page for a status (also used for unmatched routes and bad query strings).
pub fn error_page(status: StatusCode, title: &'static str, message: &'static str) -> HttpResponse {
    let page = ErrorPage {
        ctx: PageContext::bare(),
        status: status.as_u16(),
        title,
        message,
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("{} {title}", status.as_u16()));
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}
