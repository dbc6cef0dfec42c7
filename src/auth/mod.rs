//! Authentication and request protection: password hashing, sessions, CSRF, rate limits and
//! the extractors that tell a handler who is asking.

pub mod csrf;
pub mod device;
pub mod password;
pub mod rate_limit;
pub mod session_store;
pub mod tokens;
pub mod upload;
pub mod viewer;

pub use csrf::{CsrfForm, EmptyForm, Refusal};
pub use upload::{CsrfUpload, UploadedFile};
pub use viewer::{Admin, CurrentUser, Moderator, OwnedReader, Viewer};

/// Session keys.
pub(crate) const SESSION_USER: &str = "uid";
pub(crate) const SESSION_CSRF: &str = "csrf";
