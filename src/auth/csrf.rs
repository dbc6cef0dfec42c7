//! CSRF protection: a synchronizer token kept in the session and sent back in each form's
//! hidden `csrf_token` field, compared in constant time, plus an `Origin` check.
//!
//! [`CsrfForm`] does not reject a failed check by itself: the handler re-renders its form
//! with the input kept and an explanation, which is kinder than a bare error page when a
//! session simply expired.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{FromRequest, HttpRequest};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::{SESSION_CSRF, tokens};
use crate::error::AppError;
use crate::startup::AppState;

/// The largest form body accepted; larger ones get a 413 page.
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The message shown when the check fails.
pub const CSRF_FAILED: &str =
    "This form expired or was sent from another site. Check what you entered and send it again.";

/// The session's CSRF token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(existing)) = session.get::<String>(SESSION_CSRF) {
        return existing;
    }
    let fresh = tokens::generate();
    // Failing to store it only means the next form check fails with a clear message.
    let _ = session.insert(SESSION_CSRF, &fresh);
    fresh
}

/// Replaces the session's CSRF token (after sign-in and sign-out).
pub fn rotate(session: &Session) {
    let _ = session.insert(SESSION_CSRF, tokens::generate());
}

#[derive(Deserialize, Default)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

/// A urlencoded form together with the outcome of its CSRF check.
pub struct CsrfForm<T> {
    pub input: T,
    /// `Err` with a message for the user when the token or the origin was wrong.
    pub csrf: Result<(), &'static str>,
}

fn origin_allowed(req: &HttpRequest, expected: &str) -> bool {
    // Browsers send Origin on every POST; a missing one (old clients, tools) falls back to
    // the token alone, a present one must be ours.
    match req.headers().get(header::ORIGIN) {
        None => true,
        Some(origin) => origin.to_str().is_ok_and(|o| o == expected),
    }
}

fn token_matches(session: &Session, sent: &str) -> bool {
    match session.get::<String>(SESSION_CSRF) {
        Ok(Some(expected)) => {
            !sent.is_empty() && bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
        }
        _ => false,
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body =
                body.await
                    .map_err(|e| match e.as_error::<actix_web::error::PayloadError>() {
                        Some(actix_web::error::PayloadError::Overflow) => AppError::PayloadTooLarge,
                        _ => AppError::BadRequest("The form arrived incomplete. Send it again."),
                    })?;
            if !is_form && !body.is_empty() {
                return Err(AppError::BadRequest(
                    "Send the form as application/x-www-form-urlencoded.",
                ));
            }
            let input: T = serde_html_form::from_bytes(&body).map_err(|_| {
                AppError::BadRequest("The form could not be read. Reload the page and try again.")
            })?;
            let sent: TokenField = serde_html_form::from_bytes(&body).unwrap_or_default();
            let state = req
                .app_data::<Data<AppState>>()
                .ok_or(AppError::internal("app state missing"))?;
            let session = req.get_session();
            let ok = origin_allowed(&req, &state.settings.origin())
                && token_matches(&session, &sent.csrf_token);
            Ok(CsrfForm {
                input,
                csrf: if ok { Ok(()) } else { Err(CSRF_FAILED) },
            })
        })
    }
}
