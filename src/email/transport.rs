//! Where email goes: `.eml` files in a folder, or an SMTP server.

use std::time::Duration;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::MailTransport;
use crate::db::outbox::OutboxRow;

/// Errors from building or sending a message.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address or message: {0}")]
    Message(String),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("writing the mail file: {0}")]
    File(#[from] lettre::transport::file::Error),
    #[error("creating the mail folder: {0}")]
    Io(#[from] std::io::Error),
}

/// A configured transport.
#[derive(Clone)]
pub enum Mailer {
    Folder(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The sender address and the domain used in Message-IDs.
#[derive(Debug, Clone)]
pub struct Sender {
    pub from: Mailbox,
    pub domain: String,
}

impl Mailer {
    /// Builds the transport named by the settings.
    pub fn new(transport: &MailTransport) -> Result<Self, MailError> {
        match transport {
            MailTransport::Folder(dir) => {
                std::fs::create_dir_all(dir)?;
                Ok(Mailer::Folder(AsyncFileTransport::new(dir)))
            }
            MailTransport::Smtp(url) => Ok(Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(15)))
                    .build(),
            )),
        }
    }

    /// Sends one message.
    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            Mailer::Folder(t) => t.send(message).await.map(|_| ())?,
            Mailer::Smtp(t) => t.send(message).await.map(|_| ())?,
        }
        Ok(())
    }
}

/// `List-Unsubscribe` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// Builds the MIME message for a queued row. The Message-ID comes from the row's id, so a
/// retried send carries the same id and receiving servers can drop a duplicate.
pub fn build(row: &OutboxRow, sender: &Sender) -> Result<Message, MailError> {
    let to: Mailbox = row
        .to_address
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::Message(e.to_string()))?;
    let mut builder = Message::builder()
        .from(sender.from.clone())
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(format!("<{}@{}>", row.id, sender.domain)));
    if let Some(url) = &row.list_unsubscribe {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(row.text_body.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(row.html_body.clone()),
                ),
        )
        .map_err(|e| MailError::Message(e.to_string()))
}
