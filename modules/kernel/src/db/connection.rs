//! One connection type over every backend, and the r2d2 manager that opens it with the concrete driver, so that a
//! failure reports its real cause rather than the multi-connection's generic one.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};

use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

use super::url::DatabaseUrl;

/// A connection to whichever backend a module's URL selects. The derive cannot leave out a variant by `cfg`, so the
/// type is written once per build: with MySQL/MariaDB (the `mysql` feature) and without.
#[cfg(not(feature = "mysql"))]
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// A connection to whichever backend a module's URL selects. The derive cannot leave out a variant by `cfg`, so the
/// type is written once per build: with MySQL/MariaDB (the `mysql` feature) and without.
#[cfg(feature = "mysql")]
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
    Mysql(diesel::mysql::MysqlConnection),
}

/// Per-connection SQLite settings. WAL is set once, before the pool opens (see [`prepare_sqlite`]).
const SQLITE_CONNECTION_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

/// Per-session MySQL/MariaDB settings, whatever the server's defaults: refuse values that do not fit instead of
/// truncating them, take backslashes in SQL text literally, and see other transactions' commits at each statement,
/// as PostgreSQL and SQLite do. Values sent by the client compare and change case as the tables' text does
/// (`utf8mb4_bin`), so that search's `LOWER()` folds both sides alike.
#[cfg(feature = "mysql")]
const MYSQL_SESSION: &str =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,\
    ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_BACKSLASH_ESCAPES,ONLY_FULL_GROUP_BY'; \
    SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; \
    SET SESSION collation_connection = 'utf8mb4_bin'";

/// Opens connections for one module's pool.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn connect(&self) -> Result<AnyConnection, ConnectionError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                PgConnection::establish(url).map(AnyConnection::Postgresql)
            }
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(SQLITE_CONNECTION_PRAGMAS)
                    .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(AnyConnection::Sqlite(conn))
            }
            #[cfg(feature = "mysql")]
            DatabaseUrl::Mysql(url) => {
                let mut conn = diesel::mysql::MysqlConnection::establish(url)?;
                conn.batch_execute(MYSQL_SESSION)
                    .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(AnyConnection::Mysql(conn))
            }
            #[cfg(not(feature = "mysql"))]
            DatabaseUrl::Mysql(_) => Err(ConnectionError::BadConnection(
                super::url::UrlError::MysqlNotBuilt("mysql".into()).to_string(),
            )),
        }
    }
}

/// Creates the SQLite file's folder and switches the file to WAL once, on a single connection: pooled
/// connections racing to do it give "database is locked" at start.
pub fn prepare_sqlite(path: &std::path::Path) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create folder {}: {e}", dir.display()))?;
    }
    let mut conn =
        SqliteConnection::establish(&path.to_string_lossy()).map_err(|e| e.to_string())?;
    conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}

/// A connection in a module's pool, with what the pool needs to know of it. Dereferences to the connection.
pub struct Pooled {
    conn: AnyConnection,
    /// When it was last given back to the pool.
    returned: Instant,
    /// A query failed and the connection no longer answers: the pool drops it instead of taking it back.
    lost: bool,
}

impl Pooled {
    /// Makes the pool drop this connection when it is given back.
    pub fn mark_lost(&mut self) {
        self.lost = true;
    }
}

impl Deref for Pooled {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// A server connection given back to the pool less than this long ago is handed out again without a ping. Under
/// load connections come back within milliseconds; one idle longer may have been closed by the server (MySQL's
/// `wait_timeout`, a restart), and a ping finds out before a request does. A ping on every checkout cost a third of
/// the detail throughput on MySQL (HikariCP makes the same trade with its 500 ms bypass window).
const TRUSTED_IDLE: Duration = Duration::from_secs(1);

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = Pooled;
    type Error = ConnectionError;

    fn connect(&self) -> Result<Pooled, ConnectionError> {
        ConnectionManager::connect(self).map(|conn| Pooled {
            conn,
            returned: Instant::now(),
            lost: false,
        })
    }

    /// Run at checkout (for server databases only, see [`super::Database::open`]).
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), ConnectionError> {
        if conn.returned.elapsed() < TRUSTED_IDLE {
            return Ok(());
        }
        conn.conn
            .ping()
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    /// Run when a connection is given back.
    fn has_broken(&self, conn: &mut Pooled) -> bool {
        conn.returned = Instant::now();
        conn.lost || conn.conn.is_broken()
    }
}
