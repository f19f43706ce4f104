//! Writes of a resource: the body read and validated into a draft, its foreign keys checked against the module's
//! database in the write's own transaction, every failing field reported at once in field order, then the
//! insert or update with the resource's after-write hook; a unique constraint that refuses it is DRF's message on
//! the field that owns it.

use actix_web::web::Payload;

use super::Context;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::fields::Field;
use crate::http::negotiate::{parse_body, read_body};
use crate::http::written;
use crate::resource::{Resource, ResourceSpec};
use crate::sql;
use crate::validate::{check, Draft, Mode};

pub(super) enum Write {
    Create,
    Update(i64),
}

/// The request's body, validated field by field (the failures kept for the final answer).
pub(super) async fn draft<R: Resource>(
    cx: &Context<'_>,
    payload: Payload,
    mode: Mode,
) -> Result<Draft, ApiError> {
    let body = read_body(cx.req, payload).await?;
    let value = parse_body(cx.req, &body)?;
    let dialect = sql::Dialect::of_url(cx.db.url());
    check(&cx.fields(&R::SPEC), &value, mode, Some(dialect))
}

/// Checks the draft's foreign keys, then writes it; any failing field refuses the whole write.
pub(super) fn save<R: Resource>(
    conn: &mut AnyConnection,
    write: Write,
    mut draft: Draft,
    fields: &[Field],
) -> Result<R, ApiError> {
    let spec = &R::SPEC;
    for (name, id, shown) in std::mem::take(&mut draft.relations) {
        let Some(target) = spec.field(name).and_then(|f| f.source.target()) else {
            continue;
        };
        if sql::existing_ids(conn, target, &[id])?.is_empty() {
            draft.reject(
                crate::value::Key::<i64>::new(name),
                format!("Invalid pk \"{shown}\" - object does not exist."),
            );
        }
    }
    let data = draft.into_valid(fields)?;
    match write {
        Write::Create => written::create::<R>(conn, &data, |e| write_error(spec, e)),
        Write::Update(id) => written::update::<R>(conn, id, &data, |e| write_error(spec, e))?
            .ok_or(ApiError::NoMatch(spec.model_name)),
    }
}

/// A unique constraint that refused a write becomes DRF's message on the field that owns it; the constraint
/// decides, so two racing requests cannot both succeed and neither gets a 500.
pub(super) fn write_error(spec: &ResourceSpec, error: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    if let Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = &error {
        // SQLite: "UNIQUE constraint failed: table.column"; PostgreSQL and MySQL: constraint "table_column_key".
        let names = format!(
            "{} {}",
            info.message(),
            info.constraint_name().unwrap_or("")
        );
        if let Some(field) = spec.fields.iter().find(|f| {
            f.unique
                && (names.contains(&format!(".{}", f.column_name()))
                    || names.contains(&format!("_{}_key", f.column_name())))
        }) {
            return ApiError::field(
                field.name,
                format!(
                    "{} with this {} already exists.",
                    spec.verbose_name,
                    field.label.to_lowercase()
                ),
            );
        }
    }
    error.into()
}
