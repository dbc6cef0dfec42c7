//! The rule library: the starter rules shipped with Twinwise (reviewable TOML files under
//! `rules/starter/`, one per category, compiled into the binary) checked on load, every rule's
//! examples included.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::bytes::{RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::domain::pattern::Folded;
use crate::domain::rules::{Category, Rule, RuleError, RuleSpec};

/// One file of rules: every rule in it belongs to the file's category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleSpec>,
}

/// Why a library could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    #[error("{file}: not a category of the rule library")]
    UnknownCategory { file: String },
    #[error("{file}: {error}")]
    Unreadable { file: String, error: String },
    #[error("{file}, rule {id}: {error}")]
    Rule {
        file: String,
        id: String,
        error: RuleError,
    },
    #[error("rule id {0} is used twice")]
    DuplicateId(String),
}

/// Rules ready to check clauses.
#[derive(Debug, Clone, Default)]
pub struct Library {
    rules: Vec<Rule>,
    /// Every rule's patterns in one set, tested in one pass over a clause; `None` if the set
    /// would be too large (each rule is then tried in turn).
    set: Option<RegexSet>,
    /// For each pattern of the set, the rule it belongs to.
    owners: Vec<usize>,
}

/// The starter files, (category, contents), embedded by `build.rs`.
const STARTER: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/starter_rules.rs"));

static STARTER_LIBRARY: LazyLock<Result<Library, Vec<LibraryError>>> =
    LazyLock::new(|| Library::from_files(STARTER));

impl Library {
    /// Loads rule files given as (category, TOML text); reports every problem.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Library, Vec<LibraryError>> {
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        let mut ids = HashSet::new();
        for (name, text) in files {
            let file = format!("{name}.toml");
            let Ok(category) = Category::parse(name) else {
                errors.push(LibraryError::UnknownCategory { file });
                continue;
            };
            let parsed: RuleFile = match toml::from_str(text) {
                Ok(parsed) => parsed,
                Err(e) => {
                    errors.push(LibraryError::Unreadable {
                        file,
                        error: e.message().to_owned(),
                    });
                    continue;
                }
            };
            for spec in &parsed.rule {
                if !ids.insert(spec.id.clone()) {
                    errors.push(LibraryError::DuplicateId(spec.id.clone()));
                }
                match Rule::new(category, spec) {
                    Ok(rule) => rules.push(rule),
                    Err(error) => errors.push(LibraryError::Rule {
                        file: file.clone(),
                        id: spec.id.clone(),
                        error,
                    }),
                }
            }
        }
        if errors.is_empty() {
            Ok(Library::of_rules(rules))
        } else {
            Err(errors)
        }
    }

    fn of_rules(rules: Vec<Rule>) -> Library {
        let mut owners = Vec::new();
        let mut expressions = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            for pattern in rule.patterns() {
                owners.push(i);
                expressions.push(pattern.prefilter().to_owned());
            }
        }
        let set = RegexSetBuilder::new(&expressions)
            .size_limit(64 << 20)
            .dfa_size_limit(1 << 23)
            .build()
            .ok();
        Library { rules, set, owners }
    }

    /// Which rules may flag this folded clause: those with a pattern that matches somewhere
    /// (their negative context is checked after).
    pub fn candidates(&self, folded: &Folded) -> Vec<bool> {
        let mut candidate = vec![self.set.is_none(); self.rules.len()];
        if let Some(set) = &self.set {
            for i in set.matches(folded.text.as_bytes()).iter() {
                candidate[self.owners[i]] = true;
            }
        }
        candidate
    }

    /// The starter library shipped with Twinwise.
    pub fn starter() -> Result<&'static Library, &'static [LibraryError]> {
        STARTER_LIBRARY.as_ref().map_err(Vec::as_slice)
    }

    /// Every rule, file by file, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_library_loads_and_every_example_passes() {
        let library = match Library::starter() {
            Ok(library) => library,
            Err(errors) => panic!(
                "{} problems:\n{}",
                errors.len(),
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        assert!(!STARTER.is_empty(), "no starter files embedded");
        for (name, _) in STARTER {
            let category = Category::parse(name).unwrap();
            let rules = library
                .rules()
                .iter()
                .filter(|r| r.category == category)
                .count();
            assert!(rules >= 5, "{name}: {rules} rules");
        }
    }

    #[test]
    fn broken_files_are_reported_with_where_and_why() {
        let errors = Library::from_files(&[
            ("nonsense", "rule = []"),
            ("sovereignty", "this is not toml"),
            (
                "confidentiality",
                "[[rule]]\nid = \"secret\"\nseverity = \"amber\"\ntitle = \"Secrecy\"\npatterns = [\"secret*\"]\nmust_match = [\"The talks are public.\"]\n",
            ),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(matches!(errors[0], LibraryError::UnknownCategory { .. }));
        assert!(matches!(errors[1], LibraryError::Unreadable { .. }));
        assert!(matches!(
            &errors[2],
            LibraryError::Rule { id, error: RuleError::Missed(_), .. } if id == "secret"
        ));
    }
}
