//! An agreement as a reader sees it: its particulars, its texts, and the review of one text,
//! clause by clause, with flags, highlights and the annotations the reader may see.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::library::{Library, Shelf};
use super::review::{Flag, remembered_flags};
use super::{AgreementError, rulebook};
use crate::db::DbConn;
use crate::db::agreements::{self as rows, Annotation, ClauseRow, Listed, TextInfo};
use crate::domain::clauses::ClauseKind;
use crate::domain::policy::{self, CityRecord, Reader};
use crate::domain::rules::{Category, Severity};

/// An agreement the reader may see, and its AMBER audience.
pub struct Readable {
    pub listed: Listed,
    pub audience: Vec<String>,
}

impl Readable {
    pub fn record(&self) -> CityRecord<'_> {
        self.listed.row.record(&self.audience)
    }
}

/// Loads an agreement for this reader; `NotFound` when they may not see it.
pub fn readable(
    conn: &mut DbConn,
    reader: Reader<'_>,
    id: &str,
) -> Result<Readable, AgreementError> {
    let listed = rows::find(conn, id)?.ok_or(AgreementError::NotFound)?;
    let audience = rows::audiences(conn, std::slice::from_ref(&listed.row.id))?
        .remove(&listed.row.id)
        .unwrap_or_default();
    let found = Readable { listed, audience };
    if policy::can_read_city_record(reader, &found.record()) {
        Ok(found)
    } else {
        Err(AgreementError::NotFound)
    }
}

/// A flag as the review page shows it.
#[derive(Debug, Clone)]
pub struct FlagView {
    pub rule_id: String,
    pub title: String,
    pub category: Category,
    pub severity: Severity,
    pub matched: String,
    /// The rule's guidance, on its first flag on the page only (a long agreement repeats
    /// the same rule many times; later flags link to the rule instead).
    pub guidance_html: Option<String>,
    pub alternative: String,
}

/// A piece of a clause's text, highlighted when a flag matched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub marked: bool,
}

/// One clause with its flags and annotations.
#[derive(Debug, Clone)]
pub struct ReviewedClause {
    pub row: ClauseRow,
    pub language: String,
    pub segments: Vec<Segment>,
    pub flags: Vec<FlagView>,
    pub annotations: Vec<Annotation>,
}

impl ReviewedClause {
    /// "Article 3 — Title", "Preamble", "Signatures".
    pub fn label(&self) -> String {
        clause_label(&self.row)
    }

    /// The anchor of the clause on the page.
    pub fn anchor(&self) -> String {
        format!("clause-{}", self.row.position + 1)
    }

    /// The most severe flag's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.flags.iter().map(|f| f.severity).min()
    }
}

/// A clause's name as readers refer to it.
pub fn clause_label(row: &ClauseRow) -> String {
    let base = match (row.kind(), &row.number) {
        (_, Some(number)) => number.clone(),
        (ClauseKind::Preamble, None) => "Preamble".to_owned(),
        (ClauseKind::Signatures, None) => "Signatures".to_owned(),
        (ClauseKind::Annex, None) => "Annex".to_owned(),
        (ClauseKind::Article, None) => format!("Clause {}", row.position + 1),
    };
    match &row.title {
        Some(title) => format!("{base} — {title}"),
        None => base,
    }
}

/// The count of flags at the top of the review.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub red: usize,
    pub amber: usize,
    pub info: usize,
    /// Flags per category, in the library's category order.
    pub by_category: Vec<(Category, usize)>,
    /// Clauses without any flag: (anchor, label).
    pub unflagged: Vec<(String, String)>,
}

/// The review of one text of an agreement.
pub struct Review {
    pub agreement: Readable,
    pub texts: Vec<TextInfo>,
    pub text: TextInfo,
    pub clauses: Vec<ReviewedClause>,
    pub summary: Summary,
    pub can_edit: bool,
    pub can_annotate: bool,
    pub of_owning_city: bool,
}

/// Splits `body` into marked and unmarked pieces at the flags' byte ranges (merged where
/// they overlap).
pub fn segments(body: &str, mut ranges: Vec<(usize, usize)>) -> Vec<Segment> {
    ranges.retain(|(from, to)| from < to && *to <= body.len());
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (from, to) in merged {
        if !body.is_char_boundary(from) || !body.is_char_boundary(to) {
            continue;
        }
        if from > at {
            out.push(Segment {
                text: body[at..from].to_owned(),
                marked: false,
            });
        }
        out.push(Segment {
            text: body[from..to].to_owned(),
            marked: true,
        });
        at = to;
    }
    if at < body.len() {
        out.push(Segment {
            text: body[at..].to_owned(),
            marked: false,
        });
    }
    out
}

/// Checks clauses against the library and fills the summary.
pub fn review_clauses(
    library: &Library,
    clauses: Vec<ClauseRow>,
    text_language: &str,
    mut annotations: HashMap<String, Vec<Annotation>>,
) -> (Vec<ReviewedClause>, Summary) {
    let mut summary = Summary::default();
    let mut by_category: BTreeMap<Category, usize> = BTreeMap::new();
    let mut explained: std::collections::HashSet<String> = std::collections::HashSet::new();
    // The checks, the expensive part, run in parallel; the summary is then built in order.
    let found: Vec<Vec<Flag<'_>>> = clauses
        .par_iter()
        .map(|row| remembered_flags(library, &row.body))
        .collect();
    let reviewed: Vec<ReviewedClause> = clauses
        .into_iter()
        .zip(found)
        .map(|(row, found)| {
            let segments = segments(&row.body, found.iter().map(|f| f.range).collect());
            let flags: Vec<FlagView> = found
                .iter()
                .map(|f| FlagView {
                    rule_id: f.rule.id.clone(),
                    title: f.rule.title.clone(),
                    category: f.rule.category,
                    severity: f.rule.severity,
                    matched: f.matched.clone(),
                    guidance_html: explained
                        .insert(f.rule.id.clone())
                        .then(|| library.guidance_html(f.index).to_owned()),
                    alternative: f.rule.alternative.clone(),
                })
                .collect();
            for f in &flags {
                match f.severity {
                    Severity::Red => summary.red += 1,
                    Severity::Amber => summary.amber += 1,
                    Severity::Info => summary.info += 1,
                }
                *by_category.entry(f.category).or_default() += 1;
            }
            let language = row
                .language
                .clone()
                .unwrap_or_else(|| text_language.to_owned());
            ReviewedClause {
                annotations: annotations.remove(&row.id).unwrap_or_default(),
                language,
                segments,
                flags,
                row,
            }
        })
        .collect();
    summary.unflagged = reviewed
        .iter()
        .filter(|c| c.flags.is_empty())
        .map(|c| (c.anchor(), c.label()))
        .collect();
    summary.by_category = by_category.into_iter().collect();
    (reviewed, summary)
}

/// The review of `text_id` (or of the first language's newest version) for this reader.
pub fn review(
    conn: &mut DbConn,
    shelf: &Shelf,
    reader: Reader<'_>,
    id: &str,
    text_id: Option<&str>,
) -> Result<Review, AgreementError> {
    let agreement = readable(conn, reader, id)?;
    let texts = rows::texts_of(conn, id)?;
    let text = match text_id {
        Some(wanted) => texts.iter().find(|t| t.id == wanted),
        None => texts
            .first()
            .and_then(|first| texts.iter().find(|t| t.language == first.language)),
    }
    .cloned()
    .ok_or(AgreementError::NotFound)?;
    let record = agreement.record();
    let mut annotations: HashMap<String, Vec<Annotation>> = HashMap::new();
    for a in rows::annotations_of(conn, id)? {
        if policy::can_read_annotation(reader, &record, a.row.city_only) {
            annotations
                .entry(a.row.clause_id.clone())
                .or_default()
                .push(a);
        }
    }
    let clauses = rows::clauses_of(conn, &text.id)?;
    let (clauses, summary) = review_clauses(
        &*rulebook(conn, shelf)?,
        clauses,
        &text.language,
        annotations,
    );
    Ok(Review {
        can_edit: policy::can_edit_city_record(reader, &record),
        can_annotate: policy::can_annotate(reader, &record),
        of_owning_city: policy::of_owning_city(reader, &record),
        agreement,
        texts,
        text,
        clauses,
        summary,
    })
}

/// The newest version of each language, in the order the languages were added.
pub fn current_texts(texts: &[TextInfo]) -> Vec<&TextInfo> {
    let mut out: Vec<&TextInfo> = Vec::new();
    for t in texts {
        match out.iter_mut().find(|c| c.language == t.language) {
            Some(current) if current.version < t.version => *current = t,
            Some(_) => {}
            None => out.push(t),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_merge_overlapping_flags_and_keep_every_character() {
        let body = "The City adheres to the one China principle.";
        let one = body.find("one China").unwrap();
        let pieces = segments(body, vec![(one, one + 9), (one + 4, one + 19), (60, 70)]);
        assert_eq!(pieces.concat_text(), body);
        assert_eq!(pieces.iter().filter(|s| s.marked).count(), 1);
        assert_eq!(pieces[1].text, "one China principle");
    }

    trait Concat {
        fn concat_text(&self) -> String;
    }

    impl Concat for Vec<Segment> {
        fn concat_text(&self) -> String {
            self.iter().map(|s| s.text.as_str()).collect()
        }
    }
}
