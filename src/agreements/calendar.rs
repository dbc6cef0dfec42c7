//! Members' private calendar feeds (RFC 5545): their city's agreement deadlines, at a
//! secret address they can replace or turn off. Only the token's hash is stored. A calendar
//! copies what it reads to servers Twinwise does not control, so, as in email, an agreement
//! above TLP:GREEN is named by its level and link only.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use icalendar::{Calendar, Component, Event, EventLike};

use super::AgreementError;
use crate::auth::tokens;
use crate::config::Settings;
use crate::db::agreements::AgreementRow;
use crate::db::users::Member;
use crate::db::{DbConn, deadlines, write_transaction};
use crate::domain::AccountStatus;
use crate::email::surface::HIGHEST_QUOTED;

/// How far back a feed still lists deadlines, so that a calendar keeps recent ones.
const KEPT_DAYS: i64 = 90;

/// When the member's feed was made, if they have one.
pub fn feed_of(
    conn: &mut DbConn,
    member: &Member,
) -> Result<Option<NaiveDateTime>, AgreementError> {
    Ok(deadlines::feed_created(conn, &member.id)?)
}

/// Makes a new feed address for the member (the old one stops working) and returns its
/// secret token, shown once.
pub fn renew(conn: &mut DbConn, member: &Member) -> Result<String, AgreementError> {
    let token = tokens::generate();
    write_transaction(conn, |conn| {
        deadlines::set_feed(conn, &member.id, &tokens::hash(&token))
    })?;
    Ok(token)
}

/// Turns the member's feed off; false when there was none.
pub fn revoke(conn: &mut DbConn, member: &Member) -> Result<bool, AgreementError> {
    Ok(deadlines::delete_feed(conn, &member.id)?)
}

/// The feed behind a token, as iCalendar text; `NotFound` for an unknown or revoked token
/// and for a member who is no longer active.
pub fn feed(
    conn: &mut DbConn,
    settings: &Settings,
    token: &str,
    today: NaiveDate,
) -> Result<String, AgreementError> {
    let member = deadlines::feed_owner(conn, &tokens::hash(token))?
        .filter(|m| m.status == AccountStatus::Active)
        .ok_or(AgreementError::NotFound)?;
    let city = deadlines::city_name(conn, &member.city_id)?.unwrap_or_default();
    let agreements =
        deadlines::city_agreements_from(conn, &member.city_id, today - TimeDelta::days(KEPT_DAYS))?;
    Ok(render(settings, &city, &agreements))
}

/// What an event may call the agreement.
fn named(row: &AgreementRow) -> String {
    if row.tlp() <= HIGHEST_QUOTED {
        format!("“{}”", row.title)
    } else {
        format!("an agreement of your city ({})", row.tlp().label())
    }
}

fn event(
    settings: &Settings,
    row: &AgreementRow,
    what: &str,
    on: NaiveDate,
    summary: String,
) -> Event {
    let page = settings.link(&format!("/agreements/{}", row.id));
    Event::new()
        .uid(&format!("{}-{what}-{on}@twinwise", row.id))
        .timestamp(row.updated_at.and_utc())
        .all_day(on)
        .summary(&summary)
        .description(&format!("Open it on Twinwise: {page}"))
        .url(&page)
        .done()
}

/// The calendar of these agreements' deadlines.
pub fn render(settings: &Settings, city: &str, agreements: &[AgreementRow]) -> String {
    let mut calendar = Calendar::new();
    calendar.name(&format!("Twinwise: agreement deadlines of {city}"));
    for row in agreements {
        if let Some(on) = row.notice_by {
            calendar.push(event(
                settings,
                row,
                "notice",
                on,
                format!("Last day to give notice on {}", named(row)),
            ));
        }
        if let Some(on) = row.renews_on {
            calendar.push(event(
                settings,
                row,
                "renewal",
                on,
                format!("{} renews", capitalised(&named(row))),
            ));
        }
    }
    calendar.done().to_string()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
