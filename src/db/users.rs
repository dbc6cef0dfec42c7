//! Accounts: rows, inserts and the queries the account pages need.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{cities, users};
use super::{DbConn, now};
use crate::domain::{AccountStatus, Country, Role};

/// One row of `users`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub city_id: String,
    pub position: String,
    pub password_hash: String,
    pub role: String,
    pub status: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    /// The stored role; unknown text (never written by the app) counts as the least privilege.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Member)
    }

    /// The stored status; unknown text counts as suspended, which locks the account.
    pub fn status(&self) -> AccountStatus {
        AccountStatus::parse(&self.status).unwrap_or(AccountStatus::Suspended)
    }
}

/// A new account, as registration or `create-admin` writes it.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub city_id: &'a str,
    pub position: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub status: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An account with its city, as pages show it.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub position: String,
    pub role: Role,
    pub status: AccountStatus,
    pub email_verified: bool,
    pub city_id: String,
    pub city: String,
    pub country_code: String,
    pub created_at: NaiveDateTime,
}

impl Member {
    /// What the sensitivity policy needs to know about this member.
    pub fn reader(&self) -> crate::domain::policy::Reader<'_> {
        crate::domain::policy::Reader::Member {
            id: &self.id,
            city: &self.city_id,
            country: &self.country_code,
            moderates: self.role.can_moderate(),
        }
    }

    /// The country's name (or its code, should the list ever lose one).
    pub fn country_name(&self) -> &str {
        Country::from_code(&self.country_code).map_or(self.country_code.as_str(), |c| c.name)
    }
}

type MemberColumns = (UserRow, (String, String));

fn to_member((row, (city, country_code)): MemberColumns) -> Member {
    Member {
        role: row.role(),
        status: row.status(),
        email_verified: row.email_verified_at.is_some(),
        id: row.id,
        city_id: row.city_id,
        email: row.email,
        display_name: row.display_name,
        position: row.position,
        city,
        country_code,
        created_at: row.created_at,
    }
}

/// Loads one account by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Loads one account by its (normalised) email address.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// True when an account already uses this address.
pub fn email_taken(conn: &mut DbConn, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::email.eq(email)),
    ))
    .get_result(conn)
}

/// Loads one account with its city.
pub fn member(conn: &mut DbConn, id: &str) -> QueryResult<Option<Member>> {
    users::table
        .inner_join(cities::table)
        .filter(users::id.eq(id))
        .select((UserRow::as_select(), (cities::name, cities::country_code)))
        .first::<MemberColumns>(conn)
        .optional()
        .map(|m| m.map(to_member))
}

/// The active members among these ids.
pub fn active_members(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Member>> {
    users::table
        .inner_join(cities::table)
        .filter(users::id.eq_any(ids))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .select((UserRow::as_select(), (cities::name, cities::country_code)))
        .load::<MemberColumns>(conn)
        .map(|rows| rows.into_iter().map(to_member).collect())
}

/// Inserts a new account.
pub fn insert(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)
        .map(|_| ())
}

/// Accounts that verified their email and wait for a moderator, oldest first.
pub fn awaiting_approval(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<Vec<Member>> {
    users::table
        .inner_join(cities::table)
        .filter(users::status.eq(AccountStatus::Pending.as_str()))
        .filter(users::email_verified_at.is_not_null())
        .order((users::created_at.asc(), users::id.asc()))
        .offset(offset)
        .limit(limit)
        .select((UserRow::as_select(), (cities::name, cities::country_code)))
        .load::<MemberColumns>(conn)
        .map(|rows| rows.into_iter().map(to_member).collect())
}

/// How many verified accounts wait for a moderator.
pub fn count_awaiting_approval(conn: &mut DbConn) -> QueryResult<i64> {
    users::table
        .filter(users::status.eq(AccountStatus::Pending.as_str()))
        .filter(users::email_verified_at.is_not_null())
        .count()
        .get_result(conn)
}

/// Accounts for the admin list, newest first, optionally matching a name or email fragment.
pub fn search(
    conn: &mut DbConn,
    needle: Option<&str>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Member>, i64)> {
    let filtered = || {
        let mut query = users::table.inner_join(cities::table).into_boxed();
        if let Some(needle) = needle {
            let pattern = format!("%{}%", escape_like(&needle.to_lowercase()));
            query = query.filter(
                users::email
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::display_name).like(pattern).escape('\\')),
            );
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((users::created_at.desc(), users::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((UserRow::as_select(), (cities::name, cities::country_code)))
        .load::<MemberColumns>(conn)?;
    Ok((rows.into_iter().map(to_member).collect(), total))
}

diesel::define_sql_function! {
    /// SQL `LOWER`, the same on both backends.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Escapes `%`, `_` and `\` so user text matches literally inside LIKE.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Records that the account's email address is confirmed.
pub fn mark_verified(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    let at = now();
    diesel::update(users::table.find(id))
        .set((users::email_verified_at.eq(at), users::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

/// Changes the account's status.
pub fn set_status(conn: &mut DbConn, id: &str, status: AccountStatus) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::status.eq(status.as_str()),
            users::updated_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Changes the account's role.
pub fn set_role(conn: &mut DbConn, id: &str, role: Role) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::role.eq(role.as_str()), users::updated_at.eq(now())))
        .execute(conn)
        .map(|_| ())
}

/// Stores a new password hash.
pub fn set_password_hash(conn: &mut DbConn, id: &str, hash: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now())))
        .execute(conn)
        .map(|_| ())
}

/// Replaces the account's (already verified) email address.
/// Moves the account to another city (a moderator's correction).
pub fn set_city(conn: &mut DbConn, id: &str, city_id: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::city_id.eq(city_id), users::updated_at.eq(now())))
        .execute(conn)
        .map(|_| ())
}

pub fn set_email(conn: &mut DbConn, id: &str, email: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::email.eq(email), users::updated_at.eq(now())))
        .execute(conn)
        .map(|_| ())
}

/// How many active accounts hold a role (to keep at least one admin).
pub fn count_active_with_role(conn: &mut DbConn, role: Role) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq(role.as_str()))
        .filter(users::status.eq(AccountStatus::Active.as_str()))
        .count()
        .get_result(conn)
}

/// Locks the active admins' rows until the transaction ends (PostgreSQL; a no-op on SQLite,
/// whose write transactions are serialised anyway).
pub fn lock_active_admins(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        users::table
            .filter(users::role.eq(Role::Admin.as_str()))
            .filter(users::status.eq(AccountStatus::Active.as_str()))
            .select(users::id)
            .for_update()
            .load::<String>(pg)?;
    }
    Ok(())
}

/// True when the database holds no account yet (a fresh install).
pub fn none_exist(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::not(diesel::dsl::exists(
        users::table.select(users::id),
    )))
    .get_result(conn)
}
