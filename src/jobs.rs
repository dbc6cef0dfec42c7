//! The periodic job runner. Each job has a row in `jobs` (when it is next due, and who holds
//! its lease); a runner claims a due job with one conditional UPDATE, runs it, and schedules
//! the next run. `serve` ticks every minute; `twinwise run-jobs` runs what is due once, from
//! cron. With several instances on one PostgreSQL database, each due run happens on one of
//! them; a runner that dies mid-job loses its lease after [`LEASE`] and another takes over.
//! Jobs are written to be safe to rerun (their effects carry idempotency keys), since a
//! lease can run out under a slow job.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use tokio::sync::Notify;

use crate::agreements::reminders;
use crate::auth::rate_limit::LONGEST_WINDOW;
use crate::config::{Settings, Tuning};
use crate::db::{
    Db, DbConn, DbError, jobs, notifications, now, outbox, rate_limits, sessions, tokens,
};

/// How long a runner may hold a job before another may take it.
pub const LEASE: TimeDelta = TimeDelta::minutes(10);

/// How often `serve` looks for due jobs.
const TICK: Duration = Duration::from_secs(60);

/// The periodic jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Dead sessions, old rate-limit events, sent mail and spent links.
    Housekeeping,
    /// Agreement deadline reminders.
    Reminders,
}

impl Job {
    pub const ALL: &'static [Job] = &[Job::Housekeeping, Job::Reminders];

    /// Its row's name.
    pub fn name(self) -> &'static str {
        match self {
            Job::Housekeeping => "housekeeping",
            Job::Reminders => "agreement-reminders",
        }
    }

    /// The time between runs.
    pub fn every(self) -> TimeDelta {
        match self {
            Job::Housekeeping => TimeDelta::minutes(10),
            Job::Reminders => TimeDelta::hours(1),
        }
    }

    /// Runs it once at `at`; a line saying what it did.
    fn run(
        self,
        conn: &mut DbConn,
        settings: &Settings,
        at: NaiveDateTime,
    ) -> Result<String, String> {
        match self {
            Job::Housekeeping => housekeeping(conn, &settings.tuning, at)
                .map(|p| format!("{p:?}"))
                .map_err(|e| format!("{e:?}")),
            Job::Reminders => reminders::send_due(conn, settings, at.date())
                .map(|s| format!("{} reminders, {} mails", s.reminders, s.mails))
                .map_err(|e| format!("{e:?}")),
        }
    }
}

/// What a run of the runner did with one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub job: &'static str,
    pub outcome: Result<String, String>,
}

/// Runs each of `which` (usually [`Job::ALL`]) that is due at `at` and that no other runner
/// holds, as `owner` (unique per runner).
pub fn run_due(
    conn: &mut DbConn,
    settings: &Settings,
    owner: &str,
    at: NaiveDateTime,
    which: &[Job],
) -> Result<Vec<Ran>, DbError> {
    let mut ran = Vec::new();
    for job in which {
        // A new job is due at once.
        jobs::ensure(conn, job.name(), at)?;
        if !jobs::claim(conn, job.name(), owner, at, at + LEASE)? {
            continue;
        }
        let outcome = job.run(conn, settings, at);
        let line = match &outcome {
            Ok(done) => format!("ok: {done}"),
            Err(e) => format!("failed: {e}"),
        };
        // A failed run is retried at the next interval too: the jobs catch up by themselves.
        jobs::finish(conn, job.name(), owner, now(), at + job.every(), &line)?;
        ran.push(Ran {
            job: job.name(),
            outcome,
        });
    }
    Ok(ran)
}

/// A name for this runner: host-independent, unique per process.
pub fn runner_name() -> String {
    format!(
        "runner-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

/// What one housekeeping pass deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub sessions: usize,
    pub rate_limit_events: usize,
    pub emails: usize,
    pub email_links: usize,
    pub events: usize,
}

/// One pass at time `at`: dead sessions, rate-limit events older than any window, and sent
/// mail, spent email links and fanned-out events older than the retention period.
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
        events: notifications::prune_events(conn, at - retention)?,
    })
}

/// The runner inside `serve`: runs what is due now and every minute, and wakes the outbox
/// worker when a job queued mail.
pub async fn tick(db: Db, settings: Arc<Settings>, outbox_wake: Arc<Notify>) {
    let owner = runner_name();
    loop {
        let (runs, name) = (settings.clone(), owner.clone());
        match db
            .run(move |conn| run_due(conn, &runs, &name, now(), Job::ALL))
            .await
        {
            Ok(ran) => {
                for r in &ran {
                    match &r.outcome {
                        Ok(done) => tracing::debug!(job = r.job, %done, "job done"),
                        Err(error) => tracing::warn!(job = r.job, %error, "job failed"),
                    }
                }
                if !ran.is_empty() {
                    outbox_wake.notify_one();
                }
            }
            Err(e) => tracing::warn!(error = ?e, "the job runner could not reach the database"),
        }
        tokio::time::sleep(TICK).await;
    }
}
