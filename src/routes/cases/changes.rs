//! `/moderation/changes`: changes to published cases that widen them, compared with the
//! published version and checked for identifying words before a moderator accepts them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, EmptyForm, Moderator, Refusal};
use crate::cases::CaseError;
use crate::cases::changes::{self, ChangeReview, PendingChange};
use crate::db::cases::CaseRow;
use crate::db::users::Member;
use crate::domain::case::CaseFields;
use crate::domain::country::Country;
use crate::domain::sensitivity::{Anonymity, Tlp};
use crate::domain::text::clean_text;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};
use crate::web::{diff, filters};
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "moderation/changes.html")]
struct QueuePage {
    ctx: PageContext,
    changes: Vec<(CaseRow, PendingChange)>,
    pager: Pager,
}

/// `GET /moderation/changes`.
pub async fn queue(
    ctx: PageContext,
    _: Moderator,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(query.page.as_deref(), 25);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (changes, total) = state
        .db
        .run(move |conn| changes::queue(conn, offset, limit).map_err(AppError::from))
        .await?;
    pager.total = total;
    crate::web::ok(&QueuePage {
        ctx,
        changes,
        pager,
    })
}

/// One part of the case that the change alters.
struct Difference {
    label: &'static str,
    /// Word-level comparison, escaped, with `<del>` and `<ins>`.
    html: String,
}

fn level(tlp: &str) -> String {
    Tlp::parse(tlp).map_or_else(|_| tlp.to_owned(), |t| t.label().to_owned())
}

fn anonymity(raw: &str) -> String {
    Anonymity::parse(raw).map_or_else(|_| raw.to_owned(), |a| a.label().to_owned())
}

fn countries(tlp: &str, codes: &[String]) -> String {
    if tlp != Tlp::Amber.as_str() {
        return String::new();
    }
    let mut names: Vec<&str> = codes
        .iter()
        .map(|c| Country::from_code(c).map_or(c.as_str(), |c| c.name))
        .collect();
    names.sort_unstable();
    names.join(", ")
}

fn references(fields: &CaseFields) -> String {
    fields
        .reference_title
        .iter()
        .zip(&fields.reference_url)
        .map(|(title, url)| format!("{title} <{url}>"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the proposal changes, part by part, for the parts that differ.
fn differences(review: &ChangeReview) -> Vec<Difference> {
    let Some(new) = &review.change.fields else {
        return Vec::new();
    };
    let old = &review.published;
    let old_counterpart = review
        .case
        .counterpart
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let new_counterpart = review
        .proposed_counterpart
        .clone()
        .unwrap_or_else(|| old_counterpart.clone());
    let parts: Vec<(&'static str, String, String)> = vec![
        ("Level", level(&old.tlp), level(&new.tlp)),
        (
            "Shared with (TLP:AMBER)",
            countries(&old.tlp, &old.audience),
            countries(&new.tlp, &new.audience),
        ),
        (
            "Anonymity",
            anonymity(&old.anonymity),
            anonymity(&new.anonymity),
        ),
        ("Title", old.title.clone(), new.title.clone()),
        ("Summary", old.summary.clone(), new.summary.clone()),
        ("Narrative", old.narrative.clone(), new.narrative.clone()),
        ("Counterpart", old_counterpart, new_counterpart),
        ("Outcome", old.outcome.clone(), new.outcome.clone()),
        ("Lessons learned", old.lessons.clone(), new.lessons.clone()),
        ("References", references(old), references(new)),
        ("Date", old.occurred_on.clone(), new.occurred_on.clone()),
        ("Channel", old.channel.clone(), new.channel.clone()),
        ("Response", old.response.clone(), new.response.clone()),
        ("Topics", old.topics.join(", "), new.topics.join(", ")),
        (
            "Demand kinds",
            old.demands.join(", "),
            new.demands.join(", "),
        ),
    ];
    parts
        .into_iter()
        .filter(|(_, before, after)| before.trim() != after.trim())
        .map(|(label, before, after)| Difference {
            label,
            html: diff::words_html(&before, &after),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "moderation/change_review.html")]
struct ReviewPage {
    ctx: PageContext,
    review: ChangeReview,
    differences: Vec<Difference>,
    note: String,
    errors: FormErrors,
}

impl ReviewPage {
    fn hides_identity(&self) -> bool {
        self.review.anonymity != Anonymity::None
    }
}

async fn review_page(
    ctx: PageContext,
    state: &AppState,
    me: Member,
    id: String,
    note: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let review = state
        .db
        .run(move |conn| Ok::<_, AppError>(changes::review(conn, me.reader(), &id)))
        .await?;
    let review = match review {
        Ok(review) => review,
        Err(CaseError::WrongState(_)) => {
            FlashMessage::info("No change waits on that case any more.").send();
            return Ok(see_other("/moderation/changes"));
        }
        Err(e) => return Err(e.into()),
    };
    let differences = differences(&review);
    render(
        status,
        &ReviewPage {
            ctx,
            review,
            differences,
            note,
            errors,
        },
    )
}

/// `GET /moderation/changes/{id}`: the change against the published version.
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
            "The change to “{title}” was {verb}; the author has been emailed."
        ))
        .send(),
        Err(CaseError::WrongState(why)) => {
            FlashMessage::error(format!("Not done: {why}.")).send()
        }
        Err(CaseError::UnknownCounterpart) => FlashMessage::error(
            "Not accepted: the counterpart the change names was merged or removed. Return it so that the author can choose again.",
        )
        .send(),
        Err(e) => return Err(e.into()),
    }
    Ok(see_other("/moderation/changes"))
}

/// `POST /moderation/changes/{id}/accept`.
pub async fn accept(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let settings = state.settings.clone();
    let outcome = state
        .db
        .run(move |conn| Ok::<_, AppError>(changes::accept(conn, &settings, &me, &id)))
        .await?;
    state.wake_outbox();
    decided(outcome, "accepted")
}

/// The return form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnChangeForm {
    pub note: String,
}

impl Refusal for ReturnChangeForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (me, state) = (Moderator::of(&req).await?, AppState::of(&req)?);
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let (ctx, forged) = (PageContext::of(&req).await?, FormErrors::forged());
        review_page(
            ctx,
            &state,
            me,
            id,
            self.note,
            forged,
            StatusCode::FORBIDDEN,
        )
        .await
    }
}

/// `POST /moderation/changes/{id}/return`: needs a note, which the author reads.
pub async fn return_change(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<ReturnChangeForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let note = match clean_text(&input.note, "a note for the author", 2_000, true) {
        Ok(note) => note,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("note", e);
            return review_page(
                ctx,
                &state,
                me,
                id,
                input.note,
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
            Ok::<_, AppError>(changes::return_change(conn, &settings, &me, &id, &note))
        })
        .await?;
    state.wake_outbox();
    decided(outcome, "returned to its author")
}
