//! Reviewing an agreement: its clauses, each checked against every rule of the library.

use super::library::Library;
use crate::domain::clauses::{self, Clause};
use crate::domain::pattern::fold;
use crate::domain::rules::Rule;

/// One rule that flags a clause, and the words it matched (as written in the clause).
#[derive(Debug, Clone)]
pub struct Flag<'a> {
    pub rule: &'a Rule,
    pub matched: String,
    /// The matched words' byte range in the clause's text.
    pub range: (usize, usize),
}

/// A clause and its flags, most severe first.
#[derive(Debug, Clone)]
pub struct ReviewedClause<'a> {
    pub clause: Clause,
    pub flags: Vec<Flag<'a>>,
}

/// Checks one clause's text against every rule.
pub fn flags<'a>(library: &'a Library, text: &str) -> Vec<Flag<'a>> {
    let folded = fold(text);
    let mut flags: Vec<Flag<'a>> = library
        .rules()
        .iter()
        .filter_map(|rule| {
            rule.check_folded(&folded).map(|(from, to)| Flag {
                rule,
                matched: text[from..to].to_owned(),
                range: (from, to),
            })
        })
        .collect();
    flags.sort_by_key(|f| (f.rule.severity, f.range.0));
    flags
}

/// Splits an agreement into clauses and checks each.
pub fn review<'a>(library: &'a Library, text: &str) -> Vec<ReviewedClause<'a>> {
    clauses::split(text)
        .into_iter()
        .map(|clause| ReviewedClause {
            flags: flags(library, &clause.text),
            clause,
        })
        .collect()
}
