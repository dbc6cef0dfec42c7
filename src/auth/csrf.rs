//! CSRF protection: a synchronizer token kept in the session and sent back in each form's
//! hidden `csrf_token` field, compared in constant time, plus an `Origin` check.
//!
//! [`CsrfForm`] is the only way a handler reaches a form's input, and it holds the input only
//! when the check passed: a failed check never calls the handler. The form type's
//! [`Refusal`] answers instead — forms with typed input re-render themselves with it kept,
//! small inline forms flash the message and go back to the page they were on.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::{SESSION_CSRF, tokens};
use crate::error::AppError;
use crate::state::AppState;

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

/// A urlencoded form whose CSRF token and origin were checked.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T> CsrfForm<T> {
    /// The checked input.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// How a form answers when its CSRF check fails (the handler is not called).
pub trait Refusal: Sized + 'static {
    /// By default the message is flashed and the browser goes back to the page the form was
    /// on. Forms with typed input override this to show themselves again with it kept
    /// (status 403 and [`CSRF_FAILED`] at the top).
    fn refuse(self, req: HttpRequest) -> impl Future<Output = Result<HttpResponse, AppError>> {
        async move {
            actix_web_flash_messages::FlashMessage::error(CSRF_FAILED).send();
            Ok(crate::web::see_other(&crate::web::same_site_referer(&req)))
        }
    }
}

/// A form that is only a button: its CSRF token is all it carries.
#[derive(Debug, Default, Deserialize)]
pub struct EmptyForm {}

impl Refusal for EmptyForm {}

/// Why a form was refused (shown in debug logs only).
#[derive(Debug, thiserror::Error)]
#[error("CSRF check failed")]
struct Forged;

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

impl<T: DeserializeOwned + Refusal> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

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
            let input = read_form::<T>(is_form, &body)?;
            if genuine(&req, &body) {
                return Ok(CsrfForm(input));
            }
            let answer = input.refuse(req).await?;
            Err(InternalError::from_response(Forged, answer).into())
        })
    }
}

fn read_form<T: DeserializeOwned>(is_form: bool, body: &[u8]) -> Result<T, AppError> {
    if !is_form && !body.is_empty() {
        return Err(AppError::BadRequest(
            "Send the form as application/x-www-form-urlencoded.",
        ));
    }
    serde_html_form::from_bytes(body).map_err(|_| {
        AppError::BadRequest("The form could not be read. Reload the page and try again.")
    })
}

/// True when the form came from one of our pages in this browser session.
pub(super) fn genuine(req: &HttpRequest, body: &[u8]) -> bool {
    let sent: TokenField = serde_html_form::from_bytes(body).unwrap_or_default();
    let Some(state) = req.app_data::<Data<AppState>>() else {
        return false;
    };
    origin_allowed(req, &state.settings.origin())
        && token_matches(&req.get_session(), &sent.csrf_token)
}
