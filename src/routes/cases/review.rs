//! `/moderation/cases`: submitted cases, the redaction check, publishing and returning.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, EmptyForm, Moderator, Refusal};
use crate::cases::reading::{self, CaseView};
use crate::cases::redaction::{self, Finding};
use crate::cases::{CaseError, moderation};
use crate::db::cases::{self as case_rows, CaseCard};
use crate::db::users::Member;
use crate::domain::policy::Reader;
use crate::domain::sensitivity::Anonymity;
use crate::domain::text::clean_text;
use crate::error::AppError;
use crate::state::AppState;

use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "moderation/cases.html")]
struct QueuePage {
    ctx: PageContext,
    cards: Vec<CaseCard>,
    pager: Pager,
}

/// The moderator as the policy's reader (the [`Moderator`] extractor checked the role).
fn moderator_reader(me: &Member) -> Reader<'_> {
    me.reader()
}

/// `GET /moderation/cases`.
pub async fn queue(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(query.page.as_deref(), 25);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (cards, total) = state
        .db
        .run(move |conn| {
            let (rows, total) = moderation::queue(conn, offset, limit)?;
            Ok::<_, AppError>((case_rows::cards(conn, moderator_reader(&me), rows)?, total))
        })
        .await?;
    pager.total = total;
    crate::web::ok(&QueuePage { ctx, cards, pager })
}

#[derive(Template)]
#[template(path = "moderation/case_review.html")]
struct ReviewPage {
    ctx: PageContext,
    case: CaseView,
    findings: Vec<Finding>,
    terms: Vec<String>,
    reason: String,
    errors: FormErrors,
}

async fn review_page(
    ctx: PageContext,
    state: &AppState,
    me: Member,
    id: String,
    reason: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (case, terms) = state
        .db
        .run(move |conn| {
            let case = reading::load(conn, moderator_reader(&me), &id, 1)?;
            let terms = redaction::terms_for_case(conn, &case.row)?;
            Ok::<_, AppError>((case, terms))
        })
        .await?;
    let findings = redaction::find(&case, &terms);
    render(
        status,
        &ReviewPage {
            ctx,
            case,
            findings,
            terms,
            reason,
            errors,
        },
    )
}

/// `GET /moderation/cases/{id}`: the case as submitted, with the redaction check.
pub async fn review(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    review_page(
        ctx,
        &state,
        me,
        path.into_inner(),
        String::new(),
        FormErrors::new(),
        StatusCode::OK,
    )
    .await
}

fn decided(outcome: Result<String, CaseError>, verb: &str) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(title) => FlashMessage::success(format!(
            "“{title}” was {verb}; the author has been emailed."
        ))
        .send(),
        Err(CaseError::WrongState(_)) => {
            FlashMessage::error("That case was already decided.").send()
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other("/moderation/cases"))
}

/// `POST /moderation/cases/{id}/publish`.
pub async fn publish(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let settings = state.settings.clone();
    let outcome = state
        .db
        .run(move |conn| Ok::<_, AppError>(moderation::publish(conn, &settings, &me, &id)))
        .await?;
    state.wake_outbox();
    decided(outcome, "published")
}

/// The return form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    pub reason: String,
}

impl Refusal for ReturnForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (me, state) = (Moderator::of(&req).await?, AppState::of(&req)?);
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let (ctx, forged) = (PageContext::of(&req).await?, FormErrors::forged());
        review_page(
            ctx,
            &state,
            me,
            id,
            self.reason,
            forged,
            StatusCode::FORBIDDEN,
        )
        .await
    }
}

/// `POST /moderation/cases/{id}/return`: needs a reason, which the author receives.
pub async fn return_case(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<ReturnForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let reason = match clean_text(&input.reason, "the reason", 2_000, true) {
        Ok(reason) => reason,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("reason", e);
            return review_page(
                ctx,
                &state,
                me,
                id,
                input.reason,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let settings = state.settings.clone();
    let outcome = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(moderation::return_to_author(
                conn, &settings, &me, &id, &reason,
            ))
        })
        .await?;
    state.wake_outbox();
    decided(outcome, "returned to its author")
}
