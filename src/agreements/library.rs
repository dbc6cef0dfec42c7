//! The rule library: the starter rules shipped with Twinwise (reviewable TOML files under
//! `rules/starter/`, one per category, compiled into the binary) checked on load, every rule's
//! examples included; installed into a fresh database, where moderators curate it; and the
//! [`Shelf`] that keeps the database's library compiled until a rule changes.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use regex::bytes::{RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::db::{self, DbConn, DbError, write_transaction};
use crate::domain::markdown;
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

/// What one rule found in a clause: the rule's index in the library, and the matched words'
/// byte range in the clause's text.
pub type Found = (usize, (usize, usize));

/// The clause texts a library has checked, with what it found: the same clauses are read
/// again and again (a review page, its report, a comparison), and a library never changes
/// (a curated rule makes a new one), so the findings stay true for as long as it lives.
struct Checked(quick_cache::sync::Cache<String, Arc<[Found]>, TextWeight>);

/// About 32 MB of clause text and findings.
const CHECKED_BYTES: u64 = 32 << 20;

#[derive(Clone)]
struct TextWeight;

impl quick_cache::Weighter<String, Arc<[Found]>> for TextWeight {
    fn weight(&self, text: &String, found: &Arc<[Found]>) -> u64 {
        (text.len() + std::mem::size_of_val::<[Found]>(found) + 64) as u64
    }
}

impl Default for Checked {
    fn default() -> Self {
        Checked(quick_cache::sync::Cache::with_weighter(
            20_000,
            CHECKED_BYTES,
            TextWeight,
        ))
    }
}

impl std::fmt::Debug for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Checked({} clauses)", self.0.len())
    }
}

/// Rules ready to check clauses.
#[derive(Debug, Default)]
pub struct Library {
    rules: Vec<Rule>,
    /// Every rule's patterns in one set, tested in one pass over a clause; `None` if the set
    /// would be too large (each rule is then tried in turn).
    set: Option<RegexSet>,
    /// For each pattern of the set, the rule it belongs to.
    owners: Vec<usize>,
    /// Each rule's guidance as sanitised HTML, rendered when first shown.
    guidance: Vec<OnceLock<String>>,
    checked: Checked,
}

/// The starter files, (category, contents), embedded by `build.rs`.
const STARTER: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/starter_rules.rs"));

static STARTER_LIBRARY: LazyLock<Result<Arc<Library>, Vec<LibraryError>>> =
    LazyLock::new(|| Library::from_files(STARTER).map(Arc::new));

/// Rules as written, sorted by category and id.
pub type Specs = Vec<(Category, RuleSpec)>;

fn sorted(mut specs: Specs) -> Specs {
    specs.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    specs
}

/// The starter rules as written (empty if a file does not parse, which the starter test
/// rules out).
pub fn starter_specs() -> Specs {
    let mut specs = Vec::new();
    for (name, text) in STARTER {
        if let (Ok(category), Ok(file)) = (Category::parse(name), toml::from_str::<RuleFile>(text))
        {
            specs.extend(file.rule.into_iter().map(|spec| (category, spec)));
        }
    }
    sorted(specs)
}

/// Installs the starter library into a database that has no rule yet, as revision 1 of each
/// rule; returns how many rules it installed. Two instances starting at once on one
/// PostgreSQL database cannot both install: the second one's insert fails and rolls back.
///
/// The rules are not compiled here (that takes the library's memory at every start): the
/// starter test proves every starter rule compiles and passes its examples.
pub fn install_starter(conn: &mut DbConn) -> Result<usize, DbError> {
    write_transaction(conn, |conn| {
        if db::rules::count(conn)? > 0 {
            return Ok(0);
        }
        let specs = starter_specs();
        for (category, spec) in &specs {
            db::rules::save(conn, *category, spec, "The starter library", None)?;
        }
        Ok(specs.len())
    })
}

/// The database's library, compiled once and kept until the `rules` counter moves (on this
/// instance or any other). A database with no rules reviews with the starter library, and
/// so does one whose rules are exactly the starter's (it shares the compiled copy).
#[derive(Debug, Default)]
pub struct Shelf {
    current: Mutex<Option<(i64, Arc<Library>)>>,
}

impl Shelf {
    /// The library to review with now.
    pub fn library(&self, conn: &mut DbConn) -> Result<Arc<Library>, DbError> {
        let epoch = db::rules::epoch(conn)?;
        // Held while a stale library is rebuilt, so that it is built once.
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, library)) = current.as_ref()
            && *at == epoch
        {
            return Ok(library.clone());
        }
        let library = Self::load(conn)?;
        *current = Some((epoch, library.clone()));
        Ok(library)
    }

    fn load(conn: &mut DbConn) -> Result<Arc<Library>, DbError> {
        let specs = sorted(
            db::rules::all(conn)?
                .iter()
                .filter_map(db::rules::RuleRow::spec)
                .collect(),
        );
        if let Ok(starter) = Library::starter_shared()
            && (specs.is_empty() || specs == starter_specs())
        {
            return Ok(starter);
        }
        let mut rules = Vec::with_capacity(specs.len());
        for (category, spec) in &specs {
            match Rule::new(*category, spec) {
                Ok(rule) => rules.push(rule),
                // Saved rules passed their examples; one that no longer does after an
                // upgrade is left out of reviews rather than stopping them all.
                Err(error) => {
                    tracing::warn!(rule = %spec.id, %error, "rule left out of the library")
                }
            }
        }
        Ok(Arc::new(Library::of_rules(rules)))
    }
}

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
        Library {
            guidance: rules.iter().map(|_| OnceLock::new()).collect(),
            rules,
            set,
            owners,
            checked: Checked::default(),
        }
    }

    /// What the library finds in a clause's text, computed by `check` the first time.
    pub fn remembered(&self, text: &str, check: impl FnOnce() -> Vec<Found>) -> Arc<[Found]> {
        if let Some(found) = self.checked.0.get(text) {
            return found;
        }
        let found: Arc<[Found]> = check().into();
        self.checked.0.insert(text.to_owned(), Arc::clone(&found));
        found
    }

    /// The guidance of the rule at `index`, as sanitised HTML.
    pub fn guidance_html(&self, index: usize) -> &str {
        self.guidance.get(index).map_or("", |html| {
            html.get_or_init(|| markdown::render(&self.rules[index].guidance))
        })
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
        Self::starter_shared_ref().map(|l| &**l)
    }

    fn starter_shared_ref() -> Result<&'static Arc<Library>, &'static [LibraryError]> {
        STARTER_LIBRARY.as_ref().map_err(Vec::as_slice)
    }

    /// The starter library, shared.
    pub fn starter_shared() -> Result<Arc<Library>, &'static [LibraryError]> {
        Self::starter_shared_ref().cloned()
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
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
