//! `/partnerships`: the registry of city partnerships. Public facts (CLEAR) unless the city
//! sets a level; members keep their own city's entries, moderators all of them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::agreements::AgreementError;
use crate::agreements::partnerships::{self as registry, Readable};
use crate::auth::{CsrfForm, CurrentUser, Refusal, Viewer};
use crate::db::agreements::{self as agreement_rows, AgreementFilter};
use crate::db::partnerships::{self as rows, Listed, PartnershipFilter};
use crate::db::users::Member;
use crate::domain::agreement::{
    PartnershipFields, PartnershipInput, PartnershipKind, PartnershipStatus,
};
use crate::domain::country::{COUNTRIES, Country};
use crate::domain::policy;
use crate::domain::sensitivity::Tlp;
use crate::error::AppError;
use crate::routes::playbooks::errors_from;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::pagination::Pager;
use crate::web::{render, see_other};

/// Partnerships per page.
pub const PER_PAGE: i64 = 30;

/// Registers the partnership routes (`/partnerships/new` before `/partnerships/{id}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/partnerships").get(list))
        .service(web::resource("/partnerships/new").get(new).post(create))
        .service(web::resource("/partnerships/{id}").get(show))
        .service(
            web::resource("/partnerships/{id}/edit")
                .get(edit)
                .post(update),
        );
}

pub(crate) fn country_name(code: &str) -> String {
    Country::from_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// `?status=&country=&page=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub country: Option<String>,
    pub page: Option<String>,
}

#[derive(Template)]
#[template(path = "partnerships/list.html")]
struct ListPage {
    ctx: PageContext,
    partnerships: Vec<Listed>,
    pager: Pager,
    status: String,
    country: String,
    can_add: bool,
}

impl ListPage {
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
    fn statuses(&self) -> &'static [PartnershipStatus] {
        PartnershipStatus::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn base(&self) -> String {
        let mut url = String::from("/partnerships?");
        for (key, value) in [("status", &self.status), ("country", &self.country)] {
            if !value.is_empty() {
                url.push_str(&format!("{key}={}&", urlencode(value)));
            }
        }
        url
    }
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `GET /partnerships`: the entries the reader may see, by city.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let status = query
        .status
        .as_deref()
        .and_then(|s| PartnershipStatus::parse(s).ok());
    let country = query
        .country
        .as_deref()
        .and_then(Country::from_code)
        .map(|c| c.code.to_owned());
    let filter = PartnershipFilter {
        status,
        country: country.clone(),
        city_id: None,
    };
    let mut pager = Pager::new(query.page.as_deref(), PER_PAGE);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let reader = viewer.reader();
    let (partnerships, total) = state
        .db
        .run(move |conn| {
            rows::list(conn, reader.as_reader(), &filter, offset, limit).map_err(AppError::from)
        })
        .await?;
    pager.total = total;
    crate::web::ok(&ListPage {
        can_add: viewer.member().is_some(),
        ctx,
        partnerships,
        pager,
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        country: country.unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "partnerships/show.html")]
struct ShowPage {
    ctx: PageContext,
    p: Readable,
    case: Option<(String, String)>,
    agreements: Vec<agreement_rows::Listed>,
    can_edit: bool,
}

impl ShowPage {
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
}

/// `GET /partnerships/{id}`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reader = viewer.reader();
    let (p, case, agreements) = state
        .db
        .run(move |conn| {
            let reader = reader.as_reader();
            let p = registry::load(conn, reader, &id)?;
            let case = registry::linked_case(conn, reader, &p.listed.row)?;
            let filter = AgreementFilter {
                partnership_id: Some(id.clone()),
                ..AgreementFilter::default()
            };
            let (agreements, _) = agreement_rows::list(conn, reader, &filter, 0, 100)?;
            Ok::<_, AgreementError>((p, case, agreements))
        })
        .await?;
    let can_edit = policy::can_edit_city_record(viewer.reader().as_reader(), &p.record());
    crate::web::ok(&ShowPage {
        ctx,
        p,
        case,
        agreements,
        can_edit,
    })
}

#[derive(Template)]
#[template(path = "partnerships/form.html")]
struct FormPage {
    ctx: PageContext,
    id: Option<String>,
    form: PartnershipFields,
    errors: FormErrors,
    /// The cities the editor may choose: (id, name, country code).
    cities: Vec<(String, String, String)>,
}

impl FormPage {
    fn kinds(&self) -> &'static [PartnershipKind] {
        PartnershipKind::ALL
    }
    fn statuses(&self) -> &'static [PartnershipStatus] {
        PartnershipStatus::ALL
    }
    fn levels(&self) -> &'static [Tlp] {
        Tlp::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn in_audience(&self, c: &Country) -> bool {
        self.form.audience.iter().any(|x| x == c.code)
    }
    fn country(&self, code: &str) -> String {
        country_name(code)
    }
    fn action(&self) -> String {
        match &self.id {
            Some(id) => format!("/partnerships/{id}/edit"),
            None => "/partnerships/new".to_owned(),
        }
    }
}

/// The cities a member may pick: their own; a moderator, any.
async fn choosable_cities(
    state: &AppState,
    me: &Member,
) -> Result<Vec<(String, String, String)>, AppError> {
    if !me.role.can_moderate() {
        return Ok(vec![(
            me.city_id.clone(),
            me.city.clone(),
            me.country_code.clone(),
        )]);
    }
    state
        .db
        .run(|conn| crate::db::cities::all(conn).map_err(AppError::from))
        .await
}

async fn form_page(
    ctx: PageContext,
    state: &AppState,
    me: &Member,
    id: Option<String>,
    form: PartnershipFields,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let cities = choosable_cities(state, me).await?;
    render(
        status,
        &FormPage {
            ctx,
            id,
            form,
            errors,
            cities,
        },
    )
}

/// The partnership forms come back with what was typed.
impl Refusal for PartnershipFields {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let me = CurrentUser::of(&req).await?;
        let state = AppState::of(&req)?;
        let id = req.match_info().get("id").map(str::to_owned);
        let ctx = PageContext::of(&req).await?;
        form_page(
            ctx,
            &state,
            &me,
            id,
            self,
            FormErrors::forged(),
            StatusCode::FORBIDDEN,
        )
        .await
    }
}

/// `GET /partnerships/new`.
pub async fn new(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let form = PartnershipFields {
        city_id: me.city_id.clone(),
        counterpart_country: "CN".to_owned(),
        status: PartnershipStatus::Active.as_str().to_owned(),
        tlp: Tlp::Clear.as_str().to_owned(),
        ..PartnershipFields::default()
    };
    form_page(
        ctx,
        &state,
        &me,
        None,
        form,
        FormErrors::new(),
        StatusCode::OK,
    )
    .await
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn form_errors(e: AgreementError) -> Result<FormErrors, AppError> {
    match e {
        AgreementError::Invalid(found) => Ok(errors_from(found)),
        other => Err(other.into()),
    }
}

/// `POST /partnerships/new`.
pub async fn create(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    form: CsrfForm<PartnershipFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = match PartnershipInput::parse(&input, today(), &me.country_code) {
        Ok(parsed) => parsed,
        Err(found) => {
            return form_page(ctx, &state, &me, None, input, errors_from(found), status).await;
        }
    };
    let editor = me.0.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(registry::create(conn, &editor, &parsed)))
        .await?;
    match saved {
        Ok(id) => {
            FlashMessage::success("Partnership added.").send();
            Ok(see_other(&format!("/partnerships/{id}")))
        }
        Err(e) => form_page(ctx, &state, &me, None, input, form_errors(e)?, status).await,
    }
}

/// `GET /partnerships/{id}/edit`.
pub async fn edit(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reader = me.0.clone();
    let key = id.clone();
    let found = state
        .db
        .run(move |conn| registry::load(conn, reader.reader(), &key))
        .await?;
    if !policy::can_edit_city_record(me.reader(), &found.record()) {
        return Err(AppError::Forbidden);
    }
    let row = &found.listed.row;
    let form = PartnershipFields {
        city_id: row.city_id.clone(),
        counterpart_city: row.counterpart_city.clone(),
        counterpart_province: row.counterpart_province.clone(),
        counterpart_country: row.counterpart_country.clone(),
        kind: row.kind.clone(),
        since: row.since.clone(),
        status: row.status.clone(),
        status_on: row.status_on.clone(),
        status_reason: row.status_reason.clone(),
        case_id: row.case_id.clone().unwrap_or_default(),
        sources: row.sources.clone(),
        tlp: row.tlp.clone(),
        audience: found.audience.clone(),
    };
    form_page(
        ctx,
        &state,
        &me,
        Some(id),
        form,
        FormErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /partnerships/{id}/edit`.
pub async fn update(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<PartnershipFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = match PartnershipInput::parse(&input, today(), &me.country_code) {
        Ok(parsed) => parsed,
        Err(found) => {
            return form_page(
                ctx,
                &state,
                &me,
                Some(id),
                input,
                errors_from(found),
                status,
            )
            .await;
        }
    };
    let editor = me.0.clone();
    let key = id.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(registry::update(conn, &editor, &key, &parsed)))
        .await?;
    match saved {
        Ok(()) => {
            FlashMessage::success("Partnership saved.").send();
            Ok(see_other(&format!("/partnerships/{id}")))
        }
        Err(e) => form_page(ctx, &state, &me, Some(id), input, form_errors(e)?, status).await,
    }
}
