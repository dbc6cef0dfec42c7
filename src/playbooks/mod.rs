//! Playbook workflows: moderators write and curate, members suggest edits and record which
//! playbook their city used. Each function is one transaction.

pub mod authoring;
pub mod reading;
pub mod suggestions;
pub mod uses;

use diesel::result::Error as DieselError;

use crate::db::DbError;
use crate::domain::case::FieldError;
use crate::domain::playbook::Conflict;

/// Why a playbook action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum PlaybookError {
    /// No such playbook (or suggestion), or the reader may not see it: the same answer.
    #[error("no such playbook")]
    NotFound,
    #[error("only moderators can do this")]
    NotModerator,
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    /// Someone saved a newer revision since the form was opened.
    #[error("the playbook changed since the form was opened")]
    Stale { current: i32 },
    /// The suggestion changes text that was also changed since it was made.
    #[error("the suggestion conflicts with later changes")]
    Conflicts(Vec<Conflict>),
    #[error("not possible now: {0}")]
    WrongState(&'static str),
    #[error("email could not be rendered")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<DieselError> for PlaybookError {
    fn from(e: DieselError) -> Self {
        PlaybookError::Db(e.into())
    }
}

impl From<PlaybookError> for crate::error::AppError {
    fn from(e: PlaybookError) -> Self {
        use crate::error::AppError;
        match e {
            PlaybookError::NotFound => AppError::NotFound,
            PlaybookError::NotModerator => AppError::Forbidden,
            other => AppError::Internal(other.into()),
        }
    }
}

/// One field error, for checks made against the database (slug taken, unknown case).
fn invalid(field: &'static str, message: impl Into<String>) -> PlaybookError {
    PlaybookError::Invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}
