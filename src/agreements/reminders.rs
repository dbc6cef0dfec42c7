//! Deadline reminders: the owning city's members are mailed at each of an agreement's
//! reminder lead times (e.g. 90, 30 and 7 days) before its last day to give notice, exactly
//! once per agreement, deadline and lead time. The reminder's row and its mail are written in
//! one transaction, and the row's primary key refuses a second one, so a rerun, a restart or
//! a second instance sends nothing twice.

use chrono::{NaiveDate, TimeDelta};

use super::AgreementError;
use crate::config::Settings;
use crate::db::{DbConn, deadlines, write_transaction};
use crate::domain::agreement::REMINDER_MAX_DAYS;
use crate::email::notify;

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// Reminders that went out (one per agreement and lead time, whatever the recipients).
    pub reminders: usize,
    /// Mails queued.
    pub mails: usize,
}

/// The lead times due on `today` for a deadline `days_left` away that have not gone out:
/// every lead time at least `days_left`. When several are due at once (an agreement saved
/// 20 days before its deadline is past its 90- and 30-day reminders), one mail says it, for
/// the nearest; the others are recorded as done so that they never go out late.
fn due_leads(leads: &[u32], days_left: i64) -> Vec<u32> {
    let mut due: Vec<u32> = leads
        .iter()
        .copied()
        .filter(|lead| i64::from(*lead) >= days_left)
        .collect();
    due.sort_unstable();
    due
}

/// Sends the reminders due on `today`.
pub fn send_due(
    conn: &mut DbConn,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Sent, AgreementError> {
    let until = today + TimeDelta::days(i64::from(REMINDER_MAX_DAYS));
    let mut sent = Sent::default();
    for agreement in deadlines::notice_between(conn, today, until)? {
        let Some(deadline) = agreement.notice_by else {
            continue;
        };
        let days_left = (deadline - today).num_days();
        let due = due_leads(&agreement.reminders(), days_left);
        let Some(&nearest) = due.first() else {
            continue;
        };
        let mailed = write_transaction(conn, |conn| -> Result<Option<usize>, AgreementError> {
            let mut fresh = false;
            for lead in &due {
                let lead_days = i32::try_from(*lead).unwrap_or(i32::MAX);
                let recorded =
                    deadlines::record_reminder(conn, &agreement.id, deadline, lead_days)?;
                fresh |= recorded && *lead == nearest;
            }
            if !fresh {
                return Ok(None);
            }
            let members = deadlines::city_members(conn, &agreement.city_id)?;
            for member in &members {
                notify::agreement_deadline::<AgreementError>(
                    conn,
                    settings,
                    &agreement.id,
                    member,
                    (deadline, days_left, nearest),
                )?;
            }
            Ok(Some(members.len()))
        })?;
        if let Some(mails) = mailed {
            sent.reminders += 1;
            sent.mails += mails;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_missed_lead_time_is_the_one_mailed() {
        assert_eq!(due_leads(&[90, 30, 7], 100), Vec::<u32>::new());
        assert_eq!(due_leads(&[90, 30, 7], 90), vec![90]);
        assert_eq!(due_leads(&[90, 30, 7], 20), vec![30, 90]);
        assert_eq!(due_leads(&[90, 30, 7], 0), vec![7, 30, 90]);
        assert_eq!(due_leads(&[], 3), Vec::<u32>::new());
    }
}
