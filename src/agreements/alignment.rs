//! Pairing the clauses of two texts: two versions or two agreements in one language (by
//! number and title first, then by wording, so that moved and renumbered clauses are found),
//! or two language versions of one agreement (by number only: "Article 3" is "第三条").

use std::collections::HashSet;

use crate::domain::clauses::ClauseKind;

/// What alignment needs to know about a clause.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub kind: ClauseKind,
    pub number: Option<&'a str>,
    pub title: Option<&'a str>,
    pub body: &'a str,
}

/// A clause of the left text, of the right text, or of both (indices into each).
pub type Pair = (Option<usize>, Option<usize>);

/// Below this share of common words, two clauses are not the same clause moved.
const SAME_CLAUSE: f64 = 0.4;

/// The number's value, written any way: "Article 3", "Art. 3", "§ 3", "3.", "ARTICLE III",
/// "Article premier", "第三条" are all "3"; "Section 2.3" is "2.3"; annexes are "annex 1".
pub fn ordinal(kind: ClauseKind, number: Option<&str>) -> Option<String> {
    let number = number?.trim();
    let prefix = if kind == ClauseKind::Annex {
        "annex "
    } else {
        ""
    };
    if let Some(inner) = number.strip_prefix('第').and_then(|n| n.strip_suffix('条')) {
        return chinese_number(inner).map(|n| format!("{prefix}{n}"));
    }
    if let Some(inner) = number.strip_prefix("附件") {
        return chinese_number(inner.trim())
            .or_else(|| inner.trim().parse().ok())
            .map(|n| format!("annex {n}"));
    }
    let lower = number.to_lowercase();
    for word in lower.split_whitespace() {
        let word = word.trim_matches(|c: char| c == '.' || c == ':' || c == ')');
        if word.is_empty() {
            continue;
        }
        if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let digits: String = word
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            return Some(format!("{prefix}{}", digits.trim_end_matches('.')));
        }
        if matches!(
            word,
            "premier" | "first" | "erster" | "erste" | "primo" | "primero" | "pierwszy"
        ) {
            return Some(format!("{prefix}1"));
        }
        if let Some(n) = roman(word) {
            return Some(format!("{prefix}{n}"));
        }
    }
    None
}

fn roman(word: &str) -> Option<u32> {
    if word.is_empty() || !word.chars().all(|c| "ivxlc".contains(c)) {
        return None;
    }
    let value = |c: char| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        _ => 100,
    };
    let chars: Vec<u32> = word.chars().map(value).collect();
    let mut total = 0;
    for (i, v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    u32::try_from(total).ok().filter(|n| *n > 0)
}

fn chinese_number(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let mut total = 0;
    let mut current = 0;
    for c in text.chars() {
        match c {
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '〇' => current = 0,
            '两' => current = 2,
            c => current = digit(c)?,
        }
    }
    Some(total + current).filter(|n| *n > 0)
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// The share of words two texts have in common (Jaccard).
fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = a.intersection(b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

fn key(side: &Side<'_>) -> Option<String> {
    match side.kind {
        ClauseKind::Preamble => Some("preamble".to_owned()),
        ClauseKind::Signatures => Some("signatures".to_owned()),
        kind => ordinal(kind, side.number),
    }
}

/// Pairs the clauses of two texts in one language, in the left text's order, with the
/// right text's clauses that have no partner placed after the partner of the clause before.
pub fn same_language(left: &[Side<'_>], right: &[Side<'_>]) -> Vec<Pair> {
    let left_words: Vec<_> = left.iter().map(|s| words(s.body)).collect();
    let right_words: Vec<_> = right.iter().map(|s| words(s.body)).collect();
    let mut candidates = Vec::new();
    for (i, l) in left.iter().enumerate() {
        for (j, r) in right.iter().enumerate() {
            let text = overlap(&left_words[i], &right_words[j]);
            let same_number = key(l).is_some() && key(l) == key(r);
            let same_title = l.title.is_some() && l.title == r.title;
            if text < SAME_CLAUSE && !(same_number && text > 0.15) && !same_title {
                continue;
            }
            let score =
                text + if same_number { 0.3 } else { 0.0 } + if same_title { 0.2 } else { 0.0 };
            candidates.push((score, i, j));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut partner_of_left = vec![None; left.len()];
    let mut taken = vec![false; right.len()];
    for (_, i, j) in candidates {
        if partner_of_left[i].is_none() && !taken[j] {
            partner_of_left[i] = Some(j);
            taken[j] = true;
        }
    }
    merge(&partner_of_left, right.len())
}

/// Pairs two language versions by number (and the preamble and signatures by kind); clauses
/// without a number pair with the next unnumbered clause of the same kind.
pub fn across_languages(left: &[Side<'_>], right: &[Side<'_>]) -> Vec<Pair> {
    let mut partner_of_left = vec![None; left.len()];
    let mut taken = vec![false; right.len()];
    for (i, l) in left.iter().enumerate() {
        let wanted = key(l);
        let found = right.iter().enumerate().position(|(j, r)| {
            !taken[j]
                && match &wanted {
                    Some(k) => key(r).as_ref() == Some(k),
                    None => r.kind == l.kind && key(r).is_none(),
                }
        });
        if let Some(j) = found {
            partner_of_left[i] = Some(j);
            taken[j] = true;
        }
    }
    merge(&partner_of_left, right.len())
}

/// The pairs in reading order: each left clause with its partner, and each right clause
/// without one after the right clause before it.
fn merge(partner_of_left: &[Option<usize>], right_len: usize) -> Vec<Pair> {
    let mut partnered = vec![false; right_len];
    for j in partner_of_left.iter().flatten() {
        partnered[*j] = true;
    }
    let mut out: Vec<Pair> = Vec::new();
    let mut placed = vec![false; right_len];
    // Right clauses without a partner that come before the first partnered one.
    let first_partner = partner_of_left
        .iter()
        .flatten()
        .min()
        .copied()
        .unwrap_or(right_len);
    for j in 0..first_partner {
        if !partnered[j] {
            out.push((None, Some(j)));
            placed[j] = true;
        }
    }
    for (i, partner) in partner_of_left.iter().enumerate() {
        out.push((Some(i), *partner));
        if let Some(j) = partner {
            let mut next = j + 1;
            while next < right_len && !partnered[next] && !placed[next] {
                out.push((None, Some(next)));
                placed[next] = true;
                next += 1;
            }
        }
    }
    for j in 0..right_len {
        if !partnered[j] && !placed[j] {
            out.push((None, Some(j)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side<'a>(number: &'a str, body: &'a str) -> Side<'a> {
        Side {
            kind: ClauseKind::Article,
            number: Some(number),
            title: None,
            body,
        }
    }

    #[test]
    fn numbers_read_the_same_however_written() {
        let a = ClauseKind::Article;
        for (written, value) in [
            ("Article 3", "3"),
            ("Art. 3", "3"),
            ("§ 3", "3"),
            ("3.", "3"),
            ("ARTICLE III", "3"),
            ("Article premier", "1"),
            ("第三条", "3"),
            ("第十二条", "12"),
            ("第二十一条", "21"),
            ("Section 2.3", "2.3"),
            ("Článek 4", "4"),
            ("IX", "9"),
        ] {
            assert_eq!(
                ordinal(a, Some(written)).as_deref(),
                Some(value),
                "{written}"
            );
        }
        assert_eq!(
            ordinal(ClauseKind::Annex, Some("附件一")).as_deref(),
            Some("annex 1")
        );
        assert_eq!(
            ordinal(ClauseKind::Annex, Some("Annex I")).as_deref(),
            Some("annex 1")
        );
    }

    #[test]
    fn language_versions_pair_by_number_and_report_the_extra_clause() {
        let en = [
            side("Article 1", "Purpose."),
            side("Article 2", "Costs."),
            side("Article 3", "Term."),
        ];
        let zh = [
            side("第一条", "目的"),
            side("第二条", "费用"),
            side("第三条", "核心利益"),
            side("第四条", "期限"),
        ];
        let pairs = across_languages(&en, &zh);
        assert_eq!(
            pairs,
            vec![
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), Some(2)),
                (None, Some(3))
            ]
        );
    }

    #[test]
    fn moved_and_renumbered_clauses_are_found_by_their_wording() {
        let old = [
            side(
                "Article 1",
                "The Parties shall promote exchanges in culture and education.",
            ),
            side(
                "Article 2",
                "Each Party shall bear its own costs of delegations.",
            ),
            side(
                "Article 3",
                "This Memorandum remains in force for five years.",
            ),
        ];
        let new = [
            side(
                "Article 1",
                "The Parties shall promote exchanges in culture, education and sport.",
            ),
            side("Article 2", "The City adheres to the one China principle."),
            side(
                "Article 3",
                "Each Party shall bear its own costs of delegations.",
            ),
            side(
                "Article 4",
                "This Memorandum remains in force for five years.",
            ),
        ];
        let pairs = same_language(&old, &new);
        assert_eq!(
            pairs,
            vec![
                (Some(0), Some(0)),
                (None, Some(1)),
                (Some(1), Some(2)),
                (Some(2), Some(3))
            ]
        );
        let removed = same_language(&new, &old);
        assert_eq!(removed[1], (Some(1), None), "{removed:?}");
    }
}
