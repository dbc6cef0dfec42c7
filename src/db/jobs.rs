//! The job runner's schedule: one row per periodic job. A runner takes a due job's lease in
//! one conditional UPDATE, so that of several instances (or a `run-jobs` from cron) exactly
//! one runs it; a lease that runs out (a crashed runner) lets another take it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::jobs;

/// One row of `jobs`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub name: String,
    pub due_at: NaiveDateTime,
    pub lease_owner: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub last_started_at: Option<NaiveDateTime>,
    pub last_finished_at: Option<NaiveDateTime>,
    pub last_outcome: Option<String>,
}

/// Adds the job, due at `due_at`, unless it is already scheduled.
pub fn ensure(conn: &mut DbConn, name: &str, due_at: NaiveDateTime) -> QueryResult<()> {
    let values = (jobs::name.eq(name), jobs::due_at.eq(due_at));
    insert_or_ignore!(conn, jobs::table, values).map(drop)
}

/// Takes the lease on a due job for `owner` until `lease_until`; false when the job is not
/// due or another runner holds a live lease.
pub fn claim(
    conn: &mut DbConn,
    name: &str,
    owner: &str,
    at: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let taken = diesel::update(
        jobs::table
            .filter(jobs::name.eq(name))
            .filter(jobs::due_at.le(at))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.lt(at))),
    )
    .set((
        jobs::lease_owner.eq(owner),
        jobs::lease_until.eq(lease_until),
        jobs::last_started_at.eq(at),
    ))
    .execute(conn)?;
    Ok(taken == 1)
}

/// Gives the lease back and schedules the next run; false when the lease was lost (it ran
/// out and another runner took it).
pub fn finish(
    conn: &mut DbConn,
    name: &str,
    owner: &str,
    at: NaiveDateTime,
    next_due: NaiveDateTime,
    outcome: &str,
) -> QueryResult<bool> {
    let done = diesel::update(
        jobs::table
            .filter(jobs::name.eq(name))
            .filter(jobs::lease_owner.eq(owner)),
    )
    .set((
        jobs::lease_owner.eq(None::<String>),
        jobs::lease_until.eq(None::<NaiveDateTime>),
        jobs::due_at.eq(next_due),
        jobs::last_finished_at.eq(at),
        jobs::last_outcome.eq(outcome),
    ))
    .execute(conn)?;
    Ok(done == 1)
}

/// Every job, by name.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .order(jobs::name.asc())
        .select(JobRow::as_select())
        .load(conn)
}
