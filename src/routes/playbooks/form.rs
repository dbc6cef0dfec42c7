//! `/playbooks/new` and `/playbooks/{slug}/edit`: the moderators' playbook form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;

use super::errors_from;
use crate::auth::{CsrfForm, Moderator, Refusal};
use crate::domain::case_fields::{DemandKind, Topic};
use crate::domain::country::{COUNTRIES, Country};
use crate::domain::playbook::{PlaybookFields, PlaybookInput, placeholder_list};
use crate::domain::sensitivity::Tlp;
use crate::error::AppError;
use crate::playbooks::{PlaybookError, authoring};
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

/// Empty rows offered for new steps and letters.
const NEW_STEP_ROWS: usize = 2;
const NEW_LETTER_ROWS: usize = 1;

#[derive(Template)]
#[template(path = "playbooks/form.html")]
struct FormPage {
    ctx: PageContext,
    /// `None` for a new playbook.
    slug: Option<String>,
    /// The revision the edit started from.
    base: i32,
    form: PlaybookFields,
    errors: FormErrors,
}

/// One row of steps or letters: number, key, title, body.
pub(super) type Row = (usize, String, String, String);

pub(super) fn rows_of(
    keys: &[String],
    titles: &[String],
    bodies: &[String],
    extra: usize,
) -> Vec<Row> {
    let typed = titles.len().max(bodies.len());
    (0..typed + extra)
        .map(|i| {
            let get = |v: &[String]| v.get(i).cloned().unwrap_or_default();
            (i + 1, get(keys), get(titles), get(bodies))
        })
        .collect()
}

impl FormPage {
    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }
    fn demands(&self) -> &'static [DemandKind] {
        DemandKind::ALL
    }
    fn levels(&self) -> &'static [Tlp] {
        Tlp::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn placeholders(&self) -> String {
        placeholder_list()
    }
    fn has_topic(&self, t: &Topic) -> bool {
        self.form.topics.iter().any(|x| x == t.as_str())
    }
    fn has_demand(&self, d: &DemandKind) -> bool {
        self.form.demands.iter().any(|x| x == d.as_str())
    }
    fn in_audience(&self, c: &Country) -> bool {
        self.form.audience.iter().any(|x| x == c.code)
    }
    fn step_rows(&self) -> Vec<Row> {
        let f = &self.form;
        rows_of(&f.step_key, &f.step_title, &f.step_body, NEW_STEP_ROWS)
    }
    fn letter_rows(&self) -> Vec<Row> {
        let f = &self.form;
        rows_of(
            &f.letter_key,
            &f.letter_title,
            &f.letter_body,
            NEW_LETTER_ROWS,
        )
    }
    fn action(&self) -> String {
        match &self.slug {
            Some(slug) => format!("/playbooks/{slug}/edit"),
            None => "/playbooks/new".into(),
        }
    }
}

fn page(
    ctx: PageContext,
    slug: Option<String>,
    base: i32,
    form: PlaybookFields,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &FormPage {
            ctx,
            slug,
            base,
            form,
            errors,
        },
    )
}

/// `GET /playbooks/new`.
pub async fn new(ctx: PageContext, _: Moderator) -> Result<HttpResponse, AppError> {
    let form = PlaybookFields {
        tlp: Tlp::Clear.as_str().into(),
        ..PlaybookFields::default()
    };
    page(ctx, None, 0, form, FormErrors::new(), StatusCode::OK)
}

/// Maps a workflow refusal onto the form, or passes other errors on.
fn refusal(e: PlaybookError) -> Result<FormErrors, AppError> {
    match e {
        PlaybookError::Invalid(found) => Ok(errors_from(found)),
        PlaybookError::Stale { current } => Ok(FormErrors::whole_form(format!(
            "Someone saved revision {current} while you were editing. Your text is kept below; \
             open the playbook in another tab, compare, and save again."
        ))),
        other => Err(other.into()),
    }
}

/// The new-playbook and edit forms come back with what was typed.
impl Refusal for PlaybookFields {
    async fn refuse(mut self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        Moderator::of(&req).await?;
        let slug = req.match_info().get("slug").map(str::to_owned);
        let base = self.base_revision.trim().parse::<i32>().unwrap_or(0);
        if let Some(slug) = &slug {
            self.slug = slug.clone();
        }
        let (ctx, forged) = (PageContext::of(&req).await?, FormErrors::forged());
        page(ctx, slug, base, self, forged, StatusCode::FORBIDDEN)
    }
}

/// `POST /playbooks/new`: saves a draft at revision 1.
pub async fn create(
    ctx: PageContext,
    me: Moderator,
    state: web::Data<AppState>,
    form: CsrfForm<PlaybookFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = match PlaybookInput::parse(&input, false) {
        Ok(parsed) => parsed,
        Err(found) => return page(ctx, None, 0, input, errors_from(found), status),
    };
    let member = me.0.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(authoring::create(conn, &member, &parsed)))
        .await?;
    match saved {
        Ok(slug) => {
            FlashMessage::success("Draft saved as revision 1. Publish it when it is ready.").send();
            Ok(see_other(&format!("/playbooks/{slug}")))
        }
        Err(e) => page(ctx, None, 0, input, refusal(e)?, status),
    }
}

/// `GET /playbooks/{slug}/edit`.
pub async fn edit(
    ctx: PageContext,
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let reader = me.0.clone();
    let key = slug.clone();
    let (base, fields) = state
        .db
        .run(move |conn| {
            let view = crate::playbooks::reading::load(conn, reader.reader(), &key, None)?;
            let links: Vec<String> = view
                .doc
                .cases
                .iter()
                .map(|id| format!("/cases/{id}"))
                .collect();
            Ok::<_, AppError>((
                view.row.current_revision,
                PlaybookFields::from_doc(&view.row.slug, &view.doc, &links),
            ))
        })
        .await?;
    page(
        ctx,
        Some(slug),
        base,
        fields,
        FormErrors::new(),
        StatusCode::OK,
    )
}

/// `POST /playbooks/{slug}/edit`: saves a new revision.
pub async fn update(
    ctx: PageContext,
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<PlaybookFields>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let CsrfForm(input) = form;
    let base = input.base_revision.trim().parse::<i32>().unwrap_or(0);
    let mut fields = input;
    // The address does not change once created.
    fields.slug = slug.clone();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = match PlaybookInput::parse(&fields, true) {
        Ok(parsed) => parsed,
        Err(found) => return page(ctx, Some(slug), base, fields, errors_from(found), status),
    };
    let member = me.0.clone();
    let key = slug.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(authoring::update(conn, &member, &key, base, &parsed)))
        .await?;
    match saved {
        Ok(number) => {
            FlashMessage::success(format!("Saved as revision {number}.")).send();
            Ok(see_other(&format!("/playbooks/{slug}")))
        }
        Err(e) => page(ctx, Some(slug.clone()), base, fields, refusal(e)?, status),
    }
}
