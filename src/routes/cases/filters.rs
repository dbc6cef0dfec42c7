//! The case filters as they appear in URLs (`/cases?topic=taiwan&year=2019`), shared by the
//! list, the exports, the feed and the statistics.

use serde::Deserialize;

use crate::db::cases::{CaseFilter, Sort};
use crate::db::search::SearchWords;
use crate::domain::case_fields::{CaseResponse, CounterpartKind, DemandKind, Topic};
use crate::domain::country::Country;
use crate::error::AppError;

/// The query string, every value optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseQuery {
    pub topic: String,
    pub demand: String,
    pub counterpart_kind: String,
    pub country: String,
    pub response: String,
    pub year: String,
    pub q: String,
    pub sort: String,
    pub page: String,
}

const UNKNOWN: &str = "The address asks for a filter value Twinwise does not know. Use the filters on the cases page instead.";

fn opt<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    parse(raw).map(Some).ok_or(AppError::BadRequest(UNKNOWN))
}

impl CaseQuery {
    /// The filter; unknown values are refused with a clear message.
    pub fn filter(&self) -> Result<CaseFilter, AppError> {
        let q: String = self.q.chars().take(200).collect();
        Ok(CaseFilter {
            topic: opt(&self.topic, |s| Topic::parse(s).ok())?,
            demand: opt(&self.demand, |s| DemandKind::parse(s).ok())?,
            counterpart_kind: opt(&self.counterpart_kind, |s| CounterpartKind::parse(s).ok())?,
            counterpart_id: None,
            country: opt(&self.country, |s| {
                Country::from_code(&s.to_ascii_uppercase()).map(|c| c.code.to_owned())
            })?,
            response: opt(&self.response, |s| CaseResponse::parse(s).ok())?,
            year: opt(&self.year, |s| {
                s.parse::<i32>().ok().filter(|y| (1970..=2100).contains(y))
            })?,
            words: SearchWords::parse(&q),
        })
    }

    /// True when the text box holds something that is not a word at all (e.g. only punctuation).
    pub fn text_without_words(&self) -> bool {
        !self.q.trim().is_empty() && SearchWords::parse(&self.q).is_none()
    }

    /// The order.
    pub fn sort(&self) -> Result<Sort, AppError> {
        match self.sort.trim() {
            "" | "newest" => Ok(Sort::Newest),
            "faced" => Ok(Sort::MostFaced),
            _ => Err(AppError::BadRequest(UNKNOWN)),
        }
    }

    /// The query string without `page`, for pagination links (ends with `&` when not empty).
    pub fn without_page(&self) -> String {
        let pairs = [
            ("topic", &self.topic),
            ("demand", &self.demand),
            ("counterpart_kind", &self.counterpart_kind),
            ("country", &self.country),
            ("response", &self.response),
            ("year", &self.year),
            ("q", &self.q),
            ("sort", &self.sort),
        ];
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            if !v.trim().is_empty() {
                out.append_pair(k, v.trim());
            }
        }
        let mut query = out.finish();
        if !query.is_empty() {
            query.push('&');
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_values_and_refuses_unknown_ones() {
        let query = CaseQuery {
            topic: "taiwan".into(),
            year: "2019".into(),
            country: "cz".into(),
            ..Default::default()
        };
        let filter = query.filter().unwrap();
        assert_eq!(filter.topic, Some(Topic::Taiwan));
        assert_eq!(filter.year, Some(2019));
        assert_eq!(filter.country.as_deref(), Some("CZ"));
        assert!(
            CaseQuery {
                topic: "atlantis".into(),
                ..Default::default()
            }
            .filter()
            .is_err()
        );
        assert!(
            CaseQuery {
                year: "19x".into(),
                ..Default::default()
            }
            .filter()
            .is_err()
        );
        assert!(
            CaseQuery {
                sort: "random".into(),
                ..Default::default()
            }
            .sort()
            .is_err()
        );
    }

    #[test]
    fn keeps_filters_in_pagination_links() {
        let query = CaseQuery {
            topic: "tibet".into(),
            q: "flag & hall".into(),
            page: "3".into(),
            ..Default::default()
        };
        assert_eq!(query.without_page(), "topic=tibet&q=flag+%26+hall&");
    }
}
