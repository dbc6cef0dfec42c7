//! Outgoing email: message templates, the transports, and the outbox worker that sends what
//! the application queued. What a message may say about content is decided in [`surface`].

pub mod messages;
pub mod notify;
pub mod surface;
pub mod transport;
pub mod worker;

pub use transport::Mailer;

/// A rendered message ready to be queued. Only the builders in [`messages`] make one, from
/// lines the email [`surface`] cleared; the fields cannot be set from outside this module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// Identifies the notification; a second message with the same key is dropped.
    dedupe_key: String,
    to: String,
    subject: String,
    text_body: String,
    html_body: String,
    /// For bulk mail: the one-click unsubscribe URL (RFC 8058).
    list_unsubscribe: Option<String>,
    /// For mail about content: the send-time check and the strictest rendering.
    guarded: Option<Guarded>,
}

/// The send-time check of a content message and what is sent if it fails.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Guarded {
    guard: String,
    subject: String,
    text_body: String,
    html_body: String,
}

impl OutgoingEmail {
    /// A message from raw parts, for tests of the transport and the outbox only: it bypasses
    /// the email surface (clippy forbids it outside those tests).
    #[doc(hidden)]
    pub fn unchecked(
        dedupe_key: &str,
        to: &str,
        subject: &str,
        text_body: &str,
        html_body: &str,
    ) -> Self {
        OutgoingEmail {
            dedupe_key: dedupe_key.to_owned(),
            to: to.to_owned(),
            subject: subject.to_owned(),
            text_body: text_body.to_owned(),
            html_body: html_body.to_owned(),
            list_unsubscribe: None,
            guarded: None,
        }
    }

    /// Marks the message as bulk mail with a one-click unsubscribe URL.
    pub fn with_list_unsubscribe(mut self, url: &str) -> Self {
        self.list_unsubscribe = Some(url.to_owned());
        self
    }

    /// The dedupe key.
    pub fn dedupe_key(&self) -> &str {
        &self.dedupe_key
    }

    /// The recipient's address.
    pub fn to(&self) -> &str {
        &self.to
    }

    /// The subject line.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The plain-text part.
    pub fn text_body(&self) -> &str {
        &self.text_body
    }

    /// The HTML part.
    pub fn html_body(&self) -> &str {
        &self.html_body
    }

    /// The one-click unsubscribe URL of bulk mail.
    pub fn list_unsubscribe(&self) -> Option<&str> {
        self.list_unsubscribe.as_deref()
    }

    /// The stored send-time check of a content message.
    pub fn guard(&self) -> Option<&str> {
        self.guarded.as_ref().map(|g| g.guard.as_str())
    }

    /// The fallback rendering: subject, text and HTML.
    pub fn fallback(&self) -> Option<(&str, &str, &str)> {
        self.guarded.as_ref().map(|g| {
            (
                g.subject.as_str(),
                g.text_body.as_str(),
                g.html_body.as_str(),
            )
        })
    }
}
