//! Moderators curate the counterparts registry: mark an entry public or not, rename it, and
//! merge a duplicate into the entry that survives. Each function is one transaction with its
//! audit-log row.

use diesel::prelude::*;

use super::patterns::{self, PatternSettings};
use crate::db::audit::{self, Action};
use crate::db::counterparts::{self as rows, CounterpartRow, name_key};
use crate::db::schema::{cases, counterparts};
use crate::db::users::Member;
use crate::db::{DbConn, DbError, write_transaction};

/// Why a registry change did not happen.
#[derive(Debug, thiserror::Error)]
pub enum CounterpartError {
    /// No such entry (the same answer as for one the person may not see).
    #[error("no such counterpart")]
    NotFound,
    #[error("only moderators can do this")]
    NotModerator,
    /// Another entry in the same country already has the name (as that entry spells it).
    #[error("another counterpart in this country has this name")]
    NameTaken { name: String, country_code: String },
    #[error("an entry cannot be merged into itself")]
    SameEntry,
    /// The entry chosen to survive a merge does not exist (any more).
    #[error("the counterpart to keep does not exist")]
    NoSurvivor,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for CounterpartError {
    fn from(e: diesel::result::Error) -> Self {
        CounterpartError::Db(e.into())
    }
}

impl From<CounterpartError> for crate::error::AppError {
    fn from(e: CounterpartError) -> Self {
        use crate::error::AppError;
        match e {
            CounterpartError::NotFound => AppError::NotFound,
            CounterpartError::NotModerator => AppError::Forbidden,
            other => AppError::Internal(other.into()),
        }
    }
}

fn ensure_moderator(member: &Member) -> Result<(), CounterpartError> {
    if member.role.can_moderate() {
        Ok(())
    } else {
        Err(CounterpartError::NotModerator)
    }
}

/// Marks an entry public (shown to everyone, even when no case they may read names it) or
/// not; returns its name.
pub fn set_public(
    conn: &mut DbConn,
    moderator: &Member,
    id: &str,
    public: bool,
) -> Result<String, CounterpartError> {
    ensure_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let row = rows::find(conn, id)?.ok_or(CounterpartError::NotFound)?;
        diesel::update(counterparts::table.find(id))
            .set(counterparts::is_public.eq(public))
            .execute(conn)?;
        let now = if public { "public" } else { "not public" };
        audit::record(
            conn,
            Some(&moderator.id),
            Action::SetCounterpartPublic,
            None,
            &format!("counterpart {id} “{}”: {now}", row.name),
        )?;
        Ok(row.name)
    })
}

/// Gives an entry a new name (already validated by `domain::case::counterpart_name`); two
/// entries in one country cannot share a name (the duplicate is to be merged instead).
/// Returns the old name.
pub fn rename(
    conn: &mut DbConn,
    moderator: &Member,
    id: &str,
    name: &str,
) -> Result<String, CounterpartError> {
    ensure_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let row = rows::find(conn, id)?.ok_or(CounterpartError::NotFound)?;
        if let Some(other) = rows::same_name(conn, name, &row.country_code, id)? {
            return Err(CounterpartError::NameTaken {
                name: other.name,
                country_code: other.country_code,
            });
        }
        diesel::update(counterparts::table.find(id))
            .set((
                counterparts::name.eq(name),
                counterparts::name_key.eq(name_key(name)),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::RenameCounterpart,
            None,
            &format!("counterpart {id}: “{}” → “{name}”", row.name),
        )?;
        Ok(row.name)
    })
}

/// What a merge would move, for the confirmation page.
#[derive(Debug, Clone)]
pub struct MergePlan {
    pub merged: CounterpartRow,
    pub survivor: CounterpartRow,
    /// Cases naming the entry that goes away, whatever their state.
    pub cases: i64,
    /// Pattern alerts about it.
    pub alerts: i64,
}

/// Loads both entries of a merge and what it would move (nothing changes).
pub fn plan_merge(
    conn: &mut DbConn,
    moderator: &Member,
    from: &str,
    into: &str,
) -> Result<MergePlan, CounterpartError> {
    ensure_moderator(moderator)?;
    let merged = rows::find(conn, from)?.ok_or(CounterpartError::NotFound)?;
    if from == into {
        return Err(CounterpartError::SameEntry);
    }
    let survivor = rows::find(conn, into)?.ok_or(CounterpartError::NoSurvivor)?;
    let cases = cases::table
        .filter(cases::counterpart_id.eq(from))
        .count()
        .get_result(conn)?;
    let alerts = patterns::count_for_counterpart(conn, from)?;
    Ok(MergePlan {
        merged,
        survivor,
        cases,
        alerts,
    })
}

/// What a merge did.
#[derive(Debug, Clone)]
pub struct Merged {
    pub merged_name: String,
    pub survivor_name: String,
    pub cases: usize,
}

/// Merges the duplicate `from` into `into`: its cases and pattern alerts move to `into`
/// (alerts about the same pattern collapse into one, see [`patterns::merge_counterpart`]),
/// then `from` is deleted. The survivor keeps its own name, kind, place and public flag.
pub fn merge(
    conn: &mut DbConn,
    settings: &PatternSettings,
    moderator: &Member,
    from: &str,
    into: &str,
) -> Result<Merged, CounterpartError> {
    ensure_moderator(moderator)?;
    write_transaction(conn, |conn| {
        rows::lock(conn, &[from, into])?;
        let plan = plan_merge(conn, moderator, from, into)?;
        let moved = diesel::update(cases::table.filter(cases::counterpart_id.eq(from)))
            .set(cases::counterpart_id.eq(Some(into)))
            .execute(conn)?;
        // Before the delete: alerts about `from` would go with it (ON DELETE CASCADE).
        let collapsed = patterns::merge_counterpart(conn, settings, from, into)?;
        diesel::delete(counterparts::table.find(from)).execute(conn)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::MergeCounterparts,
            None,
            &format!(
                "counterpart {from} “{}” merged into {into} “{}”: {moved} case(s) and {} \
                 alert(s) moved, {collapsed} duplicate alert(s) removed",
                plan.merged.name, plan.survivor.name, plan.alerts
            ),
        )?;
        Ok(Merged {
            merged_name: plan.merged.name,
            survivor_name: plan.survivor.name,
            cases: moved,
        })
    })
}
