//! Email domains whose verified registrants are approved without a moderator.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::approved_domains;
use super::{DbConn, now};

/// Every approved domain with when it was added.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    approved_domains::table
        .order(approved_domains::domain.asc())
        .select((approved_domains::domain, approved_domains::created_at))
        .load(conn)
}

/// True when the domain is on the list.
pub fn contains(conn: &mut DbConn, domain: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(approved_domains::table.find(domain))).get_result(conn)
}

/// Adds a domain.
pub fn add(conn: &mut DbConn, domain: &str, added_by: &str) -> QueryResult<()> {
    diesel::insert_into(approved_domains::table)
        .values((
            approved_domains::domain.eq(domain),
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
