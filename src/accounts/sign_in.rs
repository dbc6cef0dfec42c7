//! Signing in: the rate limits are taken before any hash is computed, every attempt that
//! passes them costs exactly one hash (unknown accounts included), and the outcome is audited.

use std::sync::Arc;

use crate::auth::password::{self, Verdict};
use crate::auth::rate_limit::{self, Limit, Taken};
use crate::config::Settings;
use crate::db::audit::{self, Action};
use crate::db::users::{self, UserRow};
use crate::db::{Db, DbConn};
use crate::domain::{AccountStatus, EmailAddress};

use super::{AccountError, registration};

/// One sign-in attempt, as typed.
pub struct Attempt {
    pub email: EmailAddress,
    pub password: String,
    /// The client's address (rate limits, audit log).
    pub ip: String,
    /// The browser signed in to this account before (its own rate-limit bucket, so that an
    /// attacker cannot lock the owner out).
    pub known_device: bool,
}

/// How an attempt ended.
#[derive(Debug)]
pub enum Outcome {
    /// Too many failed attempts from this address or for this account.
    Limited,
    /// Unknown account or wrong password: the same answer for both.
    Wrong,
    /// The password is right but the account cannot sign in (yet); the message says why.
    NotActive(&'static str),
    /// The password is right and the account is active.
    Welcome(Box<UserRow>),
}

impl Attempt {
    fn limits(&self) -> [Limit; 2] {
        let email = self.email.as_str();
        [
            Limit::login_ip(&self.ip),
            if self.known_device {
                Limit::login_known_device(email)
            } else {
                Limit::login_account(email)
            },
        ]
    }
}

/// Checks the password and decides whether the person may sign in.
pub async fn attempt(
    db: &Db,
    settings: Arc<Settings>,
    attempt: Attempt,
) -> Result<Outcome, AccountError> {
    let limits = attempt.limits();
    let lookup = attempt.email.clone();
    let taken = limits.clone();
    let (taken, user) = db
        .run(move |conn| {
            let Some(taken) = rate_limit::take(conn, &taken)? else {
                return Ok::<_, AccountError>((None, None));
            };
            Ok((Some(taken), users::find_by_email(conn, lookup.as_str())?))
        })
        .await?;
    let Some(taken) = taken else {
        return Ok(Outcome::Limited);
    };
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let verdict = password::verify(attempt.password.clone(), stored).await?;
    let (user, rehash) = match (verdict, user) {
        (Verdict::Match { rehash }, Some(user)) => (user, rehash),
        (_, user) => {
            let (ip, id) = (attempt.ip.clone(), user.map(|u| u.id));
            db.run(move |conn| failed(conn, id.as_deref(), &ip)).await?;
            return Ok(Outcome::Wrong);
        }
    };
    let new_hash = match rehash {
        true => Some(password::rehash(attempt.password).await?),
        false => None,
    };
    db.run(move |conn| succeeded(conn, &settings, user, new_hash, taken, &limits, &attempt.ip))
        .await
}

fn failed(conn: &mut DbConn, user_id: Option<&str>, ip: &str) -> Result<(), AccountError> {
    let detail = match user_id {
        Some(_) => format!("wrong password, from {ip}"),
        None => format!("unknown address, from {ip}"),
    };
    audit::record(conn, None, Action::SignInFailed, user_id, &detail)?;
    Ok(())
}

/// The password was right: the attempt does not count against the limits, and the account's
/// earlier failures are forgotten.
fn succeeded(
    conn: &mut DbConn,
    settings: &Settings,
    user: UserRow,
    new_hash: Option<String>,
    taken: Taken,
    limits: &[Limit; 2],
    ip: &str,
) -> Result<Outcome, AccountError> {
    taken.give_back(conn)?;
    if let Some(message) = not_active_message(&user) {
        if user.email_verified_at.is_none()
            && !rate_limit::over_limit(conn, &[Limit::resend_verification(&user.email)])?
        {
            registration::resend_verification(conn, settings, &user.email)?;
        }
        return Ok(Outcome::NotActive(message));
    }
    crate::db::write_transaction(conn, |conn| {
        if let Some(hash) = &new_hash {
            users::set_password_hash(conn, &user.id, hash)?;
        }
        limits[1].clear(conn)?;
        audit::record(
            conn,
            Some(&user.id),
            Action::SignIn,
            Some(&user.id),
            &format!("from {ip}"),
        )?;
        Ok::<_, AccountError>(())
    })?;
    Ok(Outcome::Welcome(Box::new(user)))
}

/// Why a correct password still does not sign the person in.
fn not_active_message(user: &UserRow) -> Option<&'static str> {
    if user.email_verified_at.is_none() {
        return Some("Confirm your email address first: we have sent you a new link.");
    }
    match user.status() {
        AccountStatus::Active => None,
        AccountStatus::Pending => Some(
            "Your account is waiting for a moderator's approval. We will email you when it is approved.",
        ),
        AccountStatus::Rejected => Some("Your registration was not approved."),
        AccountStatus::Suspended => {
            Some("This account is suspended. Contact the Twinwise moderators.")
        }
    }
}
