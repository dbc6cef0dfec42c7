//! Agreement review: the partnerships registry, agreements with their language versions and
//! clauses, the rule library and the review of clauses against it, and annotations. Each
//! workflow function is one transaction and asks the policy first.

pub mod alignment;
pub mod annotations;
pub mod calendar;
pub mod check;
pub mod comparison;
pub mod correction;
pub mod extract;
pub mod fuzzing;
pub mod intake;
pub mod language;
pub mod library;
pub mod partnerships;
pub mod reading;
pub mod reminders;
pub mod report;
pub mod review;
pub mod rules;

use diesel::result::Error as DieselError;

use crate::db::DbError;
use crate::domain::form::FieldError;

/// Why an agreement or partnership action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum AgreementError {
    /// No such record, or the reader may not see it: the same answer.
    #[error("no such agreement or partnership")]
    NotFound,
    /// The reader may see it but not change it.
    #[error("not allowed")]
    Forbidden,
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    #[error("the rule library could not be loaded")]
    Library,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("an email could not be written")]
    Render(#[from] askama::Error),
}

impl From<DieselError> for AgreementError {
    fn from(e: DieselError) -> Self {
        AgreementError::Db(e.into())
    }
}

impl From<AgreementError> for crate::error::AppError {
    fn from(e: AgreementError) -> Self {
        use crate::error::AppError;
        match e {
            AgreementError::NotFound => AppError::NotFound,
            AgreementError::Forbidden => AppError::Forbidden,
            other => AppError::Internal(other.into()),
        }
    }
}

/// One field error, for checks made against the database.
fn invalid(field: &'static str, message: impl Into<String>) -> AgreementError {
    AgreementError::Invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}

/// The rule library reviews use: the database's, kept compiled on the shelf.
pub fn rulebook(
    conn: &mut crate::db::DbConn,
    shelf: &library::Shelf,
) -> Result<std::sync::Arc<library::Library>, AgreementError> {
    Ok(shelf.library(conn)?)
}
