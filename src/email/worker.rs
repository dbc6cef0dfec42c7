//! The outbox worker: sends due messages, retrying failures with exponential back-off.
//!
//! Several instances may run against one database: a message is leased with a conditional
//! update before it is sent, so only one worker sends it, and it is marked sent at once.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use tokio::sync::Notify;

use super::surface;
use super::transport::{self, Mailer, Sender};
use crate::config::Tuning;
use crate::db::outbox::{self, OutboxRow};
use crate::db::{Db, DbError, now};

/// How long a worker holds a message while sending it.
const LEASE: TimeDelta = TimeDelta::minutes(2);
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 60 * 60);

/// Everything the worker needs.
#[derive(Clone)]
pub struct Worker {
    pub db: Db,
    pub mailer: Mailer,
    pub sender: Sender,
    pub tuning: Tuning,
    pub wake: Arc<Notify>,
}

/// The delay before retry number `attempt` (1 for the first retry).
pub fn backoff(base: Duration, attempt: i32) -> Duration {
    let factor = 2u32.saturating_pow(u32::try_from(attempt.max(1) - 1).unwrap_or(0));
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

impl Worker {
    /// Runs until the process ends: sends what is due, then sleeps until woken or polled.
    pub async fn run(self) {
        loop {
            // Events first: their fan-out is what members wait for on the site.
            if let Err(e) = self.db.run(crate::notifications::fan_out).await {
                tracing::error!(error = ?e, "notification fan-out failed");
            }
            if let Err(e) = self.deliver_due().await {
                tracing::error!(error = ?e, "outbox pass failed");
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.tuning.outbox_poll) => {}
            }
        }
    }

    /// One pass over the due messages; returns how many were sent.
    pub async fn deliver_due(&self) -> Result<usize, DbError> {
        let due = self
            .db
            .run(|conn| outbox::due(conn, now(), 50).map_err(DbError::from))
            .await?;
        let mut sent = 0;
        for row in due {
            // Lease first, then read the row again: another worker may have tried it meanwhile,
            // and the attempt count must be the stored one.
            let claimed = self
                .db
                .run(move |conn| {
                    let at = now();
                    if !outbox::claim(conn, &row.id, at, at + LEASE)? {
                        return Ok(None);
                    }
                    // The email surface decides again, for the recipient as they are now.
                    match outbox::find(conn, &row.id)? {
                        Some(row) => surface::checked_for_sending(conn, row),
                        None => Ok(None),
                    }
                    .map_err(DbError::from)
                })
                .await?;
            if let Some(row) = claimed
                && self.send_one(row).await?
            {
                sent += 1;
            }
        }
        Ok(sent)
    }

    async fn send_one(&self, row: OutboxRow) -> Result<bool, DbError> {
        let result = match transport::build(&row, &self.sender) {
            Ok(message) => self.mailer.send(message).await,
            Err(e) => Err(e),
        };
        let id = row.id.clone();
        match result {
            Ok(()) => {
                tracing::info!(outbox_id = %row.id, key = %row.dedupe_key, "email sent");
                self.db
                    .run(move |conn| outbox::mark_sent(conn, &id).map_err(DbError::from))
                    .await?;
                Ok(true)
            }
            Err(e) => {
                let attempt = row.attempts + 1;
                let retry_at = (attempt < self.tuning.outbox_max_attempts).then(|| {
                    let delay = backoff(self.tuning.outbox_backoff, attempt);
                    now() + TimeDelta::from_std(delay).unwrap_or(TimeDelta::hours(6))
                });
                tracing::warn!(outbox_id = %row.id, attempt, error = %e, gives_up = retry_at.is_none(), "email send failed");
                let error = e.to_string();
                self.db
                    .run(move |conn| {
                        outbox::mark_failed(conn, &id, &error, retry_at).map_err(DbError::from)
                    })
                    .await?;
                Ok(false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(10);
        assert_eq!(backoff(base, 1), Duration::from_secs(10));
        assert_eq!(backoff(base, 2), Duration::from_secs(20));
        assert_eq!(backoff(base, 4), Duration::from_secs(80));
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
    }
}
