//! The review as a file to keep or forward: Markdown (readable anywhere) and CSV (one row
//! per flag and per annotation). Built from a [`Review`], so it holds exactly what the reader
//! may see on the page; the level is stated at the top of the Markdown.

use super::language;
use super::reading::Review;

/// The review as Markdown.
pub fn markdown(review: &Review) -> String {
    let row = &review.agreement.listed.row;
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", row.title));
    out.push_str(&format!(
        "{} — {}\n\n",
        row.tlp().label(),
        row.tlp().audience()
    ));
    out.push_str(&format!(
        "- City: {}\n- Status: {}\n- Kind: {}\n- Text: {}, version {} ({})\n",
        review.agreement.listed.city,
        row.status().label(),
        row.kind().label(),
        language::name(&review.text.language),
        review.text.version,
        review.text.source
    ));
    if let Some(by) = row.notice_by {
        out.push_str(&format!("- Act by: {by}\n"));
    }
    let s = &review.summary;
    out.push_str(&format!(
        "\n**{} red, {} amber, {} for information** in {} clauses.\n",
        s.red,
        s.amber,
        s.info,
        review.clauses.len()
    ));
    for clause in &review.clauses {
        out.push_str(&format!("\n## {}\n\n", clause.label()));
        for line in clause.row.body.lines() {
            out.push_str(&format!("> {line}\n"));
        }
        for f in &clause.flags {
            out.push_str(&format!(
                "\n- **{}: {}** ({}), matched “{}”",
                f.severity.label(),
                f.title,
                f.category.label(),
                f.matched
            ));
            if !f.alternative.is_empty() {
                out.push_str(&format!(
                    ". Safer wording: {}",
                    f.alternative.replace('\n', " ")
                ));
            }
            out.push('\n');
        }
        for a in &clause.annotations {
            out.push_str(&format!(
                "\n- Annotation, {} ({}, {}, {}{}): {}\n",
                a.row.concern().label(),
                a.author,
                a.author_city,
                a.row.created_at.format("%Y-%m-%d"),
                if a.row.city_only {
                    ", kept to the city"
                } else {
                    ""
                },
                a.row.body.replace('\n', "\n  ")
            ));
        }
    }
    out
}

/// One CSV record: clause, what (flag or annotation), severity or concern, category,
/// rule or author, matched words or comment.
pub type Record = [String; 6];

/// The review as CSV records, a header first.
pub fn records(review: &Review) -> Vec<Record> {
    let mut out: Vec<Record> = vec![
        [
            "clause",
            "entry",
            "severity or concern",
            "category",
            "rule or author",
            "text",
        ]
        .map(str::to_owned),
    ];
    for clause in &review.clauses {
        let label = clause.label();
        for f in &clause.flags {
            out.push([
                label.clone(),
                "flag".to_owned(),
                f.severity.as_str().to_owned(),
                f.category.as_str().to_owned(),
                f.rule_id.clone(),
                f.matched.clone(),
            ]);
        }
        for a in &clause.annotations {
            out.push([
                label.clone(),
                "annotation".to_owned(),
                a.row.concern.clone(),
                String::new(),
                a.author.clone(),
                a.row.body.clone(),
            ]);
        }
    }
    out
}
