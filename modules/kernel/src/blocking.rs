//! The one way handlers reach a database: diesel is blocking, so the work, checkout included, runs on the
//! module's own bounded thread pool ([`crate::db::Executor`]), never on an actix worker thread.

use diesel::r2d2::R2D2Connection;

use crate::db::{AnyConnection, Database};
use crate::error::ApiError;

/// Runs a write: on SQLite in a savepoint of the writer thread's next group commit, elsewhere like [`run`].
pub async fn run_write<T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    match db.writer() {
        Some(writer) => writer.run(work).await,
        None => run(db, work).await,
    }
}

/// Runs a write in a transaction on every backend: on SQLite in a savepoint of the writer thread's next group
/// commit, elsewhere in a transaction of its own, so that everything `work` writes commits or rolls back as one
/// (a row and the events published with it). An error rolls it back.
pub async fn run_transaction<T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    use diesel::Connection;
    match db.writer() {
        Some(writer) => writer.run(work).await,
        None => run(db, move |conn| conn.transaction(work)).await,
    }
}

/// Runs `work` with a connection of `db`'s pool on the module's query threads.
pub async fn run<T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = db.clone();
    let module = db.module();
    db.executor()
        .run(move || {
            let db = pool;
            let mut conn = db.get()?;
            let result = work(&mut conn);
            // Whatever `work` published has committed (or never will): its relays may look.
            crate::events::wake_published();
            match result {
                // A failure on a connection that no longer answers is the database going away: 503, not 500;
                // and the pool must not hand that connection out again.
                Err(ApiError::Internal(cause) | ApiError::Unavailable(cause))
                    if conn.ping().is_err() =>
                {
                    conn.mark_lost();
                    Err(ApiError::Unavailable(cause))
                }
                result => result,
            }
        })
        .await
        .map_err(|e| ApiError::internal(format!("database task of module {module}: {e}")))?
}
