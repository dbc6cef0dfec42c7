//! Periodic housekeeping inside `serve`.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};

use crate::auth::rate_limit::LONGEST_WINDOW;
use crate::config::Tuning;
use crate::db::{Db, DbConn, DbError, now, outbox, rate_limits, sessions, tokens};

/// What one housekeeping pass deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub sessions: usize,
    pub rate_limit_events: usize,
    pub emails: usize,
    pub email_links: usize,
}

/// One pass at time `at`: dead sessions, rate-limit events older than any window, and sent
/// mail and spent email links older than the retention period.
pub fn housekeeping(
    conn: &mut DbConn,
    tuning: &Tuning,
    at: NaiveDateTime,
) -> Result<Pruned, DbError> {
    let absolute = TimeDelta::from_std(tuning.session_absolute).unwrap_or(TimeDelta::hours(12));
    let retention = TimeDelta::from_std(tuning.retention).unwrap_or(TimeDelta::days(30));
    Ok(Pruned {
        sessions: sessions::delete_dead(conn, at, at - absolute)?,
        rate_limit_events: rate_limits::prune(conn, at - LONGEST_WINDOW)?,
        emails: outbox::prune(conn, at - retention)?,
        email_links: tokens::prune(conn, at - retention)?,
    })
}

/// Runs [`housekeeping`] every ten minutes.
pub async fn maintenance(db: Db, tuning: Tuning) {
    loop {
        let pass = tuning.clone();
        match db.run(move |conn| housekeeping(conn, &pass, now())).await {
            Ok(pruned) => tracing::debug!(?pruned, "housekeeping done"),
            Err(e) => tracing::warn!(error = ?e, "housekeeping failed"),
        }
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
}
