//! Full-text search over cases: SQLite FTS5 or PostgreSQL tsvector + GIN behind one interface.
//! User text never reaches the query syntax: it is cut into words first, so quotes, `NEAR`,
//! `*`, `-` or unbalanced parentheses are just characters.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::schema::{case_timeline, cases};
use super::{Backend, DbConn};

/// At most this many words of a query are used.
const MAX_WORDS: usize = 12;

/// The words of a search, ready for either backend; `None` when the text has no word at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWords(Vec<String>);

impl SearchWords {
    /// Cuts user text into words (letters and digits), lower-cased.
    pub fn parse(text: &str) -> Option<Self> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().take(64).collect::<String>().to_lowercase())
            .take(MAX_WORDS)
            .collect();
        (!words.is_empty()).then_some(SearchWords(words))
    }

    /// The query text for the backend: FTS5 phrases (`"a" "b"`, all required) or the plain
    /// words for `plainto_tsquery`.
    pub fn query(&self, backend: Backend) -> String {
        match backend {
            Backend::Sqlite => self
                .0
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" "),
            Backend::Postgres => self.0.join(" "),
        }
    }

    /// SQL for "this case matches", with one text bind for [`SearchWords::query`].
    pub fn matches_sql(backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => {
                "cases.id IN (SELECT case_id FROM case_search WHERE case_search MATCH "
            }
            Backend::Postgres => {
                "cases.id IN (SELECT case_id FROM case_search WHERE document @@ plainto_tsquery('simple', "
            }
        }
    }

    /// Closes what [`SearchWords::matches_sql`] opened.
    pub fn matches_sql_end(backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => ")",
            Backend::Postgres => "))",
        }
    }
}

/// Rebuilds the search document of one case (title; summary, narrative, outcome, lessons and
/// timeline as the body).
pub fn index_case(conn: &mut DbConn, case_id: &str) -> QueryResult<()> {
    let (title, summary, narrative, outcome, lessons): (String, String, String, String, String) =
        cases::table
            .find(case_id)
            .select((
                cases::title,
                cases::summary,
                cases::narrative,
                cases::outcome,
                cases::lessons,
            ))
            .first(conn)?;
    let timeline: Vec<String> = case_timeline::table
        .filter(case_timeline::case_id.eq(case_id))
        .order(case_timeline::occurred_on.asc())
        .select(case_timeline::body)
        .load(conn)?;
    let body = [
        summary,
        crate::domain::markdown::plain_text(&narrative),
        outcome,
        lessons,
    ]
    .into_iter()
    .chain(timeline)
    .collect::<Vec<_>>()
    .join("\n\n");
    remove(conn, case_id)?;
    diesel::sql_query("INSERT INTO case_search (case_id, title, body) VALUES ($1, $2, $3)")
        .bind::<Text, _>(case_id)
        .bind::<Text, _>(title)
        .bind::<Text, _>(body)
        .execute(conn)
        .map(|_| ())
}

/// Drops a case from the index.
pub fn remove(conn: &mut DbConn, case_id: &str) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM case_search WHERE case_id = $1")
        .bind::<Text, _>(case_id)
        .execute(conn)
        .map(|_| ())
}

#[derive(QueryableByName)]
struct SnippetRow {
    #[diesel(sql_type = Text)]
    case_id: String,
    #[diesel(sql_type = Text)]
    snippet: String,
}

/// Marks the start and end of a match inside snippets before escaping.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// Snippets of the body around the matched words, for the given cases (already filtered by
/// the policy), as plain text with [`MARK_START`]/[`MARK_END`] around each match.
pub fn snippets(
    conn: &mut DbConn,
    words: &SearchWords,
    case_ids: &[String],
) -> QueryResult<HashMap<String, String>> {
    if case_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let backend = conn.backend();
    let ids = serde_json::to_string(case_ids).unwrap_or_else(|_| "[]".into());
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT case_id, snippet(case_search, 2, char(2), char(3), '…', 24) AS snippet FROM case_search \
             WHERE case_search MATCH $1 AND case_id IN (SELECT value FROM json_each($2))"
        }
        Backend::Postgres => {
            "SELECT case_id, ts_headline('simple', body, plainto_tsquery('simple', $1), \
             format('StartSel=%s, StopSel=%s, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"', chr(2), chr(3))) AS snippet \
             FROM case_search WHERE case_id IN (SELECT jsonb_array_elements_text($2::jsonb))"
        }
    };
    let rows: Vec<SnippetRow> = diesel::sql_query(sql)
        .bind::<Text, _>(words.query(backend))
        .bind::<Text, _>(ids)
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.case_id, r.snippet)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_syntax_in_user_text_is_only_words() {
        let words = SearchWords::parse("\"taiwan\" NEAR(flag*) -tibet (unbalanced").unwrap();
        assert_eq!(
            words.query(Backend::Sqlite),
            "\"taiwan\" \"near\" \"flag\" \"tibet\" \"unbalanced\""
        );
        assert_eq!(
            words.query(Backend::Postgres),
            "taiwan near flag tibet unbalanced"
        );
        assert_eq!(SearchWords::parse("*** -- ()"), None);
        assert_eq!(
            SearchWords::parse("Zürich")
                .unwrap()
                .query(Backend::Postgres),
            "zürich"
        );
    }
}
