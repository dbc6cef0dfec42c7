//! Database access: one connection type over SQLite and PostgreSQL, a pool, embedded
//! migrations, and one module per table or read model.

/// Inserts `values` into `table` unless a row with the same key exists, on either backend,
/// and evaluates to the rows inserted (0 or 1). A plain insert would abort a PostgreSQL
/// transaction on a duplicate key; each backend has its own "insert unless present".
macro_rules! insert_or_ignore {
    ($conn:expr, $table:expr, $values:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(c) => diesel::insert_or_ignore_into($table)
                .values($values)
                .execute(c),
            $crate::db::DbConn::Postgres(c) => diesel::insert_into($table)
                .values($values)
                .on_conflict_do_nothing()
                .execute(c),
        }
    };
}

pub mod agreements;
pub mod audit;
pub mod cases;
pub mod cities;
mod city_records;
pub mod counterparts;
pub mod deadlines;
pub mod domains;
pub mod follows;
pub mod jobs;
pub mod notifications;
pub mod outbox;
pub mod partnerships;
pub mod playbooks;
pub mod rate_limits;
pub mod rules;
pub mod schema;
pub mod search;
pub mod sessions;
pub mod stats;
pub mod tokens;
pub mod users;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, SubsecRound, Utc};
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tokio::sync::Semaphore;

/// How long a request waits for a database connection before it fails.
const CONNECTION_WAIT: Duration = Duration::from_secs(10);

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to whichever backend `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// The diesel backend type behind [`DbConn`], for boxed queries and expressions.
pub type DbBackend = <DbConn as diesel::Connection>::Backend;

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The name shown by `/healthz` and in logs.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl DbConn {
    /// The backend behind this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Sqlite(_) => Backend::Sqlite,
            DbConn::Postgres(_) => Backend::Postgres,
        }
    }
}

/// A parsed `DATABASE_URL`: the scheme picks the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Errors from reaching or querying the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (expected sqlite://PATH or postgres://...): {0}")]
    UnsupportedUrl(String),
    #[error("could not get a database connection")]
    Pool(#[from] r2d2::PoolError),
    #[error("database query failed")]
    Query(#[from] diesel::result::Error),
    #[error("database connection failed")]
    Connection(#[from] ConnectionError),
    #[error("running migrations failed: {0}")]
    Migration(String),
    #[error("database task was cancelled")]
    Cancelled,
    #[error("no database connection became free in time")]
    Busy,
}

impl DatabaseUrl {
    /// Parses a URL; `sqlite://data/x.db`, `sqlite:///abs/x.db` and `postgres://...` are accepted.
    pub fn parse(raw: &str) -> Result<Self, DbError> {
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_owned()));
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .ok_or_else(|| DbError::UnsupportedUrl(raw.to_owned()))?;
        if path.is_empty() {
            return Err(DbError::UnsupportedUrl(raw.to_owned()));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    /// The backend this URL selects.
    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// Opens one connection, with the SQLite pragmas applied.
    pub fn connect(&self) -> Result<DbConn, ConnectionError> {
        match self {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                // WAL lets readers run beside the writer; the busy timeout makes writers wait
                // for each other instead of failing at once.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => Ok(DbConn::Postgres(PgConnection::establish(url)?)),
        }
    }
}

/// r2d2 manager that opens connections for a [`DatabaseUrl`].
pub struct Manager(DatabaseUrl);

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        self.0.connect().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    /// A connection given back while a thread unwinds, or still inside a transaction (or
    /// with its transaction manager in an error state), is closed rather than reused: the
    /// next borrower would otherwise inherit an open `BEGIN IMMEDIATE` and SQLite's write lock.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// A pool of connections, with a way to run work off the async executor.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    /// One permit per pooled connection, taken before a blocking thread is: a burst of
    /// requests waits here as cheap futures instead of each parking an OS thread (and its
    /// memory) on the pool.
    slots: Arc<Semaphore>,
}

impl Db {
    /// Builds the pool; SQLite gets its parent directory created first.
    pub fn connect(url: &DatabaseUrl) -> Result<Self, DbError> {
        if let DatabaseUrl::Sqlite(path) = url
            && let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| DbError::Migration(e.to_string()))?;
        }
        if url.backend() == Backend::Sqlite {
            // Switch the file to WAL once, before several pool connections race to do it.
            url.connect()?;
        }
        let size = match url.backend() {
            Backend::Sqlite => 8,
            Backend::Postgres => 12,
        };
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .connection_timeout(CONNECTION_WAIT)
            .build(Manager(url.clone()))?;
        Ok(Db {
            pool,
            backend: url.backend(),
            slots: Arc::new(Semaphore::new(size as usize)),
        })
    }

    /// The backend this pool talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many connections the pool holds at most.
    pub fn max_connections(&self) -> u32 {
        self.pool.max_size()
    }

    /// A connection for synchronous callers (CLI commands, tests).
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `work` on a blocking thread with a pooled connection.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let permit = tokio::time::timeout(CONNECTION_WAIT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| E::from(DbError::Busy))?
            .map_err(|_| E::from(DbError::Cancelled))?;
        let pool = self.pool.clone();
        actix_web::rt::task::spawn_blocking(move || {
            let _permit = permit;
            let mut conn = pool.get().map_err(DbError::from)?;
            work(&mut conn)
        })
        .await
        .map_err(|_| E::from(DbError::Cancelled))?
    }

    /// Applies every pending migration for this backend.
    pub fn migrate(&self) -> Result<(), DbError> {
        let mut conn = self.get()?;
        run_migrations(&mut conn)
    }
}

/// Runs `work` in a transaction meant to write. On SQLite the outermost one starts with
/// `BEGIN IMMEDIATE`: a deferred transaction that reads first and writes later cannot upgrade
/// its lock once another writer has committed (SQLite answers "database is locked" at once,
/// whatever the busy timeout), while an immediate one waits its turn up front. A panic inside
/// `work` rolls the transaction back as it unwinds.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let outermost_sqlite = match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()?
            .is_none(),
        DbConn::Postgres(_) => false,
    };
    match conn {
        DbConn::Sqlite(c) if outermost_sqlite => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        _ => Transactions::begin_transaction(conn)?,
    }
    let guard = RollbackOnUnwind(conn);
    let result = work(&mut *guard.0);
    std::mem::forget(guard);
    match &result {
        Ok(_) => Transactions::commit_transaction(conn)?,
        Err(_) => Transactions::rollback_transaction(conn)?,
    }
    result
}

type Transactions = <DbConn as Connection>::TransactionManager;

/// Dropped only while `work` unwinds: rolls its transaction back, so that a caught panic
/// leaves the connection usable (the pool also refuses connections given back mid-unwind).
struct RollbackOnUnwind<'a>(&'a mut DbConn);

impl Drop for RollbackOnUnwind<'_> {
    fn drop(&mut self) {
        let _ = Transactions::rollback_transaction(self.0);
    }
}

/// Applies every pending migration on one connection.
pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbError> {
    let result = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Migration(e.to_string()))
}

/// The migrations for a backend, for tests that walk them one by one.
pub fn migrations_for(backend: Backend) -> EmbeddedMigrations {
    match backend {
        Backend::Sqlite => SQLITE_MIGRATIONS,
        Backend::Postgres => POSTGRES_MIGRATIONS,
    }
}

/// The current time in UTC, at the microsecond precision both backends store.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A new time-ordered id (UUIDv7); ids never reveal how many rows exist.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_picks_backend_from_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/t.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/t.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/t.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("/tmp/t.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("mysql://h/db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
