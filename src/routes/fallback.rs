//! Pages for requests no handler answered, and a template body for bare error responses.

use actix_web::dev::ServiceResponse;
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, Result};

use crate::error::AppError;
use crate::web::error_page::error_page;

/// Unknown paths.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Gives error responses that carry no page (e.g. a 405 from the router) the error template.
pub fn plain_errors<B>(res: ServiceResponse<B>) -> Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (title, message) = match status.as_u16() {
        404 => (
            "Page not found",
            "There is nothing here, or you do not have access to it.",
        ),
        405 => (
            "Not allowed",
            "This address does not accept that kind of request.",
        ),
        413 => (
            "Too much data",
            "What you sent is larger than Twinwise accepts.",
        ),
        s if s < 500 => (
            "Request not understood",
            "Twinwise could not read this request.",
        ),
        _ => (
            "Something went wrong",
            "Twinwise could not complete this request. Please try again in a moment.",
        ),
    };
    // The page keeps what was said about the answer (a 405's `Allow`, `Cache-Control`).
    let kept: Vec<_> = res
        .headers()
        .iter()
        .filter(|(name, _)| ![header::CONTENT_TYPE, header::CONTENT_LENGTH].contains(name))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let (req, _) = res.into_parts();
    let mut page = error_page(status, title, message);
    for (name, value) in kept {
        page.headers_mut().insert(name, value);
    }
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, page).map_into_right_body(),
    ))
}
