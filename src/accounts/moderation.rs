//! Moderators' decisions on new members.

use super::{AccountError, queue};
use crate::config::Settings;
use crate::db::audit::{self, Action};
use crate::db::users::{self, Member};
use crate::db::{DbConn, cities};
use crate::domain::{AccountStatus, CityName, Country};
use crate::email::messages;
use crate::email::surface::{Link, Recipient};

/// The outcome a moderator chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { reason: Option<String> },
}

/// Approves or rejects a registrant who verified their address; emails them the decision.
pub fn decide(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    user_id: &str,
    decision: &Decision,
) -> Result<String, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let user = users::find(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        if user.status() != AccountStatus::Pending || user.email_verified_at.is_none() {
            return Err(AccountError::NotPending);
        }
        match decision {
            Decision::Approve => {
                users::set_status(conn, &user.id, AccountStatus::Active)?;
                audit::record(
                    conn,
                    Some(&moderator.id),
                    Action::ApproveMember,
                    Some(&user.id),
                    "",
                )?;
                queue(
                    conn,
                    &messages::approved(
                        &user.id,
                        &Recipient::new(&user.email, &user.display_name),
                        Link::account(settings, "/login"),
                    )?,
                )?;
            }
            Decision::Reject { reason } => {
                users::set_status(conn, &user.id, AccountStatus::Rejected)?;
                audit::record(
                    conn,
                    Some(&moderator.id),
                    Action::RejectMember,
                    Some(&user.id),
                    reason.as_deref().unwrap_or(""),
                )?;
                queue(
                    conn,
                    &messages::rejected(
                        &user.id,
                        &Recipient::new(&user.email, &user.display_name),
                        reason.as_deref(),
                    )?,
                )?;
            }
        }
        Ok(user.display_name)
    })
}

/// Corrects where a member works (a registrant who mistyped their city, or named the wrong
/// country): the country decides which AMBER cases they read, so only moderators change it,
/// and each change is audited with the old and the new place. Their existing cases keep the
/// city they were reported from.
pub fn correct_place(
    conn: &mut DbConn,
    moderator: &Member,
    user_id: &str,
    city: &CityName,
    country: Country,
) -> Result<Option<String>, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let member = users::member(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        let before = format!(
            "{}, {}",
            member.city,
            Country::from_code(&member.country_code)
                .map_or(member.country_code.as_str(), |c| c.name)
        );
        let after = format!("{}, {}", city.as_str(), country.name);
        if before == after {
            return Ok(None);
        }
        let city_id = cities::find_or_create(conn, city, country)?;
        users::set_city(conn, &member.id, &city_id)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::CorrectMemberPlace,
            Some(&member.id),
            &format!("{before} → {after}"),
        )?;
        Ok(Some(member.display_name))
    })
}
