//! `/moderation/...`: the moderators' queues (for now: new members).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::accounts::AccountError;
use crate::accounts::moderation::{self, Decision};
use crate::auth::{CsrfForm, Moderator, Refusal};
use crate::cases::CaseError;
use crate::cases::flags::{self as case_flags, OpenFlag, Resolution};
use crate::db::users::{self, Member};
use crate::domain::country::COUNTRIES;
use crate::domain::text::clean_line;
use crate::domain::{CityName, Country};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::filters;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};
use crate::web::{render, see_other};

/// Registers the moderation routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/moderation").get(index))
        .service(web::resource("/moderation/members").get(members))
        .service(web::resource("/moderation/members/{id}/approve").post(approve))
        .service(web::resource("/moderation/members/{id}/reject").post(reject))
        .service(web::resource("/moderation/members/{id}/place").post(correct_place))
        .service(web::resource("/moderation/flags").get(flags))
        .service(web::resource("/moderation/flags/{id}/dismiss").post(dismiss_flag))
        .service(web::resource("/moderation/flags/{id}/hide").post(hide_comment))
        .service(web::resource("/moderation/alerts/{id}/dismiss").post(dismiss_alert));
}

#[derive(Template)]
#[template(path = "moderation/index.html")]
struct IndexPage {
    ctx: PageContext,
    awaiting_approval: i64,
    submitted_cases: i64,
    /// Changes to published cases waiting.
    changes: i64,
    /// Open pattern alerts: id, a sentence, and a link when it has a page.
    alerts: Vec<(String, String, String)>,
    /// Suggested playbook edits waiting.
    suggestions: i64,
}

/// `GET /moderation`.
pub async fn index(
    ctx: PageContext,
    _: Moderator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (awaiting_approval, submitted_cases, changes, alerts, suggestions) = state
        .db
        .run(|conn| {
            let members = users::count_awaiting_approval(conn)?;
            let suggestions = crate::db::playbooks::open_suggestions(conn)?;
            let (_, cases) =
                crate::cases::moderation::queue(conn, 0, 0).map_err(|e| anyhow::anyhow!(e))?;
            let changes = crate::cases::changes::count_waiting(conn)?;
            let mut alerts = Vec::new();
            for alert in crate::cases::patterns::open(conn)? {
                let counterpart = match &alert.counterpart_id {
                    Some(id) => crate::db::counterparts::find(conn, id)?,
                    None => None,
                };
                // A counterpart alert links its page; a topic alert links the filtered case list.
                let link = match (&counterpart, &alert.topic, &alert.demand) {
                    (Some(c), _, _) => format!("/counterparts/{}", c.id),
                    (None, Some(topic), Some(demand)) => {
                        format!("/cases?topic={topic}&demand={demand}")
                    }
                    _ => "/cases".to_owned(),
                };
                alerts.push((
                    alert.id.clone(),
                    alert.describe(counterpart.as_ref().map(|c| c.name.as_str())),
                    link,
                ));
            }
            Ok::<_, AppError>((members, cases, changes, alerts, suggestions))
        })
        .await?;
    render(
        StatusCode::OK,
        &IndexPage {
            ctx,
            awaiting_approval,
            submitted_cases,
            changes,
            alerts,
            suggestions,
        },
    )
}

#[derive(Template)]
#[template(path = "moderation/members.html")]
struct MembersPage {
    ctx: PageContext,
    pending: Vec<Member>,
    pager: Pager,
}

impl MembersPage {
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
}

/// `GET /moderation/members`: verified registrants waiting for a decision, oldest first.
pub async fn members(
    ctx: PageContext,
    _: Moderator,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(query.page.as_deref(), 25);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (pending, total) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                users::awaiting_approval(conn, offset, limit)?,
                users::count_awaiting_approval(conn)?,
            ))
        })
        .await?;
    pager.total = total;
    render(
        StatusCode::OK,
        &MembersPage {
            ctx,
            pending,
            pager,
        },
    )
}

/// The reject form's optional note.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RejectForm {
    pub reason: String,
}

impl Refusal for RejectForm {}

async fn decide(
    state: web::Data<AppState>,
    moderator: Member,
    user_id: String,
    decision: Decision,
) -> Result<HttpResponse, AppError> {
    let settings = state.settings.clone();
    let approve = decision == Decision::Approve;
    let outcome = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(moderation::decide(
                conn, &settings, &moderator, &user_id, &decision,
            ))
        })
        .await?;
    match outcome {
        Ok(name) => {
            state.wake_outbox();
            let verb = if approve { "approved" } else { "rejected" };
            FlashMessage::success(format!("{name} was {verb} and has been emailed.")).send();
        }
        Err(AccountError::NotPending) => {
            FlashMessage::error("That registration was already decided.").send()
        }
        Err(other) => return Err(other.into()),
    }
    Ok(see_other("/moderation/members"))
}

/// `POST /moderation/members/{id}/approve`.
pub async fn approve(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<RejectForm>,
) -> Result<HttpResponse, AppError> {
    decide(state, me, path.into_inner(), Decision::Approve).await
}

/// `POST /moderation/members/{id}/reject`.
pub async fn reject(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<RejectForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let reason = if input.reason.trim().is_empty() {
        None
    } else {
        match clean_line(&input.reason, "the note", 500) {
            Ok(reason) => Some(reason),
            Err(e) => {
                FlashMessage::error(format!("Not rejected: {e}")).send();
                return Ok(see_other("/moderation/members"));
            }
        }
    };
    decide(state, me, path.into_inner(), Decision::Reject { reason }).await
}

/// The form that corrects a member's city and country.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PlaceForm {
    pub city: String,
    pub country: String,
}

impl Refusal for PlaceForm {}

/// `POST /moderation/members/{id}/place`.
pub async fn correct_place(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<PlaceForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let place = CityName::parse(&input.city)
        .map_err(|e| e.to_string())
        .and_then(|city| {
            Country::parse(&input.country)
                .map(|country| (city, country))
                .map_err(|e| e.to_string())
        });
    let (city, country) = match place {
        Ok(place) => place,
        Err(e) => {
            FlashMessage::error(format!("Not corrected: {e}")).send();
            return Ok(see_other("/moderation/members"));
        }
    };
    let id = path.into_inner();
    let outcome = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(moderation::correct_place(conn, &me, &id, &city, country))
        })
        .await?;
    match outcome {
        Ok(Some(name)) => {
            FlashMessage::success(format!("{name}'s city and country were corrected.")).send()
        }
        Ok(None) => {
            FlashMessage::info("Nothing to correct: that is already where they work.").send()
        }
        Err(AccountError::NoSuchAccount) => return Err(AppError::NotFound),
        Err(other) => return Err(other.into()),
    }
    Ok(see_other("/moderation/members"))
}

#[derive(Template)]
#[template(path = "moderation/flags.html")]
struct FlagsPage {
    ctx: PageContext,
    flags: Vec<OpenFlag>,
    pager: Pager,
}

/// `GET /moderation/flags`: open flags, oldest first.
pub async fn flags(
    ctx: PageContext,
    _: Moderator,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(query.page.as_deref(), 25);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (flags, total) = state
        .db
        .run(move |conn| case_flags::open(conn, offset, limit).map_err(AppError::from))
        .await?;
    pager.total = total;
    render(StatusCode::OK, &FlagsPage { ctx, flags, pager })
}

async fn settle(
    state: web::Data<AppState>,
    me: Member,
    flag_id: String,
    resolution: Resolution,
    done: &'static str,
) -> Result<HttpResponse, AppError> {
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(case_flags::resolve(conn, &me, &flag_id, resolution)))
        .await?
    {
        Ok(()) => FlashMessage::success(done).send(),
        Err(CaseError::WrongState(why)) => FlashMessage::error(format!("Not done: {why}.")).send(),
        Err(e) => return Err(e.into()),
    }
    Ok(see_other("/moderation/flags"))
}

/// `POST /moderation/flags/{id}/dismiss`.
pub async fn dismiss_flag(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<RejectForm>,
) -> Result<HttpResponse, AppError> {
    settle(
        state,
        me,
        path.into_inner(),
        Resolution::Dismiss,
        "The flag was dismissed.",
    )
    .await
}

/// `POST /moderation/flags/{id}/hide`: hides the flagged comment from everyone.
pub async fn hide_comment(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<RejectForm>,
) -> Result<HttpResponse, AppError> {
    settle(
        state,
        me,
        path.into_inner(),
        Resolution::HideComment,
        "The comment is hidden.",
    )
    .await
}

/// `POST /moderation/alerts/{id}/dismiss`.
pub async fn dismiss_alert(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<RejectForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let dismissed = state
        .db
        .run(move |conn| {
            let dismissed = crate::cases::patterns::dismiss(conn, &id)?;
            if dismissed {
                crate::db::audit::record(
                    conn,
                    Some(&me.id),
                    crate::db::audit::Action::DismissAlert,
                    None,
                    &format!("alert {id}"),
                )?;
            }
            Ok::<_, AppError>(dismissed)
        })
        .await?;
    if dismissed {
        FlashMessage::success("The alert was dismissed.").send();
    } else {
        FlashMessage::info("That alert was already dismissed.").send();
    }
    Ok(see_other("/moderation"))
}
