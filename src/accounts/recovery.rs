//! "Forgot password": an emailed single-use link that sets a new password and ends every
//! session of the account.

use super::{AccountError, RESET_LINK_LIFETIME, consume_token, issue_token, queue};
use crate::config::Settings;
use crate::db::tokens::{self as token_rows, Purpose};
use crate::db::users::{self, UserRow};
use crate::db::{DbConn, sessions};
use crate::domain::AccountStatus;
use crate::email::messages;
use crate::email::surface::{Link, Recipient};

/// Queues a reset link when an account that may sign in uses this address; does nothing
/// otherwise, so the caller answers the same either way.
pub fn request_reset(
    conn: &mut DbConn,
    settings: &Settings,
    email: &str,
) -> Result<(), AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let Some(user) = users::find_by_email(conn, email)? else {
            return Ok(());
        };
        if matches!(
            user.status(),
            AccountStatus::Rejected | AccountStatus::Suspended
        ) {
            return Ok(());
        }
        let (token, hash) = issue_token(
            conn,
            &user.id,
            Purpose::ResetPassword,
            None,
            RESET_LINK_LIFETIME,
        )?;
        let link = Link::account(settings, &format!("/password-reset/confirm?token={token}"));
        queue(
            conn,
            &messages::password_reset(
                &hash,
                &Recipient::new(&user.email, &user.display_name),
                link,
            )?,
        )
    })
}

/// The account a still-valid reset link belongs to (for checking the new password).
pub fn account_for_reset(conn: &mut DbConn, token: &str) -> Result<UserRow, AccountError> {
    let row = super::inspect_token(conn, token, Purpose::ResetPassword)?;
    users::find(conn, &row.user_id)?.ok_or(AccountError::NoSuchAccount)
}

/// Sets the new password, voids the account's other reset links and ends all its sessions.
pub fn reset_password(
    conn: &mut DbConn,
    token: &str,
    password_hash: &str,
) -> Result<UserRow, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let row = consume_token(conn, token, Purpose::ResetPassword)?;
        let user = users::find(conn, &row.user_id)?.ok_or(AccountError::NoSuchAccount)?;
        users::set_password_hash(conn, &user.id, password_hash)?;
        token_rows::void_unused(conn, &user.id, Purpose::ResetPassword)?;
        sessions::delete_for_user(conn, &user.id)?;
        queue(
            conn,
            &messages::password_changed(&row.id, &Recipient::new(&user.email, &user.display_name))?,
        )?;
        Ok(user)
    })
}
