//! Where email goes: `.eml` files in a folder, or an SMTP server.

use secrecy::ExposeSecret;
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
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&with_tls_policy(
                    url.expose_secret(),
                ))?
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

/// Chooses STARTTLS for a plain `smtp://` URL that does not say `tls=`: required when the URL
/// carries credentials (they must never cross the network in clear text), opportunistic
/// otherwise (a relay on the same host may not offer TLS).
pub fn with_tls_policy(raw: &str) -> String {
    let Ok(mut url) = url::Url::parse(raw) else {
        return raw.to_owned();
    };
    if url.scheme() != "smtp" {
        return raw.to_owned();
    }
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    match pairs
        .iter()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.as_str())
    {
        // `tls=none` is ours: lettre's plain `smtp://` without the parameter.
        Some("none") => {
            let rest: Vec<_> = pairs.iter().filter(|(k, _)| k != "tls").collect();
            url.set_query(None);
            if !rest.is_empty() {
                url.query_pairs_mut().extend_pairs(rest);
            }
        }
        Some(_) => {}
        None => {
            let policy = if url.username().is_empty() {
                "opportunistic"
            } else {
                "required"
            };
            if url.port().is_none() && url.username().is_empty() {
                // Keep the relay port lettre uses for plain SMTP, not the submission port.
                let _ = url.set_port(Some(25));
            }
            url.query_pairs_mut().append_pair("tls", policy);
        }
    }
    url.to_string()
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

#[cfg(test)]
mod tests {
    use super::with_tls_policy;

    #[test]
    fn plain_smtp_urls_get_a_starttls_policy() {
        assert_eq!(
            with_tls_policy("smtp://relay:2525"),
            "smtp://relay:2525?tls=opportunistic"
        );
        assert_eq!(
            with_tls_policy("smtp://relay"),
            "smtp://relay:25?tls=opportunistic"
        );
        assert_eq!(
            with_tls_policy("smtp://relay:2525?tls=none"),
            "smtp://relay:2525"
        );
        assert_eq!(
            with_tls_policy("smtp://u:p@mail.example:587"),
            "smtp://u:p@mail.example:587?tls=required"
        );
        assert_eq!(
            with_tls_policy("smtp://u:p@mail.example:587?tls=opportunistic"),
            "smtp://u:p@mail.example:587?tls=opportunistic"
        );
        assert_eq!(
            with_tls_policy("smtps://u:p@mail.example"),
            "smtps://u:p@mail.example"
        );
    }
}
