//! The writes of every resource: insert, update and delete by id, each returning what the API answers with.
//! SQLite and PostgreSQL return a stored row with `RETURNING`; MySQL, which has none, and a row with related
//! fields or counts (which `RETURNING` cannot give) are read back. A delete deletes the rows whose foreign key
//! points at the row first, as Django's `on_delete=CASCADE` does, in the same transaction.

use diesel::{QueryResult, RunQueryDsl};
use serde_json::Value;

use super::select::Count;
use super::statement::{Bound, Dialect, Statement};
use crate::db::AnyConnection;
use crate::fields::{Auto, Field, FieldKind};
use crate::resource::{Resource, ResourceSpec};
use crate::types::Timestamp;
use crate::validate::{default_value, Valid};
use crate::value::Key;

/// A validated value bound as its field's column type (`null` as a typed NULL).
pub fn bound(field: &Field, value: &Value) -> Bound {
    match field.kind {
        FieldKind::String | FieldKind::Choice(_) => Bound::Text(value.as_str().map(str::to_owned)),
        FieldKind::Boolean => Bound::Bool(value.as_bool()),
        _ => Bound::Int(value.as_i64()),
    }
}

/// The value an insert stores in a column the data does not give: the server's moment, the declared default,
/// `NULL`, or for text Django's empty string.
fn missing_value(field: &Field, now: Timestamp) -> Value {
    match (field.auto, field.default) {
        (Auto::Created | Auto::Updated, _) => Value::from(now.0),
        (Auto::No, Some(default)) => default_value(default),
        _ if field.allow_null => Value::Null,
        _ if field.kind.is_text() => Value::from(""),
        _ => Value::Null,
    }
}

/// Whether every field is a column, so that `RETURNING` gives the whole row.
fn columns_only(spec: &ResourceSpec) -> bool {
    spec.fields.iter().all(|f| f.source.is_column())
}

/// ` RETURNING <every column>`.
fn returning(st: &mut Statement, spec: &ResourceSpec) {
    st.sql(" RETURNING ");
    st.idents(spec.fields.iter().map(Field::column_name));
}

/// ` RETURNING id AS n`, for a row read back.
fn returning_id(st: &mut Statement, spec: &ResourceSpec) {
    st.sql(" RETURNING ").ident(spec.id_column()).sql(" AS n");
}

/// Inserts validated data (missing columns take their defaults) and returns the stored row.
pub fn insert<R: Resource>(conn: &mut AnyConnection, data: &Valid) -> QueryResult<R> {
    let spec = &R::SPEC;
    let now = Timestamp::now();
    let fields: Vec<&Field> = spec
        .fields
        .iter()
        .filter(|f| !f.primary_key && f.source.is_column())
        .collect();
    let mut st = Statement::new();
    st.sql("INSERT INTO ").ident(spec.table).sql(" (");
    st.idents(fields.iter().map(|f| f.column_name()));
    st.sql(") VALUES (");
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            st.sql(", ");
        }
        let value = match (field.auto, data.value(field.name)) {
            (Auto::No, Some(value)) => value.clone(),
            _ => missing_value(field, now),
        };
        st.bind(bound(field, &value));
    }
    st.sql(")");
    let not_found = || diesel::result::Error::NotFound;
    match (Dialect::of(conn).returns(), columns_only(spec)) {
        (true, true) => {
            returning(&mut st, spec);
            st.get_result::<R>(conn)
        }
        (true, false) => {
            returning_id(&mut st, spec);
            let id = st.get_result::<Count>(conn)?.n;
            super::fetch::<R>(conn, id)?.ok_or_else(not_found)
        }
        // MySQL: the row with the id the insert generated (kept per connection, so no transaction is needed to
        // read it back; a write that publishes events has its own around this).
        (false, _) => {
            st.run(conn)?;
            super::select::fetch_inserted::<R>(conn)?.ok_or_else(not_found)
        }
    }
}

/// Changes the fields the data gives (and `auto_now` ones) and returns the stored row; `None` when there is no
/// row with this id. Data that changes nothing returns the row as it is.
pub fn update<R: Resource>(
    conn: &mut AnyConnection,
    id: i64,
    data: &Valid,
) -> QueryResult<Option<R>> {
    let spec = &R::SPEC;
    let now = Value::from(Timestamp::now().0);
    let mut st = Statement::new();
    st.sql("UPDATE ").ident(spec.table).sql(" SET ");
    let mut changed = 0;
    for field in spec
        .fields
        .iter()
        .filter(|f| !f.primary_key && f.source.is_column())
    {
        let value = match (field.auto, data.value(field.name)) {
            (Auto::Updated, _) => &now,
            (Auto::No, Some(value)) => value,
            _ => continue,
        };
        if changed > 0 {
            st.sql(", ");
        }
        changed += 1;
        st.ident(field.column_name())
            .sql(" = ")
            .bind(bound(field, value));
    }
    if changed == 0 {
        return super::fetch::<R>(conn, id);
    }
    st.sql(" WHERE ")
        .ident(spec.id_column())
        .sql(" = ")
        .bind(Bound::Int(Some(id)));
    if Dialect::of(conn).returns() && columns_only(spec) {
        returning(&mut st, spec);
        return Ok(st.load::<R>(conn)?.into_iter().next());
    }
    // Read back: MySQL has no RETURNING, and related fields are not columns. A transaction would only hold the
    // row's lock longer; a change between the two statements is returned as the stored row, as it is.
    st.run(conn)?;
    super::fetch::<R>(conn, id)
}

/// Adds `delta` to an integer field of the row with this id, only if the result stays within the field's declared
/// bounds (`min`, `max`), in one statement, so that concurrent changes cannot take a stock below zero; `auto_now`
/// fields are set too. Whether the row changed (`false` also when there is no such row).
pub fn add<R: Resource>(
    conn: &mut AnyConnection,
    id: i64,
    key: Key<i64>,
    delta: i64,
) -> QueryResult<bool> {
    let spec = &R::SPEC;
    let field = spec.field(key.name).ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(
            format!("{} has no field {}", spec.model_name, key.name).into(),
        )
    })?;
    let column = field.column_name();
    let mut st = Statement::new();
    st.sql("UPDATE ").ident(spec.table).sql(" SET ");
    st.ident(column)
        .sql(" = ")
        .ident(column)
        .sql(" + ")
        .bind(Bound::Int(Some(delta)));
    let now = Timestamp::now().0;
    for auto in spec.fields.iter().filter(|f| f.auto == Auto::Updated) {
        st.sql(", ")
            .ident(auto.column_name())
            .sql(" = ")
            .bind(Bound::Int(Some(now)));
    }
    st.sql(" WHERE ")
        .ident(spec.id_column())
        .sql(" = ")
        .bind(Bound::Int(Some(id)));
    for (bound, comparison) in [(field.min_value, " >= "), (field.max_value, " <= ")] {
        if let Some(bound) = bound {
            st.sql(" AND ")
                .ident(column)
                .sql(" + ")
                .bind(Bound::Int(Some(delta)))
                .sql(comparison)
                .bind(Bound::Int(Some(bound)));
        }
    }
    Ok(st.run(conn)? > 0)
}

/// Whether a row was deleted. The rows of the module's `tables` whose foreign key points at it go first, and
/// theirs before them.
pub fn delete(
    conn: &mut AnyConnection,
    spec: &'static ResourceSpec,
    id: i64,
    tables: &[&'static ResourceSpec],
) -> QueryResult<bool> {
    delete_children(conn, spec, id, tables)?;
    let mut st = Statement::new();
    st.sql("DELETE FROM ")
        .ident(spec.table)
        .sql(" WHERE ")
        .ident(spec.id_column())
        .sql(" = ")
        .bind(Bound::Int(Some(id)));
    Ok(st.run(conn)? > 0)
}

/// The resources of `tables` with a foreign key to `spec`, and that foreign key.
fn children_of(
    spec: &ResourceSpec,
    tables: &[&'static ResourceSpec],
) -> Vec<(&'static ResourceSpec, &'static Field)> {
    tables
        .iter()
        .flat_map(|child| child.fields.iter().map(move |f| (*child, f)))
        .filter(|(_, f)| f.source.target().is_some_and(|t| t.table == spec.table))
        .collect()
}

fn delete_children(
    conn: &mut AnyConnection,
    spec: &ResourceSpec,
    id: i64,
    tables: &[&'static ResourceSpec],
) -> QueryResult<()> {
    for (child, fk) in children_of(spec, tables) {
        if !children_of(child, tables).is_empty() {
            let mut ids = Statement::new();
            ids.sql("SELECT ")
                .ident(child.id_column())
                .sql(" AS n FROM ")
                .ident(child.table);
            ids.sql(" WHERE ")
                .ident(fk.column_name())
                .sql(" = ")
                .bind(Bound::Int(Some(id)));
            for row in ids.load::<Count>(conn)? {
                delete(conn, child, row.n, tables)?;
            }
            continue;
        }
        let mut st = Statement::new();
        st.sql("DELETE FROM ").ident(child.table);
        st.sql(" WHERE ")
            .ident(fk.column_name())
            .sql(" = ")
            .bind(Bound::Int(Some(id)));
        st.run(conn)?;
    }
    Ok(())
}
