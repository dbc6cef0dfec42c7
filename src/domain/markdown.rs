//! Markdown written by members (narratives, comments), rendered to HTML and then sanitised:
//! whatever the author typed, only plain formatting, lists, quotes, tables and safe links
//! reach other readers.

use std::sync::LazyLock;

use ammonia::Builder;
use pulldown_cmark::{Options, Parser, html};

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .tags(maplit_tags(&[
            "p",
            "br",
            "hr",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "a",
            "h2",
            "h3",
            "h4",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "sup",
        ]))
        .url_schemes(maplit_tags(&["http", "https", "mailto"]))
        .link_rel(Some("nofollow noopener noreferrer"))
        .strip_comments(true);
    builder
});

fn maplit_tags(tags: &[&'static str]) -> std::collections::HashSet<&'static str> {
    tags.iter().copied().collect()
}

/// Renders Markdown to sanitised HTML. Headings are shifted down one level (`#` becomes `<h2>`)
/// so that a narrative never competes with the page's own `<h1>`.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let shifted = Parser::new_ext(markdown, options).map(|event| match event {
        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(demote(level)))
        }
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, shifted);
    SANITIZER.clean(&raw).to_string()
}

/// The text of a Markdown document without its markup, for the search index and snippets.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn demote(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => H2,
        H2 => H3,
        _ => H4,
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_ordinary_formatting() {
        let html =
            render("# Letter\n\nThe **embassy** wrote:\n\n> cancel the event\n\n- one\n- two");
        assert!(html.contains("<h2>Letter</h2>"));
        assert!(html.contains("<strong>embassy</strong>"));
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn plain_text_drops_the_markup() {
        assert_eq!(
            super::plain_text("On **Monday** a [letter](https://x.example) came.\n\n- one"),
            "On Monday a letter came.\none"
        );
    }

    #[test]
    fn neutralises_script_html_and_dangerous_links() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) <a href=\"https://ok.example\" onclick=\"evil()\">ok</a>\n\n<iframe src=\"https://evil.example\"></iframe>",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "onclick",
            "<iframe",
            "<img",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("href=\"https://ok.example\""));
        assert!(html.contains("rel=\"nofollow noopener noreferrer\""));
    }
}
