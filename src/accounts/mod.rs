//! Account workflows: each public function is one transaction that changes the accounts and
//! queues the emails the change causes.

pub mod admin;
pub mod moderation;
pub mod recovery;
pub mod registration;
pub mod security;
pub mod sign_in;

use chrono::TimeDelta;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::auth::tokens;
use crate::db::outbox::{self, OutgoingEmail};
use crate::db::tokens::{self as token_rows, Purpose, TokenRow};
use crate::db::{DbConn, DbError, now};

/// How long verification and email-change links work.
pub const CONFIRM_LINK_LIFETIME: TimeDelta = TimeDelta::hours(48);
/// How long a password-reset link works.
pub const RESET_LINK_LIFETIME: TimeDelta = TimeDelta::hours(1);

/// Why an account workflow could not complete.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("an account with this email address already exists")]
    EmailTaken,
    #[error(transparent)]
    Token(#[from] TokenProblem),
    #[error("no such account")]
    NoSuchAccount,
    #[error("the account is not waiting for approval")]
    NotPending,
    #[error("this would leave Twinwise without an active admin")]
    LastAdmin,
    #[error("admins cannot change their own role or suspend themselves")]
    SelfChange,
    #[error(transparent)]
    Hash(#[from] crate::auth::password::HashError),
    #[error("email could not be rendered")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<DieselError> for AccountError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AccountError::EmailTaken
            }
            other => AccountError::Db(other.into()),
        }
    }
}

impl From<AccountError> for crate::error::AppError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::NoSuchAccount => crate::error::AppError::NotFound,
            other => crate::error::AppError::Internal(other.into()),
        }
    }
}

/// What is wrong with an emailed link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenProblem {
    #[error("This link is not valid. Check that you copied all of it.")]
    Unknown,
    #[error("This link was already used.")]
    Used,
    #[error("This link has expired.")]
    Expired,
}

/// Creates a token for an emailed link; returns the raw token (for the link) and its hash.
fn issue_token(
    conn: &mut DbConn,
    user_id: &str,
    purpose: Purpose,
    new_email: Option<&str>,
    lifetime: TimeDelta,
) -> Result<(String, String), AccountError> {
    let token = tokens::generate();
    let hash = tokens::hash(&token);
    token_rows::insert(conn, &hash, user_id, purpose, new_email, now() + lifetime)?;
    Ok((token, hash))
}

/// Looks a token up without using it (for the page that shows the confirm button).
pub fn inspect_token(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
) -> Result<TokenRow, AccountError> {
    let row =
        token_rows::find(conn, &tokens::hash(token), purpose)?.ok_or(TokenProblem::Unknown)?;
    if row.used_at.is_some() {
        return Err(TokenProblem::Used.into());
    }
    if row.expires_at <= now() {
        return Err(TokenProblem::Expired.into());
    }
    Ok(row)
}

/// Uses a token once: checks it as [`inspect_token`] does, then marks it used.
fn consume_token(
    conn: &mut DbConn,
    token: &str,
    purpose: Purpose,
) -> Result<TokenRow, AccountError> {
    let row = inspect_token(conn, token, purpose)?;
    if !token_rows::consume(conn, &row.id)? {
        return Err(TokenProblem::Used.into());
    }
    Ok(row)
}

/// Queues an email inside the caller's transaction.
fn queue(conn: &mut DbConn, email: &OutgoingEmail) -> Result<(), AccountError> {
    outbox::enqueue(conn, email)?;
    Ok(())
}
