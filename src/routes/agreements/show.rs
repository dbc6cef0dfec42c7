//! `/agreements/{id}`: the review page (one text's clauses with flags, highlights and
//! annotations), adding a text, and annotating.

use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use super::{TextFields, form_errors, new_text};
use crate::agreements::annotations::{self, NewAnnotation};
use crate::agreements::reading::{self, Review, current_texts};
use crate::agreements::{AgreementError, intake, language};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser, EmptyForm, Refusal, Viewer};
use crate::db::agreements::TextInfo;
use crate::domain::agreement::{Concern, annotation_body};
use crate::domain::markdown;
use crate::error::AppError;
use crate::routes::partnerships::country_name;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

/// `?text=` picks the text to review.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub text: Option<String>,
}

#[derive(Template)]
#[template(path = "agreements/show.html")]
struct ShowPage {
    ctx: PageContext,
    review: Review,
    /// Other agreements the reader may compare this one with: (id, title).
    others: Vec<(String, String)>,
    today: chrono::NaiveDate,
    /// The add-a-text form, refilled after an error.
    text_form: TextFields,
    errors: FormErrors,
}

impl ShowPage {
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
    fn language(&self, code: &str) -> String {
        language::name(code).to_owned()
    }
    fn languages(&self) -> &'static [(&'static str, &'static str)] {
        language::LANGUAGES
    }
    fn current(&self) -> Vec<&TextInfo> {
        current_texts(&self.review.texts)
    }
    fn older(&self) -> Vec<&TextInfo> {
        let current = self.current();
        self.review
            .texts
            .iter()
            .filter(|t| !current.iter().any(|c| c.id == t.id))
            .collect()
    }
    fn newest_of(&self, language: &str) -> Option<String> {
        self.current()
            .into_iter()
            .find(|t| t.language == language)
            .map(|t| t.id.clone())
    }
    fn newest_version_of(&self, language: &str) -> i32 {
        self.current()
            .into_iter()
            .find(|t| t.language == language)
            .map_or(0, |t| t.version)
    }
    fn concerns(&self) -> &'static [Concern] {
        Concern::ALL
    }
    fn render_markdown(&self, text: &str) -> String {
        markdown::render(text)
    }
    fn days_until(&self, date: &chrono::NaiveDate) -> i64 {
        (*date - self.today).num_days()
    }
}

async fn page(
    ctx: PageContext,
    viewer: &Viewer,
    state: &AppState,
    (id, text_id): (String, Option<String>),
    (text_form, errors): (TextFields, FormErrors),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let reader = viewer.reader();
    let shelf = state.rules.clone();
    let (review, others) = state
        .db
        .run(move |conn| {
            let reader = reader.as_reader();
            let review = reading::review(conn, &shelf, reader, &id, text_id.as_deref())?;
            let filter = crate::db::agreements::AgreementFilter::default();
            let (listed, _) = crate::db::agreements::list(conn, reader, &filter, 0, 50)?;
            let others = listed
                .into_iter()
                .filter(|l| l.row.id != id)
                .map(|l| (l.row.id, l.row.title))
                .collect();
            Ok::<_, AgreementError>((review, others))
        })
        .await?;
    render(
        status,
        &ShowPage {
            ctx,
            review,
            others,
            today: chrono::Utc::now().date_naive(),
            text_form,
            errors,
        },
    )
}

/// `GET /agreements/{id}`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let text = query.into_inner().text.filter(|t| !t.trim().is_empty());
    let form = TextFields::default();
    page(
        ctx,
        &viewer,
        &state,
        (path.into_inner(), text),
        (form, FormErrors::new()),
        StatusCode::OK,
    )
    .await
}

/// The add-a-text form comes back on the review page.
impl Refusal for TextFields {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let viewer = Viewer::extract(&req).await?;
        let state = AppState::of(&req)?;
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let ctx = PageContext::of(&req).await?;
        page(
            ctx,
            &viewer,
            &state,
            (id, None),
            (self, FormErrors::forged()),
            StatusCode::FORBIDDEN,
        )
        .await
    }
}

/// `POST /agreements/{id}/texts`: a new version of a language, or a new language version.
pub async fn add_text(
    ctx: PageContext,
    me: CurrentUser,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    upload: CsrfUpload<TextFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let text = match new_text(&upload.input, upload.file.as_ref()) {
        Ok(text) => text,
        Err(errors) => {
            return page(
                ctx,
                &viewer,
                &state,
                (id, None),
                (upload.input, errors),
                status,
            )
            .await;
        }
    };
    let editor = me.0.clone();
    let key = id.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(intake::add_text(conn, &editor, &key, &text)))
        .await?;
    match saved {
        Ok(text_id) => {
            FlashMessage::success("Text added and reviewed.").send();
            Ok(see_other(&format!("/agreements/{id}?text={text_id}")))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            page(
                ctx,
                &viewer,
                &state,
                (id, None),
                (upload.input, errors),
                status,
            )
            .await
        }
    }
}

/// An annotation as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnnotationForm {
    pub clause_id: String,
    pub text_id: String,
    pub concern: String,
    pub body: String,
    pub city_only: Option<String>,
}

impl Refusal for AnnotationForm {}

/// `POST /agreements/{id}/annotations`.
pub async fn annotate(
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<AnnotationForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let back = format!(
        "/agreements/{id}?text={}#clause-form-{}",
        url::form_urlencoded::byte_serialize(input.text_id.as_bytes()).collect::<String>(),
        url::form_urlencoded::byte_serialize(input.clause_id.as_bytes()).collect::<String>()
    );
    let concern = Concern::parse(input.concern.trim());
    let body = annotation_body(&input.body);
    let (concern, body) = match (concern, body) {
        (Ok(concern), Ok(body)) => (concern, body),
        (Err(_), _) => {
            FlashMessage::error("Not saved: choose how much the clause concerns you.").send();
            return Ok(see_other(&back));
        }
        (_, Err(message)) => {
            FlashMessage::error(format!("Not saved: {message}")).send();
            return Ok(see_other(&back));
        }
    };
    let note = NewAnnotation {
        clause_id: input.clause_id.trim().to_owned(),
        concern,
        body,
        city_only: input.city_only.is_some(),
    };
    let author = me.0.clone();
    let key = id.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(annotations::add(conn, &author, &key, &note)))
        .await?;
    match saved {
        Ok(_) => FlashMessage::success("Annotation added.").send(),
        Err(AgreementError::Invalid(found)) => {
            let message = found
                .first()
                .map_or("the annotation is not valid", |e| e.message.as_str());
            FlashMessage::error(format!("Not saved: {message}")).send()
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&back))
}

/// `POST /agreements/{id}/annotations/{annotation}/delete`: its author or a moderator.
pub async fn delete_annotation(
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    _: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (id, annotation) = path.into_inner();
    let member = me.0.clone();
    let key = id.clone();
    state
        .db
        .run(move |conn| annotations::delete(conn, &member, &key, &annotation))
        .await?;
    FlashMessage::success("Annotation deleted.").send();
    Ok(see_other(&format!("/agreements/{id}")))
}

async fn load_review(
    viewer: &Viewer,
    state: &AppState,
    id: String,
    text: Option<String>,
) -> Result<Review, AppError> {
    let reader = viewer.reader();
    let text = text.filter(|t| !t.trim().is_empty());
    let shelf = state.rules.clone();
    Ok(state
        .db
        .run(move |conn| reading::review(conn, &shelf, reader.as_reader(), &id, text.as_deref()))
        .await?)
}

fn download(body: Vec<u8>, content_type: &str, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// `GET /agreements/{id}/review.md`: the review with its annotations as Markdown.
pub async fn review_markdown(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let review = load_review(&viewer, &state, path.into_inner(), query.into_inner().text).await?;
    let body = crate::agreements::report::markdown(&review).into_bytes();
    Ok(download(
        body,
        "text/markdown; charset=utf-8",
        "twinwise-review.md",
    ))
}

/// `GET /agreements/{id}/review.csv`: one row per flag and per annotation.
pub async fn review_csv(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let review = load_review(&viewer, &state, path.into_inner(), query.into_inner().text).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in crate::agreements::report::records(&review) {
        let safe = record.map(|cell| crate::routes::cases::export::spreadsheet_safe(&cell));
        writer
            .write_record(&safe)
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(download(
        body,
        "text/csv; charset=utf-8",
        "twinwise-review.csv",
    ))
}
