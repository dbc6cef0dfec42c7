//! `/cases/{id}`: the case page, and the discussion around it (timeline entries, comments,
//! "we faced this too", flags, submission).

use crate::db::follows;
use crate::domain::follow::FollowKind;
use actix_web::{HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, EmptyForm, Refusal, Viewer};
use crate::cases::discussion::{self, EntryAdded};
use crate::cases::reading::{self, CaseView, Revision};
use crate::cases::{CaseError, authoring, changes};
use crate::db::cases::CaseRow;
use crate::db::playbooks::{self as playbook_rows, PlaybookRow};
use crate::domain::case::{COMMENT_MAX_BYTES, TIMELINE_ENTRY_MAX, parse_date};
use crate::domain::playbook::UseOutcome;
use crate::domain::policy::CaseStatus;
use crate::domain::sensitivity::Tlp;
use crate::domain::text::{clean_line, clean_text};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::filters;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};
use crate::web::see_other;

#[derive(Template)]
#[template(path = "cases/show.html")]
struct ShowPage {
    ctx: PageContext,
    case: CaseView,
    /// Pages of the discussion (`?page=N`).
    comment_pager: Pager,
    today: String,
    /// Published playbooks matching the case's topics and demand kinds.
    playbooks: Vec<PlaybookRow>,
    /// Playbooks the city recorded using: (id, slug, title, outcome).
    used: Vec<(String, String, String, UseOutcome)>,
    /// For the author's "we used this playbook" form: every playbook they may pick.
    choices: Vec<PlaybookRow>,
    /// Whether the signed-in reader follows the case (`None` for visitors).
    following: Option<bool>,
}

impl ShowPage {
    /// The case page's own address, for buttons that come back to it.
    fn path(&self) -> String {
        format!("/cases/{}", self.case.row.id)
    }

    fn status(&self) -> CaseStatus {
        self.case.row.status()
    }
    fn tlp(&self) -> Tlp {
        self.case.row.tlp()
    }
    fn snippet_html(&self, _card: &crate::db::cases::CaseCard) -> Option<String> {
        None
    }
    fn pager_base(&self) -> String {
        format!("/cases/{}?", self.case.row.id)
    }
    fn outcomes(&self) -> &'static [UseOutcome] {
        UseOutcome::ALL
    }
}

/// `GET /cases/{id}`: 404 for a case the reader may not see, exactly as for none at all.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reader = viewer.reader();
    let mut comment_pager = Pager::new(query.page.as_deref(), reading::COMMENTS_PER_PAGE);
    let comment_page = comment_pager.page;
    let member_id = viewer.member().map(|m| m.id.clone());
    let (case, playbooks, used, choices, following) = state
        .db
        .run(move |conn| {
            let reader = reader.as_reader();
            let case = reading::load(conn, reader, &id, comment_page)?;
            let following = match &member_id {
                Some(me) => Some(follows::is_following(conn, me, FollowKind::Case, &id)?),
                None => None,
            };
            let playbooks = playbook_rows::for_case(conn, reader, &case.topics, &case.demands, 5)?;
            let used = playbook_rows::uses_of_case(conn, reader, &id)?;
            let choices = if case.is_author && case.row.status() == CaseStatus::Published {
                let published = playbook_rows::PlaybookFilter::default();
                playbook_rows::list(conn, reader, &published, 0, 200)?
            } else {
                Vec::new()
            };
            Ok::<_, AppError>((case, playbooks, used, choices, following))
        })
        .await?;
    let today = chrono::Utc::now().date_naive().to_string();
    comment_pager.total = case.comment_total;
    crate::web::ok(&ShowPage {
        ctx,
        comment_pager,
        case,
        today,
        playbooks,
        used,
        choices,
        following,
    })
}

/// Runs a discussion action on a case the member may read; flashes the outcome and goes back.
async fn on_readable_case<F>(
    state: &AppState,
    viewer: &Viewer,
    case_id: &str,
    work: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConn, &crate::db::users::Member) -> Result<String, CaseError>
        + Send
        + 'static,
{
    let member = viewer
        .member()
        .cloned()
        .ok_or_else(|| AppError::LoginRequired {
            next: format!("/cases/{case_id}"),
        })?;
    let reader = viewer.reader();
    let id = case_id.to_owned();
    let message = state
        .db
        .run(move |conn| {
            // Reading first applies the policy: a case the member cannot see is a 404.
            reading::readable_case(conn, reader.as_reader(), &id)?;
            work(conn, &member)
        })
        .await;
    match message {
        Ok(text) => {
            // The action may have recorded an event for the fan-out, which the worker runs.
            state.wake_outbox();
            FlashMessage::success(text).send()
        }
        Err(CaseError::WrongState(why)) => FlashMessage::error(format!("Not done: {why}.")).send(),
        Err(CaseError::NotAuthor) => {
            FlashMessage::error("Only the case's author can do that.").send()
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&format!("/cases/{case_id}")))
}

fn refuse(case_id: &str, message: impl Into<String>) -> HttpResponse {
    FlashMessage::error(message.into()).send();
    see_other(&format!("/cases/{case_id}"))
}

/// `POST /cases/{id}/submit`: the author sends a draft or returned case to the moderators.
pub async fn submit(
    _: CurrentUser,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let case_id = id.clone();
    on_readable_case(&state, &viewer, &id, move |conn, me| {
        authoring::submit(conn, me, &case_id)?;
        Ok("Submitted. A moderator will review the case; you will get an email either way.".into())
    })
    .await
}

/// The timeline form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TimelineForm {
    pub occurred_on: String,
    pub body: String,
}

impl Refusal for TimelineForm {}

/// `POST /cases/{id}/timeline`: the author adds a dated entry.
pub async fn add_timeline(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<TimelineForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let date = match parse_date(&input.occurred_on, chrono::Utc::now().date_naive()) {
        Ok(date) => date,
        Err(e) => return Ok(refuse(&id, format!("Timeline entry not added: {e}"))),
    };
    let body = match clean_text(&input.body, "the timeline entry", TIMELINE_ENTRY_MAX, true) {
        Ok(body) => body,
        Err(e) => return Ok(refuse(&id, format!("Timeline entry not added: {e}"))),
    };
    let case_id = id.clone();
    on_readable_case(&state, &viewer, &id, move |conn, me| {
        Ok(
            match discussion::add_timeline_entry(conn, me, &case_id, date, &body)? {
                EntryAdded::Shown => "Timeline entry added.".into(),
                EntryAdded::Held => "Your entry waits for a moderator: the case hides who reported it, so a moderator checks new text for words that would identify your city before readers see it.".into(),
            },
        )
    })
    .await
}

/// The comment form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    pub body: String,
}

impl Refusal for CommentForm {}

/// `POST /cases/{id}/comments`.
pub async fn add_comment(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<CommentForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    if input.body.len() > COMMENT_MAX_BYTES {
        return Ok(refuse(&id, "Comment not posted: keep it to 20 KB."));
    }
    let body = match clean_text(&input.body, "a comment", usize::MAX, true) {
        Ok(body) => body,
        Err(e) => return Ok(refuse(&id, format!("Comment not posted: {e}"))),
    };
    let case_id = id.clone();
    on_readable_case(&state, &viewer, &id, move |conn, me| {
        discussion::add_comment(conn, me, &case_id, &body)?;
        Ok("Comment posted.".into())
    })
    .await
}

/// `POST /cases/{id}/faced`: "we faced this too", once per member.
pub async fn faced(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let case_id = id.clone();
    on_readable_case(&state, &viewer, &id, move |conn, me| {
        Ok(if discussion::mark_faced(conn, me, &case_id)? {
            "Thank you: your city is counted as having faced this too.".into()
        } else {
            "You had already said your city faced this too.".into()
        })
    })
    .await
}

/// The flag form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FlagForm {
    pub comment_id: String,
    pub reason: String,
}

impl Refusal for FlagForm {}

/// `POST /cases/{id}/flag`: tells the moderators about a case or a comment.
pub async fn flag(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<FlagForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let reason = match clean_line(&input.reason, "a reason", 500) {
        Ok(reason) => reason,
        Err(e) => return Ok(refuse(&id, format!("Not flagged: {e}"))),
    };
    let comment = Some(input.comment_id.trim().to_owned()).filter(|c| !c.is_empty());
    let case_id = id.clone();
    on_readable_case(&state, &viewer, &id, move |conn, me| {
        discussion::flag(conn, me, &case_id, comment.as_deref(), &reason)?;
        Ok("Thank you. The moderators will look at it.".into())
    })
    .await
}

/// `POST /cases/{id}/change/withdraw`: the author takes back a waiting change, or dismisses
/// a returned one.
pub async fn withdraw_change(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let case_id = id.clone();
    on_readable_case(&state, &viewer, &id, move |conn, me| {
        changes::withdraw(conn, me, &case_id)?;
        Ok("The change is withdrawn; readers see the published version.".into())
    })
    .await
}

#[derive(Template)]
#[template(path = "cases/revisions.html")]
struct RevisionsPage {
    ctx: PageContext,
    case: CaseRow,
    revisions: Vec<Revision>,
}

/// `GET /cases/{id}/revisions`: for the author and moderators.
pub async fn revisions(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reader = viewer.reader();
    let (case, revisions) = state
        .db
        .run(move |conn| reading::revisions(conn, reader.as_reader(), &id).map_err(AppError::from))
        .await?;
    crate::web::ok(&RevisionsPage {
        ctx,
        case,
        revisions,
    })
}
