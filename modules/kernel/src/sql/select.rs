//! The reads of every resource: one row by id, a page of a list, the list's count, and the count triggers keep.

use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::search::contains;
use super::statement::{Bound, Dialect, Statement};
use crate::db::AnyConnection;
use crate::fields::Field;
use crate::listing::ListQuery;
use crate::resource::{Resource, ResourceSpec};
use crate::value::{FieldType, Key};

/// `SELECT <every stored column> FROM <table>`.
pub(super) fn select_row(spec: &ResourceSpec) -> Statement {
    let mut st = Statement::new();
    st.sql("SELECT ")
        .idents(spec.fields.iter().map(Field::column_name))
        .sql(" FROM ")
        .ident(spec.table);
    st
}

/// The column of the primary key.
pub(super) fn id_column(spec: &ResourceSpec) -> &'static str {
    spec.fields
        .iter()
        .find(|f| f.primary_key)
        .map_or("id", Field::column_name)
}

pub fn fetch<R: Resource>(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<R>> {
    let spec = &R::SPEC;
    let mut st = select_row(spec);
    st.sql(" WHERE ")
        .column(spec.table, id_column(spec))
        .sql(" = ")
        .bind(Bound::Int(Some(id)));
    Ok(st.load::<R>(conn)?.into_iter().next())
}

/// The row with this id, locked until the transaction ends (`FOR UPDATE` on PostgreSQL and MySQL; SQLite's one
/// writer at a time needs no lock), so that what a write decides from it cannot be overtaken by another write.
pub fn fetch_for_update<R: Resource>(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<R>> {
    let spec = &R::SPEC;
    let mut st = select_row(spec);
    st.sql(" WHERE ")
        .column(spec.table, id_column(spec))
        .sql(" = ")
        .bind(Bound::Int(Some(id)));
    if Dialect::of(conn) != Dialect::Sqlite {
        st.sql(" FOR UPDATE");
    }
    Ok(st.load::<R>(conn)?.into_iter().next())
}

/// The first row whose field `key` holds `value` (a user by username), for the module's own code.
pub fn first_by<R: Resource, T: FieldType>(
    conn: &mut AnyConnection,
    key: Key<T>,
    value: T,
) -> QueryResult<Option<R>> {
    let spec = &R::SPEC;
    let field = spec.field(key.name).ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(
            format!("{} has no field {}", spec.model_name, key.name).into(),
        )
    })?;
    let mut st = select_row(spec);
    st.sql(" WHERE ")
        .column(spec.table, field.column_name())
        .sql(" = ")
        .bind(super::bound(field, &value.to_json()));
    Ok(st.load::<R>(conn)?.into_iter().next())
}

/// `WHERE` for the query's filters, owner and search terms (nothing when it has none).
fn conditions(st: &mut Statement, dialect: Dialect, spec: &ResourceSpec, query: &ListQuery) {
    let mut first = true;
    let mut and = |st: &mut Statement| {
        st.sql(if first { " WHERE " } else { " AND " });
        first = false;
    };
    for filter in &query.filters {
        and(st);
        match &filter.value {
            Some(value) => {
                st.column(spec.table, filter.field.column_name())
                    .sql(" = ")
                    .bind(value.clone());
            }
            None => {
                st.sql("1 = 0");
            }
        }
    }
    if let (Some(owner), Some(field)) = (query.owner, spec.owner_field.and_then(|f| spec.field(f)))
    {
        and(st);
        st.column(spec.table, field.column_name())
            .sql(" = ")
            .bind(Bound::Int(Some(owner)));
    }
    for term in &query.search {
        and(st);
        st.sql("(");
        for (i, name) in spec.search.iter().enumerate() {
            if i > 0 {
                st.sql(" OR ");
            }
            let column = spec.field(name).map_or(*name, Field::column_name);
            contains(st, dialect, spec.table, column, term);
        }
        st.sql(")");
    }
}

/// `ORDER BY` the query's terms. A nullable column's NULLs come last ascending and first descending on every
/// backend, as PostgreSQL orders them.
fn order_by(st: &mut Statement, dialect: Dialect, spec: &ResourceSpec, query: &ListQuery) {
    for (i, order) in query.ordering.iter().enumerate() {
        st.sql(if i == 0 { " ORDER BY " } else { ", " });
        let field = spec.field(order.field);
        let column = field.map_or(order.field, Field::column_name);
        let nullable = field.is_some_and(|f| f.allow_null);
        let direction = if order.descending { " DESC" } else { " ASC" };
        match (nullable, dialect) {
            (true, Dialect::Mysql) => {
                st.column(spec.table, column).sql(if order.descending {
                    " IS NULL DESC, "
                } else {
                    " IS NULL, "
                });
                st.column(spec.table, column).sql(direction);
            }
            (true, Dialect::Sqlite) => {
                st.column(spec.table, column)
                    .sql(direction)
                    .sql(if order.descending {
                        " NULLS FIRST"
                    } else {
                        " NULLS LAST"
                    });
            }
            _ => {
                st.column(spec.table, column).sql(direction);
            }
        }
    }
}

/// One page of the rows the query matches, in its order.
pub fn page<R: Resource>(
    conn: &mut AnyConnection,
    query: &ListQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<R>> {
    let dialect = Dialect::of(conn);
    let spec = &R::SPEC;
    let mut st = select_row(spec);
    conditions(&mut st, dialect, spec, query);
    order_by(&mut st, dialect, spec, query);
    st.sql(" LIMIT ")
        .bind(Bound::Int(Some(limit)))
        .sql(" OFFSET ")
        .bind(Bound::Int(Some(offset)));
    st.load::<R>(conn)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many rows the query matches.
pub fn count(conn: &mut AnyConnection, spec: &ResourceSpec, query: &ListQuery) -> QueryResult<i64> {
    let dialect = Dialect::of(conn);
    let mut st = Statement::new();
    st.sql("SELECT COUNT(*) AS n FROM ").ident(spec.table);
    conditions(&mut st, dialect, spec, query);
    Ok(st.load::<Count>(conn)?.first().map_or(0, |c| c.n))
}

/// The number of all rows, as the count triggers keep it (one row on SQLite and PostgreSQL, eight on MySQL, read
/// as their sum); `None` for a resource without them.
pub fn total(conn: &mut AnyConnection, spec: &ResourceSpec) -> QueryResult<Option<i64>> {
    if !spec.kept_count {
        return Ok(None);
    }
    let mut st = Statement::new();
    st.sql("SELECT n FROM ").ident(spec.count_table());
    let parts = st.load::<Count>(conn)?;
    Ok(parts.into_iter().map(|c| c.n).reduce(|a, b| a + b))
}
