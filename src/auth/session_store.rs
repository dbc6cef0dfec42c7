//! actix-session's storage, backed by the `sessions` table.
//!
//! The cookie carries a random 256-bit token; the table keeps only its SHA-256. A session ends
//! after an idle period (pushed forward at most once a minute, as a side effect of loading it)
//! or at an absolute age, whichever comes first. The account id is copied out of the state
//! into its own column so that all of an account's sessions can be ended at once.

use std::collections::HashMap;
use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use anyhow::anyhow;
use chrono::TimeDelta;

use super::{SESSION_USER, tokens};
use crate::db::sessions::{self as rows, SessionRow};
use crate::db::{Db, DbError, now};

type State = HashMap<String, String>;

/// How stale `last_seen_at` may get before a request refreshes it.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// Session storage in the application database.
#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    idle: TimeDelta,
    absolute: TimeDelta,
}

impl DbSessionStore {
    /// A store whose sessions end after `idle` without requests or `absolute` after creation.
    pub fn new(db: Db, idle: Duration, absolute: Duration) -> Self {
        let delta = |d: Duration| TimeDelta::from_std(d).unwrap_or(TimeDelta::hours(2));
        DbSessionStore {
            db,
            idle: delta(idle),
            absolute: delta(absolute),
        }
    }
}

fn user_of(state: &State) -> Option<String> {
    state
        .get(SESSION_USER)
        .and_then(|raw| serde_json::from_str::<String>(raw).ok())
}

fn other(e: DbError) -> anyhow::Error {
    anyhow!(e)
}

impl SessionStore for DbSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let id = tokens::hash(key.as_ref());
        let (idle, absolute) = (self.idle, self.absolute);
        let row = self
            .db
            .run(move |conn| {
                let at = now();
                let row = rows::load_live(conn, &id, at, at - absolute)?;
                if let Some(row) = &row
                    && at - row.last_seen_at > TOUCH_EVERY
                {
                    rows::touch(conn, &id, at, at + idle)?;
                }
                Ok::<_, DbError>(row)
            })
            .await
            .map_err(|e| LoadError::Other(other(e)))?;
        match row {
            None => Ok(None),
            Some(row) => serde_json::from_str(&row.state)
                .map(Some)
                .map_err(|e| LoadError::Deserialization(anyhow!(e))),
        }
    }

    async fn save(&self, state: State, _ttl: &CookieDuration) -> Result<SessionKey, SaveError> {
        let body =
            serde_json::to_string(&state).map_err(|e| SaveError::Serialization(anyhow!(e)))?;
        let token = tokens::generate();
        let at = now();
        let row = SessionRow {
            id: tokens::hash(&token),
            user_id: user_of(&state),
            state: body,
            created_at: at,
            last_seen_at: at,
            expires_at: at + self.idle,
        };
        self.db
            .run(move |conn| rows::insert(conn, &row).map_err(DbError::from))
            .await
            .map_err(|e| SaveError::Other(other(e)))?;
        SessionKey::try_from(token).map_err(|e| SaveError::Other(anyhow!(e)))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        let body =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(anyhow!(e)))?;
        let id = tokens::hash(key.as_ref());
        let user = user_of(&state);
        let idle = self.idle;
        let updated = self
            .db
            .run(move |conn| {
                let at = now();
                rows::update_state(conn, &id, &body, user.as_deref(), at, at + idle)
                    .map_err(DbError::from)
            })
            .await
            .map_err(|e| UpdateError::Other(other(e)))?;
        if updated == 1 {
            Ok(key)
        } else {
            // The row is gone (ended elsewhere while this request ran, e.g. by a suspension):
            // keep the anonymous part of the state but never resurrect the sign-in.
            let mut state = state;
            state.remove(SESSION_USER);
            self.save(state, ttl)
                .await
                .map_err(|e| UpdateError::Other(anyhow!(e.to_string())))
        }
    }

    async fn update_ttl(
        &self,
        _key: &SessionKey,
        _ttl: &CookieDuration,
    ) -> Result<(), anyhow::Error> {
        // `load` already pushes the idle deadline forward.
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let id = tokens::hash(key.as_ref());
        self.db
            .run(move |conn| rows::delete(conn, &id).map_err(DbError::from))
            .await
            .map_err(other)
    }
}
