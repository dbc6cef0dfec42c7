//! Single-use tokens sent by email (verification, password reset, email change). Only the
//! SHA-256 of each token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::email_tokens;
use super::{DbConn, now};

/// What a token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeEmail => "change_email",
        }
    }
}

/// One stored token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_tokens)]
pub struct TokenRow {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub new_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// Stores a token's hash.
pub fn insert(
    conn: &mut DbConn,
    hash: &str,
    user_id: &str,
    purpose: Purpose,
    new_email: Option<&str>,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::id.eq(hash),
            email_tokens::user_id.eq(user_id),
            email_tokens::purpose.eq(purpose.as_str()),
            email_tokens::new_email.eq(new_email),
            email_tokens::created_at.eq(now()),
            email_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Finds a token of the given purpose by its hash, used or not.
pub fn find(conn: &mut DbConn, hash: &str, purpose: Purpose) -> QueryResult<Option<TokenRow>> {
    email_tokens::table
        .find(hash)
        .filter(email_tokens::purpose.eq(purpose.as_str()))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()
}

/// Deletes links that expired or were used before `before`.
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        email_tokens::table.filter(
            email_tokens::expires_at
                .lt(before)
                .or(email_tokens::used_at.lt(before)),
        ),
    )
    .execute(conn)
}

/// Marks a token used; false when another request used it first.
pub fn consume(conn: &mut DbConn, hash: &str) -> QueryResult<bool> {
    diesel::update(
        email_tokens::table
            .find(hash)
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(now()))
    .execute(conn)
    .map(|n| n == 1)
}

/// Voids an account's other unused tokens of one purpose.
pub fn void_unused(conn: &mut DbConn, user_id: &str, purpose: Purpose) -> QueryResult<()> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(purpose.as_str()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(now()))
    .execute(conn)
    .map(|_| ())
}
