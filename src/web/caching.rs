//! HTTP conventions every route follows: `HEAD` is answered like `GET` (actix-web's HTTP layer
//! sends no body for it), and every response says how it may be cached.

use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

use crate::auth::Viewer;

/// Middleware, outermost in the app: routes a `HEAD` request as the `GET` it mirrors, and
/// adds `HEAD` to the `Allow` of a 405 wherever `GET` is allowed.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let mut res = next.call(req).await?;
    let allow = res
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok());
    if let Some(methods) = allow
        && methods.split(',').any(|m| m.trim() == "GET")
        && !methods.split(',').any(|m| m.trim() == "HEAD")
        && let Ok(value) = HeaderValue::from_str(&format!("{methods}, HEAD"))
    {
        res.headers_mut().insert(header::ALLOW, value);
    }
    Ok(res)
}

/// Nothing a signed-in member receives may be stored anywhere (their pages show content
/// above TLP:CLEAR); a visitor's pages may be kept privately but are revalidated each time.
const NO_STORE: &str = "no-store";
const REVALIDATE: &str = "private, no-cache";

/// Middleware inside the session layer: sets `Cache-Control` on every response. Responses to
/// a signed-in member are always `no-store`, whatever the handler said; others keep what the
/// handler set (the feed, exports) or get `private, no-cache`.
pub async fn cache_control(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    // Asked before the handler runs: the answer to a sign-out still goes to a member.
    let had_member = req
        .get_session()
        .get::<String>(crate::auth::SESSION_USER)
        .ok()
        .flatten()
        .is_some();
    let mut res = next.call(req).await?;
    let signed_in = had_member
        || matches!(
            res.request().extensions().get::<Viewer>(),
            Some(Viewer::Member(_))
        );
    let headers = res.headers_mut();
    if signed_in {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    Ok(res)
}
