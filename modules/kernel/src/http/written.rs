//! The generic handlers' writes with the resource's after-write hook ([`Resource::on_write`]): the row and what the
//! hook does (an event published to the module's outbox) in one transaction on every backend. For a resource without
//! a hook these are the plain writes.

use crate::blocking::{run_transaction, run_write};
use crate::db::{AnyConnection, Database};
use crate::error::ApiError;
use crate::resource::{Resource, ResourceSpec, Written};
use crate::sql;
use crate::validate::Valid;

/// Runs a write of `R`: in a transaction of its own when `R` has a hook (on SQLite every write is one).
pub async fn run<R: Resource, T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    if R::ON_WRITE {
        run_transaction(db, work).await
    } else {
        run_write(db, work).await
    }
}

/// Inserts, then runs the hook with the stored row. `refused` names the field a constraint refused.
pub fn create<R: Resource>(
    conn: &mut AnyConnection,
    data: &Valid,
    refused: impl Fn(diesel::result::Error) -> ApiError,
) -> Result<R, ApiError> {
    let row = sql::insert::<R>(conn, data).map_err(refused)?;
    R::on_write(conn, Written::Created(&row))?;
    Ok(row)
}

/// Updates, then runs the hook with the row before (read and locked first) and after; `None` without such a row.
pub fn update<R: Resource>(
    conn: &mut AnyConnection,
    id: i64,
    data: &Valid,
    refused: impl Fn(diesel::result::Error) -> ApiError,
) -> Result<Option<R>, ApiError> {
    if !R::ON_WRITE {
        return sql::update::<R>(conn, id, data).map_err(refused);
    }
    let Some(before) = sql::fetch_for_update::<R>(conn, id)? else {
        return Ok(None);
    };
    let Some(after) = sql::update::<R>(conn, id, data).map_err(refused)? else {
        return Ok(None);
    };
    R::on_write(
        conn,
        Written::Updated {
            before: &before,
            after: &after,
        },
    )?;
    Ok(Some(after))
}

/// Deletes (the rows of the module's `tables` that point at it first), then runs the hook with the row as it was
/// (read and locked first); whether a row was deleted.
pub fn delete<R: Resource>(
    conn: &mut AnyConnection,
    id: i64,
    tables: &[&'static ResourceSpec],
) -> Result<bool, ApiError> {
    if !R::ON_WRITE {
        return Ok(sql::delete(conn, &R::SPEC, id, tables)?);
    }
    let Some(before) = sql::fetch_for_update::<R>(conn, id)? else {
        return Ok(false);
    };
    if !sql::delete(conn, &R::SPEC, id, tables)? {
        return Ok(false);
    }
    R::on_write(conn, Written::Deleted(&before))?;
    Ok(true)
}
