//! Two texts side by side, clause by clause: two versions of an agreement, two agreements,
//! or two language versions of one. Each text is read through the policy as its agreement's
//! review is. Across languages, a clause missing from one version, or flagged in one and not
//! its counterpart, is itself a finding.

use std::collections::BTreeSet;

use super::AgreementError;
use super::alignment::{self, Pair, Side};
use super::language;
use super::library::Shelf;
use super::reading::{Review, ReviewedClause, review};
use crate::db::DbConn;
use crate::domain::policy::Reader;
use crate::domain::rules::{Category, Severity};

/// One row: a clause of the left text, of the right, or of both.
#[derive(Debug, Clone)]
pub struct Row {
    pub left: Option<usize>,
    pub right: Option<usize>,
    /// True when both are present, in one language, and the wording differs.
    pub changed: bool,
    /// What the row shows that a reader must look at, if anything.
    pub finding: Option<String>,
}

/// The comparison.
pub struct Compared {
    pub left: Review,
    pub right: Review,
    pub rows: Vec<Row>,
    pub across_languages: bool,
    pub findings: usize,
}

fn sides(review: &Review) -> Vec<Side<'_>> {
    review
        .clauses
        .iter()
        .map(|c| Side {
            kind: c.row.kind(),
            number: c.row.number.as_deref(),
            title: c.row.title.as_deref(),
            body: &c.row.body,
        })
        .collect()
}

/// The red and amber categories a clause is flagged for.
fn categories(clause: &ReviewedClause) -> BTreeSet<Category> {
    clause
        .flags
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| f.category)
        .collect()
}

fn describe(text: &Review) -> String {
    format!("the {} text", language::name(&text.text.language))
}

fn finding(pair: Pair, left: &Review, right: &Review, across: bool) -> Option<String> {
    let clause = |r: &Review, i: usize| r.clauses[i].label();
    match pair {
        (Some(i), None) => Some(format!(
            "{} of {} has no counterpart in {}.",
            clause(left, i),
            describe(left),
            describe(right)
        )),
        (None, Some(j)) => Some(format!(
            "{} of {} has no counterpart in {}.",
            clause(right, j),
            describe(right),
            describe(left)
        )),
        (Some(i), Some(j)) => {
            let (l, r) = (categories(&left.clauses[i]), categories(&right.clauses[j]));
            let more: Vec<&str> = r.difference(&l).map(|c| c.label()).collect();
            let fewer: Vec<&str> = l.difference(&r).map(|c| c.label()).collect();
            let mut parts = Vec::new();
            let (lw, rw) = if across {
                (describe(left), describe(right))
            } else {
                ("the first text".to_owned(), "the second text".to_owned())
            };
            if !more.is_empty() {
                parts.push(format!(
                    "{} is flagged for {} in {} but not in {}",
                    clause(right, j),
                    more.join(", "),
                    rw,
                    lw
                ));
            }
            if !fewer.is_empty() {
                parts.push(format!(
                    "{} is flagged for {} in {} but not in {}",
                    clause(left, i),
                    fewer.join(", "),
                    lw,
                    rw
                ));
            }
            (!parts.is_empty()).then(|| format!("{}.", parts.join("; ")))
        }
        (None, None) => None,
    }
}

/// Compares text `left_text` of agreement `left_id` with text `right_text` of `right_id`
/// (each `None`: that agreement's first language, newest version).
pub fn compare(
    conn: &mut DbConn,
    shelf: &Shelf,
    reader: Reader<'_>,
    (left_id, left_text): (&str, Option<&str>),
    (right_id, right_text): (&str, Option<&str>),
) -> Result<Compared, AgreementError> {
    let left = review(conn, shelf, reader, left_id, left_text)?;
    let right = review(conn, shelf, reader, right_id, right_text)?;
    let across = left.text.language != right.text.language;
    let pairs = if across {
        alignment::across_languages(&sides(&left), &sides(&right))
    } else {
        alignment::same_language(&sides(&left), &sides(&right))
    };
    let mut findings = 0;
    let rows = pairs
        .into_iter()
        .map(|pair| {
            let changed = match pair {
                (Some(i), Some(j)) => {
                    !across && left.clauses[i].row.body != right.clauses[j].row.body
                }
                _ => false,
            };
            let finding = finding(pair, &left, &right, across);
            findings += usize::from(finding.is_some());
            Row {
                left: pair.0,
                right: pair.1,
                changed,
                finding,
            }
        })
        .collect();
    Ok(Compared {
        left,
        right,
        rows,
        across_languages: across,
        findings,
    })
}
