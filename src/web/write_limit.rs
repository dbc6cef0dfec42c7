//! Every write a signed-in member sends (comments, flags, timeline entries, suggestions,
//! moderation…) counts against a per-member budget: one mechanism for every form, so that no
//! new form can forget it. Signing out is never refused.

use actix_session::SessionExt;
use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

use crate::auth::rate_limit::{self, Limit};
use crate::error::AppError;
use crate::state::AppState;

const SLOW_DOWN: &str = "You are sending changes faster than Twinwise accepts. Nothing was saved: wait a minute and send it again.";

/// Middleware inside the session layer: refuses a member's POST past the budget with 429.
pub async fn member_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let member = match req.method() {
        &Method::POST if req.path() != "/logout" => req
            .get_session()
            .get::<String>(crate::auth::SESSION_USER)
            .ok()
            .flatten(),
        _ => None,
    };
    if let Some(id) = member {
        let state = AppState::of(req.request())?;
        let limits = [
            Limit::member_writes_minute(&id),
            Limit::member_writes_hour(&id),
        ];
        let limited = state
            .db
            .run(move |conn| rate_limit::over_limit(conn, &limits).map_err(AppError::from))
            .await?;
        if limited {
            let refused = AppError::TooManyRequests(SLOW_DOWN);
            return Ok(req.error_response(refused).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
