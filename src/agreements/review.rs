//! Reviewing an agreement: its clauses, each checked against every rule of the library.

use rayon::prelude::*;

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

/// A clause and its flags, most severe first, then in the order they occur.
#[derive(Debug, Clone)]
pub struct ReviewedClause<'a> {
    pub clause: Clause,
    pub flags: Vec<Flag<'a>>,
}

/// Checks one clause's text against every rule.
pub fn flags<'a>(library: &'a Library, text: &str) -> Vec<Flag<'a>> {
    let folded = fold(text);
    let candidates = library.candidates(&folded);
    let mut flags: Vec<Flag<'a>> = library
        .rules()
        .iter()
        .zip(candidates)
        .filter(|(_, candidate)| *candidate)
        .filter_map(|(rule, _)| {
            rule.check_folded(&folded).map(|(from, to)| Flag {
                rule,
                matched: text[from..to].to_owned(),
                range: (from, to),
            })
        })
        .collect();
    flags.sort_by(|a, b| {
        (a.rule.severity, a.range.0, &a.rule.id).cmp(&(b.rule.severity, b.range.0, &b.rule.id))
    });
    flags
}

/// Splits an agreement into clauses and checks each, the clauses in parallel (each check
/// only reads the library).
pub fn review<'a>(library: &'a Library, text: &str) -> Vec<ReviewedClause<'a>> {
    clauses::split(text)
        .into_par_iter()
        .map(|clause| ReviewedClause {
            flags: flags(library, &clause.text),
            clause,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_pass_prefilter_flags_exactly_what_every_rule_alone_would() {
        let library = Library::starter().expect("starter library");
        for text in [
            "The City adheres to the one China principle.",
            "双方确认一个中国原则，台湾是中国领土不可分割的一部分。",
            "The Parties shall promote exchanges in culture, education and sport.",
            "Die Stadt unterstützt die Initiative „Neue Seidenstraße“ und die Globale Entwicklungsinitiative.",
            "",
        ] {
            let fast: Vec<&str> = flags(library, text)
                .iter()
                .map(|f| f.rule.id.as_str())
                .collect();
            let mut slow: Vec<(crate::domain::rules::Severity, usize, &str)> = library
                .rules()
                .iter()
                .filter_map(|r| {
                    r.check(text)
                        .map(|(from, _)| (r.severity, from, r.id.as_str()))
                })
                .collect();
            slow.sort();
            let slow: Vec<&str> = slow.into_iter().map(|(_, _, id)| id).collect();
            assert_eq!(fast, slow, "{text}");
        }
    }
}
