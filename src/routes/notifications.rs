//! Following things and reading notifications: `POST /follows` and `/follows/stop` (the
//! buttons on the pages of what can be followed), `/account/notifications` (what the member
//! follows, each with a way to stop) and `/notifications` (newest first, mark read).

use actix_web::{HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, EmptyForm, Refusal};
use crate::cases::reading;
use crate::db::DbError;
use crate::db::follows::{self, FollowRow};
use crate::db::notifications as rows;
use crate::db::schema::{counterparts, partnerships, playbooks};
use crate::domain::follow::{FollowKind, Followed};
use crate::error::AppError;
use crate::notifications::inbox::{self, Cursor, Shown};
use crate::state::AppState;
use crate::web::filters;
use crate::web::page::PageContext;
use crate::web::see_other;
use diesel::{QueryDsl, RunQueryDsl};

/// Registers the routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/follows").post(follow))
        .service(web::resource("/follows/stop").post(stop))
        .service(web::resource("/account/notifications").get(following))
        .service(web::resource("/notifications").get(list))
        .service(web::resource("/notifications/read-all").post(read_all))
        .service(web::resource("/notifications/{id}/read").post(read_one));
}

/// A follow button's form.
#[derive(Debug, Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    target: String,
    /// The page the button was on, to go back to.
    #[serde(default)]
    back: String,
}

impl Refusal for FollowForm {}

/// Where to go back to: a path on this site, else the member's follows.
fn back_to(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && back.len() <= 2_000
        && !back.chars().any(char::is_control);
    if local {
        back
    } else {
        "/account/notifications"
    }
}

/// `POST /follows`.
pub async fn follow(
    me: CurrentUser,
    state: web::Data<AppState>,
    form: CsrfForm<FollowForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let back = back_to(&input.back).to_owned();
    let followed = match Followed::parse(&input.kind, &input.target) {
        Ok(followed) => followed,
        Err(e) => {
            FlashMessage::error(format!("Not followed: {e}.")).send();
            return Ok(see_other(&back));
        }
    };
    let member = me.0;
    let noun = followed.kind().noun();
    let added = state
        .db
        .run(move |conn| {
            // A case is followed only by those who may read it; to anyone else it does not
            // exist (the same 404 as its page).
            let target = followed.target().to_owned();
            let exists = match followed.kind() {
                FollowKind::Case => {
                    reading::readable_case(conn, member.reader(), &target)?;
                    true
                }
                FollowKind::Counterpart => {
                    diesel::select(diesel::dsl::exists(counterparts::table.find(target)))
                        .get_result(conn)?
                }
                FollowKind::Playbook => {
                    diesel::select(diesel::dsl::exists(playbooks::table.find(target)))
                        .get_result(conn)?
                }
                FollowKind::Partnership => {
                    diesel::select(diesel::dsl::exists(partnerships::table.find(target)))
                        .get_result(conn)?
                }
                FollowKind::Topic | FollowKind::Demand | FollowKind::Country => true,
            };
            if !exists {
                return Err(AppError::NotFound);
            }
            Ok::<_, AppError>(follows::follow(conn, &member.id, &followed)?)
        })
        .await?;
    FlashMessage::success(if added {
        format!("You follow this {noun}: new activity appears in your notifications.")
    } else {
        format!("You already follow this {noun}.")
    })
    .send();
    Ok(see_other(&back))
}

/// `POST /follows/stop`.
pub async fn stop(
    me: CurrentUser,
    state: web::Data<AppState>,
    form: CsrfForm<FollowForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let back = back_to(&input.back).to_owned();
    let Ok(kind) = FollowKind::parse(&input.kind) else {
        FlashMessage::error("Nothing to stop following: there is nothing of that kind.").send();
        return Ok(see_other(&back));
    };
    let (member, target) = (me.0, input.target);
    let stopped = state
        .db
        .run(move |conn| follows::stop(conn, &member.id, kind, &target).map_err(DbError::from))
        .await?;
    FlashMessage::success(if stopped {
        format!("You no longer follow this {}.", kind.noun())
    } else {
        format!("You were not following this {}.", kind.noun())
    })
    .send();
    Ok(see_other(&back))
}

/// One followed thing as listed.
struct Listed {
    kind: FollowKind,
    target: String,
    label: String,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/notifications.html")]
struct FollowingPage {
    ctx: PageContext,
    followed: Vec<Listed>,
}

/// `GET /account/notifications`: what the member follows.
pub async fn following(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let member = me.0;
    let followed = state
        .db
        .run(move |conn| {
            let rows: Vec<FollowRow> = follows::of_member(conn, &member.id)?;
            let mut listed = Vec::with_capacity(rows.len());
            for row in rows {
                let Ok(kind) = FollowKind::parse(&row.kind) else {
                    continue;
                };
                listed.push(describe(conn, &member, kind, row.target)?);
            }
            Ok::<_, AppError>(listed)
        })
        .await?;
    crate::web::ok(&FollowingPage { ctx, followed })
}

/// A followed thing's label: the code's label, or the case's title if the member may still
/// read it.
fn describe(
    conn: &mut crate::db::DbConn,
    member: &crate::db::users::Member,
    kind: FollowKind,
    target: String,
) -> Result<Listed, AppError> {
    use crate::domain::case_fields::{DemandKind, Topic};
    let (label, link) = match kind {
        FollowKind::Topic => (
            Topic::parse(&target).map_or(target.clone(), |t| t.label().to_owned()),
            Some(format!("/cases?topic={target}")),
        ),
        FollowKind::Demand => (
            DemandKind::parse(&target).map_or(target.clone(), |d| d.label().to_owned()),
            Some(format!("/cases?demand={target}")),
        ),
        FollowKind::Country => (
            crate::domain::Country::parse(&target).map_or(target.clone(), |c| c.name.to_owned()),
            None,
        ),
        FollowKind::Case => match reading::readable_case(conn, member.reader(), &target) {
            Ok((row, _)) => (row.title, Some(format!("/cases/{target}"))),
            Err(_) => ("A case you can no longer read".to_owned(), None),
        },
        FollowKind::Counterpart => (
            "A counterpart".to_owned(),
            Some(format!("/counterparts/{target}")),
        ),
        FollowKind::Playbook => ("A playbook".to_owned(), None),
        FollowKind::Partnership => ("A partnership".to_owned(), None),
    };
    Ok(Listed {
        kind,
        target,
        label,
        link,
    })
}

#[derive(Template)]
#[template(path = "notifications/list.html")]
struct NotificationsPage {
    ctx: PageContext,
    shown: Vec<Shown>,
    any_unread: bool,
    next: Option<String>,
    first_page: bool,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    before: Option<String>,
}

/// `GET /notifications`.
pub async fn list(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let member = me.0;
    let before = query.before.as_deref().and_then(Cursor::parse);
    let first_page = before.is_none();
    let (shown, next) = state
        .db
        .run(move |conn| inbox::page(conn, &member, before.as_ref()))
        .await?;
    crate::web::ok(&NotificationsPage {
        ctx,
        any_unread: shown.iter().any(|n| n.unread),
        shown,
        next: next.map(|c| c.to_string()),
        first_page,
    })
}

/// `POST /notifications/{id}/read`.
pub async fn read_one(
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (member, id) = (me.0, path.into_inner());
    state
        .db
        .run(move |conn| rows::mark_read(conn, &member.id, &id).map_err(DbError::from))
        .await?;
    Ok(see_other("/notifications"))
}

/// `POST /notifications/read-all`.
pub async fn read_all(
    me: CurrentUser,
    state: web::Data<AppState>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let member = me.0;
    let marked = state
        .db
        .run(move |conn| rows::mark_all_read(conn, &member.id).map_err(DbError::from))
        .await?;
    FlashMessage::success(match marked {
        0 => "Nothing was unread.".to_owned(),
        1 => "1 notification marked read.".to_owned(),
        n => format!("{n} notifications marked read."),
    })
    .send();
    Ok(see_other("/notifications"))
}
