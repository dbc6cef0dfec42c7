//! The error page every [`AppError`] answers with, and the one unmatched routes and bad
//! query strings get.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::error::AppError;
use crate::web::page::PageContext;

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
