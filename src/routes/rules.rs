//! `/rules`: the clause rule library, by category, and each rule with its patterns, examples,
//! history and a test bench (paste text, see what this rule and the others flag in it). The
//! library is guidance, not case material: everyone may read it; moderators curate it.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::agreements::library::Library;
use crate::agreements::reading::{Segment, segments};
use crate::agreements::rules::{self as curation, RulePage};
use crate::agreements::{AgreementError, review, rulebook};
use crate::auth::{CsrfForm, CurrentUser, Moderator, Refusal, Viewer};
use crate::db::rules::RevisionEntry;
use crate::domain::markdown;
use crate::domain::policy;
use crate::domain::rules::{Category, RuleFields, RuleSpec, Severity};
use crate::error::AppError;
use crate::routes::playbooks::errors_from;
use crate::state::AppState;
use crate::web::filters;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

/// The longest text the test bench checks, in characters.
pub const SAMPLE_MAX: usize = 10_000;

/// Registers the rule library routes (`/rules/new` before `/rules/{id}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/rules").get(list))
        .service(web::resource("/rules/new").get(new).post(create))
        .service(web::resource("/rules/{id}").get(show))
        .service(web::resource("/rules/{id}/edit").get(edit).post(update))
        .service(web::resource("/rules/{id}/revisions/{n}").get(revision));
}

/// The library as it is now.
async fn library(state: &AppState) -> Result<Arc<Library>, AppError> {
    let shelf = state.rules.clone();
    Ok(state.db.run(move |conn| rulebook(conn, &shelf)).await?)
}

/// `?category=&severity=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub category: Option<String>,
    pub severity: Option<String>,
}

/// A rule in the list: (id, title, severity).
type Entry = (String, String, Severity);

#[derive(Template)]
#[template(path = "rules/list.html")]
struct ListPage {
    ctx: PageContext,
    groups: Vec<(Category, Vec<Entry>)>,
    category: String,
    severity: String,
    total: usize,
    can_add: bool,
}

impl ListPage {
    fn categories(&self) -> &'static [Category] {
        Category::ALL
    }
    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }
}

/// `GET /rules`.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let library = library(&state).await?;
    let category = query
        .category
        .as_deref()
        .and_then(|c| Category::parse(c).ok());
    let severity = query
        .severity
        .as_deref()
        .and_then(|s| Severity::parse(s).ok());
    let mut groups: Vec<(Category, Vec<Entry>)> = Vec::new();
    let mut total = 0;
    for c in Category::ALL
        .iter()
        .copied()
        .filter(|c| category.is_none_or(|w| w == *c))
    {
        let rules: Vec<Entry> = library
            .rules()
            .iter()
            .filter(|r| r.category == c && severity.is_none_or(|s| s == r.severity))
            .map(|r| (r.id.clone(), r.title.clone(), r.severity))
            .collect();
        total += rules.len();
        if !rules.is_empty() {
            groups.push((c, rules));
        }
    }
    crate::web::ok(&ListPage {
        can_add: policy::can_curate_rules(viewer.reader().as_reader()),
        ctx,
        groups,
        category: category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        severity: severity.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        total,
    })
}

/// `?sample=` for the test bench.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub sample: Option<String>,
}

/// What the library flags in a pasted text: (rule id, title, severity, matched words).
type BenchFlag = (String, String, Severity, String);

#[derive(Template)]
#[template(path = "rules/show.html")]
struct ShowPage {
    ctx: PageContext,
    page: RulePage,
    guidance_html: String,
    sample: String,
    too_long: bool,
    /// The sample with this rule's match highlighted, when it matched.
    highlighted: Option<Vec<Segment>>,
    /// Every rule that flags the sample.
    others: Vec<BenchFlag>,
    can_edit: bool,
}

impl ShowPage {
    fn spec(&self) -> &RuleSpec {
        &self.page.spec
    }
    fn severity(&self) -> Severity {
        Severity::parse(&self.page.spec.severity).unwrap_or(Severity::Info)
    }
}

/// `GET /rules/{id}`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reader = viewer.reader();
    let shelf = state.rules.clone();
    let (page, library) = state
        .db
        .run(move |conn| {
            let page = curation::page(conn, reader.as_reader(), &id)?;
            Ok::<_, AgreementError>((page, rulebook(conn, &shelf)?))
        })
        .await?;
    let sample = query.into_inner().sample.unwrap_or_default();
    let too_long = sample.chars().count() > SAMPLE_MAX;
    let (highlighted, others) = if too_long || sample.trim().is_empty() {
        (None, Vec::new())
    } else {
        let highlighted = library
            .rule(&page.row.id)
            .and_then(|rule| rule.check(&sample))
            .map(|range| segments(&sample, vec![range]));
        let others = review::flags(&library, &sample)
            .into_iter()
            .map(|f| {
                (
                    f.rule.id.clone(),
                    f.rule.title.clone(),
                    f.rule.severity,
                    f.matched,
                )
            })
            .collect();
        (highlighted, others)
    };
    crate::web::ok(&ShowPage {
        ctx,
        guidance_html: markdown::render(&page.spec.guidance),
        page,
        sample,
        too_long,
        highlighted,
        others,
        can_edit: policy::can_curate_rules(viewer.reader().as_reader()),
    })
}

#[derive(Template)]
#[template(path = "rules/form.html")]
struct FormPage {
    ctx: PageContext,
    /// The rule being edited; `None` for a new one.
    id: Option<String>,
    form: RuleFields,
    errors: FormErrors,
}

impl FormPage {
    fn categories(&self) -> &'static [Category] {
        Category::ALL
    }
    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }
    fn action(&self) -> String {
        match &self.id {
            Some(id) => format!("/rules/{id}/edit"),
            None => "/rules/new".to_owned(),
        }
    }
}

fn form_page(
    ctx: PageContext,
    id: Option<String>,
    form: RuleFields,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &FormPage {
            ctx,
            id,
            form,
            errors,
        },
    )
}

/// The rule form comes back with what was typed.
impl Refusal for RuleFields {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        let id = req.match_info().get("id").map(str::to_owned);
        form_page(ctx, id, self, FormErrors::forged(), StatusCode::FORBIDDEN)
    }
}

/// `GET /rules/new`.
pub async fn new(ctx: PageContext, _moderator: Moderator) -> Result<HttpResponse, AppError> {
    let form = RuleFields {
        severity: Severity::Amber.as_str().to_owned(),
        ..RuleFields::default()
    };
    form_page(ctx, None, form, FormErrors::new(), StatusCode::OK)
}

/// `POST /rules/new` and `POST /rules/{id}/edit`.
async fn save(
    ctx: PageContext,
    me: CurrentUser,
    state: &AppState,
    id: Option<String>,
    form: RuleFields,
) -> Result<HttpResponse, AppError> {
    let editor = me.0.clone();
    let (key, input) = (id.clone(), form.clone());
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(curation::save(conn, &editor, key.as_deref(), &input)))
        .await?;
    match saved {
        Ok(rule) => {
            FlashMessage::success(if id.is_some() {
                "Rule saved as a new revision."
            } else {
                "Rule added to the library."
            })
            .send();
            Ok(see_other(&format!("/rules/{rule}")))
        }
        Err(AgreementError::Invalid(found)) => form_page(
            ctx,
            id,
            form,
            errors_from(found),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => Err(other.into()),
    }
}

/// `POST /rules/new`.
pub async fn create(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    form: CsrfForm<RuleFields>,
) -> Result<HttpResponse, AppError> {
    save(ctx, me, &state, None, form.0).await
}

/// `GET /rules/{id}/edit`.
pub async fn edit(
    ctx: PageContext,
    moderator: Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let key = id.clone();
    let form = state
        .db
        .run(move |conn| curation::fields(conn, &moderator.0, &key))
        .await?;
    form_page(ctx, Some(id), form, FormErrors::new(), StatusCode::OK)
}

/// `POST /rules/{id}/edit`.
pub async fn update(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<RuleFields>,
) -> Result<HttpResponse, AppError> {
    save(ctx, me, &state, Some(path.into_inner()), form.0).await
}

#[derive(Template)]
#[template(path = "rules/revision.html")]
struct RevisionPage {
    ctx: PageContext,
    id: String,
    title: String,
    entry: RevisionEntry,
    /// The change from the revision before, as HTML (escaped), or the whole first revision.
    changes_html: String,
}

/// A revision as plain text, to compare two of them word by word.
fn as_text(content: &Option<(Category, RuleSpec)>) -> String {
    let Some((category, spec)) = content else {
        return String::new();
    };
    let list = |name: &str, items: &[String]| {
        let mut out = format!("{name}:\n");
        for item in items {
            out.push_str(&format!("  {item}\n"));
        }
        out
    };
    [
        format!("Title: {}\n", spec.title),
        format!("Category: {}\n", category.label()),
        format!("Severity: {}\n", spec.severity),
        format!("Guidance:\n{}\n", spec.guidance),
        format!("Safer wording:\n{}\n", spec.alternative),
        list("Patterns", &spec.patterns),
        list("Not when the clause says", &spec.unless),
        list("Must flag", &spec.must_match),
        list("Must not flag", &spec.must_not_match),
        list("Cases", &spec.cases),
        list("Playbooks", &spec.playbooks),
    ]
    .concat()
}

/// `GET /rules/{id}/revisions/{n}`: one revision and what it changed.
pub async fn revision(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, n) = path.into_inner();
    let reader = viewer.reader();
    let key = id.clone();
    let page = state
        .db
        .run(move |conn| curation::page(conn, reader.as_reader(), &key))
        .await?;
    let position = page
        .revisions
        .iter()
        .position(|r| r.revision == n)
        .ok_or(AppError::NotFound)?;
    let before = page
        .revisions
        .get(position + 1)
        .map(|r| as_text(&r.content))
        .unwrap_or_default();
    let entry = page.revisions[position].clone();
    let changes_html = crate::web::diff::words_html(&before, &as_text(&entry.content));
    crate::web::ok(&RevisionPage {
        ctx,
        id,
        title: page.spec.title,
        entry,
        changes_html,
    })
}
