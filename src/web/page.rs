//! What every page's layout needs: the viewer, flash messages and the CSRF token.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::HttpMessage;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use actix_web_flash_messages::{IncomingFlashMessages, Level};

use crate::auth::{Viewer, csrf};
use crate::db::users::Member;
use crate::error::AppError;

/// A message carried over a redirect ("Your password was changed").
#[derive(Debug, Clone)]
pub struct Flash {
    /// `success`, `error` or `info`: the CSS modifier and the ARIA role depend on it.
    pub kind: &'static str,
    pub text: String,
}

/// Request-scoped values for the base layout.
pub struct PageContext {
    pub viewer: Viewer,
    pub flashes: Vec<Flash>,
    /// The signed-in member's unread notifications (up to the cap).
    pub unread: i64,
    session: Option<Session>,
}

impl PageContext {
    /// A context without a request, for error pages rendered outside a handler.
    pub fn bare() -> Self {
        PageContext {
            viewer: Viewer::Visitor,
            flashes: Vec::new(),
            unread: 0,
            session: None,
        }
    }

    /// The context of a request, outside the handler's arguments (form refusals).
    pub async fn of(req: &HttpRequest) -> Result<Self, AppError> {
        Self::extract(req).await
    }

    /// The stylesheet's address (it carries a hash of the content).
    pub fn stylesheet(&self) -> &'static str {
        &crate::web::assets::CSS.href
    }

    /// The icon's address.
    pub fn icon(&self) -> &'static str {
        &crate::web::assets::FAVICON.href
    }

    /// The unread count as the navigation shows it.
    pub fn unread_label(&self) -> String {
        if self.unread >= crate::auth::viewer::UNREAD_CAP {
            format!("{}+", crate::auth::viewer::UNREAD_CAP - 1)
        } else {
            self.unread.to_string()
        }
    }

    /// The signed-in member, if any.
    pub fn user(&self) -> Option<&Member> {
        self.viewer.member()
    }

    /// The token for the hidden `csrf_token` field; creates the session on first use.
    pub fn csrf_token(&self) -> String {
        self.session.as_ref().map(csrf::token).unwrap_or_default()
    }
}

impl FromRequest for PageContext {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let viewer = Viewer::from_request(&req, payload);
        Box::pin(async move {
            let viewer = viewer.await?;
            let flashes = IncomingFlashMessages::extract(&req)
                .await
                .map(|incoming| {
                    incoming
                        .iter()
                        .map(|m| Flash {
                            kind: match m.level() {
                                Level::Error | Level::Warning => "error",
                                Level::Success => "success",
                                _ => "info",
                            },
                            text: m.content().to_owned(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let unread = req
                .extensions()
                .get::<crate::auth::viewer::Unread>()
                .map_or(0, |u| u.0);
            Ok(PageContext {
                viewer,
                flashes,
                unread,
                session: Some(req.get_session()),
            })
        })
    }
}
