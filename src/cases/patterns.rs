//! Pattern alerts: the same counterpart, or the same demand on the same topic, reported by
//! several cities within a window. One alert per pattern, refreshed when a case is published.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::dsl::count;
use diesel::prelude::*;

use super::CaseError;
use crate::db::cases as case_rows;
use crate::db::schema::{case_demands, case_topics, cases, pattern_alerts};
use crate::db::{DbConn, new_id, now};
use crate::domain::case_fields::{DemandKind, Topic};
use crate::domain::policy::CaseStatus;

/// When a pattern becomes an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternSettings {
    /// Different reporting cities needed.
    pub min_cities: i64,
    /// The window, in days, the cases' dates must fall in.
    pub window_days: i64,
}

impl Default for PatternSettings {
    fn default() -> Self {
        PatternSettings {
            min_cities: 3,
            window_days: 90,
        }
    }
}

/// One stored alert.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pattern_alerts)]
pub struct AlertRow {
    pub id: String,
    pub pattern_key: String,
    pub kind: String,
    pub counterpart_id: Option<String>,
    pub topic: Option<String>,
    pub demand: Option<String>,
    pub city_count: i32,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub dismissed_at: Option<NaiveDateTime>,
}

impl AlertRow {
    /// A sentence describing the pattern (the counterpart's name is supplied by the caller).
    pub fn describe(&self, counterpart_name: Option<&str>) -> String {
        match (self.kind.as_str(), counterpart_name) {
            ("counterpart", Some(name)) => {
                format!("{} cities reported cases involving {name}", self.city_count)
            }
            _ => {
                let topic = self
                    .topic
                    .as_deref()
                    .and_then(|t| Topic::parse(t).ok())
                    .map_or("a topic", Topic::label);
                let demand = self
                    .demand
                    .as_deref()
                    .and_then(|d| DemandKind::parse(d).ok())
                    .map_or("a demand", DemandKind::label);
                format!("{} cities reported “{demand}” on {topic}", self.city_count)
            }
        }
    }
}

fn published_in_window(
    start: NaiveDate,
    end: NaiveDate,
) -> cases::BoxedQuery<'static, crate::db::DbBackend> {
    cases::table
        .filter(cases::status.eq(CaseStatus::Published.as_str()))
        .filter(cases::occurred_on.between(start, end))
        .into_boxed()
}

/// What identifies a pattern.
struct Pattern<'a> {
    key: String,
    kind: &'static str,
    counterpart: Option<&'a str>,
    pair: Option<(&'a str, &'a str)>,
}

fn upsert(
    conn: &mut DbConn,
    pattern: &Pattern<'_>,
    cities: i64,
    (start, end): (NaiveDate, NaiveDate),
) -> QueryResult<()> {
    let Pattern {
        key,
        kind,
        counterpart,
        pair,
    } = pattern;
    let (kind, counterpart, pair) = (*kind, *counterpart, *pair);
    let count = i32::try_from(cities).unwrap_or(i32::MAX);
    let at = now();
    let updated = diesel::update(pattern_alerts::table.filter(pattern_alerts::pattern_key.eq(key)))
        .set((
            pattern_alerts::city_count.eq(count),
            pattern_alerts::window_start.eq(start),
            pattern_alerts::window_end.eq(end),
            pattern_alerts::updated_at.eq(at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(pattern_alerts::table)
            .values((
                pattern_alerts::id.eq(new_id()),
                pattern_alerts::pattern_key.eq(key),
                pattern_alerts::kind.eq(kind),
                pattern_alerts::counterpart_id.eq(counterpart),
                pattern_alerts::topic.eq(pair.map(|p| p.0)),
                pattern_alerts::demand.eq(pair.map(|p| p.1)),
                pattern_alerts::city_count.eq(count),
                pattern_alerts::window_start.eq(start),
                pattern_alerts::window_end.eq(end),
                pattern_alerts::created_at.eq(at),
                pattern_alerts::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Re-counts the patterns a newly published case belongs to, over the window that ends on
/// its date, and raises or updates their alerts.
pub fn refresh(
    conn: &mut DbConn,
    settings: &PatternSettings,
    case_id: &str,
) -> Result<(), CaseError> {
    let row = case_rows::find(conn, case_id)?.ok_or(CaseError::NotFound)?;
    let end = row.occurred_on;
    let start = end - TimeDelta::days(settings.window_days);
    if let Some(counterpart) = &row.counterpart_id {
        let cities: i64 = published_in_window(start, end)
            .filter(cases::counterpart_id.eq(counterpart.clone()))
            .select(count(cases::city_id).aggregate_distinct())
            .first(conn)?;
        if cities >= settings.min_cities {
            let pattern = Pattern {
                key: format!("counterpart:{counterpart}"),
                kind: "counterpart",
                counterpart: Some(counterpart),
                pair: None,
            };
            upsert(conn, &pattern, cities, (start, end))?;
        }
    }
    let topics: Vec<String> = case_topics::table
        .filter(case_topics::case_id.eq(case_id))
        .select(case_topics::topic)
        .load(conn)?;
    let demands: Vec<String> = case_demands::table
        .filter(case_demands::case_id.eq(case_id))
        .select(case_demands::demand)
        .load(conn)?;
    for topic in &topics {
        for demand in &demands {
            let with_topic = case_topics::table
                .filter(case_topics::topic.eq(topic.clone()))
                .select(case_topics::case_id);
            let with_demand = case_demands::table
                .filter(case_demands::demand.eq(demand.clone()))
                .select(case_demands::case_id);
            let cities: i64 = published_in_window(start, end)
                .filter(cases::id.eq_any(with_topic))
                .filter(cases::id.eq_any(with_demand))
                .select(count(cases::city_id).aggregate_distinct())
                .first(conn)?;
            if cities >= settings.min_cities {
                let pattern = Pattern {
                    key: format!("topic_demand:{topic}:{demand}"),
                    kind: "topic_demand",
                    counterpart: None,
                    pair: Some((topic, demand)),
                };
                upsert(conn, &pattern, cities, (start, end))?;
            }
        }
    }
    Ok(())
}

/// Alerts not dismissed, newest first (the moderation queue).
pub fn open(conn: &mut DbConn) -> QueryResult<Vec<AlertRow>> {
    pattern_alerts::table
        .filter(pattern_alerts::dismissed_at.is_null())
        .order(pattern_alerts::updated_at.desc())
        .select(AlertRow::as_select())
        .load(conn)
}

/// Open alerts about one counterpart.
pub fn for_counterpart(conn: &mut DbConn, counterpart_id: &str) -> QueryResult<Vec<AlertRow>> {
    pattern_alerts::table
        .filter(pattern_alerts::dismissed_at.is_null())
        .filter(pattern_alerts::counterpart_id.eq(counterpart_id))
        .select(AlertRow::as_select())
        .load(conn)
}

/// Marks an alert handled; false when it did not exist or was already dismissed.
pub fn dismiss(conn: &mut DbConn, alert_id: &str) -> QueryResult<bool> {
    diesel::update(
        pattern_alerts::table
            .find(alert_id)
            .filter(pattern_alerts::dismissed_at.is_null()),
    )
    .set(pattern_alerts::dismissed_at.eq(Some(now())))
    .execute(conn)
    .map(|n| n == 1)
}

/// The most recent window (ending on a case's date, as [`refresh`] counts it) in which the
/// published cases naming a counterpart come from the most cities needed, or failing that
/// the window with the most cities: `(cities, start, end)`. One query, counted here.
fn counterpart_window(
    conn: &mut DbConn,
    settings: &PatternSettings,
    counterpart_id: &str,
) -> QueryResult<Option<(i64, NaiveDate, NaiveDate)>> {
    let dated: Vec<(NaiveDate, String)> = cases::table
        .filter(cases::status.eq(CaseStatus::Published.as_str()))
        .filter(cases::counterpart_id.eq(counterpart_id))
        .order(cases::occurred_on.desc())
        .select((cases::occurred_on, cases::city_id))
        .load(conn)?;
    let mut best: Option<(i64, NaiveDate, NaiveDate)> = None;
    for (i, (end, _)) in dated.iter().enumerate() {
        let start = *end - TimeDelta::days(settings.window_days);
        let cities: std::collections::HashSet<&str> = dated[i..]
            .iter()
            .take_while(|(on, _)| *on >= start)
            .map(|(_, city)| city.as_str())
            .collect();
        let count = i64::try_from(cities.len()).unwrap_or(i64::MAX);
        if count >= settings.min_cities {
            return Ok(Some((count, start, *end)));
        }
        if best.is_none_or(|(most, _, _)| count > most) {
            best = Some((count, start, *end));
        }
    }
    Ok(best)
}

/// After the cases of counterpart `from` moved to `into` (a merge of duplicates): the two
/// counterparts' alerts become one alert about `into`, re-counted over the merged cases. The
/// survivor's alert is kept if it had one; the merged alert stays open if either was open,
/// and keeps the earlier creation time. With no alert before, the merged cases may now
/// form a pattern, which raises one. Returns how many alerts were removed as duplicates.
pub fn merge_counterpart(
    conn: &mut DbConn,
    settings: &PatternSettings,
    from: &str,
    into: &str,
) -> QueryResult<usize> {
    let alerts: Vec<AlertRow> = pattern_alerts::table
        .filter(pattern_alerts::counterpart_id.eq_any([from, into]))
        .order(pattern_alerts::created_at.asc())
        .select(AlertRow::as_select())
        .load(conn)?;
    let window = counterpart_window(conn, settings, into)?;
    let key = format!("counterpart:{into}");
    let keep = alerts
        .iter()
        .find(|a| a.counterpart_id.as_deref() == Some(into))
        .or_else(|| alerts.first());
    let Some(keep) = keep else {
        if let Some((cities, start, end)) = window.filter(|w| w.0 >= settings.min_cities) {
            let pattern = Pattern {
                key,
                kind: "counterpart",
                counterpart: Some(into),
                pair: None,
            };
            upsert(conn, &pattern, cities, (start, end))?;
        }
        return Ok(0);
    };
    let others: Vec<&str> = alerts
        .iter()
        .filter(|a| a.id != keep.id)
        .map(|a| a.id.as_str())
        .collect();
    // First, so that the survivor's key is free when the kept alert takes it.
    diesel::delete(pattern_alerts::table.filter(pattern_alerts::id.eq_any(&others)))
        .execute(conn)?;
    let dismissed_at = if alerts.iter().any(|a| a.dismissed_at.is_none()) {
        None
    } else {
        alerts.iter().filter_map(|a| a.dismissed_at).max()
    };
    let created_at = alerts
        .iter()
        .map(|a| a.created_at)
        .min()
        .unwrap_or(keep.created_at);
    let (cities, start, end) = match window {
        Some(w) if w.0 >= settings.min_cities => w,
        _ => (
            alerts
                .iter()
                .map(|a| i64::from(a.city_count))
                .max()
                .unwrap_or(0),
            keep.window_start,
            keep.window_end,
        ),
    };
    diesel::update(pattern_alerts::table.find(&keep.id))
        .set((
            pattern_alerts::pattern_key.eq(&key),
            pattern_alerts::counterpart_id.eq(Some(into)),
            pattern_alerts::city_count.eq(i32::try_from(cities).unwrap_or(i32::MAX)),
            pattern_alerts::window_start.eq(start),
            pattern_alerts::window_end.eq(end),
            pattern_alerts::created_at.eq(created_at),
            pattern_alerts::updated_at.eq(now()),
            pattern_alerts::dismissed_at.eq(dismissed_at),
        ))
        .execute(conn)?;
    Ok(others.len())
}

/// How many alerts (open or dismissed) are about a counterpart.
pub fn count_for_counterpart(conn: &mut DbConn, counterpart_id: &str) -> QueryResult<i64> {
    pattern_alerts::table
        .filter(pattern_alerts::counterpart_id.eq(counterpart_id))
        .count()
        .get_result(conn)
}
