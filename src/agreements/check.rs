//! `twinwise check-agreement`: split and check agreement files without a running server.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::extract::{self, ExtractError, Format};
use super::language;
use super::library::Library;
use super::review::{ReviewedClause, review};

/// Why a file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}: cannot read it: {1}")]
    Unreadable(PathBuf, std::io::Error),
    #[error("{0}: {1}")]
    Unusable(PathBuf, ExtractError),
    #[error("the rule library does not load:\n{0}")]
    Library(String),
}

#[derive(Debug, Serialize)]
struct JsonFlag<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    matched: &'a str,
}

#[derive(Debug, Serialize)]
struct JsonClause<'a> {
    number: Option<&'a str>,
    title: Option<&'a str>,
    text: &'a str,
    flags: Vec<JsonFlag<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonFile<'a> {
    file: String,
    language: Option<String>,
    clauses: Vec<JsonClause<'a>>,
}

/// Reads an agreement file as text.
fn read(path: &Path) -> Result<String, CheckError> {
    let unusable = |e| CheckError::Unusable(path.to_owned(), e);
    let format = Format::of_name(&path.to_string_lossy()).map_err(unusable)?;
    let bytes = std::fs::read(path).map_err(|e| CheckError::Unreadable(path.to_owned(), e))?;
    extract::text(format, &bytes).map_err(unusable)
}

fn as_json<'a>(
    file: &Path,
    language: Option<String>,
    clauses: &'a [ReviewedClause<'a>],
) -> JsonFile<'a> {
    JsonFile {
        file: file.display().to_string(),
        language,
        clauses: clauses
            .iter()
            .map(|c| JsonClause {
                number: c.clause.number.as_deref(),
                title: c.clause.title.as_deref(),
                text: &c.clause.text,
                flags: c
                    .flags
                    .iter()
                    .map(|f| JsonFlag {
                        rule: &f.rule.id,
                        category: f.rule.category.as_str(),
                        severity: f.rule.severity.as_str(),
                        matched: &f.matched,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn as_text(file: &Path, language: Option<&str>, clauses: &[ReviewedClause<'_>]) -> String {
    let mut out = format!(
        "{} ({}, {} clause{})\n",
        file.display(),
        language.unwrap_or("language not recognised"),
        clauses.len(),
        if clauses.len() == 1 { "" } else { "s" }
    );
    for c in clauses {
        let name = match (&c.clause.number, &c.clause.title) {
            (Some(n), Some(t)) => format!("{n} – {t}"),
            (Some(n), None) => n.clone(),
            (None, Some(t)) => t.clone(),
            (None, None) => format!("{:?}", c.clause.kind),
        };
        out.push_str(&format!(
            "  {name}: {}\n",
            match c.flags.len() {
                0 => "no flags".to_owned(),
                1 => "1 flag".to_owned(),
                n => format!("{n} flags"),
            }
        ));
        for f in &c.flags {
            out.push_str(&format!(
                "    [{}] {} ({}): “{}”\n",
                f.rule.severity.as_str().to_uppercase(),
                f.rule.title,
                f.rule.category.as_str(),
                f.matched
            ));
        }
    }
    out
}

/// The starter library, or why it does not load.
pub fn starter() -> Result<Arc<Library>, CheckError> {
    Library::starter_shared().map_err(|errors| {
        CheckError::Library(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })
}

/// Checks each file against `library` and returns what to print: one JSON array, or a
/// report per file.
pub fn run(
    library: &Library,
    paths: &[PathBuf],
    json: bool,
    lang: Option<&str>,
) -> Result<String, CheckError> {
    let texts = paths
        .iter()
        .map(|p| read(p).map(|t| (p, t)))
        .collect::<Result<Vec<_>, _>>()?;
    let reviews: Vec<(&PathBuf, Option<String>, Vec<ReviewedClause<'_>>)> = texts
        .iter()
        .map(|(path, text)| {
            let language = lang.map(str::to_owned).or_else(|| language::detect(text));
            (*path, language, review(library, text))
        })
        .collect();
    if json {
        let files: Vec<JsonFile<'_>> = reviews
            .iter()
            .map(|(path, language, clauses)| as_json(path, language.clone(), clauses))
            .collect();
        return Ok(serde_json::to_string_pretty(&files).unwrap_or_default());
    }
    Ok(reviews
        .iter()
        .map(|(path, language, clauses)| as_text(path, language.as_deref(), clauses))
        .collect::<Vec<_>>()
        .join("\n"))
}
