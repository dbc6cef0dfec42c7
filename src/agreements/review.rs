//! Reviewing an agreement: its clauses, each checked against every rule of the library.

use rayon::prelude::*;

use super::library::{Found, Library};
use crate::domain::clauses::{self, Clause};
use crate::domain::pattern::fold;
use crate::domain::rules::Rule;

/// One rule that flags a clause, and the words it matched (as written in the clause).
#[derive(Debug, Clone)]
pub struct Flag<'a> {
    pub rule: &'a Rule,
    /// The rule's index in the library.
    pub index: usize,
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

/// What every rule finds in one clause's text.
fn find(library: &Library, text: &str) -> Vec<Found> {
    let folded = fold(text);
    let candidates = library.candidates(&folded);
    library
        .rules()
        .iter()
        .zip(candidates)
        .enumerate()
        .filter(|(_, (_, candidate))| *candidate)
        .filter_map(|(index, (rule, _))| rule.check_folded(&folded).map(|range| (index, range)))
        .collect()
}

fn as_flags<'a>(library: &'a Library, text: &str, found: &[Found]) -> Vec<Flag<'a>> {
    let rules = library.rules();
    let mut flags: Vec<Flag<'a>> = found
        .iter()
        .map(|&(index, (from, to))| Flag {
            rule: &rules[index],
            index,
            matched: text[from..to].to_owned(),
            range: (from, to),
        })
        .collect();
    flags.sort_by(|a, b| {
        (a.rule.severity, a.range.0, &a.rule.id).cmp(&(b.rule.severity, b.range.0, &b.rule.id))
    });
    flags
}

/// Checks one clause's text against every rule.
pub fn flags<'a>(library: &'a Library, text: &str) -> Vec<Flag<'a>> {
    as_flags(library, text, &find(library, text))
}

/// As [`flags`], remembered by the library: for pages that show the same clauses again.
pub fn remembered_flags<'a>(library: &'a Library, text: &str) -> Vec<Flag<'a>> {
    as_flags(
        library,
        text,
        &library.remembered(text, || find(library, text)),
    )
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
        // Every rule's examples and counter-examples too: the prefilter picks one term of
        // each pattern, and must never leave out a rule that would flag.
        let library = Library::starter().expect("starter library");
        for text in [
            "The City adheres to the one China principle.",
            "双方确认一个中国原则，台湾是中国领土不可分割的一部分。",
            "The Parties shall promote exchanges in culture, education and sport.",
            "Die Stadt unterstützt die Initiative „Neue Seidenstraße“ und die Globale Entwicklungsinitiative.",
            "",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain(library.rules().iter().flat_map(|r| {
            let spec = r.spec();
            spec.must_match.into_iter().chain(spec.must_not_match)
        })) {
            let text = text.as_str();
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

    #[test]
    fn remembered_flags_are_the_flags_and_belong_to_their_library() {
        let library = Library::starter().expect("starter library");
        let text = "The City adheres to the one China principle.";
        let ids = |found: Vec<Flag<'_>>| -> Vec<(String, (usize, usize))> {
            found
                .into_iter()
                .map(|f| (f.rule.id.clone(), f.range))
                .collect()
        };
        let first = ids(remembered_flags(library, text));
        assert!(!first.is_empty());
        assert_eq!(first, ids(flags(library, text)));
        assert_eq!(first, ids(remembered_flags(library, text)));
        // Another library (a curated rule makes one) checks afresh: here, one without rules.
        let empty = Library::from_files(&[]).expect("an empty library");
        assert!(remembered_flags(&empty, text).is_empty());
    }
}
