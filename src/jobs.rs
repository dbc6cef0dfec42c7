//! Periodic housekeeping inside `serve`.

use std::time::Duration;

use chrono::TimeDelta;

use crate::auth::rate_limit::LONGEST_WINDOW;
use crate::config::Tuning;
use crate::db::{Db, DbError, now, rate_limits, sessions};

/// Every ten minutes: drop dead sessions and rate-limit events older than any window.
pub async fn maintenance(db: Db, tuning: Tuning) {
    let absolute = TimeDelta::from_std(tuning.session_absolute).unwrap_or(TimeDelta::hours(12));
    loop {
        let result = db
            .run(move |conn| {
                let at = now();
                let sessions = sessions::delete_dead(conn, at, at - absolute)?;
                let events = rate_limits::prune(conn, at - LONGEST_WINDOW)?;
                Ok::<_, DbError>((sessions, events))
            })
            .await;
        match result {
            Ok((sessions, events)) => tracing::debug!(sessions, events, "housekeeping done"),
            Err(e) => tracing::warn!(error = ?e, "housekeeping failed"),
        }
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
}
