//! A module's own database: its URL, its pool, its migrations, and the one way handlers reach it.

mod connection;
mod executor;
mod migrate;
mod pool;
mod search_merge;
pub mod sql;
mod url;
mod writer;

pub use connection::{AnyConnection, ConnectionManager, Pooled};
pub use executor::{Executor, ExecutorError};
pub use migrate::{run_pending, Embedded, Migrations};
pub use pool::{Database, DatabaseError, PoolOptions};
pub use sql::last_insert_id;
pub use url::{mask_password, DatabaseUrl, UrlError};

/// Diesel's query results, for module code that reads its own tables.
pub use diesel::result::{DatabaseErrorKind, Error as QueryError, QueryResult};

/// The backend type of [`AnyConnection`], for a module's boxed queries.
pub type AnyBackend = <AnyConnection as diesel::Connection>::Backend;
