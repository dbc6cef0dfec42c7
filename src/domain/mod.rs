//! Validated values and pure rules, free of I/O: each type checks its input on construction.

pub mod account;
pub mod agreement;
pub mod case;
pub mod case_fields;
pub mod clauses;
pub mod country;
pub mod email;
pub mod enums;
pub mod follow;
pub mod form;
pub mod markdown;
pub mod password;
pub mod pattern;
pub mod playbook;
pub mod policy;
pub mod rules;
pub mod sensitivity;
pub mod text;
pub mod widening;

pub use account::{AccountStatus, Role};
pub use country::Country;
pub use email::EmailAddress;
pub use password::NewPassword;
pub use text::{CityName, DisplayName, Position};
