//! Member cities: one row per city and country, shared by every account in it.

use diesel::prelude::*;

use super::schema::cities;
use super::{DbConn, new_id, now};
use crate::domain::{CityName, Country};

/// Returns the id of the city, creating it on first use.
pub fn find_or_create(conn: &mut DbConn, name: &CityName, country: Country) -> QueryResult<String> {
    let key = name.key();
    let existing = cities::table
        .filter(cities::country_code.eq(country.code))
        .filter(cities::name_key.eq(&key))
        .select(cities::id)
        .first::<String>(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    diesel::insert_into(cities::table)
        .values((
            cities::id.eq(&id),
            cities::name.eq(name.as_str()),
            cities::name_key.eq(&key),
            cities::country_code.eq(country.code),
            cities::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// City names already known, for the registration form's suggestions.
pub fn names(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<String>> {
    cities::table
        .select(cities::name)
        .order(cities::name.asc())
        .limit(limit)
        .load(conn)
}

/// True when a city with this id exists.
pub fn exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    Ok(cities::table
        .find(id)
        .select(cities::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Every city, by name, for moderators' choices: (id, name, country code).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(String, String, String)>> {
    cities::table
        .select((cities::id, cities::name, cities::country_code))
        .order((cities::name.asc(), cities::country_code.asc()))
        .load(conn)
}
