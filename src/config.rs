//! Settings, read from the command line and environment variables by clap.

use ipnet::IpNet;
use secrecy::{SecretSlice, SecretString};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use url::Url;

use crate::db::DatabaseUrl;

/// Where outgoing email goes.
#[derive(Debug, Clone)]
pub enum MailTransport {
    /// `.eml` files in a folder (the default: a fresh machine needs no mail server).
    Folder(PathBuf),
    /// An SMTP server: `smtps://` (TLS) or `smtp://`, which upgrades with STARTTLS (required
    /// when the URL has credentials, else when the server offers it; `?tls=` overrides).
    /// The URL may carry the password, so it never appears in `Debug` output.
    Smtp(SecretString),
}

/// Settings every subcommand shares.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Folder for the SQLite database, the mail folder and the generated secret.
    #[arg(long, env = "TWINWISE_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// `sqlite://PATH` or `postgres://...`; defaults to `sqlite://<data dir>/twinwise.db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
}

impl CommonArgs {
    /// The database URL, with the default placed inside the data folder.
    pub fn database_url(&self) -> Result<DatabaseUrl, crate::db::DbError> {
        match &self.database_url {
            Some(url) => DatabaseUrl::parse(url),
            None => Ok(DatabaseUrl::Sqlite(self.data_dir.join("twinwise.db"))),
        }
    }
}

/// Settings for `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "TWINWISE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// The public address used in links inside emails; defaults to `http://<bind>`.
    #[arg(long, env = "TWINWISE_BASE_URL")]
    pub base_url: Option<String>,

    /// `folder` (write .eml files into `<data dir>/mail/`) or an `smtp://` / `smtps://` URL.
    #[arg(
        long,
        env = "TWINWISE_MAIL",
        default_value = "folder",
        hide_env_values = true
    )]
    pub mail: String,

    /// Secret for signing cookies (at least 64 characters); generated into the data folder
    /// when absent.
    #[arg(long, env = "TWINWISE_SECRET", hide_env_values = true)]
    pub secret: Option<String>,

    /// Different cities that make a pattern alert.
    #[arg(long, env = "TWINWISE_PATTERN_CITIES", default_value_t = 3, value_parser = clap::value_parser!(i64).range(2..=100))]
    pub pattern_cities: i64,

    /// The window, in days, a pattern's cases must fall in.
    #[arg(long, env = "TWINWISE_PATTERN_DAYS", default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub pattern_days: i64,

    /// Days after which sent emails and expired or used email links are deleted.
    #[arg(long, env = "TWINWISE_RETENTION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3650))]
    pub retention_days: u64,

    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers name the client:
    /// comma-separated addresses or networks (`10.0.0.0/8, ::1`). Empty: the socket peer is
    /// the client and those headers are ignored.
    #[arg(long, env = "TWINWISE_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,

    /// Load demo data first when the database is empty.
    #[arg(long)]
    pub demo: bool,
}

/// Why the settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("TWINWISE_BASE_URL is not a valid http(s) URL: {0}")]
    BaseUrl(String),
    #[error("TWINWISE_MAIL must be `folder`, `smtp://...` or `smtps://...`")]
    Mail,
    #[error("TWINWISE_TRUSTED_PROXIES: {0:?} is not an IP address or network")]
    TrustedProxy(String),
    #[error("TWINWISE_SECRET must be at least 64 characters long")]
    ShortSecret,
    #[error("could not read or write the secret file {path}: {source}")]
    SecretFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
}

/// Everything the server needs, resolved and checked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub base_url: Url,
    pub database_url: DatabaseUrl,
    pub data_dir: PathBuf,
    pub mail: MailTransport,
    /// Signs and encrypts cookies; never shown in `Debug` output.
    pub secret: SecretSlice<u8>,
    pub tuning: Tuning,
    pub patterns: crate::cases::patterns::PatternSettings,
    /// Proxies trusted to name the client (see `web::client_ip`).
    pub trusted_proxies: Vec<IpNet>,
}

/// Timings with production defaults that tests shorten.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// How often the outbox worker looks for due mail when nobody wakes it.
    pub outbox_poll: Duration,
    /// The first retry delay after a failed send; doubled on each further failure.
    pub outbox_backoff: Duration,
    /// Send attempts before a message is given up as failed.
    pub outbox_max_attempts: i32,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub session_absolute: Duration,
    /// How long the statistics page reuses a reader's numbers.
    pub stats_cache: Duration,
    /// Sent and failed emails, and expired or used email links, are deleted this long after.
    pub retention: Duration,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            outbox_poll: Duration::from_secs(5),
            outbox_backoff: Duration::from_secs(10),
            outbox_max_attempts: 12,
            session_idle: Duration::from_secs(2 * 60 * 60),
            session_absolute: Duration::from_secs(12 * 60 * 60),
            stats_cache: Duration::from_secs(60),
            retention: Duration::from_secs(30 * 24 * 60 * 60),
        }
    }
}

impl Settings {
    /// Resolves the `serve` settings.
    pub fn from_args(common: &CommonArgs, serve: &ServeArgs) -> Result<Self, ConfigError> {
        let base_url = serve
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", serve.bind));
        let base_url = parse_base_url(&base_url)?;
        let mail = parse_mail(&serve.mail, &common.data_dir)?;
        let secret = match &serve.secret {
            Some(secret) if secret.len() >= 64 => secret.as_bytes().to_vec().into(),
            Some(_) => return Err(ConfigError::ShortSecret),
            None => load_or_create_secret(&common.data_dir)?.into(),
        };
        Ok(Settings {
            bind: serve.bind.clone(),
            base_url,
            database_url: common.database_url()?,
            data_dir: common.data_dir.clone(),
            mail,
            secret,
            tuning: Tuning {
                retention: Duration::from_secs(serve.retention_days * 24 * 60 * 60),
                ..Tuning::default()
            },
            patterns: crate::cases::patterns::PatternSettings {
                min_cities: serve.pattern_cities,
                window_days: serve.pattern_days,
            },
            trusted_proxies: parse_proxies(&serve.trusted_proxies)?,
        })
    }

    /// True when links and cookies are served over https (then cookies are `Secure`).
    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// An absolute link to a path of this site.
    pub fn link(&self, path_and_query: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }

    /// The origin (`scheme://host:port`) browsers send in the `Origin` header.
    pub fn origin(&self) -> String {
        self.base_url.origin().ascii_serialization()
    }
}

fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw).map_err(|_| ConfigError::BaseUrl(raw.to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::BaseUrl(raw.to_owned()));
    }
    Ok(url)
}

/// Reads `TWINWISE_MAIL` (the error never repeats the value: it may hold a password).
pub fn parse_mail(raw: &str, data_dir: &Path) -> Result<MailTransport, ConfigError> {
    match raw {
        "folder" | "" => Ok(MailTransport::Folder(data_dir.join("mail"))),
        url if url.starts_with("smtp://") || url.starts_with("smtps://") => {
            Ok(MailTransport::Smtp(url.into()))
        }
        _ => Err(ConfigError::Mail),
    }
}

/// Reads `TWINWISE_TRUSTED_PROXIES`: addresses (a single host) or networks.
pub fn parse_proxies(raw: &str) -> Result<Vec<IpNet>, ConfigError> {
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| ConfigError::TrustedProxy(item.to_owned()))
        })
        .collect()
}

/// Reads the secret kept in the data folder, creating it (readable by the owner only) first.
fn load_or_create_secret(data_dir: &Path) -> Result<Vec<u8>, ConfigError> {
    use rand::RngCore;
    let path = data_dir.join("secret.key");
    let io = |source| ConfigError::SecretFile {
        path: path.clone(),
        source,
    };
    if let Ok(existing) = std::fs::read(&path)
        && existing.len() >= 64
    {
        return Ok(existing);
    }
    std::fs::create_dir_all(data_dir).map_err(io)?;
    let mut secret = vec![0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    write_private(&path, &secret).map_err(io)?;
    Ok(secret)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_setting_accepts_folder_and_smtp_urls() {
        let dir = Path::new("d");
        assert!(matches!(
            parse_mail("folder", dir).unwrap(),
            MailTransport::Folder(path) if path == dir.join("mail")
        ));
        assert!(matches!(
            parse_mail("smtps://u:p@mail.example:465", dir).unwrap(),
            MailTransport::Smtp(_)
        ));
        assert!(parse_mail("sendmail", dir).is_err());
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let mail = parse_mail(
            "smtps://user:hunter2-secret@mail.example:465",
            Path::new("d"),
        );
        assert!(!format!("{mail:?}").contains("hunter2"));
        let typo = parse_mail("smpt://user:hunter2-secret@mail.example", Path::new("d"));
        assert!(!format!("{typo:?} {}", typo.as_ref().unwrap_err()).contains("hunter2"));
        let secret: SecretSlice<u8> = b"0123456789abcdef".to_vec().into();
        assert!(!format!("{secret:?}").contains("0123"));
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let parsed = parse_proxies(" 10.0.0.0/8, ::1 ,192.168.1.7").unwrap();
        assert_eq!(parsed.len(), 3);
        assert!(parsed[0].contains(&"10.2.3.4".parse::<std::net::IpAddr>().unwrap()));
        assert!(parsed[2].contains(&"192.168.1.7".parse::<std::net::IpAddr>().unwrap()));
        assert!(parse_proxies("").unwrap().is_empty());
        assert!(parse_proxies("10.0.0.0/8, proxy.internal").is_err());
    }

    #[test]
    fn base_url_must_be_http() {
        assert!(parse_base_url("https://twinwise.example").is_ok());
        assert!(parse_base_url("ftp://twinwise.example").is_err());
        assert!(parse_base_url("not a url").is_err());
    }
}
