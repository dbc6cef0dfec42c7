//! Rate limits on sign-in, registration and password reset, counted in the database so that
//! every instance shares them.

use chrono::TimeDelta;

use crate::db::{DbConn, now, rate_limits};

/// One limit: at most `max` events in `bucket` within `window`.
#[derive(Debug, Clone)]
pub struct Limit {
    pub bucket: String,
    pub max: i64,
    pub window: TimeDelta,
}

impl Limit {
    fn new(kind: &str, key: &str, max: i64, window: TimeDelta) -> Self {
        Limit {
            bucket: format!("{kind}:{key}"),
            max,
            window,
        }
    }

    /// Failed sign-ins from one address.
    pub fn login_ip(ip: &str) -> Self {
        Self::new("login-ip", ip, 30, TimeDelta::minutes(15))
    }

    /// Failed sign-ins to one account from browsers it has not signed in from before.
    pub fn login_account(email: &str) -> Self {
        Self::new("login-account", email, 10, TimeDelta::minutes(15))
    }

    /// Failed sign-ins to one account from a browser it has signed in from before.
    pub fn login_known_device(email: &str) -> Self {
        Self::new("login-device", email, 10, TimeDelta::minutes(15))
    }

    /// Registrations from one address.
    pub fn register_ip(ip: &str) -> Self {
        Self::new("register-ip", ip, 10, TimeDelta::hours(1))
    }

    /// Registrations for one email address (duplicates included).
    pub fn register_email(email: &str) -> Self {
        Self::new("register-email", email, 5, TimeDelta::hours(1))
    }

    /// Password-reset requests from one address.
    pub fn reset_ip(ip: &str) -> Self {
        Self::new("reset-ip", ip, 10, TimeDelta::hours(1))
    }

    /// Password-reset emails to one account.
    pub fn reset_account(email: &str) -> Self {
        Self::new("reset-account", email, 3, TimeDelta::hours(1))
    }

    /// Verification emails re-sent for one account.
    pub fn resend_verification(email: &str) -> Self {
        Self::new("verify-resend", email, 3, TimeDelta::hours(1))
    }

    /// True when the bucket is full.
    pub fn exceeded(&self, conn: &mut DbConn) -> diesel::QueryResult<bool> {
        rate_limits::count_since(conn, &self.bucket, now() - self.window).map(|n| n >= self.max)
    }

    /// Counts one event.
    pub fn hit(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        rate_limits::record(conn, &self.bucket)
    }

    /// Forgets the bucket's events.
    pub fn clear(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        rate_limits::clear(conn, &self.bucket)
    }
}

/// Counts one event in each limit unless one of them is already full; true when limited.
pub fn over_limit(conn: &mut DbConn, limits: &[Limit]) -> diesel::QueryResult<bool> {
    for limit in limits {
        if limit.exceeded(conn)? {
            return Ok(true);
        }
    }
    limits.iter().try_for_each(|l| l.hit(conn))?;
    Ok(false)
}

/// The longest window any limit uses: older events can be pruned.
pub const LONGEST_WINDOW: TimeDelta = TimeDelta::hours(1);
