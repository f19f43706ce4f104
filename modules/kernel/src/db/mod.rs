//! A module's own database: its URL, its pool, its migrations, and the one way handlers reach it.

mod connection;
mod executor;
mod migrate;
mod pool;
pub mod search;
pub mod sql;
mod url;
mod writer;

pub use connection::{AnyConnection, ConnectionManager, Pooled};
pub use executor::{Executor, ExecutorError};
pub use migrate::{run_pending, Migrations};
pub use pool::{Database, DatabaseError, PoolOptions};
pub use sql::last_insert_id;
pub use url::{mask_password, DatabaseUrl, UrlError};

/// The backend type of [`AnyConnection`], for a module's boxed queries.
pub type AnyBackend = <AnyConnection as diesel::Connection>::Backend;
