//! A module's connection pool.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::executor::Executor;
use super::writer::Writer;

use super::connection::{prepare_sqlite, ConnectionManager};
use super::url::DatabaseUrl;

/// How a module's pool is sized and how long a request waits for a connection.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub max_size: u32,
    pub checkout_timeout: Duration,
    /// Threads that run the module's queries (see [`Executor`]).
    pub threads: usize,
}

/// Why a module's database could not be opened or reached.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("cannot open {url}: {cause}")]
    Open { url: String, cause: String },
    #[error("no connection available: {0}")]
    Unavailable(String),
}

/// One module's database: the pool of connections to the URL in that module's settings.
#[derive(Clone)]
pub struct Database {
    module: &'static str,
    url: Arc<DatabaseUrl>,
    pool: r2d2::Pool<ConnectionManager>,
    executor: Arc<Executor>,
    /// SQLite's group-commit writer; `None` for PostgreSQL, which takes concurrent writers.
    writer: Option<Arc<Writer>>,
    /// Checkouts that had to wait for a connection, and the microseconds they waited.
    waits: Arc<(AtomicU64, AtomicU64)>,
}

pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

impl Database {
    /// Opens one connection with the backend's own driver first, so that a bad path or a server that is down is
    /// reported with its real cause, then builds the pool around it.
    pub fn open(
        module: &'static str,
        url: DatabaseUrl,
        options: PoolOptions,
    ) -> Result<Self, DatabaseError> {
        let open_error = |cause: String| DatabaseError::Open {
            url: url.to_string(),
            cause: url.redact(&cause),
        };
        if let DatabaseUrl::Sqlite(path) = &url {
            prepare_sqlite(path).map_err(open_error)?;
        }
        let manager = ConnectionManager::new(url.clone());
        let first = manager.connect().map_err(|e| open_error(e.to_string()))?;
        let pool = r2d2::Pool::builder()
            .max_size(options.max_size.max(1))
            .min_idle(Some(0))
            .connection_timeout(options.checkout_timeout)
            // A server closes connections (MySQL's wait_timeout, restarts) without diesel knowing until a query
            // fails: one that sat idle is pinged at checkout (see `ManageConnection::is_valid`). SQLite files
            // do not go away.
            .test_on_check_out(!matches!(url, DatabaseUrl::Sqlite(_)))
            .build_unchecked(manager);
        drop(first);
        let executor = Executor::start(module, options.threads);
        let sqlite = matches!(url, DatabaseUrl::Sqlite(_));
        let mut database = Self {
            module,
            url: Arc::new(url),
            pool,
            executor,
            writer: None,
            waits: Arc::default(),
        };
        if sqlite {
            database.writer = Some(Arc::new(Writer::start(database.clone())));
        }
        Ok(database)
    }

    /// Checks a connection out of the pool. Blocking: call it on the module's query threads (see
    /// [`crate::blocking`]), never on an actix worker.
    pub fn get(&self) -> Result<PooledConnection, DatabaseError> {
        let started = std::time::Instant::now();
        let connection = self.pool.get();
        let waited = started.elapsed();
        if waited > Duration::from_millis(1) {
            self.waits.0.fetch_add(1, Ordering::Relaxed);
            self.waits
                .1
                .fetch_add(waited.as_micros() as u64, Ordering::Relaxed);
        }
        connection.map_err(|e| DatabaseError::Unavailable(self.url.redact(&e.to_string())))
    }

    /// Checkouts that waited more than a millisecond, and their total wait.
    pub fn checkout_waits(&self) -> (u64, Duration) {
        let micros = self.waits.1.load(Ordering::Relaxed);
        (
            self.waits.0.load(Ordering::Relaxed),
            Duration::from_micros(micros),
        )
    }

    /// The group-commit writer, for a SQLite database.
    pub fn writer(&self) -> Option<&Writer> {
        self.writer.as_deref()
    }

    /// The module's own query threads.
    pub fn executor(&self) -> &Executor {
        &self.executor
    }

    pub fn module(&self) -> &'static str {
        self.module
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Connections open and idle right now.
    pub fn state(&self) -> r2d2::State {
        self.pool.state()
    }
}
