//! A real SMTP server (mailin-embedded) that keeps what it receives, parsed.

use std::io;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use mailin_embedded::{Handler, Response, Server, response};

/// One received message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
    pub raw: String,
}

impl Mail {
    /// The value of a header, read from the raw message.
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_lowercase());
        self.raw
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    }
}

#[derive(Clone)]
struct Collector {
    inbox: Arc<Mutex<Vec<Mail>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let raw = String::from_utf8_lossy(&self.data).into_owned();
        if let Some(parsed) = MessageParser::default().parse(&self.data) {
            let mail = Mail {
                to: self.to.clone(),
                subject: parsed.subject().unwrap_or_default().to_owned(),
                text: parsed
                    .body_text(0)
                    .map(|t| t.into_owned())
                    .unwrap_or_default(),
                html: parsed
                    .body_html(0)
                    .map(|t| t.into_owned())
                    .unwrap_or_default(),
                message_id: parsed.message_id().unwrap_or_default().to_owned(),
                raw,
            };
            self.inbox.lock().unwrap().push(mail);
        }
        response::OK
    }
}

/// The test's SMTP server.
pub struct SmtpServer {
    port: u16,
    inbox: Arc<Mutex<Vec<Mail>>>,
    started: Mutex<bool>,
}

impl SmtpServer {
    /// Starts listening at once.
    pub fn start() -> Self {
        let server = Self::reserve();
        server.come_up();
        server
    }

    /// Picks a port but does not listen yet: connections are refused until [`come_up`].
    pub fn reserve() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        SmtpServer {
            port,
            inbox: Arc::default(),
            started: Mutex::new(false),
        }
    }

    /// Starts listening on the reserved port.
    pub fn come_up(&self) {
        let mut started = self.started.lock().unwrap();
        if *started {
            return;
        }
        let listener = TcpListener::bind(("127.0.0.1", self.port)).expect("SMTP port still free");
        let collector = Collector {
            inbox: self.inbox.clone(),
            to: Vec::new(),
            data: Vec::new(),
        };
        std::thread::spawn(move || {
            let mut server = Server::new(collector);
            server
                .with_name("smtp.test")
                .with_num_threads(2)
                .with_tcp_listener(listener);
            let _ = server.serve();
        });
        *started = true;
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything received so far.
    pub fn all(&self) -> Vec<Mail> {
        self.inbox.lock().unwrap().clone()
    }

    /// Messages to one address.
    pub fn to(&self, address: &str) -> Vec<Mail> {
        self.all()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits until a message to `to` with `subject` in its subject arrives; returns the newest.
    pub async fn wait_for(&self, to: &str, subject: &str, timeout: Duration) -> Mail {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(mail) = self
                .to(to)
                .into_iter()
                .rev()
                .find(|m| m.subject.contains(subject))
            {
                return mail;
            }
            assert!(
                Instant::now() < deadline,
                "no email to {to} about {subject:?}; received: {:#?}",
                self.all()
                    .iter()
                    .map(|m| (&m.to, &m.subject))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits a moment and asserts nothing matching arrived.
    pub async fn assert_none(&self, to: &str, subject: &str) {
        tokio::time::sleep(Duration::from_millis(600)).await;
        let found: Vec<_> = self
            .to(to)
            .into_iter()
            .filter(|m| m.subject.contains(subject))
            .collect();
        assert!(found.is_empty(), "unexpected email to {to}: {found:#?}");
    }
}
