//! The rule library's rules: what a clause must not say, in several languages, with the
//! examples that prove each rule does what it says. A rule whose own examples fail is refused.

use serde::{Deserialize, Serialize};

use super::enums::text_enum;
use super::pattern::{Folded, Pattern, PatternError, PatternSet, fold};

/// What a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Sovereignty,
    PoliticalEndorsement,
    ThirdPartyContacts,
    Confidentiality,
    DataTechnology,
    Exclusivity,
    MediaEventsApproval,
    TerminationPenalties,
    GoverningLawDisputes,
    FinancialObligations,
    AutomaticRenewal,
    PrevailingLanguage,
}

text_enum!(Category {
    Sovereignty => "sovereignty", "Sovereignty and “one China” wording",
    PoliticalEndorsement => "political-endorsement", "Political endorsement",
    ThirdPartyContacts => "third-party-contacts", "Restrictions on contacts with third parties",
    Confidentiality => "confidentiality", "Confidentiality",
    DataTechnology => "data-technology", "Data and technology",
    Exclusivity => "exclusivity", "Exclusivity",
    MediaEventsApproval => "media-events-approval", "Approval of media and events",
    TerminationPenalties => "termination-penalties", "Termination and penalties",
    GoverningLawDisputes => "governing-law-disputes", "Governing law and disputes",
    FinancialObligations => "financial-obligations", "Financial obligations",
    AutomaticRenewal => "automatic-renewal", "Automatic renewal",
    PrevailingLanguage => "prevailing-language", "Prevailing language",
});

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Do not sign as it is.
    Red,
    /// Negotiate.
    Amber,
    Info,
}

text_enum!(Severity {
    Red => "red", "Do not sign as it is",
    Amber => "amber", "Negotiate",
    Info => "info", "For information",
});

/// A rule as written (a starter file's entry, or a moderator's form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub severity: String,
    pub title: String,
    pub guidance: String,
    pub alternative: String,
    pub patterns: Vec<String>,
    pub unless: Vec<String>,
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
    /// Cases where peers met this wording (case ids).
    pub cases: Vec<String>,
    /// Playbooks that say how to answer it (playbook slugs).
    pub playbooks: Vec<String>,
}

/// Why a rule cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("give the rule an id of lower-case letters, digits and hyphens")]
    BadId,
    #[error("give the rule a title")]
    NoTitle,
    #[error("choose a severity: red, amber or info")]
    BadSeverity,
    #[error("add at least one pattern")]
    NoPatterns,
    #[error("add at least one example it must match")]
    NoExamples,
    #[error("pattern “{pattern}”: {error}")]
    Pattern {
        pattern: String,
        error: PatternError,
    },
    #[error("it does not match its own example “{0}”")]
    Missed(String),
    #[error("it matches its own counter-example “{0}”")]
    Overreach(String),
}

/// A rule ready to check clauses: its patterns compiled, its examples passed.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    pub guidance: String,
    pub alternative: String,
    patterns: Vec<Pattern>,
    unless_patterns: Vec<Pattern>,
    matcher: PatternSet,
    unless: Option<PatternSet>,
    /// The examples it was checked against.
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
    pub cases: Vec<String>,
    pub playbooks: Vec<String>,
}

/// The patterns that compile, and an error for each one that does not.
fn compile(patterns: &[String]) -> (Vec<Pattern>, Vec<RuleError>) {
    let mut compiled = Vec::new();
    let mut errors = Vec::new();
    for p in patterns {
        match Pattern::new(p) {
            Ok(pattern) => compiled.push(pattern),
            Err(error) => errors.push(RuleError::Pattern {
                pattern: p.clone(),
                error,
            }),
        }
    }
    (compiled, errors)
}

fn with(mut errors: Vec<RuleError>, error: RuleError) -> Vec<RuleError> {
    if !errors.contains(&error) {
        errors.push(error);
    }
    errors
}

impl Rule {
    /// Compiles a rule and runs its examples; the first problem is reported.
    pub fn new(category: Category, spec: &RuleSpec) -> Result<Rule, RuleError> {
        Rule::validate(category, spec).map_err(|mut errors| errors.swap_remove(0))
    }

    /// Compiles a rule and runs its examples, reporting every problem found (all the
    /// patterns that do not compile, or else every example that fails), never none.
    pub fn validate(category: Category, spec: &RuleSpec) -> Result<Rule, Vec<RuleError>> {
        let id_ok = !spec.id.is_empty()
            && spec
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let mut errors = Vec::new();
        if !id_ok {
            errors.push(RuleError::BadId);
        }
        if spec.title.trim().is_empty() {
            errors.push(RuleError::NoTitle);
        }
        let severity = Severity::parse(spec.severity.trim());
        if severity.is_err() {
            errors.push(RuleError::BadSeverity);
        }
        if spec.patterns.is_empty() {
            errors.push(RuleError::NoPatterns);
        }
        if spec.must_match.is_empty() {
            errors.push(RuleError::NoExamples);
        }
        let (patterns, mut bad) = compile(&spec.patterns);
        let (unless, bad_unless) = compile(&spec.unless);
        bad.extend(bad_unless);
        errors.extend(bad);
        let together = |set: &[Pattern]| {
            PatternSet::new(set).map_err(|error| RuleError::Pattern {
                pattern: "(all the patterns together)".to_owned(),
                error,
            })
        };
        let (matcher, unless_set) = match (together(&patterns), together(&unless)) {
            (Ok(Some(matcher)), Ok(unless_set)) => (matcher, unless_set),
            (Ok(None), Ok(_)) => return Err(with(errors, RuleError::NoPatterns)),
            (Err(e), _) | (_, Err(e)) => return Err(with(errors, e)),
        };
        let Ok(severity) = severity else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let rule = Rule {
            id: spec.id.clone(),
            category,
            severity,
            title: spec.title.trim().to_owned(),
            guidance: spec.guidance.trim().to_owned(),
            alternative: spec.alternative.trim().to_owned(),
            matcher,
            unless: unless_set,
            patterns,
            unless_patterns: unless,
            must_match: spec.must_match.clone(),
            must_not_match: spec.must_not_match.clone(),
            cases: spec.cases.clone(),
            playbooks: spec.playbooks.clone(),
        };
        let failures: Vec<RuleError> = spec
            .must_match
            .iter()
            .filter(|e| rule.check(e).is_none())
            .map(|e| RuleError::Missed(e.clone()))
            .chain(
                spec.must_not_match
                    .iter()
                    .filter(|e| rule.check(e).is_some())
                    .map(|e| RuleError::Overreach(e.clone())),
            )
            .collect();
        if failures.is_empty() {
            Ok(rule)
        } else {
            Err(failures)
        }
    }

    /// The rule as written, for a form or a revision.
    pub fn spec(&self) -> RuleSpec {
        let sources = |set: &[Pattern]| set.iter().map(|p| p.source().to_owned()).collect();
        RuleSpec {
            id: self.id.clone(),
            severity: self.severity.as_str().to_owned(),
            title: self.title.clone(),
            guidance: self.guidance.clone(),
            alternative: self.alternative.clone(),
            patterns: sources(&self.patterns),
            unless: sources(&self.unless_patterns),
            must_match: self.must_match.clone(),
            must_not_match: self.must_not_match.clone(),
            cases: self.cases.clone(),
            playbooks: self.playbooks.clone(),
        }
    }

    /// Its patterns (not the negative context).
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Its negative context: when one of these matches, the rule does not flag the clause.
    pub fn unless_patterns(&self) -> &[Pattern] {
        &self.unless_patterns
    }

    /// Where the rule flags this text: the original byte range of the first match.
    pub fn check(&self, text: &str) -> Option<(usize, usize)> {
        self.check_folded(&fold(text))
    }

    /// As [`Rule::check`], on text folded once for many rules.
    pub fn check_folded(&self, folded: &Folded) -> Option<(usize, usize)> {
        // The match first: most rules tried do not match, and then the negative context
        // need not be searched at all.
        let (start, end) = self.matcher.find(folded)?;
        if self.unless.as_ref().is_some_and(|u| u.is_match(folded)) {
            return None;
        }
        Some(folded.original_range(start, end))
    }
}

/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// The longest guidance or alternative wording, in characters.
pub const PROSE_MAX: usize = 20_000;
/// The most lines in one list (patterns, examples, links).
pub const LINES_MAX: usize = 100;
/// The longest line of a list, in characters.
pub const LINE_MAX: usize = 2_000;

/// The rule form as typed: lists one item per line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RuleFields {
    pub id: String,
    pub category: String,
    pub severity: String,
    pub title: String,
    pub guidance: String,
    pub alternative: String,
    pub patterns: String,
    pub unless: String,
    pub must_match: String,
    pub must_not_match: String,
    pub cases: String,
    pub playbooks: String,
    /// What changed, for the revision history.
    pub note: String,
}

/// The non-empty lines of a list field, each normalised; an error for a list too long, a
/// line too long or hidden characters.
fn lines(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match super::text::clean_line(line, "each line", LINE_MAX) {
            Ok(line) => out.push(line),
            Err(e) => return Err(e.to_string()),
        }
    }
    if out.len() > LINES_MAX {
        return Err(format!("Keep this to {LINES_MAX} lines."));
    }
    Ok(out)
}

fn joined(items: &[String]) -> String {
    items.join("\n")
}

/// The form field a rule problem belongs to.
fn field_of(error: &RuleError, spec: &RuleSpec) -> &'static str {
    match error {
        RuleError::BadId => "id",
        RuleError::NoTitle => "title",
        RuleError::BadSeverity => "severity",
        RuleError::NoPatterns => "patterns",
        RuleError::NoExamples | RuleError::Missed(_) => "must_match",
        RuleError::Overreach(_) => "must_not_match",
        RuleError::Pattern { pattern, .. } if spec.unless.contains(pattern) => "unless",
        RuleError::Pattern { .. } => "patterns",
    }
}

impl RuleFields {
    /// The form filled with a rule as it is.
    pub fn of(category: Category, spec: &RuleSpec) -> RuleFields {
        RuleFields {
            id: spec.id.clone(),
            category: category.as_str().to_owned(),
            severity: spec.severity.clone(),
            title: spec.title.clone(),
            guidance: spec.guidance.clone(),
            alternative: spec.alternative.clone(),
            patterns: joined(&spec.patterns),
            unless: joined(&spec.unless),
            must_match: joined(&spec.must_match),
            must_not_match: joined(&spec.must_not_match),
            cases: joined(&spec.cases),
            playbooks: joined(&spec.playbooks),
            note: String::new(),
        }
    }

    /// Validates the form: sizes, the category, and the rule itself (its patterns compile
    /// and its own examples pass). Every problem is reported against its field; failing
    /// examples are all named.
    pub fn parse(&self) -> Result<(Category, RuleSpec), Vec<super::form::FieldError>> {
        let mut errors = super::form::Collector::default();
        let category = errors.check(
            "category",
            Category::parse(self.category.trim()).map_err(|_| "Choose a category."),
        );
        let mut list =
            |field: &'static str, text: &str| errors.check(field, lines(text)).unwrap_or_default();
        let (patterns, unless) = (
            list("patterns", &self.patterns),
            list("unless", &self.unless),
        );
        let must_match = list("must_match", &self.must_match);
        let must_not_match = list("must_not_match", &self.must_not_match);
        // A pasted address (…/cases/ID) names what its last segment names.
        let last = |items: Vec<String>| -> Vec<String> {
            items
                .iter()
                .map(|i| {
                    i.trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or(i)
                        .to_owned()
                })
                .collect()
        };
        let cases = last(list("cases", &self.cases));
        let playbooks = last(list("playbooks", &self.playbooks));
        let prose = |errors: &mut super::form::Collector, field, text: &str| {
            errors
                .check(
                    field,
                    super::text::clean_text(text, "this", PROSE_MAX, false),
                )
                .unwrap_or_default()
        };
        let spec = RuleSpec {
            id: self.id.trim().to_owned(),
            severity: self.severity.trim().to_owned(),
            title: errors
                .check(
                    "title",
                    super::text::clean_line(&self.title, "a title", TITLE_MAX),
                )
                .unwrap_or_default(),
            guidance: prose(&mut errors, "guidance", &self.guidance),
            alternative: prose(&mut errors, "alternative", &self.alternative),
            patterns,
            unless,
            must_match,
            must_not_match,
            cases,
            playbooks,
        };
        if spec.id.chars().count() > 80 {
            errors.add("id", "Keep the id to 80 characters.");
        }
        if self.note.chars().count() > 500 {
            errors.add("note", "Keep the note to 500 characters.");
        }
        // The rule's own checks run whatever else is wrong, so that every problem is named
        // at once (the category does not change them).
        if let Err(problems) = Rule::validate(category.unwrap_or(Category::Sovereignty), &spec) {
            let mut missed = Vec::new();
            let mut over = Vec::new();
            for problem in &problems {
                match problem {
                    RuleError::Missed(e) => missed.push(format!("“{e}”")),
                    RuleError::Overreach(e) => over.push(format!("“{e}”")),
                    other => errors.add(field_of(other, &spec), sentence(&other.to_string())),
                }
            }
            if !missed.is_empty() {
                errors.add(
                    "must_match",
                    format!(
                        "The patterns do not flag {}: widen them or correct the example.",
                        missed.join(", ")
                    ),
                );
            }
            if !over.is_empty() {
                errors.add(
                    "must_not_match",
                    format!(
                        "The rule flags {}, which it must not: narrow the patterns or add negative context.",
                        over.join(", ")
                    ),
                );
            }
        }
        match category {
            Some(category) if errors.is_empty() => Ok((category, spec)),
            _ => Err(errors.into_errors()),
        }
    }
}

/// A message as a sentence: capital first letter, full stop.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> RuleSpec {
        RuleSpec {
            id: "prevailing-chinese".into(),
            severity: "red".into(),
            title: "The Chinese text prevails".into(),
            patterns: vec![
                "chinese (text|version) .. prevail*".into(),
                "以中文 ~4 为准".into(),
            ],
            unless: vec!["(english|swedish) (text|version) .. prevail*".into()],
            must_match: vec![
                "In case of divergence, the Chinese text shall prevail.".into(),
                "如有分歧，以中文文本为准。".into(),
            ],
            must_not_match: vec![
                "In case of divergence the Swedish text shall prevail over the Chinese text."
                    .into(),
            ],
            ..RuleSpec::default()
        }
    }

    #[test]
    fn a_rule_flags_the_matched_words_unless_its_negative_context_is_there() {
        let rule = Rule::new(Category::PrevailingLanguage, &spec()).unwrap();
        let text = "Should they differ, the Chinese version shall prevail.";
        let (from, to) = rule.check(text).unwrap();
        assert_eq!(&text[from..to], "Chinese version shall prevail");
        assert!(rule
            .check("Both texts are equally authentic; the English version prevails over the Chinese version.")
            .is_none());
    }

    #[test]
    fn a_rule_whose_examples_fail_is_refused() {
        let mut missed = spec();
        missed
            .must_match
            .push("The Chinese original is binding.".into());
        assert_eq!(
            Rule::new(Category::PrevailingLanguage, &missed).err(),
            Some(RuleError::Missed("The Chinese original is binding.".into()))
        );
        let mut over = spec();
        over.must_not_match
            .push("The Chinese text shall prevail.".into());
        assert!(matches!(
            Rule::new(Category::PrevailingLanguage, &over),
            Err(RuleError::Overreach(_))
        ));
        let mut bad = spec();
        bad.patterns.push("chinese (text".into());
        assert!(matches!(
            Rule::new(Category::PrevailingLanguage, &bad),
            Err(RuleError::Pattern { .. })
        ));
        for (field, error) in [
            ("id", RuleError::BadId),
            ("severity", RuleError::BadSeverity),
        ] {
            let mut wrong = spec();
            match field {
                "id" => wrong.id = "Bad Id".into(),
                _ => wrong.severity = "purple".into(),
            }
            assert_eq!(
                Rule::new(Category::PrevailingLanguage, &wrong).err(),
                Some(error)
            );
        }
    }
}
