//! The rule library's rules: what a clause must not say, in several languages, with the
//! examples that prove each rule does what it says. A rule whose own examples fail is refused.

use serde::Deserialize;

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
#[derive(Debug, Clone, Default, Deserialize)]
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
}

fn compile(patterns: &[String]) -> Result<Vec<Pattern>, RuleError> {
    patterns
        .iter()
        .map(|p| {
            Pattern::new(p).map_err(|error| RuleError::Pattern {
                pattern: p.clone(),
                error,
            })
        })
        .collect()
}

impl Rule {
    /// Compiles a rule and runs its examples; every problem is reported, the first one here.
    pub fn new(category: Category, spec: &RuleSpec) -> Result<Rule, RuleError> {
        let id_ok = !spec.id.is_empty()
            && spec
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(RuleError::BadId);
        }
        if spec.title.trim().is_empty() {
            return Err(RuleError::NoTitle);
        }
        let severity = Severity::parse(spec.severity.trim()).map_err(|_| RuleError::BadSeverity)?;
        if spec.patterns.is_empty() {
            return Err(RuleError::NoPatterns);
        }
        if spec.must_match.is_empty() {
            return Err(RuleError::NoExamples);
        }
        let patterns = compile(&spec.patterns)?;
        let unless = compile(&spec.unless)?;
        let together = |set: &[Pattern]| {
            PatternSet::new(set).map_err(|error| RuleError::Pattern {
                pattern: "(all the patterns together)".to_owned(),
                error,
            })
        };
        let rule = Rule {
            id: spec.id.clone(),
            category,
            severity,
            title: spec.title.trim().to_owned(),
            guidance: spec.guidance.trim().to_owned(),
            alternative: spec.alternative.trim().to_owned(),
            matcher: together(&patterns)?.ok_or(RuleError::NoPatterns)?,
            unless: together(&unless)?,
            patterns,
            unless_patterns: unless,
            must_match: spec.must_match.clone(),
            must_not_match: spec.must_not_match.clone(),
        };
        if let Some(missed) = spec.must_match.iter().find(|e| rule.check(e).is_none()) {
            return Err(RuleError::Missed(missed.clone()));
        }
        if let Some(over) = spec.must_not_match.iter().find(|e| rule.check(e).is_some()) {
            return Err(RuleError::Overreach(over.clone()));
        }
        Ok(rule)
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
        if self.unless.as_ref().is_some_and(|u| u.is_match(folded)) {
            return None;
        }
        let (start, end) = self.matcher.find(folded)?;
        Some(folded.original_range(start, end))
    }
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
