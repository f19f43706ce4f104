//! The one way handlers reach a database: diesel is blocking, so the work, checkout included, runs on the
//! blocking thread pool, never on an actix worker thread.

use actix_web::web;

use crate::db::{AnyConnection, Database};
use crate::error::ApiError;

/// Runs `work` with a connection of `db`'s pool on the blocking pool.
pub async fn run<T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let db = db.clone();
    let module = db.module();
    web::block(move || {
        let mut conn = db.get()?;
        work(&mut conn)
    })
    .await
    .map_err(|e| ApiError::internal(format!("database task of module {module}: {e}")))?
}
