//! What the deadline reminders and calendar feeds read and write: agreements whose notice
//! deadline is near, the reminders already sent (their primary key is the idempotency key),
//! the members a city's reminders go to, and members' calendar feed tokens (hashes only).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::agreements::AgreementRow;
use super::schema::{agreement_reminders, agreements, calendar_feeds, cities, users};
use super::users::Member;
use super::{DbConn, now};
use crate::domain::AccountStatus;

/// Agreements whose notice deadline falls between `from` and `until`, soonest first.
pub fn notice_between(
    conn: &mut DbConn,
    from: NaiveDate,
    until: NaiveDate,
) -> QueryResult<Vec<AgreementRow>> {
    agreements::table
        .filter(agreements::notice_by.between(from, until))
        .order((agreements::notice_by.asc(), agreements::id.asc()))
        .select(AgreementRow::as_select())
        .load(conn)
}

/// Records that the reminder `lead_days` before `deadline` went out; false when it already
/// had (another runner, or an earlier run, sent it). Call it in the mail's transaction.
pub fn record_reminder(
    conn: &mut DbConn,
    agreement_id: &str,
    deadline: NaiveDate,
    lead_days: i32,
) -> QueryResult<bool> {
    let values = (
        agreement_reminders::agreement_id.eq(agreement_id),
        agreement_reminders::deadline.eq(deadline),
        agreement_reminders::lead_days.eq(lead_days),
        agreement_reminders::sent_at.eq(now()),
    );
    Ok(insert_or_ignore!(conn, agreement_reminders::table, values)? == 1)
}

/// The ids of a city's active members with a verified address: whom its reminders reach.
pub fn city_members(conn: &mut DbConn, city_id: &str) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::city_id.eq(city_id))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .filter(users::email_verified_at.is_not_null())
        .order(users::id.asc())
        .select(users::id)
        .load(conn)
}

/// The agreements of a city with a renewal or notice date on or after `from`.
pub fn city_agreements_from(
    conn: &mut DbConn,
    city_id: &str,
    from: NaiveDate,
) -> QueryResult<Vec<AgreementRow>> {
    agreements::table
        .filter(agreements::city_id.eq(city_id))
        .filter(
            agreements::notice_by
                .ge(from)
                .or(agreements::renews_on.ge(from)),
        )
        .order(agreements::id.asc())
        .select(AgreementRow::as_select())
        .load(conn)
}

/// Replaces a member's feed token (its hash) with a new one.
pub fn set_feed(conn: &mut DbConn, user_id: &str, token_hash: &str) -> QueryResult<()> {
    diesel::delete(calendar_feeds::table.find(user_id)).execute(conn)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user_id),
            calendar_feeds::token_hash.eq(token_hash),
            calendar_feeds::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Turns a member's feed off; false when there was none.
pub fn delete_feed(conn: &mut DbConn, user_id: &str) -> QueryResult<bool> {
    Ok(diesel::delete(calendar_feeds::table.find(user_id)).execute(conn)? == 1)
}

/// When a member's feed was made, if they have one.
pub fn feed_created(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    calendar_feeds::table
        .find(user_id)
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()
}

/// The member whose feed token has this hash.
pub fn feed_owner(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<Member>> {
    let user_id: Option<String> = calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .select(calendar_feeds::user_id)
        .first(conn)
        .optional()?;
    match user_id {
        Some(id) => super::users::member(conn, &id),
        None => Ok(None),
    }
}

/// A city's name, for a feed's title.
pub fn city_name(conn: &mut DbConn, city_id: &str) -> QueryResult<Option<String>> {
    cities::table
        .find(city_id)
        .select(cities::name)
        .first(conn)
        .optional()
}
