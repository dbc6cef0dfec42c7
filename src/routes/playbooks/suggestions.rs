//! Suggested edits: members propose, moderators review the diff (or the conflicts) and
//! accept or reject with a note.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use super::form::{Row, rows_of};
use super::{done_or_flash, errors_from};
use crate::auth::{CsrfForm, CurrentUser, EmptyForm, Moderator, Refusal, Viewer};
use crate::db::playbooks::{self as rows, PlaybookRow, SuggestionEntry};
use crate::domain::playbook::{Conflict, SuggestionFields, placeholder_list};
use crate::error::AppError;
use crate::playbooks::suggestions::{self, Review};
use crate::playbooks::{PlaybookError, reading};
use crate::state::AppState;
use crate::web::diff;
use crate::web::filters;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "playbooks/suggest.html")]
struct SuggestPage {
    ctx: PageContext,
    row: PlaybookRow,
    form: SuggestionFields,
    errors: FormErrors,
}

impl SuggestPage {
    fn steps(&self) -> Vec<Row> {
        let f = &self.form;
        rows_of(&f.step_key, &f.step_title, &f.step_body, 0)
    }
    fn letters(&self) -> Vec<Row> {
        let f = &self.form;
        rows_of(&f.letter_key, &f.letter_title, &f.letter_body, 0)
    }
    fn placeholders(&self) -> String {
        placeholder_list()
    }
}

/// `GET /playbooks/{slug}/suggest`: the current text, ready to edit.
pub async fn new(
    ctx: PageContext,
    _: CurrentUser,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let reader = viewer.reader();
    let view = state
        .db
        .run(move |conn| Ok::<_, AppError>(reading::load(conn, reader.as_reader(), &slug, None)?))
        .await?;
    if view.row.status() != crate::domain::playbook::PlaybookStatus::Published {
        FlashMessage::error("Only published playbooks take suggested edits.").send();
        return Ok(see_other(&format!("/playbooks/{}", view.row.slug)));
    }
    let form = SuggestionFields::from_doc(view.number, &view.doc);
    crate::web::ok(&SuggestPage {
        ctx,
        row: view.row,
        form,
        errors: FormErrors::new(),
    })
}

/// The suggestion form comes back with what was typed, if the playbook is still readable.
impl Refusal for SuggestionFields {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (me, state) = (CurrentUser::of(&req).await?, AppState::of(&req)?);
        let slug = req.match_info().get("slug").unwrap_or_default().to_owned();
        let reader = Viewer::Member(me).reader();
        let row = state
            .db
            .run(move |conn| {
                Ok::<_, AppError>(reading::readable_row(conn, reader.as_reader(), &slug)?.0)
            })
            .await?;
        let (ctx, errors) = (PageContext::of(&req).await?, FormErrors::forged());
        let form = self;
        render(
            StatusCode::FORBIDDEN,
            &SuggestPage {
                ctx,
                row,
                form,
                errors,
            },
        )
    }
}

/// `POST /playbooks/{slug}/suggest`.
pub async fn create(
    ctx: PageContext,
    user: CurrentUser,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<SuggestionFields>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let CsrfForm(input) = form;
    let reader = viewer.reader();
    let key = slug.clone();
    let row = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(reading::readable_row(conn, reader.as_reader(), &key)?.0)
        })
        .await?;
    let member = user.0.clone();
    let reader = viewer.reader();
    let fields = input.clone();
    let key = slug.clone();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(suggestions::suggest(
                conn,
                &member,
                reader.as_reader(),
                &key,
                &fields,
            ))
        })
        .await?;
    let errors = match result {
        Ok(id) => {
            FlashMessage::success(
                "Thank you. Your suggestion is with the moderators; you will get an email when \
                 they decide.",
            )
            .send();
            return Ok(see_other(&format!("/playbooks/{slug}/suggestions/{id}")));
        }
        Err(PlaybookError::Invalid(found)) => errors_from(found),
        Err(PlaybookError::WrongState(why)) => FormErrors::whole_form(format!("Not sent: {why}.")),
        Err(e) => return Err(e.into()),
    };
    render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SuggestPage {
            ctx,
            row,
            form: input,
            errors,
        },
    )
}

#[derive(Template)]
#[template(path = "playbooks/suggestion.html")]
struct SuggestionPage {
    ctx: PageContext,
    review: Review,
    author: String,
    moderates: bool,
}

impl SuggestionPage {
    fn diff_html(&self) -> Option<String> {
        let merged = self.review.outcome.as_ref().ok()?;
        Some(diff::words_html(
            &self.review.current.to_markdown(&[]),
            &merged.to_markdown(&[]),
        ))
    }
    fn conflicts(&self) -> &[Conflict] {
        match &self.review.outcome {
            Ok(_) => &[],
            Err(c) => c,
        }
    }
    fn conflict_theirs(&self, c: &Conflict) -> String {
        diff::words_html(&c.base, &c.current)
    }
    fn conflict_ours(&self, c: &Conflict) -> String {
        diff::words_html(&c.base, &c.suggested)
    }
    fn is_open(&self) -> bool {
        self.review.row.is_open()
    }
    fn is_stale(&self) -> bool {
        self.review.row.base_revision != self.review.playbook.current_revision
    }
}

/// `GET /playbooks/{slug}/suggestions/{id}`: for its author and moderators.
pub async fn show(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let me = user.0.clone();
    let moderates = me.role >= crate::domain::Role::Moderator;
    let (review, author) = state
        .db
        .run(move |conn| {
            let review = suggestions::review(conn, &me, &id)?;
            if review.playbook.slug != slug {
                return Err(AppError::NotFound);
            }
            let names = rows::names(conn, std::slice::from_ref(&review.row.author_id))?;
            let author = names
                .get(&review.row.author_id)
                .cloned()
                .unwrap_or_else(|| "A member".into());
            Ok((review, author))
        })
        .await?;
    crate::web::ok(&SuggestionPage {
        ctx,
        review,
        author,
        moderates,
    })
}

/// `GET /suggestions/{id}`: the suggestion by its id alone, the address mail links when it may
/// not name the playbook (a slug is words of its title). Answers like the suggestion's page:
/// 404 unless the reader wrote it or moderates, and may still read the playbook.
pub async fn by_id(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let me = user.0;
    let (slug, id) = state
        .db
        .run(move |conn| {
            suggestions::review(conn, &me, &id)
                .map(|review| (review.playbook.slug, review.row.id))
                .map_err(AppError::from)
        })
        .await?;
    Ok(see_other(&format!("/playbooks/{slug}/suggestions/{id}")))
}

/// `POST /playbooks/{slug}/suggestions/{id}/accept`.
pub async fn accept(
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let back = format!("/playbooks/{slug}/suggestions/{id}");
    let member = me.0.clone();
    let settings = state.settings.clone();
    let result = state
        .db
        .run(move |conn| Ok::<_, AppError>(suggestions::accept(conn, &settings, &member, &id)))
        .await?;
    match result {
        Ok(number) => {
            FlashMessage::success(format!(
                "Accepted as revision {number}; the member is told by email."
            ))
            .send();
            Ok(see_other(&format!("/playbooks/{slug}")))
        }
        Err(PlaybookError::Conflicts(_)) => {
            FlashMessage::error(
                "Not accepted: the suggestion changes text that was changed since. Nothing was \
                 overwritten; see the conflicts below.",
            )
            .send();
            Ok(see_other(&back))
        }
        Err(e) => done_or_flash(Err(e), &back),
    }
}

/// The reject form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RejectForm {
    pub decision_note: String,
}

impl Refusal for RejectForm {}

/// `POST /playbooks/{slug}/suggestions/{id}/reject`: with a note the member receives.
pub async fn reject(
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: CsrfForm<RejectForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let back = format!("/playbooks/{slug}/suggestions/{id}");
    let CsrfForm(input) = form;
    let member = me.0.clone();
    let settings = state.settings.clone();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(
                suggestions::reject(conn, &settings, &member, &id, &input.decision_note)
                    .map(|()| "Rejected; the member is told by email, with your note.".to_owned()),
            )
        })
        .await?;
    done_or_flash(result, &back)
}

#[derive(Template)]
#[template(path = "moderation/suggestions.html")]
struct QueuePage {
    ctx: PageContext,
    open: Vec<SuggestionEntry>,
    recent: Vec<SuggestionEntry>,
}

/// `GET /moderation/suggestions`: open suggestions, oldest first, and the latest decisions.
pub async fn queue(
    ctx: PageContext,
    _: Moderator,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (open, recent) = state
        .db
        .run(|conn| {
            let open = rows::suggestions(conn, Some("open"), None, None, None, 200)?;
            let recent: Vec<SuggestionEntry> = rows::suggestions(conn, None, None, None, None, 40)?
                .into_iter()
                .filter(|s| s.status != "open")
                .take(20)
                .collect();
            Ok::<_, AppError>((open, recent))
        })
        .await?;
    crate::web::ok(&QueuePage { ctx, open, recent })
}
