//! Static files, compiled into the binary and served without sessions.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

const CSS: &str = include_str!("../../static/app.css");
const FAVICON: &str = include_str!("../../static/favicon.svg");

fn asset(body: &'static str, content_type: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}

/// `/static/...` plus the health check, both outside the session middleware.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/static/app.css",
        web::get().to(|| async { asset(CSS, "text/css; charset=utf-8") }),
    )
    .route(
        "/static/favicon.svg",
        web::get().to(|| async { asset(FAVICON, "image/svg+xml") }),
    )
    .route(
        "/favicon.ico",
        web::get().to(|| async { asset(FAVICON, "image/svg+xml") }),
    )
    .route("/healthz", web::get().to(super::health::check));
}
