//! Word-level comparison of two texts as HTML: removed words in `<del>`, added words in
//! `<ins>`, everything escaped.

use similar::{ChangeTag, TextDiff};

use super::highlight::escape;

/// One side-by-side-free rendering of the change from `old` to `new`, keeping line breaks
/// (the page shows it with `white-space: pre-wrap`).
pub fn words_html(old: &str, new: &str) -> String {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_words(old, new);
    let mut out = String::with_capacity(new.len() + 64);
    for change in diff.iter_all_changes() {
        let text = escape(change.value());
        match change.tag() {
            ChangeTag::Equal => out.push_str(&text),
            ChangeTag::Delete => {
                out.push_str("<del>");
                out.push_str(&text);
                out.push_str("</del>");
            }
            ChangeTag::Insert => {
                out.push_str("<ins>");
                out.push_str(&text);
                out.push_str("</ins>");
            }
        }
    }
    out
}

/// How many words were added and removed.
pub fn counts(old: &str, new: &str) -> (usize, usize) {
    let diff = TextDiff::configure().diff_words(old, new);
    let mut added = 0;
    let mut removed = 0;
    for change in diff.iter_all_changes() {
        let word = !change.value().trim().is_empty();
        match change.tag() {
            ChangeTag::Insert if word => added += 1,
            ChangeTag::Delete if word => removed += 1,
            _ => {}
        }
    }
    (added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_changed_words_and_escapes_everything() {
        let html = words_html(
            "Call the embassy <b>today</b>",
            "Call the consulate <b>today</b>",
        );
        assert!(html.contains("<del>embassy</del>"), "{html}");
        assert!(html.contains("<ins>consulate</ins>"), "{html}");
        assert!(html.contains("&lt;b&gt;today&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(counts("a b c", "a x c d"), (2, 1));
    }
}
