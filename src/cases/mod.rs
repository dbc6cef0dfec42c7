//! Case workflows: writing, submitting, moderating and discussing cases, and curating the
//! counterparts registry they name. Each public function is one transaction that also queues
//! the emails, refreshes the search index and writes the audit-log row it implies.

pub mod authoring;
pub mod changes;
pub mod counterparts;
pub mod discussion;
pub mod flags;
pub mod moderation;
pub mod patterns;
pub mod reading;
pub mod redaction;

use diesel::result::Error as DieselError;

use crate::db::DbError;

/// Why a case workflow could not complete.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The case does not exist or the person may not see it (the same answer, on purpose).
    #[error("no such case")]
    NotFound,
    #[error("only the author can do this")]
    NotAuthor,
    #[error("the case is not in a state that allows this: {0}")]
    WrongState(&'static str),
    #[error("the chosen counterpart does not exist")]
    UnknownCounterpart,
    #[error("email could not be rendered")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<DieselError> for CaseError {
    fn from(e: DieselError) -> Self {
        CaseError::Db(e.into())
    }
}

impl From<CaseError> for crate::error::AppError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::NotFound => crate::error::AppError::NotFound,
            CaseError::NotAuthor => crate::error::AppError::NotFound,
            other => crate::error::AppError::Internal(other.into()),
        }
    }
}
