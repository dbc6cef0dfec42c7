//! Horizontal bar charts as inline SVG, drawn on the server: no script, no inline styles (the
//! CSP forbids them), only presentation attributes and the `chart-*` classes of `app.css`.
//! Every chart is meant to be followed by a table with the same numbers.

use super::highlight::escape;

/// Total width of the drawing, in SVG units (the CSS scales it to the column).
const WIDTH: u32 = 640;
/// Width of the label column.
const LABEL_WIDTH: u32 = 220;
/// Room kept right of the longest bar for its number.
const VALUE_ROOM: u32 = 56;
/// Height of one bar and the gap below it.
const ROW: u32 = 26;
const BAR: u32 = 18;
/// Labels longer than this are shortened in the drawing (the table and tooltip keep them).
const LABEL_CHARS: usize = 30;

/// One bar: what it counts and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: i64) -> Self {
        Bar {
            label: label.into(),
            value,
        }
    }
}

/// The bar length for a value, in SVG units: proportional to the largest value, at least one
/// unit for anything above zero so that small counts stay visible, zero for zero.
pub fn bar_length(value: i64, max: i64) -> u32 {
    let area = WIDTH - LABEL_WIDTH - VALUE_ROOM;
    if value <= 0 || max <= 0 {
        return 0;
    }
    let scaled = (value.min(max) as f64 / max as f64 * f64::from(area)).round() as u32;
    scaled.clamp(1, area)
}

fn shortened(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut short: String = label.chars().take(LABEL_CHARS - 1).collect();
        short.push('…');
        short
    }
}

/// Draws the bars as an `<svg role="img">` labelled with `title`; with no bars (or only zeros)
/// it says so inside the drawing.
pub fn horizontal_bars(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let rows = u32::try_from(bars.len()).unwrap_or(u32::MAX).max(1);
    let height = rows.saturating_mul(ROW) + 8;
    let title = escape(title);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-label=\"{title}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
         height=\"{height}\" preserveAspectRatio=\"xMinYMin meet\"><title>{title}</title>"
    );
    if max <= 0 {
        svg.push_str(&format!(
            "<text class=\"chart-empty\" x=\"0\" y=\"{}\">No cases to count</text>",
            ROW / 2 + 5
        ));
    } else {
        for (i, bar) in bars.iter().enumerate() {
            let top = u32::try_from(i).unwrap_or(0).saturating_mul(ROW) + 4;
            let middle = top + BAR / 2 + 5;
            let length = bar_length(bar.value, max);
            let label = escape(&bar.label);
            let short = escape(&shortened(&bar.label));
            let value = bar.value;
            svg.push_str(&format!(
                "<g class=\"chart-row\" data-label=\"{label}\" data-value=\"{value}\">\
                 <title>{label}: {value}</title>\
                 <text class=\"chart-label\" x=\"{lx}\" y=\"{middle}\" text-anchor=\"end\">{short}</text>\
                 <rect class=\"chart-bar\" x=\"{LABEL_WIDTH}\" y=\"{top}\" width=\"{length}\" height=\"{BAR}\" rx=\"2\"></rect>\
                 <text class=\"chart-value\" x=\"{vx}\" y=\"{middle}\">{value}</text></g>",
                lx = LABEL_WIDTH - 8,
                vx = LABEL_WIDTH + length + 6,
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_titles_are_escaped() {
        let svg = horizontal_bars(
            "Cases by <b>\"topic\"</b>",
            &[Bar::new("<script>alert('x')</script> & co", 2)],
        );
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("aria-label=\"Cases by &lt;b&gt;&quot;topic&quot;&lt;/b&gt;\""));
        assert!(
            svg.contains("data-label=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co\"")
        );
        assert!(svg.contains("&amp; co: 2</title>"));
        assert!(svg.starts_with("<svg ") && svg.contains("role=\"img\""));
        assert!(
            !svg.contains("style"),
            "no inline styles: the CSP forbids them"
        );
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let area = WIDTH - LABEL_WIDTH - VALUE_ROOM;
        assert_eq!(bar_length(10, 10), area);
        assert_eq!(bar_length(5, 10), area / 2);
        assert_eq!(bar_length(0, 10), 0);
        assert_eq!(bar_length(1, 1_000_000), 1, "small counts stay visible");
        assert_eq!(bar_length(3, 0), 0);
        let svg = horizontal_bars("t", &[Bar::new("a", 4), Bar::new("b", 2)]);
        assert!(svg.contains(&format!("width=\"{area}\" height=\"{BAR}\"")));
        assert!(svg.contains(&format!("width=\"{}\" height=\"{BAR}\"", area / 2)));
        assert_eq!(svg.matches("class=\"chart-row\"").count(), 2);
        assert!(svg.contains("data-label=\"b\" data-value=\"2\""));
    }

    #[test]
    fn zero_data_draws_a_message_and_no_bars() {
        for bars in [vec![], vec![Bar::new("a", 0)]] {
            let svg = horizontal_bars("Cases by month", &bars);
            assert!(svg.contains("No cases to count"));
            assert!(!svg.contains("chart-bar"));
            assert!(svg.ends_with("</svg>"));
        }
    }

    #[test]
    fn long_labels_are_shortened_in_the_drawing_only() {
        let long = "University or Confucius Institute and more words";
        let svg = horizontal_bars("t", &[Bar::new(long, 1)]);
        assert!(svg.contains(&format!("data-label=\"{long}\"")));
        assert!(svg.contains("…</text>"));
    }
}
