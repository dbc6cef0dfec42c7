//! `GET /cases/feed.atom`: an Atom 1.0 feed of the newest public cases matching the `/cases`
//! filters. It is public, so it is always built for a visitor, whoever asks: a signed-in
//! member's feed reader must not receive (or cache) anything beyond TLP:CLEAR.

use actix_web::http::header::{
    self, ETag, EntityTag, HttpDate, IfModifiedSince, IfNoneMatch, LastModified,
};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::{NaiveDateTime, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::filters::CaseQuery;
use crate::db::cases::{self as case_rows, CaseCard, Sort};
use crate::domain::policy::Reader;
use crate::error::AppError;
use crate::state::AppState;

/// Entries in the feed.
pub const ENTRIES: i64 = 50;
/// The one author name the feed ever shows.
pub const AUTHOR: &str = "Twinwise";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// RFC 3339 in UTC, as Atom wants.
fn rfc3339(value: &NaiveDateTime) -> String {
    value.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Drops the characters XML 1.0 cannot carry at all (escaping cannot help those).
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

/// What one entry says about its case: where it was reported from (as a visitor may see it)
/// and the summary.
fn entry_summary(card: &CaseCard) -> String {
    format!("Reported from {}. {}", card.place, card.summary)
}

/// The feed document.
pub struct Feed<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub self_link: &'a str,
    pub html_link: &'a str,
    pub updated: String,
}

/// Writes the feed; every text and attribute value is escaped by the writer.
fn write_feed(
    feed: &Feed<'_>,
    cards: &[CaseCard],
    link: impl Fn(&str) -> String,
) -> std::io::Result<Vec<u8>> {
    let mut writer = Writer::new(Vec::new());
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    writer
        .create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .write_inner_content(|w| {
            w.create_element("id")
                .write_text_content(BytesText::new(feed.id))?;
            w.create_element("title")
                .write_text_content(BytesText::new(feed.title))?;
            w.create_element("updated")
                .write_text_content(BytesText::new(&feed.updated))?;
            w.create_element("link")
                .with_attribute(("rel", "self"))
                .with_attribute(("type", "application/atom+xml"))
                .with_attribute(("href", feed.self_link))
                .write_empty()?;
            w.create_element("link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("type", "text/html"))
                .with_attribute(("href", feed.html_link))
                .write_empty()?;
            w.create_element("author").write_inner_content(|a| {
                a.create_element("name")
                    .write_text_content(BytesText::new(AUTHOR))?;
                Ok(())
            })?;
            for card in cards {
                let url = link(&format!("/cases/{}", card.id));
                let updated = card
                    .published_at
                    .as_ref()
                    .map_or_else(|| feed.updated.clone(), rfc3339);
                w.create_element("entry").write_inner_content(|e| {
                    e.create_element("id")
                        .write_text_content(BytesText::new(&url))?;
                    e.create_element("title")
                        .with_attribute(("type", "text"))
                        .write_text_content(BytesText::new(&xml_text(&card.title)))?;
                    e.create_element("updated")
                        .write_text_content(BytesText::new(&updated))?;
                    e.create_element("published")
                        .write_text_content(BytesText::new(&updated))?;
                    e.create_element("link")
                        .with_attribute(("rel", "alternate"))
                        .with_attribute(("type", "text/html"))
                        .with_attribute(("href", url.as_str()))
                        .write_empty()?;
                    e.create_element("author").write_inner_content(|a| {
                        a.create_element("name")
                            .write_text_content(BytesText::new(AUTHOR))?;
                        Ok(())
                    })?;
                    for topic in &card.topics {
                        e.create_element("category")
                            .with_attribute(("term", topic.as_str()))
                            .with_attribute(("label", topic.label()))
                            .write_empty()?;
                    }
                    e.create_element("summary")
                        .with_attribute(("type", "text"))
                        .write_text_content(BytesText::new(&xml_text(&entry_summary(card))))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}

/// `GET /cases/feed.atom`.
pub async fn feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter()?;
    let cards = if query.text_without_words() {
        Vec::new()
    } else {
        state
            .db
            .run(move |conn| {
                // Public whoever asks: never the signed-in member's own view.
                let reader = Reader::Visitor;
                let rows = case_rows::rows(conn, reader, &filter, Sort::Newest, 0, ENTRIES)?;
                Ok::<_, AppError>(case_rows::cards(conn, reader, rows)?)
            })
            .await?
    };
    let filters = query.without_page();
    let filters = filters.trim_end_matches('&');
    let with_filters = |path: &str| {
        if filters.is_empty() {
            state.settings.link(path)
        } else {
            state.settings.link(&format!("{path}?{filters}"))
        }
    };
    let self_link = with_filters("/cases/feed.atom");
    let html_link = with_filters("/cases");
    let updated = cards
        .iter()
        .filter_map(|c| c.published_at)
        .max()
        .unwrap_or_else(|| Utc::now().naive_utc());
    let title = if filters.is_empty() {
        "Twinwise: public cases".to_owned()
    } else {
        "Twinwise: public cases (filtered)".to_owned()
    };
    let feed = Feed {
        id: &self_link,
        title: &title,
        self_link: &self_link,
        html_link: &html_link,
        updated: rfc3339(&updated),
    };
    let body = write_feed(&feed, &cards, |path| state.settings.link(path))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(conditional(&req, body, updated))
}

/// Answers a feed reader's conditional GET: the ETag is a hash of the body (so a case that
/// leaves the public view changes it at once), `Last-Modified` the newest entry. Readers and
/// caches must revalidate every time (`no-cache`), which a 304 makes cheap.
fn conditional(req: &HttpRequest, body: Vec<u8>, updated: NaiveDateTime) -> HttpResponse {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(&body);
    let etag = EntityTag::new_strong(digest[..8].iter().map(|b| format!("{b:02x}")).collect());
    let modified = HttpDate::from(
        std::time::UNIX_EPOCH
            + std::time::Duration::from_secs(updated.and_utc().timestamp().max(0).unsigned_abs()),
    );
    let unchanged = match req.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(sent)) => sent.iter().any(|tag| tag.weak_eq(&etag)),
        // Only without an ETag to compare is the date used (RFC 9110, 13.1.3).
        None => req
            .get_header::<IfModifiedSince>()
            .is_some_and(|since| since.0 >= modified),
    };
    let mut answer = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    answer
        .insert_header(ETag(etag))
        .insert_header(LastModified(modified))
        .insert_header((header::CACHE_CONTROL, "public, no-cache"));
    if unchanged {
        return answer.finish();
    }
    answer
        .content_type("application/atom+xml; charset=utf-8")
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_what_xml_cannot_carry() {
        assert_eq!(xml_text("a\u{0}b\u{2}c\td\u{FFFF}"), "abc\td");
        assert_eq!(xml_text("Zürich & <Prague>"), "Zürich & <Prague>");
    }
}
