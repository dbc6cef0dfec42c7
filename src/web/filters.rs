//! Custom askama filters, used from every template.

use askama::{Result, Values};
use chrono::NaiveDateTime;

/// A UTC timestamp as people read it: `22 Nov 2026, 15:04 UTC`.
#[askama::filter_fn]
pub fn datetime(value: &NaiveDateTime, _: &dyn Values) -> Result<String> {
    Ok(value.format("%-d %b %Y, %H:%M UTC").to_string())
}

/// A UTC timestamp as a date: `22 Nov 2026`.
#[askama::filter_fn]
pub fn date(value: &NaiveDateTime, _: &dyn Values) -> Result<String> {
    Ok(value.format("%-d %b %Y").to_string())
}

/// A timestamp in the machine-readable form `<time datetime>` wants.
#[askama::filter_fn]
pub fn iso(value: &NaiveDateTime, _: &dyn Values) -> Result<String> {
    Ok(value.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}
