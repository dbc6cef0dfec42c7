//! Static files and the health check, outside the session middleware.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;
use crate::web::assets::{self, Asset, CSS, FAVICON};

/// Hashed addresses are immutable; the unhashed ones (old bookmarks, `/favicon.ico`) are
/// revalidated each time.
fn serve(req: &HttpRequest, asset: &Asset, cache: &'static str) -> HttpResponse {
    let etag = HeaderValue::from_str(&asset.etag).expect("a hex ETag is a valid header");
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|sent| {
            sent.split(',')
                .any(|t| t.trim() == asset.etag || t.trim() == "*")
        });
    let mut answer = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    answer
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache));
    if matches {
        return answer.finish();
    }
    answer.content_type(asset.content_type).body(asset.body)
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, no-cache";

async fn hashed(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let asset = assets::by_href(req.path()).ok_or(AppError::NotFound)?;
    Ok(serve(&req, asset, IMMUTABLE))
}

/// `/static/...`, `/favicon.ico` and `/healthz`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/static/app.css")
            .get(|req: HttpRequest| async move { serve(&req, &CSS, REVALIDATE) }),
    )
    .service(
        web::resource("/static/favicon.svg")
            .get(|req: HttpRequest| async move { serve(&req, &FAVICON, REVALIDATE) }),
    )
    .service(
        web::resource("/favicon.ico")
            .get(|req: HttpRequest| async move { serve(&req, &FAVICON, REVALIDATE) }),
    )
    .service(web::resource("/static/{name}").get(hashed))
    .service(web::resource("/healthz").get(super::health::check));
}
