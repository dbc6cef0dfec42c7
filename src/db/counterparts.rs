//! The counterparts registry: embassies, consulates, partner-city governments and others.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::counterparts;
use super::{DbConn, new_id, now};
use crate::domain::case::NewCounterpart;
use crate::domain::case_fields::CounterpartKind;

/// One registry entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = counterparts)]
pub struct CounterpartRow {
    pub id: String,
    pub name: String,
    pub name_key: String,
    pub kind: String,
    pub country_code: String,
    pub city: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

impl CounterpartRow {
    /// The stored kind (unknown text reads as `Unknown`).
    pub fn kind(&self) -> CounterpartKind {
        CounterpartKind::parse(&self.kind).unwrap_or(CounterpartKind::Unknown)
    }
}

/// Loads one entry.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CounterpartRow>> {
    counterparts::table
        .find(id)
        .select(CounterpartRow::as_select())
        .first(conn)
        .optional()
}

/// Loads several entries by id.
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<CounterpartRow>> {
    counterparts::table
        .filter(counterparts::id.eq_any(ids))
        .select(CounterpartRow::as_select())
        .load(conn)
}

/// Every entry, by name (the registry stays small: hundreds, not millions).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<CounterpartRow>> {
    counterparts::table
        .order((counterparts::name.asc(), counterparts::id.asc()))
        .select(CounterpartRow::as_select())
        .load(conn)
}

/// Returns the id of the entry with this name in this country, creating it if needed.
pub fn find_or_create(
    conn: &mut DbConn,
    new: &NewCounterpart,
    created_by: &str,
) -> QueryResult<String> {
    let key = new.name.to_lowercase();
    let existing = counterparts::table
        .filter(counterparts::name_key.eq(&key))
        .filter(counterparts::country_code.eq(new.country.code))
        .select(counterparts::id)
        .first::<String>(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    diesel::insert_into(counterparts::table)
        .values((
            counterparts::id.eq(&id),
            counterparts::name.eq(&new.name),
            counterparts::name_key.eq(&key),
            counterparts::kind.eq(new.kind.as_str()),
            counterparts::country_code.eq(new.country.code),
            counterparts::city.eq(&new.city),
            counterparts::created_by.eq(created_by),
            counterparts::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}
