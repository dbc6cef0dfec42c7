//! Page numbers for long lists.

use serde::Deserialize;

/// `?page=` (1-based); anything unreadable means the first page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub page: Option<String>,
    pub q: Option<String>,
}

/// Where a list page stands.
#[derive(Debug, Clone)]
pub struct Pager {
    pub page: i64,
    pub per_page: i64,
    /// Matches counted; past `cap` the list only knows there are more.
    pub total: i64,
    pub cap: i64,
}

impl Pager {
    /// Reads the page number, clamped to at least 1.
    pub fn new(raw: Option<&str>, per_page: i64) -> Self {
        let page = raw
            .and_then(|p| p.trim().parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
            .min(1_000_000);
        Pager {
            page,
            per_page,
            total: 0,
            cap: i64::MAX,
        }
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    /// The number of the last page (1 when the list is empty).
    pub fn last(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    /// True when the count stopped at its cap.
    pub fn more_than_counted(&self) -> bool {
        self.total > self.cap
    }

    /// "12 cases" or, past a capped count, "More than 200 cases".
    pub fn count_label(&self, noun: &str) -> String {
        if self.more_than_counted() {
            format!("More than {} {noun}s", thousands(self.cap))
        } else if self.total == 1 {
            format!("1 {noun}")
        } else {
            format!("{} {noun}s", thousands(self.total))
        }
    }

    /// True when a previous page exists.
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    /// True when a next page exists.
    pub fn has_next(&self) -> bool {
        self.page < self.last()
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_clamps_page_numbers() {
        assert_eq!(Pager::new(Some("3"), 20).offset(), 40);
        assert_eq!(Pager::new(Some("-2"), 20).page, 1);
        assert_eq!(Pager::new(Some("abc"), 20).page, 1);
        assert_eq!(Pager::new(None, 20).page, 1);
    }

    #[test]
    fn labels_counts_with_a_cap() {
        let mut pager = Pager::new(None, 20);
        pager.cap = 1000;
        pager.total = 1;
        assert_eq!(pager.count_label("case"), "1 case");
        pager.total = 1000;
        assert_eq!(pager.count_label("case"), "1,000 cases");
        pager.total = 1001;
        assert_eq!(pager.count_label("case"), "More than 1,000 cases");
        assert!(pager.more_than_counted());
        assert_eq!(pager.last(), 51);
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn knows_the_last_page() {
        let mut pager = Pager::new(Some("1"), 20);
        pager.total = 41;
        assert_eq!(pager.last(), 3);
        assert!(pager.has_next());
        assert!(!pager.has_prev());
        pager.total = 0;
        assert_eq!(pager.last(), 1);
    }
}
