//! One connection type over every backend, and the r2d2 manager that opens it with the concrete driver, so that a
//! failure reports its real cause rather than the multi-connection's generic one.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::R2D2Connection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};

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

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = AnyConnection;
    type Error = ConnectionError;

    fn connect(&self) -> Result<AnyConnection, ConnectionError> {
        ConnectionManager::connect(self)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), ConnectionError> {
        conn.ping()
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        conn.is_broken()
    }
}
