//! Rate limits on sign-in, registration and password reset, counted in the database so that
//! every instance shares them.

use chrono::TimeDelta;

use crate::db::{DbConn, now, rate_limits, write_transaction};

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

    /// Writes (any form) by one signed-in member in a minute.
    pub fn member_writes_minute(member_id: &str) -> Self {
        Self::new("writes-minute", member_id, 60, TimeDelta::minutes(1))
    }

    /// Writes by one signed-in member in an hour.
    pub fn member_writes_hour(member_id: &str) -> Self {
        Self::new("writes-hour", member_id, 600, TimeDelta::hours(1))
    }

    /// Wrong current passwords given by one signed-in member (changing the password or the
    /// email address).
    pub fn current_password(member_id: &str) -> Self {
        Self::new("current-password", member_id, 10, TimeDelta::minutes(15))
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

    fn exceeded(&self, conn: &mut DbConn) -> diesel::QueryResult<bool> {
        rate_limits::count_since(conn, &self.bucket, now() - self.window).map(|n| n >= self.max)
    }

    /// Forgets the bucket's events.
    pub fn clear(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        rate_limits::clear(conn, &self.bucket)
    }
}

/// The events one attempt recorded, to give back if it turns out to be no attempt against
/// the limit after all (a successful sign-in).
#[derive(Debug)]
pub struct Taken(Vec<String>);

impl Taken {
    /// Removes the recorded events again.
    pub fn give_back(self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        rate_limits::forget(conn, &self.0)
    }
}

/// Records one event in each limit unless one of them is already full (`None`). Checking and
/// recording happen in one transaction with the buckets locked, so that a burst of parallel
/// attempts cannot all pass the check before any of them is recorded.
pub fn take(conn: &mut DbConn, limits: &[Limit]) -> diesel::QueryResult<Option<Taken>> {
    write_transaction(conn, |conn| {
        let mut buckets: Vec<&str> = limits.iter().map(|l| l.bucket.as_str()).collect();
        buckets.sort_unstable();
        rate_limits::lock(conn, &buckets)?;
        for limit in limits {
            if limit.exceeded(conn)? {
                return Ok(None);
            }
        }
        let ids = limits
            .iter()
            .map(|l| rate_limits::record(conn, &l.bucket))
            .collect::<diesel::QueryResult<_>>()?;
        Ok(Some(Taken(ids)))
    })
}

/// Like [`take`], when nothing is ever given back; true when limited.
pub fn over_limit(conn: &mut DbConn, limits: &[Limit]) -> diesel::QueryResult<bool> {
    take(conn, limits).map(|taken| taken.is_none())
}

/// The longest window any limit uses: older events can be pruned.
pub const LONGEST_WINDOW: TimeDelta = TimeDelta::hours(1);
