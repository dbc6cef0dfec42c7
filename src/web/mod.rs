//! Shared pieces of the HTTP layer: page context, rendering, redirects, form errors,
//! template filters and security headers.

pub mod assets;
pub mod caching;
pub mod charts;
pub mod client;
pub mod diff;
pub mod error_page;
pub mod filters;
pub mod flash_store;
pub mod forms;
pub mod guard;
pub mod headers;
pub mod highlight;
pub mod page;
pub mod pagination;
pub mod write_limit;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::error::AppError;

/// Renders a page with a status.
pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let body = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Renders a page with 200 OK.
pub fn ok(page: &impl Template) -> Result<HttpResponse, AppError> {
    render(StatusCode::OK, page)
}

/// A 303 redirect, the answer to a successful POST.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// The same-site page a request came from (its `Referer`, path and query), or the home page.
pub fn same_site_referer(req: &HttpRequest) -> String {
    let origin = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|state| state.settings.origin());
    let from = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok());
    match (origin, from) {
        (Some(origin), Some(from)) => from
            .strip_prefix(origin.as_str())
            .map_or("/", |path| safe_next(Some(path)))
            .to_owned(),
        _ => "/".to_owned(),
    }
}

pub use client::client_ip;

/// Accepts only same-site relative paths as a post-sign-in destination.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        // Browsers drop tabs and line breaks from URLs ("/\t/evil" becomes "//evil"), and a
        // line break cannot go into a header at all: any control character disqualifies.
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && !path.starts_with("/logout") =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/account\r\nSet-Cookie: x=1")), "/");
    }
}
