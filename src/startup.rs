//! Wiring: the database pool, migrations, background workers and the HTTP server.

use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, ErrorHandlers};
use actix_web::{App, HttpServer, web};
use actix_web_flash_messages::FlashMessagesFramework;
use lettre::message::Mailbox;
use tokio::sync::Notify;
use tracing_actix_web::TracingLogger;

use crate::auth::csrf::FORM_LIMIT;
use crate::auth::session_store::DbSessionStore;
use crate::config::Settings;
use crate::db::Db;
use crate::email::Mailer;
use crate::email::transport::Sender;
use crate::email::worker::Worker;
use crate::state::AppState;
use crate::telemetry::RequestSpan;
use crate::{jobs, routes, web as webutil};

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("could not set up outgoing mail: {0}")]
    Mail(#[from] crate::email::transport::MailError),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("the signing secret is unusable: {0}")]
    Secret(String),
}

/// Applies pending migrations and, on a database without rules, installs the starter rule
/// library. Every command that opens the database for the app runs this first.
pub fn prepare_database(db: &Db) -> Result<(), crate::db::DbError> {
    db.migrate()?;
    let installed = crate::agreements::library::install_starter(&mut *db.get()?);
    match installed {
        Ok(0) => {}
        Ok(n) => tracing::info!(rules = n, "installed the starter rule library"),
        // Another instance installed it at the same moment.
        Err(e) => tracing::warn!(error = ?e, "the starter rule library was not installed"),
    }
    Ok(())
}

/// A built, not yet running, application.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects to the database, applies migrations, binds the listener and starts the
    /// workers. Binding port 0 picks a free port (tests read it with [`Application::port`]).
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        let db = Db::connect(&settings.database_url)?;
        let migrate_db = db.clone();
        actix_web::rt::task::spawn_blocking(move || prepare_database(&migrate_db))
            .await
            .map_err(|_| crate::db::DbError::Cancelled)??;
        let listener = TcpListener::bind(&settings.bind).map_err(|source| StartError::Bind {
            addr: settings.bind.clone(),
            source,
        })?;
        Self::build_on(listener, db, settings)
    }

    /// Like [`Application::build`], on a listener the caller bound (tests bind port 0 first
    /// so that links in emails can name the real port). Migrations must already be applied.
    pub fn build_on(listener: TcpListener, db: Db, settings: Settings) -> Result<Self, StartError> {
        let port = listener
            .local_addr()
            .map_err(|source| StartError::Bind {
                addr: settings.bind.clone(),
                source,
            })?
            .port();
        let server = run(listener, db, settings)?;
        Ok(Application { port, server })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(listener: TcpListener, db: Db, settings: Settings) -> Result<Server, StartError> {
    let key = Key::try_from(settings.secret.expose_secret())
        .map_err(|e| StartError::Secret(e.to_string()))?;
    let mailer = Mailer::new(&settings.mail)?;
    let host = settings
        .base_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    let from: Mailbox = format!("Twinwise <no-reply@{host}>")
        .parse()
        .or_else(|_| "Twinwise <no-reply@localhost>".parse())
        .map_err(|e: lettre::address::AddressError| StartError::Secret(e.to_string()))?;
    let wake = Arc::new(Notify::new());
    let settings = Arc::new(settings);

    let worker = Worker {
        db: db.clone(),
        mailer,
        sender: Sender { from, domain: host },
        tuning: settings.tuning.clone(),
        wake: wake.clone(),
    };
    actix_web::rt::spawn(worker.run());
    actix_web::rt::spawn(jobs::tick(db.clone(), settings.clone(), wake.clone()));

    let state = web::Data::new(AppState {
        db: db.clone(),
        settings: settings.clone(),
        outbox_wake: wake,
        cookie_key: key.clone(),
        stats_cache: crate::cache::TtlCache::new(settings.tuning.stats_cache),
        rules: Default::default(),
    });
    let https = settings.is_https();
    let server = HttpServer::new(move || {
        let sessions = SessionMiddleware::builder(
            DbSessionStore::new(
                db.clone(),
                settings.tuning.session_idle,
                settings.tuning.session_absolute,
            ),
            key.clone(),
        )
        .cookie_name(if https {
            "__Host-twinwise".into()
        } else {
            "twinwise".into()
        })
        .cookie_secure(https)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_content_security(CookieContentSecurity::Signed)
        .session_lifecycle(BrowserSession::default().state_ttl(
            actix_web::cookie::time::Duration::seconds(
                i64::try_from(settings.tuning.session_idle.as_secs()).unwrap_or(7200),
            ),
        ))
        .build();
        let flashes = FlashMessagesFramework::builder(webutil::flash_store::FlashCookies::new(
            key.clone(),
            "twinwise_flash",
            https,
        ))
        .build();
        App::new()
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(FORM_LIMIT))
            .app_data(web::QueryConfig::default().error_handler(|_, _| {
                crate::error::AppError::BadRequest("The address has a malformed query string.")
                    .into()
            }))
            .app_data(
                web::PathConfig::default()
                    .error_handler(|_, _| crate::error::AppError::NotFound.into()),
            )
            .configure(routes::assets::configure)
            .service(
                web::scope("")
                    .wrap(actix_web::middleware::from_fn(
                        webutil::write_limit::member_writes,
                    ))
                    .wrap(actix_web::middleware::from_fn(
                        webutil::caching::cache_control,
                    ))
                    .wrap(flashes)
                    .wrap(sessions)
                    .configure(routes::configure),
            )
            .wrap(ErrorHandlers::new().default_handler(routes::fallback::plain_errors))
            .wrap(actix_web::middleware::from_fn(webutil::guard::refuse_nul))
            .wrap(actix_web::middleware::from_fn(
                webutil::caching::head_as_get,
            ))
            .wrap(webutil::headers::security_headers(https))
            .wrap(Compress::default())
            .wrap(TracingLogger::<RequestSpan>::new())
    })
    .listen(listener)
    .map_err(|source| StartError::Bind {
        addr: "listener".into(),
        source,
    })?
    .run();
    Ok(server)
}
