//! Requests refused before routing: a NUL character in the path or query string. Text
//! columns cannot hold it on PostgreSQL, and no legitimate link contains one.

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;

use crate::web::error_page::error_page;

/// True when the raw path or query carries a NUL, encoded or not.
pub fn has_nul(path_and_query: &str) -> bool {
    path_and_query.contains('\0') || path_and_query.to_ascii_lowercase().contains("%00")
}

/// Middleware: answers 400 to a request whose address contains a NUL character.
pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let raw = req.uri().path_and_query().map_or("", |p| p.as_str());
    if has_nul(raw) {
        let page = error_page(
            StatusCode::BAD_REQUEST,
            "Request not understood",
            "The address contains a NUL character, which Twinwise does not accept.",
        );
        return Ok(req.into_response(page).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::has_nul;

    #[test]
    fn spots_encoded_and_raw_nul() {
        assert!(has_nul("/admin/users?q=a%00b"));
        assert!(has_nul("/admin/users/a%00B"));
        assert!(!has_nul("/cases?q=100%25"));
        assert!(!has_nul("/cases?year=2000"));
    }
}
