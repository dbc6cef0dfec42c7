//! What every handler and extractor can reach: the database, the settings, the signing key
//! and the shared caches. It sits below the handlers and the extractors (which read it from
//! the request), and above the database and the domain, so that imports run one way.

use std::sync::Arc;

use actix_web::cookie::Key;
use actix_web::web;
use tokio::sync::Notify;

use crate::config::Settings;
use crate::db::Db;

/// Shared state every handler can reach.
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Wakes the outbox worker after a request queued mail.
    pub outbox_wake: Arc<Notify>,
    /// Signs the known-device cookie.
    pub cookie_key: Key,
    /// Statistics per reader and filter, kept for a minute.
    pub stats_cache: crate::cache::TtlCache<crate::db::stats::StatsCounts>,
    /// The rule library, compiled once per change of the rules.
    pub rules: Arc<crate::agreements::library::Shelf>,
}

impl AppState {
    /// Runs database work off the executor (see [`Db::run`]).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The state behind a request, outside the handler's arguments.
    pub fn of(req: &actix_web::HttpRequest) -> Result<web::Data<AppState>, crate::error::AppError> {
        req.app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or(crate::error::AppError::internal("app state missing"))
    }

    /// Tells the outbox worker there is mail to send.
    pub fn wake_outbox(&self) {
        self.outbox_wake.notify_one();
    }
}
