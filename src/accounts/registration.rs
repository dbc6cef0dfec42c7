//! Registration and email verification.

use super::{AccountError, CONFIRM_LINK_LIFETIME, consume_token, issue_token, queue};
use crate::config::Settings;
use crate::db::audit::{self, Action};
use crate::db::tokens::Purpose;
use crate::db::users::{self, NewUser};
use crate::db::{DbConn, cities, domains, new_id, now};
use crate::domain::{AccountStatus, CityName, Country, DisplayName, EmailAddress, Position, Role};
use crate::email::messages;
use crate::email::surface::{Link, Recipient};

/// A registration whose fields all passed validation.
pub struct Registration {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub city: CityName,
    pub country: Country,
    pub position: Position,
}

/// Creates the account (pending) and queues the verification email. When the address already
/// has an account nothing is created: its holder is told by email instead, and the caller
/// answers exactly as for a new registration, so that the page does not tell who is a member.
pub fn register(
    conn: &mut DbConn,
    settings: &Settings,
    reg: &Registration,
    password_hash: &str,
) -> Result<(), AccountError> {
    crate::db::write_transaction(conn, |conn| {
        if let Some(owner) = users::find_by_email(conn, reg.email.as_str())? {
            let link = Link::account(settings, "/password-reset");
            return queue(
                conn,
                &messages::registration_attempt(
                    &new_id(),
                    &Recipient::new(&owner.email, &owner.display_name),
                    link,
                )?,
            );
        }
        let city_id = cities::find_or_create(conn, &reg.city, reg.country)?;
        let id = new_id();
        let at = now();
        users::insert(
            conn,
            &NewUser {
                id: &id,
                email: reg.email.as_str(),
                display_name: reg.display_name.as_str(),
                city_id: &city_id,
                position: reg.position.as_str(),
                password_hash,
                role: Role::Member.as_str(),
                status: AccountStatus::Pending.as_str(),
                email_verified_at: None,
                created_at: at,
                updated_at: at,
            },
        )?;
        send_verification(
            conn,
            settings,
            &id,
            reg.email.as_str(),
            reg.display_name.as_str(),
        )
    })
}

/// Issues a verification link and queues its email.
pub fn send_verification(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    email: &str,
    name: &str,
) -> Result<(), AccountError> {
    let (token, hash) = issue_token(
        conn,
        user_id,
        Purpose::VerifyEmail,
        None,
        CONFIRM_LINK_LIFETIME,
    )?;
    let link = Link::account(settings, &format!("/verify-email?token={token}"));
    queue(
        conn,
        &messages::verify_email(&hash, &Recipient::new(email, name), link)?,
    )
}

/// Where a confirmed registrant stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    /// The email domain is on the approved list: the account is active.
    Approved,
    /// A moderator must approve the account.
    AwaitingApproval,
    /// Already active (e.g. an admin created it); nothing more to do.
    AlreadyActive,
}

/// Confirms the address behind a verification link, approving the account at once when its
/// email domain is on the admins' list for the country the registrant named.
pub fn confirm_email(
    conn: &mut DbConn,
    settings: &Settings,
    token: &str,
) -> Result<Verified, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let row = consume_token(conn, token, Purpose::VerifyEmail)?;
        let user = users::find(conn, &row.user_id)?.ok_or(AccountError::NoSuchAccount)?;
        if user.email_verified_at.is_none() {
            users::mark_verified(conn, &user.id)?;
        }
        if user.status() != AccountStatus::Pending {
            return Ok(Verified::AlreadyActive);
        }
        let domain = user.email.rsplit_once('@').map_or("", |(_, d)| d);
        let country = users::member(conn, &user.id)?
            .map(|m| m.country_code)
            .unwrap_or_default();
        // A city's domain vouches for its own staff only: a registrant naming another country
        // waits for a moderator like anyone else.
        let listed_for = domains::country_of(conn, domain)?;
        if country.is_empty() || listed_for.as_deref() != Some(country.as_str()) {
            return Ok(Verified::AwaitingApproval);
        }
        users::set_status(conn, &user.id, AccountStatus::Active)?;
        audit::record(
            conn,
            None,
            Action::AutoApproveMember,
            Some(&user.id),
            &format!("email domain {domain} is on the approved list for {country}"),
        )?;
        queue(
            conn,
            &messages::approved(
                &user.id,
                &Recipient::new(&user.email, &user.display_name),
                Link::account(settings, "/login"),
            )?,
        )?;
        Ok(Verified::Approved)
    })
}

/// Sends a fresh verification link to an unverified account (no-op otherwise).
pub fn resend_verification(
    conn: &mut DbConn,
    settings: &Settings,
    email: &str,
) -> Result<(), AccountError> {
    crate::db::write_transaction(conn, |conn| match users::find_by_email(conn, email)? {
        Some(user) if user.email_verified_at.is_none() => {
            send_verification(conn, settings, &user.id, &user.email, &user.display_name)
        }
        _ => Ok(()),
    })
}
