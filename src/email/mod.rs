//! Outgoing email: message templates, the transports, and the outbox worker that sends what
//! the application queued.

pub mod messages;
pub mod transport;
pub mod worker;

pub use crate::db::outbox::OutgoingEmail;
pub use transport::Mailer;
