//! `GET /cases`: the cases the reader may see, filtered, sorted and paginated.

use crate::db::{DbError, follows};
use crate::domain::follow::FollowKind;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::filters::CaseQuery;
use crate::auth::Viewer;
use crate::db::cases::{self as case_rows, CaseCard};
use crate::db::search;
use crate::domain::case_fields::{CaseResponse, CounterpartKind, DemandKind, Topic};
use crate::domain::country::{COUNTRIES, Country};
use crate::error::AppError;
use crate::state::AppState;

use crate::web::highlight::marked_html;
use crate::web::page::PageContext;
use crate::web::pagination::Pager;

/// Cards per page.
pub const PER_PAGE: i64 = 20;

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    ctx: PageContext,
    cards: Vec<CaseCard>,
    query: CaseQuery,
    pager: Pager,
    pager_base: String,
    no_words: bool,
    /// For members: a follow button for each topic, demand kind or country filtered on.
    follow_buttons: Vec<FollowButton>,
}

/// A follow button for one thing the list is filtered on.
struct FollowButton {
    kind: FollowKind,
    code: String,
    label: String,
    following: bool,
}

impl FollowButton {
    /// "topic (Taiwan)", for the button's words.
    fn noun(&self) -> String {
        format!("{} ({})", self.kind.noun(), self.label)
    }
}

impl ListPage {
    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }
    fn demands(&self) -> &'static [DemandKind] {
        DemandKind::ALL
    }
    fn kinds(&self) -> &'static [CounterpartKind] {
        CounterpartKind::ALL
    }
    fn responses(&self) -> &'static [CaseResponse] {
        CaseResponse::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn snippet_html(&self, card: &CaseCard) -> Option<String> {
        card.snippet.as_deref().map(marked_html)
    }
}

/// `GET /cases`.
pub async fn list(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter()?;
    let sort = query.sort()?;
    let mut pager = Pager::new(Some(&query.page), PER_PAGE);
    let no_words = query.text_without_words();
    let reader = viewer.reader();
    let member_id = viewer.member().map(|m| m.id.clone());
    let filtered_on: Vec<(FollowKind, String, String)> = [
        filter.topic.map(|t| {
            (
                FollowKind::Topic,
                t.as_str().to_owned(),
                t.label().to_owned(),
            )
        }),
        filter.demand.map(|d| {
            (
                FollowKind::Demand,
                d.as_str().to_owned(),
                d.label().to_owned(),
            )
        }),
        filter.country.as_deref().and_then(|c| {
            Country::parse(c)
                .ok()
                .map(|c| (FollowKind::Country, c.code.to_owned(), c.name.to_owned()))
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let follow_buttons = match member_id {
        Some(me) if !filtered_on.is_empty() => {
            state
                .db
                .run(move |conn| {
                    filtered_on
                        .into_iter()
                        .map(|(kind, code, label)| {
                            Ok(FollowButton {
                                following: follows::is_following(conn, &me, kind, &code)?,
                                kind,
                                code,
                                label,
                            })
                        })
                        .collect::<Result<Vec<_>, DbError>>()
                })
                .await?
        }
        _ => Vec::new(),
    };
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (cards, total) = if no_words {
        (Vec::new(), 0)
    } else {
        state
            .db
            .run(move |conn| {
                let reader = reader.as_reader();
                let (rows, total) = case_rows::page(conn, reader, &filter, sort, offset, limit)?;
                let mut cards = case_rows::cards(conn, reader, rows)?;
                if let Some(words) = &filter.words {
                    let ids: Vec<String> = cards.iter().map(|c| c.id.clone()).collect();
                    let mut snippets = search::snippets(conn, words, &ids)?;
                    for card in &mut cards {
                        card.snippet = snippets.remove(&card.id);
                    }
                }
                Ok::<_, AppError>((cards, total))
            })
            .await?
    };
    pager.total = total;
    pager.cap = crate::db::cases::count_cap(pager.offset(), pager.per_page);
    let pager_base = format!("/cases?{}", query.without_page());
    crate::web::ok(&ListPage {
        ctx,
        cards,
        query,
        pager,
        pager_base,
        no_words,
        follow_buttons,
    })
}
