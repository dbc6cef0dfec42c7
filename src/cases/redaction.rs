//! The redaction check a moderator sees before publishing an anonymised case: every place in
//! the text where the reporting city, its partner city, the author's name (or, when the
//! country is hidden too, the country) appears, highlighted.

use diesel::prelude::*;
use regex::RegexBuilder;

use super::reading::CaseView;
use crate::db::cases::CaseRow;
use crate::db::schema::{cities, users};
use crate::db::{DbConn, counterparts};
use crate::domain::case_fields::CounterpartKind;
use crate::domain::country::Country;
use crate::domain::sensitivity::Anonymity;
use crate::web::highlight::escape;

/// Characters of context shown around a match.
const CONTEXT: usize = 60;

/// One place a term appears: which part of the case, and the passage as HTML with `<mark>`.
#[derive(Debug, Clone)]
pub struct Finding {
    pub field: &'static str,
    pub passage_html: String,
}

/// The words that would identify the author of this case.
pub fn terms_for_case(conn: &mut DbConn, case: &CaseRow) -> QueryResult<Vec<String>> {
    let (city, country): (String, String) = cities::table
        .find(&case.city_id)
        .select((cities::name, cities::country_code))
        .first(conn)?;
    let author: String = users::table
        .find(&case.author_id)
        .select(users::display_name)
        .first(conn)?;
    let mut terms = vec![city, author.clone()];
    terms.extend(
        author
            .split_whitespace()
            .filter(|part| part.chars().count() >= 4)
            .map(str::to_owned),
    );
    if let Some(counterpart) = match &case.counterpart_id {
        Some(id) => counterparts::find(conn, id)?,
        None => None,
    } && !counterpart.city.is_empty()
        && (counterpart.kind() == CounterpartKind::PartnerCity
            || counterpart.kind() == CounterpartKind::Consulate)
    {
        terms.push(counterpart.city);
    }
    if case.anonymity() == Anonymity::HideCityAndCountry
        && let Some(country) = Country::from_code(&country)
    {
        terms.push(country.name.to_owned());
    }
    terms.sort();
    terms.dedup();
    Ok(terms)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Every occurrence of the terms in the case's text, case-insensitive, whole words.
pub fn find(case: &CaseView, terms: &[String]) -> Vec<Finding> {
    let row = &case.row;
    let mut texts: Vec<(&'static str, &str)> = vec![
        ("Title", &row.title),
        ("Summary", &row.summary),
        ("Narrative", &row.narrative),
        ("Outcome", &row.outcome),
        ("Lessons learned", &row.lessons),
    ];
    texts.extend(
        case.timeline
            .iter()
            .map(|entry| ("Timeline", entry.body.as_str())),
    );
    find_in(&texts, terms)
}

/// Every occurrence of the terms in these named texts.
pub fn find_in(texts: &[(&'static str, &str)], terms: &[String]) -> Vec<Finding> {
    let alternatives: Vec<String> = terms
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| regex::escape(t.trim()))
        .collect();
    if alternatives.is_empty() {
        return Vec::new();
    }
    let Ok(pattern) = RegexBuilder::new(&format!(r"\b(?:{})\b", alternatives.join("|")))
        .case_insensitive(true)
        .build()
    else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for &(field, text) in texts {
        for m in pattern.find_iter(text) {
            let start = floor_char(text, m.start().saturating_sub(CONTEXT));
            let end = ceil_char(text, (m.end() + CONTEXT).min(text.len()));
            let passage_html = format!(
                "{}{}<mark>{}</mark>{}{}",
                if start > 0 { "…" } else { "" },
                escape(&text[start..m.start()]),
                escape(m.as_str()),
                escape(&text[m.end()..end]),
                if end < text.len() { "…" } else { "" },
            );
            findings.push(Finding {
                field,
                passage_html,
            });
        }
    }
    findings
}
