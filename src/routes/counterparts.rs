//! `/counterparts`: the registry of embassies, consulates, partner cities and others, and the
//! cases each appears in (as far as the reader may see them).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::Viewer;
use crate::cases::patterns::{self, AlertRow};
use crate::db::cases::{self as case_rows, CaseCard, CaseFilter, Sort};
use crate::db::counterparts::{self, CounterpartRow};
use crate::domain::country::Country;
use crate::error::AppError;
use crate::routes::cases::list::PER_PAGE;
use crate::startup::AppState;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};

/// Registers the counterpart routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/counterparts").get(list))
        .service(web::resource("/counterparts/{id}").get(show));
}

#[derive(Template)]
#[template(path = "counterparts/list.html")]
struct ListPage {
    ctx: PageContext,
    counterparts: Vec<CounterpartRow>,
}

impl ListPage {
    fn country(&self, code: &str) -> String {
        Country::from_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
    }
}

/// `GET /counterparts`.
pub async fn list(ctx: PageContext, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let counterparts = state
        .db
        .run(|conn| counterparts::all(conn).map_err(AppError::from))
        .await?;
    crate::web::ok(&ListPage { ctx, counterparts })
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
}

impl ShowPage {
    fn snippet_html(&self, _card: &CaseCard) -> Option<String> {
        None
    }
}

/// `GET /counterparts/{id}`: its cases the reader may see (anonymised ones only to their
/// authors and moderators, since the counterpart could point to the city), and for
/// moderators the pattern alerts about it.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mut pager = Pager::new(query.page.as_deref(), PER_PAGE);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let reader = viewer.reader();
    let moderates = viewer.can_moderate();
    let lookup = id.clone();
    let (counterpart, cards, total, alerts) = state
        .db
        .run(move |conn| {
            let counterpart = counterparts::find(conn, &lookup)?.ok_or(AppError::NotFound)?;
            let filter = CaseFilter {
                counterpart_id: Some(lookup.clone()),
                ..CaseFilter::default()
            };
            let reader = reader.as_reader();
            let (rows, total) =
                case_rows::page(conn, reader, &filter, Sort::Newest, offset, limit)?;
            let cards = case_rows::cards(conn, reader, rows)?;
            let alerts = if moderates {
                patterns::for_counterpart(conn, &lookup)?
            } else {
                Vec::new()
            };
            Ok::<_, AppError>((counterpart, cards, total, alerts))
        })
        .await?;
    pager.total = total;
    pager.cap = crate::db::cases::count_cap(pager.offset(), pager.per_page);
    let country = Country::from_code(&counterpart.country_code)
        .map_or_else(|| counterpart.country_code.clone(), |c| c.name.to_owned());
    crate::web::ok(&ShowPage {
        ctx,
        counterpart,
        country,
        cards,
        pager,
        pager_base: format!("/counterparts/{id}?"),
        alerts,
    })
}
