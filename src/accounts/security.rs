//! Changing one's own password and email address.

use super::{AccountError, CONFIRM_LINK_LIFETIME, consume_token, issue_token, queue};
use crate::config::Settings;
use crate::db::tokens::Purpose;
use crate::db::users;
use crate::db::{DbConn, new_id, sessions};
use crate::domain::EmailAddress;
use crate::email::messages;
use crate::email::surface::{Link, Recipient};

/// Stores a new password hash and ends every session of the account; the caller renews its
/// own session so that it stays signed in.
pub fn change_password(
    conn: &mut DbConn,
    user_id: &str,
    password_hash: &str,
) -> Result<(), AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let user = users::find(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        users::set_password_hash(conn, &user.id, password_hash)?;
        sessions::delete_for_user(conn, &user.id)?;
        queue(
            conn,
            &messages::password_changed(
                &new_id(),
                &Recipient::new(&user.email, &user.display_name),
            )?,
        )
    })
}

/// Emails a confirmation link to the new address; the change happens when it is followed.
/// An address another account uses gets a notice instead, and the caller answers the same,
/// so that the form does not tell who is a member.
pub fn request_email_change(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    new_email: &EmailAddress,
) -> Result<(), AccountError> {
    crate::db::write_transaction(conn, |conn| {
        if let Some(holder) = users::find_by_email(conn, new_email.as_str())? {
            return queue(
                conn,
                &messages::address_in_use(
                    &new_id(),
                    &Recipient::new(&holder.email, &holder.display_name),
                )?,
            );
        }
        let user = users::find(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        let (token, hash) = issue_token(
            conn,
            &user.id,
            Purpose::ChangeEmail,
            Some(new_email.as_str()),
            CONFIRM_LINK_LIFETIME,
        )?;
        let link = Link::account(settings, &format!("/account/email/confirm?token={token}"));
        queue(
            conn,
            &messages::confirm_new_email(
                &hash,
                &Recipient::new(new_email.as_str(), &user.display_name),
                link,
            )?,
        )
    })
}

/// Switches the account to the confirmed new address and tells the old one.
pub fn confirm_email_change(conn: &mut DbConn, token: &str) -> Result<String, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let row = consume_token(conn, token, Purpose::ChangeEmail)?;
        let new_email = row.new_email.clone().ok_or(AccountError::NoSuchAccount)?;
        let user = users::find(conn, &row.user_id)?.ok_or(AccountError::NoSuchAccount)?;
        if users::email_taken(conn, &new_email)? {
            return Err(AccountError::EmailTaken);
        }
        users::set_email(conn, &user.id, &new_email)?;
        queue(
            conn,
            &messages::email_changed(
                &row.id,
                &Recipient::new(&user.email, &user.display_name),
                &new_email,
            )?,
        )?;
        Ok(new_email)
    })
}
