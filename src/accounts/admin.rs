//! Admins' powers over accounts: roles, suspension, the auto-approval domains, and the
//! command-line creation of the first admin.

use super::AccountError;
use crate::db::audit::{self, Action};
use crate::db::users::{self, Member, NewUser};
use crate::db::{DbConn, cities, domains, new_id, now, sessions};
use crate::domain::{AccountStatus, CityName, Country, DisplayName, EmailAddress, Role};

fn guard_last_admin(conn: &mut DbConn, target: &users::UserRow) -> Result<(), AccountError> {
    // Two admins demoting each other at once must not both see "two admins left": on
    // PostgreSQL lock the admin rows first (the second transaction then re-reads them after
    // the first commits); SQLite write transactions already run one at a time.
    users::lock_active_admins(conn)?;
    if target.role() == Role::Admin
        && target.status() == AccountStatus::Active
        && users::count_active_with_role(conn, Role::Admin)? <= 1
    {
        return Err(AccountError::LastAdmin);
    }
    Ok(())
}

/// Gives an account a new role.
pub fn set_role(
    conn: &mut DbConn,
    admin: &Member,
    user_id: &str,
    role: Role,
) -> Result<(), AccountError> {
    if admin.id == user_id {
        return Err(AccountError::SelfChange);
    }
    crate::db::write_transaction(conn, |conn| {
        let target = users::find(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        if target.role() == role {
            return Ok(());
        }
        if role != Role::Admin {
            guard_last_admin(conn, &target)?;
        }
        users::set_role(conn, user_id, role)?;
        let detail = format!("{} → {}", target.role().label(), role.label());
        audit::record(
            conn,
            Some(&admin.id),
            Action::ChangeRole,
            Some(user_id),
            &detail,
        )?;
        Ok(())
    })
}

/// Suspends an account and ends all its sessions at once.
pub fn suspend(
    conn: &mut DbConn,
    admin: &Member,
    user_id: &str,
    reason: &str,
) -> Result<(), AccountError> {
    if admin.id == user_id {
        return Err(AccountError::SelfChange);
    }
    crate::db::write_transaction(conn, |conn| {
        let target = users::find(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        if target.status() == AccountStatus::Suspended {
            return Ok(());
        }
        guard_last_admin(conn, &target)?;
        users::set_status(conn, user_id, AccountStatus::Suspended)?;
        sessions::delete_for_user(conn, user_id)?;
        audit::record(
            conn,
            Some(&admin.id),
            Action::Suspend,
            Some(user_id),
            reason,
        )?;
        Ok(())
    })
}

/// Lifts a suspension.
pub fn reinstate(conn: &mut DbConn, admin: &Member, user_id: &str) -> Result<(), AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let target = users::find(conn, user_id)?.ok_or(AccountError::NoSuchAccount)?;
        if target.status() != AccountStatus::Suspended {
            return Ok(());
        }
        users::set_status(conn, user_id, AccountStatus::Active)?;
        audit::record(conn, Some(&admin.id), Action::Reinstate, Some(user_id), "")?;
        Ok(())
    })
}

/// Adds a domain to the auto-approval list for registrants in `country`, or moves a listed
/// one to it; false when it was listed for that country already.
pub fn add_domain(
    conn: &mut DbConn,
    admin: &Member,
    domain: &str,
    country: Country,
) -> Result<bool, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        if domains::country_of(conn, domain)?.as_deref() == Some(country.code) {
            return Ok(false);
        }
        domains::put(conn, domain, country.code, &admin.id)?;
        audit::record(
            conn,
            Some(&admin.id),
            Action::AddApprovedDomain,
            None,
            &format!("{domain} for {}", country.name),
        )?;
        Ok(true)
    })
}

/// Removes a domain from the auto-approval list; false when it was not there.
pub fn remove_domain(
    conn: &mut DbConn,
    admin: &Member,
    domain: &str,
) -> Result<bool, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        let removed = domains::remove(conn, domain)?;
        if removed {
            audit::record(
                conn,
                Some(&admin.id),
                Action::RemoveApprovedDomain,
                None,
                domain,
            )?;
        }
        Ok(removed)
    })
}

/// A new account created outside the web flow (command line, demo data): verified and active.
pub struct Provisioned<'a> {
    pub email: &'a EmailAddress,
    pub name: &'a DisplayName,
    pub city: &'a CityName,
    pub country: Country,
    pub position: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

/// Creates an active, verified account; an existing address is an error.
pub fn provision(
    conn: &mut DbConn,
    account: &Provisioned<'_>,
    action: Option<Action>,
) -> Result<String, AccountError> {
    crate::db::write_transaction(conn, |conn| {
        if users::email_taken(conn, account.email.as_str())? {
            return Err(AccountError::EmailTaken);
        }
        let city_id = cities::find_or_create(conn, account.city, account.country)?;
        let id = new_id();
        let at = now();
        users::insert(
            conn,
            &NewUser {
                id: &id,
                email: account.email.as_str(),
                display_name: account.name.as_str(),
                city_id: &city_id,
                position: account.position,
                password_hash: account.password_hash,
                role: account.role.as_str(),
                status: AccountStatus::Active.as_str(),
                email_verified_at: Some(at),
                created_at: at,
                updated_at: at,
            },
        )?;
        if let Some(action) = action {
            audit::record(conn, None, action, Some(&id), account.role.label())?;
        }
        Ok(id)
    })
}
