//! Moderators write playbooks: create, edit (every save a revision), publish, archive,
//! feature, and restore an old revision as a new one.

use diesel::prelude::*;

use super::{PlaybookError, invalid};
use crate::db::audit::{self, Action};
use crate::db::playbooks::{self as rows, PlaybookRow, RevisionRow};
use crate::db::schema::{
    cases, playbook_audience, playbook_demands, playbook_revisions, playbook_topics, playbooks,
};
use crate::db::users::Member;
use crate::db::{Backend, DbConn, new_id, now, write_transaction};
use crate::domain::Role;
use crate::domain::playbook::{PlaybookDoc, PlaybookInput, PlaybookStatus};
use crate::domain::policy::CaseStatus;

fn require_moderator(member: &Member) -> Result<(), PlaybookError> {
    if member.role >= Role::Moderator {
        Ok(())
    } else {
        Err(PlaybookError::NotModerator)
    }
}

/// Every referenced case must exist and be published.
fn check_cases(conn: &mut DbConn, doc: &PlaybookDoc) -> Result<(), PlaybookError> {
    if doc.cases.is_empty() {
        return Ok(());
    }
    let found: Vec<String> = cases::table
        .filter(cases::id.eq_any(&doc.cases))
        .filter(cases::status.eq(CaseStatus::Published.as_str()))
        .select(cases::id)
        .load(conn)?;
    match doc.cases.iter().find(|id| !found.contains(id)) {
        Some(missing) => Err(invalid(
            "cases",
            format!("No published case has the id {missing}; link published cases only."),
        )),
        None => Ok(()),
    }
}

/// Loads a playbook for a moderator's change.
fn load(conn: &mut DbConn, slug: &str) -> Result<PlaybookRow, PlaybookError> {
    rows::by_slug(conn, slug)?.ok_or(PlaybookError::NotFound)
}

/// A revision about to be saved.
pub(crate) struct NewRevision<'a> {
    pub number: i32,
    /// Who saved it.
    pub author_id: &'a str,
    /// The member whose suggestion it is.
    pub credited_id: Option<&'a str>,
    pub restored_from: Option<i32>,
    pub note: &'a str,
    pub doc: &'a PlaybookDoc,
}

/// Stores a revision and makes it current: the row, its topics, demands and audience, and its
/// search document follow.
pub(crate) fn save_revision(
    conn: &mut DbConn,
    playbook_id: &str,
    revision: NewRevision<'_>,
) -> Result<(), PlaybookError> {
    let NewRevision {
        number,
        author_id,
        credited_id,
        restored_from,
        note,
        doc,
    } = revision;
    let content = serde_json::to_string(doc).map_err(|e| {
        PlaybookError::Db(diesel::result::Error::SerializationError(e.into()).into())
    })?;
    let at = now();
    diesel::insert_into(playbook_revisions::table)
        .values(RevisionRow {
            id: new_id(),
            playbook_id: playbook_id.to_owned(),
            number,
            author_id: author_id.to_owned(),
            credited_id: credited_id.map(str::to_owned),
            restored_from,
            note: note.to_owned(),
            content,
            created_at: at,
        })
        .execute(conn)?;
    diesel::update(playbooks::table.find(playbook_id))
        .set((
            playbooks::title.eq(&doc.title),
            playbooks::summary.eq(&doc.summary),
            playbooks::tlp.eq(&doc.tlp),
            playbooks::current_revision.eq(number),
            playbooks::updated_at.eq(at),
        ))
        .execute(conn)?;
    diesel::delete(playbook_topics::table.filter(playbook_topics::playbook_id.eq(playbook_id)))
        .execute(conn)?;
    for topic in &doc.topics {
        diesel::insert_into(playbook_topics::table)
            .values((
                playbook_topics::playbook_id.eq(playbook_id),
                playbook_topics::topic.eq(topic),
            ))
            .execute(conn)?;
    }
    diesel::delete(playbook_demands::table.filter(playbook_demands::playbook_id.eq(playbook_id)))
        .execute(conn)?;
    for demand in &doc.demands {
        diesel::insert_into(playbook_demands::table)
            .values((
                playbook_demands::playbook_id.eq(playbook_id),
                playbook_demands::demand.eq(demand),
            ))
            .execute(conn)?;
    }
    diesel::delete(playbook_audience::table.filter(playbook_audience::playbook_id.eq(playbook_id)))
        .execute(conn)?;
    for country in &doc.audience {
        diesel::insert_into(playbook_audience::table)
            .values((
                playbook_audience::playbook_id.eq(playbook_id),
                playbook_audience::country_code.eq(country),
            ))
            .execute(conn)?;
    }
    index(conn, playbook_id, doc)
}

/// Rebuilds the full-text document of a playbook.
fn index(conn: &mut DbConn, playbook_id: &str, doc: &PlaybookDoc) -> Result<(), PlaybookError> {
    use diesel::sql_types::Text;
    diesel::sql_query("DELETE FROM playbook_search WHERE playbook_id = $1")
        .bind::<Text, _>(playbook_id)
        .execute(conn)?;
    let body = crate::domain::markdown::plain_text(&doc.to_markdown(&[]));
    let insert = match conn.backend() {
        Backend::Sqlite | Backend::Postgres => {
            "INSERT INTO playbook_search (playbook_id, title, body) VALUES ($1, $2, $3)"
        }
    };
    diesel::sql_query(insert)
        .bind::<Text, _>(playbook_id)
        .bind::<Text, _>(&doc.title)
        .bind::<Text, _>(body)
        .execute(conn)?;
    Ok(())
}

/// A moderator writes a new playbook, saved as a draft at revision 1; returns its slug.
pub fn create(
    conn: &mut DbConn,
    moderator: &Member,
    input: &PlaybookInput,
) -> Result<String, PlaybookError> {
    require_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let slug = input.slug.as_str();
        if rows::by_slug(conn, slug)?.is_some() {
            return Err(invalid(
                "slug",
                format!("Another playbook already uses the address “{slug}”; choose another."),
            ));
        }
        check_cases(conn, &input.doc)?;
        let id = new_id();
        let at = now();
        diesel::insert_into(playbooks::table)
            .values(PlaybookRow {
                id: id.clone(),
                slug: slug.to_owned(),
                title: input.doc.title.clone(),
                summary: input.doc.summary.clone(),
                status: PlaybookStatus::Draft.as_str().to_owned(),
                tlp: input.doc.tlp.clone(),
                current_revision: 0,
                featured_at: None,
                created_by: moderator.id.clone(),
                created_at: at,
                updated_at: at,
                published_at: None,
            })
            .execute(conn)?;
        save_revision(
            conn,
            &id,
            NewRevision {
                number: 1,
                author_id: &moderator.id,
                credited_id: None,
                restored_from: None,
                note: &input.note,
                doc: &input.doc,
            },
        )?;
        Ok(slug.to_owned())
    })
}

/// A moderator saves an edit made on revision `base`; refused when someone saved since.
pub fn update(
    conn: &mut DbConn,
    moderator: &Member,
    slug: &str,
    base: i32,
    input: &PlaybookInput,
) -> Result<i32, PlaybookError> {
    require_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let row = load(conn, slug)?;
        if row.current_revision != base {
            return Err(PlaybookError::Stale {
                current: row.current_revision,
            });
        }
        let current = rows::revision(conn, &row.id, row.current_revision)?
            .ok_or(PlaybookError::NotFound)?
            .doc()?;
        if current == input.doc {
            return Err(invalid("note", "Nothing changed, so nothing was saved."));
        }
        check_cases(conn, &input.doc)?;
        let number = row.current_revision + 1;
        save_revision(
            conn,
            &row.id,
            NewRevision {
                number,
                author_id: &moderator.id,
                credited_id: None,
                restored_from: None,
                note: &input.note,
                doc: &input.doc,
            },
        )?;
        Ok(number)
    })
}

/// Publishes, archives or republishes a playbook. Archiving also takes it off the home page.
pub fn set_status(
    conn: &mut DbConn,
    moderator: &Member,
    slug: &str,
    to: PlaybookStatus,
) -> Result<(), PlaybookError> {
    require_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let row = load(conn, slug)?;
        let from = row.status();
        let allowed = matches!(
            (from, to),
            (PlaybookStatus::Draft, PlaybookStatus::Published)
                | (PlaybookStatus::Published, PlaybookStatus::Archived)
                | (PlaybookStatus::Archived, PlaybookStatus::Published)
        );
        if !allowed {
            return Err(PlaybookError::WrongState(match to {
                PlaybookStatus::Published => "it is already published",
                PlaybookStatus::Archived => "only published playbooks can be archived",
                PlaybookStatus::Draft => "a playbook cannot go back to draft",
            }));
        }
        let at = now();
        diesel::update(playbooks::table.find(&row.id))
            .set((
                playbooks::status.eq(to.as_str()),
                playbooks::published_at.eq(row.published_at.or(Some(at))),
                playbooks::featured_at.eq(if to == PlaybookStatus::Archived {
                    None
                } else {
                    row.featured_at
                }),
                playbooks::updated_at.eq(at),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::ChangePlaybookStatus,
            None,
            &format!("playbook {slug}: {} → {}", from.as_str(), to.as_str()),
        )?;
        Ok(())
    })
}

/// Features a published playbook on the home page, or takes it off.
pub fn set_featured(
    conn: &mut DbConn,
    moderator: &Member,
    slug: &str,
    featured: bool,
) -> Result<(), PlaybookError> {
    require_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let row = load(conn, slug)?;
        if featured && row.status() != PlaybookStatus::Published {
            return Err(PlaybookError::WrongState(
                "only published playbooks can be featured",
            ));
        }
        diesel::update(playbooks::table.find(&row.id))
            .set(playbooks::featured_at.eq(featured.then(now)))
            .execute(conn)?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::FeaturePlaybook,
            None,
            &format!(
                "playbook {slug} {}",
                if featured {
                    "featured"
                } else {
                    "no longer featured"
                }
            ),
        )?;
        Ok(())
    })
}

/// Restores revision `number` as a new revision; returns the new number.
pub fn restore(
    conn: &mut DbConn,
    moderator: &Member,
    slug: &str,
    number: i32,
) -> Result<i32, PlaybookError> {
    require_moderator(moderator)?;
    write_transaction(conn, |conn| {
        let row = load(conn, slug)?;
        if number == row.current_revision {
            return Err(PlaybookError::WrongState(
                "that revision is already the current one",
            ));
        }
        let old = rows::revision(conn, &row.id, number)?
            .ok_or(PlaybookError::NotFound)?
            .doc()?;
        let new = row.current_revision + 1;
        save_revision(
            conn,
            &row.id,
            NewRevision {
                number: new,
                author_id: &moderator.id,
                credited_id: None,
                restored_from: Some(number),
                note: &format!("Restored revision {number}"),
                doc: &old,
            },
        )?;
        audit::record(
            conn,
            Some(&moderator.id),
            Action::RestorePlaybook,
            None,
            &format!("playbook {slug}: revision {number} restored as {new}"),
        )?;
        Ok(new)
    })
}
