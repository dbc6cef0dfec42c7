//! `GET /search?q=...`: one search over what Twinwise holds: the cases, playbooks and
//! agreements the viewer may read (full text, with highlighted snippets for cases and
//! agreements), the rules of the clause library, and the registry entries they may see (by name).
//! User text is cut into words before it reaches any query, so search syntax is just text.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::Viewer;
use crate::db::agreements::{self as agreement_rows, Listed};
use crate::db::cases::{self as case_rows, CaseCard, CaseFilter, Sort};
use crate::db::counterparts::{self, CounterpartRow};
use crate::db::playbooks::{self as playbook_rows, PlaybookFilter, PlaybookRow};
use crate::db::search::{self, SearchWords};
use crate::domain::country::Country;
use crate::domain::pattern::fold;
use crate::domain::rules::Severity;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::highlight::marked_html;
use crate::web::page::PageContext;

/// Cases shown here; the rest are one link away on `/cases?q=...`.
pub const CASES_SHOWN: i64 = 20;
/// Counterparts shown.
pub const COUNTERPARTS_SHOWN: i64 = 20;
/// Playbooks a search shows.
pub const PLAYBOOKS_SHOWN: i64 = 10;
/// Agreements shown.
pub const AGREEMENTS_SHOWN: i64 = 10;
/// Rules shown.
pub const RULES_SHOWN: usize = 10;
/// Longest query text used (as on `/cases`).
const MAX_QUERY: usize = 200;

/// Registers the search page.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/search").get(show));
}

/// `?q=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    ctx: PageContext,
    q: String,
    /// Something was asked (the text box was not empty).
    asked: bool,
    /// The text holds no word at all (only punctuation or symbols).
    no_words: bool,
    cards: Vec<CaseCard>,
    case_total: i64,
    /// Matches are counted up to this many.
    case_cap: i64,
    counterparts: Vec<CounterpartRow>,
    playbooks: Vec<PlaybookRow>,
    /// Matching agreements with a snippet of their text, and how many match.
    agreements: Vec<(Listed, String)>,
    agreement_total: i64,
    /// Matching rules: (id, title, severity).
    rules: Vec<(String, String, Severity)>,
    more_link: String,
}

impl SearchPage {
    fn snippet_html(&self, card: &CaseCard) -> Option<String> {
        card.snippet.as_deref().map(marked_html)
    }

    fn country(&self, code: &str) -> String {
        Country::from_code(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
    }

    fn marked(&self, snippet: &str) -> String {
        marked_html(snippet)
    }
}

/// The rules whose id, title, guidance or safer wording hold every word (case and accents
/// ignored), in library order. Read from the rows: search needs no compiled patterns.
fn matching_rules(
    conn: &mut crate::db::DbConn,
    words: &[String],
) -> diesel::QueryResult<Vec<(String, String, Severity)>> {
    let wanted: Vec<String> = words.iter().map(|w| fold(w).text).collect();
    Ok(crate::db::rules::texts(conn)?
        .into_iter()
        .filter(|(id, title, _, guidance, alternative)| {
            let text = fold(&format!("{id} {title} {guidance} {alternative}")).text;
            wanted.iter().all(|w| text.contains(w.as_str()))
        })
        .take(RULES_SHOWN)
        .map(|(id, title, severity, _, _)| {
            (
                id,
                title,
                Severity::parse(&severity).unwrap_or(Severity::Info),
            )
        })
        .collect())
}

/// The lower-cased words of the text, cut the way [`SearchWords::parse`] cuts them.
fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(64).collect::<String>().to_lowercase())
        .take(12)
        .collect()
}

/// `GET /search`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let q: String = query.into_inner().q.chars().take(MAX_QUERY).collect();
    let asked = !q.trim().is_empty();
    let words = SearchWords::parse(&q);
    let no_words = asked && words.is_none();
    let (cards, case_total, counterparts, playbooks, (agreements, agreement_total, rules)) =
        match words {
            None => (
                Vec::new(),
                0,
                Vec::new(),
                Vec::new(),
                (Vec::new(), 0, Vec::new()),
            ),
            Some(words) => {
                let reader = viewer.reader();
                let names = name_words(&q);
                state
                    .db
                    .run(move |conn| {
                        let reader = reader.as_reader();
                        let filter = CaseFilter {
                            words: Some(words.clone()),
                            ..CaseFilter::default()
                        };
                        let (rows, total) =
                            case_rows::page(conn, reader, &filter, Sort::Newest, 0, CASES_SHOWN)?;
                        let mut cards = case_rows::cards(conn, reader, rows)?;
                        let ids: Vec<String> = cards.iter().map(|c| c.id.clone()).collect();
                        let mut snippets = search::snippets(conn, &words, &ids)?;
                        for card in &mut cards {
                            card.snippet = snippets.remove(&card.id);
                        }
                        let counterparts =
                            counterparts::named(conn, reader, &names, COUNTERPARTS_SHOWN)?;
                        let filter = PlaybookFilter {
                            words: Some(words.clone()),
                            ..PlaybookFilter::default()
                        };
                        let playbooks =
                            playbook_rows::list(conn, reader, &filter, 0, PLAYBOOKS_SHOWN)?;
                        let (agreements, agreement_total) =
                            agreement_rows::search(conn, reader, &words, AGREEMENTS_SHOWN)?;
                        let rules = matching_rules(conn, &names)?;
                        Ok::<_, AppError>((
                            cards,
                            total,
                            counterparts,
                            playbooks,
                            (agreements, agreement_total, rules),
                        ))
                    })
                    .await?
            }
        };
    let more_link = format!(
        "/cases?q={}",
        url::form_urlencoded::byte_serialize(q.trim().as_bytes()).collect::<String>()
    );
    crate::web::ok(&SearchPage {
        ctx,
        q,
        asked,
        no_words,
        cards,
        case_total,
        case_cap: case_rows::count_cap(0, CASES_SHOWN),
        counterparts,
        playbooks,
        agreements,
        agreement_total,
        rules,
        more_link,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_words_match_search_words() {
        assert_eq!(
            name_words("\"Embassy\" NEAR(prc*) -x"),
            vec!["embassy", "near", "prc", "x"]
        );
        assert!(name_words("*** ()").is_empty());
    }
}
