//! Text with marked passages (search snippets, redaction findings) turned into safe HTML:
//! everything is escaped, then the markers become `<mark>`.

use crate::db::search::{MARK_END, MARK_START};

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Escapes the text and turns the match markers into `<mark>` elements.
pub fn marked_html(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len() + 32);
    let mut open = false;
    for c in escaped.chars() {
        match c {
            MARK_START if !open => {
                out.push_str("<mark>");
                open = true;
            }
            MARK_END if open => {
                out.push_str("</mark>");
                open = false;
            }
            MARK_START | MARK_END => {}
            other => out.push(other),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_but_the_marks() {
        let text = format!("<script>x</script> the {MARK_START}flag{MARK_END} & more");
        assert_eq!(
            marked_html(&text),
            "&lt;script&gt;x&lt;/script&gt; the <mark>flag</mark> &amp; more"
        );
    }

    #[test]
    fn closes_an_unbalanced_mark() {
        assert_eq!(
            marked_html(&format!("{MARK_START}open")),
            "<mark>open</mark>"
        );
        assert_eq!(marked_html(&format!("x{MARK_END}y")), "xy");
    }
}
