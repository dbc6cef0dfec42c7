//! Agreement review: the rule library and the review of an agreement's clauses against it.

pub mod check;
pub mod extract;
pub mod language;
pub mod library;
pub mod review;
