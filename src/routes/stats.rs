//! `GET /stats`: charts of the cases the viewer may read (by topic, demand, response, country
//! and month), honouring the filters of `/cases`. Each chart is an inline SVG drawn on the
//! server and followed by a table with the same numbers.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use askama::Template;

use super::cases::filters::CaseQuery;
use crate::auth::Viewer;
use crate::db::stats::{self, CountryCount, StatsCounts};
use crate::domain::case_fields::{CaseResponse, CounterpartKind, DemandKind, Topic};
use crate::domain::country::{COUNTRIES, Country};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::charts::{Bar, horizontal_bars};
use crate::web::page::PageContext;

/// At most this many months are drawn, ending with the latest month that has a case.
pub const MONTHS: usize = 24;

/// The label for cases whose country the reader may not see.
pub const UNDISCLOSED: &str = "Undisclosed";

/// Registers the statistics page.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/stats").get(show));
}

/// One chart and the table under it.
pub struct Chart {
    /// Used in element ids (`chart-topic`, `table-topic`).
    pub key: &'static str,
    pub title: &'static str,
    /// The heading of the table's first column.
    pub dimension: &'static str,
    pub note: &'static str,
    pub bars: Vec<Bar>,
    /// The drawing, already escaped.
    pub svg: String,
}

impl Chart {
    fn new(
        key: &'static str,
        title: &'static str,
        dimension: &'static str,
        note: &'static str,
        bars: Vec<Bar>,
    ) -> Self {
        let svg = horizontal_bars(title, &bars);
        Chart {
            key,
            title,
            dimension,
            note,
            bars,
            svg,
        }
    }
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    ctx: PageContext,
    query: CaseQuery,
    total: i64,
    charts: Vec<Chart>,
    no_words: bool,
    cases_link: String,
}

impl StatsPage {
    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }
    fn demands(&self) -> &'static [DemandKind] {
        DemandKind::ALL
    }
    fn kinds(&self) -> &'static [CounterpartKind] {
        CounterpartKind::ALL
    }
    fn responses(&self) -> &'static [CaseResponse] {
        CaseResponse::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
}

/// Largest first; equal counts by label.
fn ranked(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.retain(|b| b.value > 0);
    bars.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    bars
}

/// Stored values turned into labelled bars (unknown stored text keeps its raw form).
fn labelled(rows: Vec<(String, i64)>, label: impl Fn(&str) -> Option<&'static str>) -> Vec<Bar> {
    ranked(
        rows.into_iter()
            .map(|(value, count)| Bar::new(label(&value).unwrap_or(&value), count))
            .collect(),
    )
}

/// Per country, with every case whose country is hidden from the reader under
/// [`UNDISCLOSED`] instead.
pub fn country_bars(rows: Vec<CountryCount>) -> Vec<Bar> {
    let mut undisclosed = 0;
    let mut bars = Vec::new();
    for row in rows {
        undisclosed += row.undisclosed;
        let name = Country::from_code(&row.country_code)
            .map_or_else(|| row.country_code.clone(), |c| c.name.to_owned());
        bars.push(Bar::new(name, row.cases - row.undisclosed));
    }
    bars.push(Bar::new(UNDISCLOSED, undisclosed));
    ranked(bars)
}

fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (year, month) = text.split_once('-')?;
    let year = year.parse().ok()?;
    let month = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some((year, month))
}

fn month_label(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
        || format!("{year}-{month:02}"),
        |d| d.format("%b %Y").to_string(),
    )
}

/// The last [`MONTHS`] months up to the latest one with a case (or from the first one with a
/// case, when the data spans less), oldest first, months without cases shown as zero.
pub fn month_bars(rows: Vec<(String, i64)>) -> Vec<Bar> {
    let counts: HashMap<(i32, u32), i64> = rows
        .into_iter()
        .filter_map(|(month, count)| parse_month(&month).map(|m| (m, count)))
        .collect();
    let (Some(first), Some(last)) = (counts.keys().min(), counts.keys().max()) else {
        return Vec::new();
    };
    let index = |(y, m): (i32, u32)| i64::from(y) * 12 + i64::from(m) - 1;
    let start = index(*first).max(index(*last) - (MONTHS as i64 - 1));
    (start..=index(*last))
        .filter_map(|i| {
            let year = i32::try_from(i.div_euclid(12)).ok()?;
            let month = u32::try_from(i.rem_euclid(12)).ok()? + 1;
            let count = counts.get(&(year, month)).copied().unwrap_or(0);
            Some(Bar::new(month_label(year, month), count))
        })
        .collect()
}

/// `GET /stats`.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter()?;
    let no_words = query.text_without_words();
    let reader = viewer.reader();
    let counts = if no_words {
        None
    } else {
        // The aggregates are costly at scale and change slowly: keep each reader's numbers
        // for a minute (the key carries the reader, so nobody sees another's counts), and
        // only until the next change to any case (the epoch is in the key).
        let epoch = state
            .db
            .run(|conn| stats::cases_epoch(conn).map_err(AppError::from))
            .await?;
        let key = format!("{epoch}|{reader:?}|{}", query.without_page());
        let counts = match state.stats_cache.get(&key) {
            Some(counts) => counts,
            None => {
                let counts = state
                    .db
                    .run(move |conn| {
                        let reader = reader.as_reader();
                        Ok::<_, AppError>(StatsCounts {
                            total: stats::total(conn, reader, &filter)?,
                            topics: stats::by_topic(conn, reader, &filter)?,
                            demands: stats::by_demand(conn, reader, &filter)?,
                            responses: stats::by_response(conn, reader, &filter)?,
                            countries: stats::by_country(conn, reader, &filter)?,
                            months: stats::by_month(conn, reader, &filter)?,
                        })
                    })
                    .await?;
                state.stats_cache.put(key, counts.clone());
                counts
            }
        };
        Some(counts)
    };
    let (total, charts) = match counts {
        None => (0, Vec::new()),
        Some(StatsCounts {
            total,
            topics,
            demands,
            responses,
            countries,
            months,
        }) => (
            total,
            vec![
                Chart::new(
                    "topic",
                    "Cases by topic",
                    "Topic",
                    "A case can have several topics.",
                    labelled(topics, |t| Topic::parse(t).ok().map(Topic::label)),
                ),
                Chart::new(
                    "demand",
                    "Cases by demand",
                    "Demand",
                    "A case can carry several demands.",
                    labelled(demands, |d| {
                        DemandKind::parse(d).ok().map(DemandKind::label)
                    }),
                ),
                Chart::new(
                    "response",
                    "Cases by the city's response",
                    "Response",
                    "",
                    labelled(responses, |r| {
                        CaseResponse::parse(r).ok().map(CaseResponse::label)
                    }),
                ),
                Chart::new(
                    "country",
                    "Cases by reporting country",
                    "Country",
                    "Cases whose authors hid their country are counted as “Undisclosed”.",
                    country_bars(countries),
                ),
                Chart::new(
                    "month",
                    "Cases by month they happened",
                    "Month",
                    "Up to the last 24 months that have cases.",
                    month_bars(months),
                ),
            ],
        ),
    };
    let filters = query.without_page();
    let cases_link = match filters.trim_end_matches('&') {
        "" => "/cases".to_owned(),
        kept => format!("/cases?{kept}"),
    };
    crate::web::ok(&StatsPage {
        ctx,
        query,
        total,
        charts,
        no_words,
        cases_link,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_fill_gaps_and_keep_the_last_two_years() {
        let bars = month_bars(vec![("2024-01".into(), 2), ("2024-03".into(), 1)]);
        assert_eq!(
            bars,
            vec![
                Bar::new("Jan 2024", 2),
                Bar::new("Feb 2024", 0),
                Bar::new("Mar 2024", 1)
            ]
        );
        let bars = month_bars(vec![("2020-05".into(), 4), ("2024-12".into(), 1)]);
        assert_eq!(bars.len(), MONTHS);
        assert_eq!(bars[0], Bar::new("Jan 2023", 0));
        assert_eq!(bars[MONTHS - 1], Bar::new("Dec 2024", 1));
        assert!(month_bars(Vec::new()).is_empty());
    }

    #[test]
    fn hidden_countries_are_undisclosed() {
        let bars = country_bars(vec![
            CountryCount {
                country_code: "CZ".into(),
                cases: 3,
                undisclosed: 1,
            },
            CountryCount {
                country_code: "DE".into(),
                cases: 1,
                undisclosed: 1,
            },
        ]);
        assert_eq!(
            bars,
            vec![Bar::new("Czechia", 2), Bar::new(UNDISCLOSED, 2)],
            "Germany disappears: its only case hides the country"
        );
    }
}
