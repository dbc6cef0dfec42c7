//! Full-text search over cases: SQLite FTS5 or PostgreSQL tsvector + GIN behind one interface.
//! User text never reaches the query syntax: it is cut into words first, so quotes, `NEAR`,
//! `*`, `-` or unbalanced parentheses are just characters.

use std::collections::HashMap;

use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::schema::{case_timeline, cases};
use super::{Backend, DbBackend, DbConn};

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

    /// "`key` is in the full-text table `table` (column `id_column`) and matches these words",
    /// for either backend, on any query source. The names are fixed identifiers from the
    /// callers, never user text; the words are a bind.
    pub fn matches<QS>(
        &self,
        backend: Backend,
        key: &'static str,
        table: &'static str,
        id_column: &'static str,
    ) -> Box<dyn BoxableExpression<QS, DbBackend, SqlType = Bool>> {
        let (test, end) = match backend {
            Backend::Sqlite => (format!("{table} MATCH "), ")"),
            Backend::Postgres => ("document @@ plainto_tsquery('simple', ".to_owned(), "))"),
        };
        Box::new(
            sql::<Bool>(&format!(
                "{key} IN (SELECT {id_column} FROM {table} WHERE {test}"
            ))
            .bind::<Text, _>(self.query(backend))
            .sql(end),
        )
    }
}

/// Adds a case's document on SQLite. The row's rowid is the case's `search_key`, which grows
/// with publication time (see migration 000004), so a search walks the full-text index newest
/// first; cases that are not published have no key and are not indexed.
/// (SQLite numbers `$n` parameters in order of first appearance, so `$1` comes first.)
pub const SQLITE_INSERT_DOCUMENT: &str = "INSERT INTO case_search (rowid, case_id, title, body) \
     SELECT search_key, $1, $2, $3 FROM cases WHERE id = $1 AND search_key IS NOT NULL";

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
    let insert = match conn.backend() {
        Backend::Sqlite => SQLITE_INSERT_DOCUMENT,
        Backend::Postgres => "INSERT INTO case_search (case_id, title, body) VALUES ($1, $2, $3)",
    };
    diesel::sql_query(insert)
        .bind::<Text, _>(case_id)
        .bind::<Text, _>(title)
        .bind::<Text, _>(body)
        .execute(conn)
        .map(|_| ())
}

/// Drops a case from the index (on SQLite by rowid: the case id column is not indexed).
pub fn remove(conn: &mut DbConn, case_id: &str) -> QueryResult<()> {
    let delete = match conn.backend() {
        Backend::Sqlite => {
            "DELETE FROM case_search WHERE rowid = (SELECT search_key FROM cases WHERE id = $1)"
        }
        Backend::Postgres => "DELETE FROM case_search WHERE case_id = $1",
    };
    diesel::sql_query(delete)
        .bind::<Text, _>(case_id)
        .execute(conn)
        .map(|_| ())
}

#[derive(QueryableByName)]
struct BodyRow {
    #[diesel(sql_type = Text)]
    case_id: String,
    #[diesel(sql_type = Text)]
    body: String,
}

/// Marks the start and end of a match inside snippets before escaping.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// Words around a snippet's first match.
const SNIPPET_BEFORE: usize = 8;
const SNIPPET_WORDS: usize = 26;

/// Snippets of the body around the matched words, for the given cases (already filtered by
/// the policy), as plain text with [`MARK_START`]/[`MARK_END`] around each match. They are cut
/// here rather than by FTS5's `snippet()`, which reloads a common word's whole posting list
/// for every case shown.
pub fn snippets(
    conn: &mut DbConn,
    words: &SearchWords,
    case_ids: &[String],
) -> QueryResult<HashMap<String, String>> {
    if case_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = serde_json::to_string(case_ids).unwrap_or_else(|_| "[]".into());
    let sql = match conn.backend() {
        Backend::Sqlite => {
            "SELECT case_id, body FROM case_search WHERE rowid IN \
             (SELECT search_key FROM cases WHERE id IN (SELECT value FROM json_each($1)))"
        }
        Backend::Postgres => {
            "SELECT case_id, body FROM case_search \
             WHERE case_id IN (SELECT jsonb_array_elements_text($1::jsonb))"
        }
    };
    let rows: Vec<BodyRow> = diesel::sql_query(sql).bind::<Text, _>(ids).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.case_id, snippet(&r.body, words)))
        .collect())
}

/// A word as the full-text indexes compare it: lower case, without diacritics.
fn folded(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// About [`SNIPPET_WORDS`] words of `body` from just before the first match, every match
/// marked; the opening words when only the title matched.
pub fn snippet(body: &str, words: &SearchWords) -> String {
    let wanted: Vec<String> = words.0.iter().map(|w| folded(w)).collect();
    // Most words are ASCII: compare those without allocating.
    let hit = |&(s, e): &(usize, usize)| {
        let token = &body[s..e];
        if token.is_ascii() {
            wanted.iter().any(|w| w.eq_ignore_ascii_case(token))
        } else {
            wanted.contains(&folded(token))
        }
    };
    // Word spans, read only as far as the window after the first match (plus one word, to
    // know whether the text goes on).
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut first = None;
    let mut start = None;
    let mut push = |span: (usize, usize), spans: &mut Vec<(usize, usize)>| {
        if first.is_none() && hit(&span) {
            first = Some(spans.len());
        }
        spans.push(span);
        first.is_some_and(|f: usize| spans.len() > f.saturating_sub(SNIPPET_BEFORE) + SNIPPET_WORDS)
    };
    let mut done = false;
    for (i, c) in body.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                if push((s, i), &mut spans) {
                    done = true;
                    break;
                }
            }
            _ => {}
        }
    }
    if !done && let Some(s) = start {
        push((s, body.len()), &mut spans);
    }
    let first = first.unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_BEFORE);
    let to = (from + SNIPPET_WORDS).min(spans.len());
    let Some(window) = spans.get(from..to).filter(|w| !w.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = window[0].0;
    for span in window {
        out.push_str(&body[at..span.0]);
        if hit(span) {
            out.push(MARK_START);
            out.push_str(&body[span.0..span.1]);
            out.push(MARK_END);
        } else {
            out.push_str(&body[span.0..span.1]);
        }
        at = span.1;
    }
    if to < spans.len() {
        out.push('…');
    }
    out
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
        let snippet = snippet(
            "The Zurich office wrote. Later the zürich council met.",
            &SearchWords::parse("ZÜRICH").unwrap(),
        );
        assert_eq!(
            snippet,
            "The \u{2}Zurich\u{3} office wrote. Later the \u{2}zürich\u{3} council met"
        );
        assert_eq!(
            SearchWords::parse("Zürich")
                .unwrap()
                .query(Backend::Postgres),
            "zürich"
        );
    }
}
