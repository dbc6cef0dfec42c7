//! `/counterparts`: the registry of embassies, consulates, partner cities and others, and the
//! cases each appears in, as far as the reader may see them (`db::counterparts::visible`);
//! an entry the reader may not see answers 404, like a missing one. Moderators see every
//! entry and curate it on its page: public or not, rename, merge a duplicate.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::auth::{CsrfForm, Moderator, Refusal, Viewer};
use crate::cases::counterparts::{self as curation, CounterpartError, MergePlan};
use crate::cases::patterns::{self, AlertRow};
use crate::db::cases::{self as case_rows, CaseCard, CaseFilter, Sort};
use crate::db::counterparts::{self, CounterpartRow};
use crate::db::users::Member;
use crate::domain::case::counterpart_name;
use crate::domain::country::Country;
use crate::error::AppError;
use crate::routes::cases::list::PER_PAGE;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};
use crate::web::{render, see_other};

/// Registry entries per page of `/counterparts`.
pub const REGISTRY_PER_PAGE: i64 = 25;

/// Registers the counterpart routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/counterparts").get(list))
        .service(web::resource("/counterparts/{id}").get(show))
        .service(web::resource("/counterparts/{id}/public").post(set_public))
        .service(web::resource("/counterparts/{id}/rename").post(rename))
        .service(
            web::resource("/counterparts/{id}/merge")
                .get(confirm_merge)
                .post(merge),
        );
}

fn country_name(code: &str) -> String {
    Country::from_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

#[derive(Template)]
#[template(path = "counterparts/list.html")]
struct ListPage {
    ctx: PageContext,
    counterparts: Vec<CounterpartRow>,
    pager: Pager,
    moderates: bool,
}

impl ListPage {
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
}

/// `GET /counterparts`: the entries the reader may see, by name, a page at a time.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(query.page.as_deref(), REGISTRY_PER_PAGE);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let reader = viewer.reader();
    let (counterparts, total) = state
        .db
        .run(move |conn| {
            counterparts::page(conn, reader.as_reader(), offset, limit).map_err(AppError::from)
        })
        .await?;
    pager.total = total;
    crate::web::ok(&ListPage {
        ctx,
        counterparts,
        pager,
        moderates: viewer.can_moderate(),
    })
}

/// The moderators' forms on a counterpart page, as typed.
#[derive(Debug, Default)]
struct Tools {
    rename: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "counterparts/show.html")]
struct ShowPage {
    ctx: PageContext,
    counterpart: CounterpartRow,
    country: String,
    cards: Vec<CaseCard>,
    pager: Pager,
    pager_base: String,
    alerts: Vec<AlertRow>,
    moderates: bool,
    /// For moderators: the other entries a merge could keep.
    survivors: Vec<CounterpartRow>,
    tools: Tools,
}

impl ShowPage {
    fn snippet_html(&self, _card: &CaseCard) -> Option<String> {
        None
    }

    fn country(&self, code: &str) -> String {
        country_name(code)
    }
}

/// Renders a counterpart page: its cases the reader may see (anonymised ones only to their
/// authors and moderators, since the counterpart could point to the city), and for
/// moderators the pattern alerts about it and the curation forms.
async fn show_page(
    ctx: PageContext,
    viewer: &Viewer,
    state: &AppState,
    id: String,
    page: Option<&str>,
    tools: Tools,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(page, PER_PAGE);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let reader = viewer.reader();
    let moderates = viewer.can_moderate();
    let lookup = id.clone();
    let (counterpart, cards, total, alerts, survivors) = state
        .db
        .run(move |conn| {
            let reader = reader.as_reader();
            let counterpart =
                counterparts::find_visible(conn, reader, &lookup)?.ok_or(AppError::NotFound)?;
            let filter = CaseFilter {
                counterpart_id: Some(lookup.clone()),
                ..CaseFilter::default()
            };
            let (rows, total) =
                case_rows::page(conn, reader, &filter, Sort::Newest, offset, limit)?;
            let cards = case_rows::cards(conn, reader, rows)?;
            let (alerts, survivors) = if moderates {
                let mut others = counterparts::all_visible(conn, reader)?;
                others.retain(|c| c.id != lookup);
                (patterns::for_counterpart(conn, &lookup)?, others)
            } else {
                (Vec::new(), Vec::new())
            };
            Ok::<_, AppError>((counterpart, cards, total, alerts, survivors))
        })
        .await?;
    pager.total = total;
    pager.cap = case_rows::count_cap(pager.offset(), pager.per_page);
    let country = country_name(&counterpart.country_code);
    render(
        status,
        &ShowPage {
            ctx,
            counterpart,
            country,
            cards,
            pager,
            pager_base: format!("/counterparts/{id}?"),
            alerts,
            moderates,
            survivors,
            tools,
        },
    )
}

/// `GET /counterparts/{id}`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    show_page(
        ctx,
        &viewer,
        &state,
        path.into_inner(),
        query.page.as_deref(),
        Tools::default(),
        StatusCode::OK,
    )
    .await
}

/// The public/not public form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicForm {
    /// `yes` or `no`.
    pub public: String,
}

impl Refusal for PublicForm {}

/// `POST /counterparts/{id}/public`.
pub async fn set_public(
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<PublicForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let back = format!("/counterparts/{id}");
    let CsrfForm(input) = form;
    let public = match input.public.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest("Choose public or not public.")),
    };
    let name = state
        .db
        .run(move |conn| Ok::<_, AppError>(curation::set_public(conn, &me, &id, public)?))
        .await?;
    FlashMessage::success(if public {
        format!("“{name}” is public: everyone sees it in the registry.")
    } else {
        format!("“{name}” is no longer public: only those who may read a case naming it see it.")
    })
    .send();
    Ok(see_other(&back))
}

/// The rename form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RenameForm {
    pub name: String,
}

impl Refusal for RenameForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (me, state) = (Moderator::of(&req).await?, AppState::of(&req)?);
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let tools = Tools {
            rename: self.name,
            errors: FormErrors::forged(),
        };
        let (ctx, viewer) = (PageContext::of(&req).await?, Viewer::Member(me));
        show_page(ctx, &viewer, &state, id, None, tools, StatusCode::FORBIDDEN).await
    }
}

/// `POST /counterparts/{id}/rename`: bad input re-renders the page with the name kept.
pub async fn rename(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<RenameForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let viewer = Viewer::Member(me.clone());
    let CsrfForm(input) = form;
    let again = |errors: FormErrors| Tools {
        rename: input.name.clone(),
        errors,
    };
    let name = match counterpart_name(&input.name) {
        Ok(name) => name,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("name", e);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return show_page(ctx, &viewer, &state, id, None, again(errors), status).await;
        }
    };
    let (key, new) = (id.clone(), name.clone());
    let outcome = state
        .db
        .run(move |conn| Ok::<_, AppError>(curation::rename(conn, &me, &key, &new)))
        .await?;
    match outcome {
        Ok(old) => {
            FlashMessage::success(format!("“{old}” is now called “{name}”.")).send();
            Ok(see_other(&format!("/counterparts/{id}")))
        }
        Err(CounterpartError::NameTaken { name, country_code }) => {
            let mut errors = FormErrors::new();
            errors.add(
                "name",
                format!(
                    "Another entry in {} is already called “{name}”. If it is the same \
                     counterpart, merge the two entries instead.",
                    country_name(&country_code),
                ),
            );
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            show_page(ctx, &viewer, &state, id, None, again(errors), status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `?into=` of the merge confirmation, and the confirmed form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MergeForm {
    /// The entry that survives.
    pub into: String,
    /// `yes` once the moderator pressed the confirm button.
    pub confirm: String,
}

#[derive(Template)]
#[template(path = "counterparts/merge.html")]
struct MergePage {
    ctx: PageContext,
    plan: MergePlan,
    errors: FormErrors,
}

impl MergePage {
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
}

/// A merge that cannot go ahead: back to the entry's page with the reason.
fn refuse_merge(e: CounterpartError, id: &str) -> Result<HttpResponse, AppError> {
    let message = match e {
        CounterpartError::SameEntry => {
            "Choose another entry to keep: an entry cannot be merged into itself."
        }
        CounterpartError::NoSurvivor => "Choose the entry to keep from the list.",
        other => return Err(other.into()),
    };
    FlashMessage::error(message).send();
    Ok(see_other(&format!("/counterparts/{id}")))
}

async fn merge_page(
    ctx: PageContext,
    state: &AppState,
    me: Member,
    id: String,
    into: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let key = id.clone();
    let plan = state
        .db
        .run(move |conn| Ok::<_, AppError>(curation::plan_merge(conn, &me, &key, &into)))
        .await?;
    match plan {
        Ok(plan) => render(status, &MergePage { ctx, plan, errors }),
        Err(e) => refuse_merge(e, &id),
    }
}

/// `GET /counterparts/{id}/merge?into=`: what the merge would move, and the button that does
/// it (nothing changes until then).
pub async fn confirm_merge(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<MergeForm>,
) -> Result<HttpResponse, AppError> {
    let into = query.into_inner().into;
    let errors = FormErrors::new();
    merge_page(
        ctx,
        &state,
        me,
        path.into_inner(),
        into,
        errors,
        StatusCode::OK,
    )
    .await
}

impl Refusal for MergeForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (me, state) = (Moderator::of(&req).await?, AppState::of(&req)?);
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let (ctx, errors) = (PageContext::of(&req).await?, FormErrors::forged());
        merge_page(
            ctx,
            &state,
            me,
            id,
            self.into,
            errors,
            StatusCode::FORBIDDEN,
        )
        .await
    }
}

/// `POST /counterparts/{id}/merge`: merges once confirmed, then shows the survivor.
pub async fn merge(
    ctx: PageContext,
    Moderator(me): Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<MergeForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    if input.confirm != "yes" {
        let errors = FormErrors::whole_form("Nothing was merged yet: press “Merge” to confirm.");
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return merge_page(ctx, &state, me, id, input.into, errors, status).await;
    }
    let settings = state.settings.patterns;
    let (from, into) = (id.clone(), input.into.clone());
    let outcome = state
        .db
        .run(move |conn| Ok::<_, AppError>(curation::merge(conn, &settings, &me, &from, &into)))
        .await?;
    match outcome {
        Ok(done) => {
            FlashMessage::success(format!(
                "“{}” was merged into “{}”: {} case{} moved.",
                done.merged_name,
                done.survivor_name,
                done.cases,
                if done.cases == 1 { "" } else { "s" }
            ))
            .send();
            Ok(see_other(&format!("/counterparts/{}", input.into)))
        }
        Err(e) => refuse_merge(e, &id),
    }
}
