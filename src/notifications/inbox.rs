//! A member's notifications as `/notifications` shows them: each one's subject is read
//! afresh and passed through the policy, so a case raised to RED or withdrawn since the
//! event shows nothing of itself.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime};
use diesel::prelude::*;

use super::Notice;
use crate::db::cases::CaseRow;
use crate::db::notifications::{self as rows, NotificationRow};
use crate::db::schema::{case_audience, cases};
use crate::db::users::Member;
use crate::db::{DbConn, DbError};
use crate::domain::policy;

/// Notifications on one page.
pub const PAGE: i64 = 30;

/// One notification as shown.
#[derive(Debug, Clone)]
pub struct Shown {
    pub id: String,
    /// What happened, without the subject ("New comments on").
    pub what: &'static str,
    /// The subject's title and address, when the member may still read it.
    pub subject: Option<(String, String)>,
    pub events: i32,
    pub last_at: NaiveDateTime,
    pub unread: bool,
}

/// Where a page of notifications starts: after the previous page's last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    at: NaiveDateTime,
    id: String,
}

impl Cursor {
    /// Reads the `before` query parameter; `None` when malformed (the first page then).
    pub fn parse(text: &str) -> Option<Cursor> {
        let (micros, id) = text.split_once('_')?;
        let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
        let valid = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        valid.then(|| Cursor {
            at,
            id: id.to_owned(),
        })
    }

    fn of(row: &NotificationRow) -> Cursor {
        Cursor {
            at: row.last_at,
            id: row.id.clone(),
        }
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}_{}", self.at.and_utc().timestamp_micros(), self.id)
    }
}

/// One page of the member's notifications, and the cursor of the next page if any.
pub fn page(
    conn: &mut DbConn,
    member: &Member,
    before: Option<&Cursor>,
) -> Result<(Vec<Shown>, Option<Cursor>), DbError> {
    let mut found = rows::page(
        conn,
        &member.id,
        before.map(|c| (c.at, c.id.as_str())),
        PAGE + 1,
    )?;
    let next = (found.len() as i64 > PAGE).then(|| {
        found.truncate(PAGE as usize);
        found.last().map(Cursor::of)
    });
    // The page's cases and their audiences in two queries, not two per notification.
    let ids: Vec<&str> = found.iter().map(|n| n.subject_id.as_str()).collect();
    let case_rows: HashMap<String, CaseRow> = cases::table
        .filter(cases::id.eq_any(&ids))
        .select(CaseRow::as_select())
        .load::<CaseRow>(conn)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut audiences: HashMap<String, Vec<String>> = HashMap::new();
    for (case_id, country) in case_audience::table
        .filter(case_audience::case_id.eq_any(&ids))
        .select((case_audience::case_id, case_audience::country_code))
        .load::<(String, String)>(conn)?
    {
        audiences.entry(case_id).or_default().push(country);
    }
    let reader = member.reader();
    let shown = found
        .into_iter()
        .map(|n| {
            let notice = Notice::parse(&n.kind).ok();
            let subject = case_rows.get(&n.subject_id).filter(|case| {
                let audience = audiences.get(&case.id).map_or(&[][..], Vec::as_slice);
                policy::can_read(reader, &case.sensitivity(audience))
            });
            Shown {
                what: match (notice, n.events) {
                    (Some(Notice::CaseMatch), _) => "A new case matches what you follow:",
                    (Some(Notice::CaseComments), 1) => "A new comment on",
                    (Some(Notice::CaseComments), _) => "New comments on",
                    (None, _) => "Something you follow changed",
                },
                subject: subject.map(|c| (c.title.clone(), format!("/cases/{}", c.id))),
                events: n.events,
                last_at: n.last_at,
                unread: n.read_at.is_none(),
                id: n.id,
            }
        })
        .collect();
    Ok((shown, next.flatten()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_refuses_junk() {
        let at = DateTime::from_timestamp_micros(1_764_633_600_123_456)
            .unwrap()
            .naive_utc();
        let cursor = Cursor {
            at,
            id: "0190a1b2-aaaa".into(),
        };
        assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        for junk in [
            "",
            "_",
            "12_",
            "x_abc",
            "12_<script>",
            "99999999999999999999_a",
        ] {
            assert_eq!(Cursor::parse(junk), None, "{junk}");
        }
    }
}
