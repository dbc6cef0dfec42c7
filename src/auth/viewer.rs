//! Who is asking: extractors for the visitor or signed-in member, and for pages that need a
//! signed-in member, a moderator or an admin.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::SESSION_USER;
use crate::db::notifications;
use crate::db::users::{self, Member};
use crate::domain::policy::Reader;
use crate::domain::{AccountStatus, Role};
use crate::error::AppError;
use crate::state::AppState;

/// The person behind a request: a visitor or an active, signed-in member.
#[derive(Debug, Clone)]
pub enum Viewer {
    Visitor,
    Member(Member),
}

impl Viewer {
    /// The signed-in member, if any.
    pub fn member(&self) -> Option<&Member> {
        match self {
            Viewer::Visitor => None,
            Viewer::Member(m) => Some(m),
        }
    }

    /// The viewer's role; visitors have none.
    pub fn role(&self) -> Option<Role> {
        self.member().map(|m| m.role)
    }

    /// True for moderators and admins.
    pub fn can_moderate(&self) -> bool {
        self.role().is_some_and(Role::can_moderate)
    }

    /// True for admins.
    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// What the sensitivity policy needs to know, owned so it can move to a database thread.
    pub fn reader(&self) -> OwnedReader {
        OwnedReader(self.member().cloned())
    }
}

/// An owned [`Reader`], to move into a database closure: the member (or nobody), whose
/// [`Member::reader`] is the one way a reader is built.
#[derive(Debug, Clone)]
pub struct OwnedReader(Option<Member>);

impl OwnedReader {
    /// Borrows it as the policy's [`Reader`].
    pub fn as_reader(&self) -> Reader<'_> {
        self.0.as_ref().map_or(Reader::Visitor, Member::reader)
    }
}

/// The unread notifications of the signed-in member, counted up to [`UNREAD_CAP`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Unread(pub i64);

/// The navigation shows "99+" beyond this.
pub const UNREAD_CAP: i64 = 100;

async fn load_viewer(req: HttpRequest) -> Result<Viewer, AppError> {
    if let Some(cached) = req.extensions().get::<Viewer>() {
        return Ok(cached.clone());
    }
    let session = req.get_session();
    let user_id = session.get::<String>(SESSION_USER).ok().flatten();
    let viewer = match user_id {
        None => Viewer::Visitor,
        Some(id) => {
            let state = req
                .app_data::<Data<AppState>>()
                .ok_or(AppError::internal("app state missing"))?;
            // The unread count for the navigation comes with the member, in one trip.
            let member = state
                .db
                .run(move |conn| {
                    let member = users::member(conn, &id)?;
                    let unread = match &member {
                        Some(_) => notifications::unread(conn, &id, UNREAD_CAP)?,
                        None => 0,
                    };
                    Ok::<_, AppError>(member.map(|m| (m, unread)))
                })
                .await?;
            match member {
                Some((m, unread)) if m.status == AccountStatus::Active => {
                    req.extensions_mut().insert(Unread(unread));
                    Viewer::Member(m)
                }
                // Suspended or removed meanwhile: the sign-in no longer counts.
                _ => {
                    session.remove(SESSION_USER);
                    Viewer::Visitor
                }
            }
        }
    };
    req.extensions_mut().insert(viewer.clone());
    Ok(viewer)
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(load_viewer(req.clone()))
    }
}

/// A signed-in, active member; visitors are sent to the sign-in page.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Member);

impl Deref for CurrentUser {
    type Target = Member;
    fn deref(&self) -> &Member {
        &self.0
    }
}

async fn require(req: HttpRequest, least: Role) -> Result<Member, AppError> {
    match load_viewer(req.clone()).await? {
        Viewer::Visitor => Err(AppError::LoginRequired {
            next: req
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned(),
        }),
        Viewer::Member(m) if m.role >= least => Ok(m),
        Viewer::Member(_) => Err(AppError::Forbidden),
    }
}

// Outside the handler's arguments (form refusals), the same checks as the extractors:
// a refusal may be computed before the handler's other extractors have finished.
impl CurrentUser {
    /// The signed-in member of a request.
    pub async fn of(req: &HttpRequest) -> Result<Member, AppError> {
        require(req.clone(), Role::Member).await
    }
}

impl Moderator {
    /// The signed-in moderator or admin of a request.
    pub async fn of(req: &HttpRequest) -> Result<Member, AppError> {
        require(req.clone(), Role::Moderator).await
    }
}

impl Admin {
    /// The signed-in admin of a request.
    pub async fn of(req: &HttpRequest) -> Result<Member, AppError> {
        require(req.clone(), Role::Admin).await
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { require(req, Role::Member).await.map(CurrentUser) })
    }
}

/// A signed-in moderator or admin.
#[derive(Debug, Clone)]
pub struct Moderator(pub Member);

impl FromRequest for Moderator {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { require(req, Role::Moderator).await.map(Moderator) })
    }
}

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct Admin(pub Member);

impl FromRequest for Admin {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { require(req, Role::Admin).await.map(Admin) })
    }
}
