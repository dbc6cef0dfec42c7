//! Email domains whose verified registrants are approved without a moderator, each for the
//! country it belongs to.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::approved_domains;
use super::{DbConn, now};

/// One approved domain.
#[derive(Debug, Clone, Queryable)]
pub struct ApprovedDomain {
    pub domain: String,
    /// Empty for a domain added before domains had countries: it approves nobody.
    pub country_code: String,
    pub created_at: NaiveDateTime,
}

/// Every approved domain.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<ApprovedDomain>> {
    approved_domains::table
        .order(approved_domains::domain.asc())
        .select((
            approved_domains::domain,
            approved_domains::country_code,
            approved_domains::created_at,
        ))
        .load(conn)
}

/// The country a listed domain belongs to (empty when it has none); `None` when not listed.
pub fn country_of(conn: &mut DbConn, domain: &str) -> QueryResult<Option<String>> {
    approved_domains::table
        .find(domain)
        .select(approved_domains::country_code)
        .first(conn)
        .optional()
}

/// Adds a domain, or gives a listed one this country.
pub fn put(conn: &mut DbConn, domain: &str, country: &str, added_by: &str) -> QueryResult<()> {
    diesel::delete(approved_domains::table.find(domain)).execute(conn)?;
    diesel::insert_into(approved_domains::table)
        .values((
            approved_domains::domain.eq(domain),
            approved_domains::country_code.eq(country),
            approved_domains::added_by.eq(added_by),
            approved_domains::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Removes a domain; false when it was not on the list.
pub fn remove(conn: &mut DbConn, domain: &str) -> QueryResult<bool> {
    diesel::delete(approved_domains::table.find(domain))
        .execute(conn)
        .map(|n| n == 1)
}
