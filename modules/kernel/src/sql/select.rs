//! The reads of every resource: one row by id, a page of a list (by offset or after a cursor), the list's count
//! and the count triggers keep. A row's related fields come from a join along their foreign key, its counts from
//! a subquery; filters, search and ordering across a foreign key join the same way.

use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::prefilter::prefilter;
use super::search::like;
use super::statement::{Bound, Col, Dialect, Statement};
use crate::db::AnyConnection;
use crate::fields::{Field, Source};
use crate::listing::{ListQuery, Op};
use crate::resource::{Resource, ResourceSpec};
use crate::value::{FieldType, Key};

/// The tables a statement reads: the resource's own, and the targets of the foreign keys it goes through, each
/// joined as `j_<foreign key>`.
pub(super) struct Tables {
    pub spec: &'static ResourceSpec,
    joins: Vec<&'static Field>,
}

impl Tables {
    pub fn new(spec: &'static ResourceSpec) -> Self {
        Tables {
            spec,
            joins: Vec::new(),
        }
    }

    /// A column of the resource's own table.
    pub fn own(&self, column: &'static str) -> Col {
        Col {
            table: self.spec.table.into(),
            column,
        }
    }

    /// The column a path names, joining what it goes through.
    pub fn resolve(&mut self, path: &str) -> Option<(Col, &'static Field)> {
        let (via, field) = self.spec.resolve(path)?;
        Some((self.along(via, field), field))
    }

    fn along(&mut self, via: Option<&'static Field>, field: &'static Field) -> Col {
        match via {
            None => self.own(field.column_name()),
            Some(fk) => {
                if !self.joins.iter().any(|j| j.name == fk.name) {
                    self.joins.push(fk);
                }
                Col {
                    table: format!("j_{}", fk.name).into(),
                    column: field.column_name(),
                }
            }
        }
    }

    /// `FROM <table> LEFT JOIN <target> AS j_<fk> ON ...`.
    pub fn write_from(&self, st: &mut Statement) {
        st.sql(" FROM ").ident(self.spec.table);
        for fk in &self.joins {
            let Some(target) = fk.source.target() else {
                continue;
            };
            let alias = format!("j_{}", fk.name);
            st.sql(" LEFT JOIN ")
                .ident(target.table)
                .sql(" AS ")
                .ident(alias.clone())
                .sql(" ON ")
                .ident(alias)
                .sql(".")
                .ident(target.id_column())
                .sql(" = ")
                .col(&self.own(fk.column_name()));
        }
    }
}

/// Every field of a row, each under the name its reader expects: a stored field as its column, a related field
/// from its join, a count as a subquery.
pub(super) fn select_list(tables: &mut Tables) -> Statement {
    let mut st = Statement::new();
    for (i, field) in tables.spec.fields.iter().enumerate() {
        if i > 0 {
            st.sql(", ");
        }
        match field.source {
            Source::Stored | Source::ForeignKey(_) => {
                st.col(&tables.own(field.column_name()));
            }
            Source::Related { via, field: target } => {
                let path = format!("{via}__{target}");
                match tables.resolve(&path) {
                    Some((col, _)) => st.col(&col),
                    None => st.sql("NULL"),
                };
            }
            Source::Count { of, via } => {
                let child = of();
                let column = child.field(via).map_or(via, Field::column_name);
                let alias = format!("c_{}", field.name);
                st.sql("(SELECT COUNT(*) FROM ")
                    .ident(child.table)
                    .sql(" AS ")
                    .ident(alias.clone())
                    .sql(" WHERE ")
                    .ident(alias)
                    .sql(".")
                    .ident(column)
                    .sql(" = ")
                    .col(&tables.own(tables.spec.id_column()))
                    .sql(")");
            }
        }
        st.sql(" AS ").ident(field.column_name());
    }
    st
}

/// `SELECT <every field> FROM ...`, with `rest` (conditions, order) appended after the tables it joins.
fn select(mut tables: Tables, rest: impl FnOnce(&mut Tables) -> Statement) -> Statement {
    let list = select_list(&mut tables);
    let rest = rest(&mut tables);
    let mut st = Statement::new();
    st.sql("SELECT ").append(list);
    tables.write_from(&mut st);
    st.append(rest);
    st
}

pub fn fetch<R: Resource>(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<R>> {
    fetch_by(conn, |st| {
        st.bind(Bound::Int(Some(id)));
    })
}

/// The row the connection's last `INSERT` made, found by `LAST_INSERT_ID()` in the same statement: MySQL, which
/// has no `RETURNING`, then reads it in one round trip instead of asking for the id first.
pub fn fetch_inserted<R: Resource>(conn: &mut AnyConnection) -> QueryResult<Option<R>> {
    fetch_by(conn, |st| {
        st.sql("LAST_INSERT_ID()");
    })
}

/// The row whose id equals what `id` writes.
fn fetch_by<R: Resource>(
    conn: &mut AnyConnection,
    id: impl FnOnce(&mut Statement),
) -> QueryResult<Option<R>> {
    let st = select(Tables::new(&R::SPEC), |tables| {
        let mut rest = Statement::new();
        rest.sql(" WHERE ")
            .col(&tables.own(R::SPEC.id_column()))
            .sql(" = ");
        id(&mut rest);
        rest
    });
    Ok(st.load::<R>(conn)?.into_iter().next())
}

/// The row with this id, locked until the transaction ends (`FOR UPDATE` on PostgreSQL and MySQL; SQLite's one
/// writer at a time needs no lock), so that what a write decides from it cannot be overtaken by another write.
pub fn fetch_for_update<R: Resource>(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<R>> {
    let dialect = Dialect::of(conn);
    let st = select(Tables::new(&R::SPEC), |tables| {
        let mut rest = Statement::new();
        rest.sql(" WHERE ")
            .col(&tables.own(R::SPEC.id_column()))
            .sql(" = ")
            .bind(Bound::Int(Some(id)));
        match dialect {
            // Only the row itself: PostgreSQL refuses to lock the nullable side of a join.
            Dialect::Postgres => {
                rest.sql(" FOR UPDATE OF ").ident(R::SPEC.table);
            }
            Dialect::Mysql => {
                rest.sql(" FOR UPDATE");
            }
            Dialect::Sqlite => {}
        }
        rest
    });
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
    let st = select(Tables::new(spec), |tables| {
        let mut rest = Statement::new();
        rest.sql(" WHERE ")
            .col(&tables.own(field.column_name()))
            .sql(" = ")
            .bind(super::bound(field, &value.to_json()));
        rest
    });
    Ok(st.load::<R>(conn)?.into_iter().next())
}

/// `WHERE` for the query's conditions, owner, parent and search terms, and `extra` (a cursor's position).
pub(super) fn conditions(
    tables: &mut Tables,
    dialect: Dialect,
    query: &ListQuery,
    extra: Option<(&'static str, i64)>,
) -> Statement {
    let mut st = Statement::new();
    let mut first = true;
    let mut and = |st: &mut Statement| {
        st.sql(if first { " WHERE " } else { " AND " });
        first = false;
    };
    for condition in &query.conditions {
        let Some((col, _)) = tables.resolve(condition.path) else {
            continue;
        };
        and(&mut st);
        compare(&mut st, dialect, &col, &condition.op);
    }
    let spec = tables.spec;
    let scopes = [
        query
            .owner
            .and_then(|owner| Some((spec.field(spec.owner_field?)?, owner))),
        query
            .parent
            .and_then(|(via, id)| Some((spec.field(via)?, id))),
    ];
    for (field, id) in scopes.into_iter().flatten() {
        and(&mut st);
        st.col(&tables.own(field.column_name()))
            .sql(" = ")
            .bind(Bound::Int(Some(id)));
    }
    for (i, term) in query.search.iter().enumerate() {
        and(&mut st);
        let grams = query.search_grams.get(i).map_or(&[][..], Vec::as_slice);
        prefilter(&mut st, dialect, spec, term, grams);
        st.sql("(");
        for (i, search) in spec.search.iter().enumerate() {
            let Some((col, _)) = tables.resolve(search.path) else {
                continue;
            };
            if i > 0 {
                st.sql(" OR ");
            }
            like(&mut st, dialect, &col, term, search.how);
        }
        st.sql(")");
    }
    if let Some((op, id)) = extra {
        and(&mut st);
        st.col(&tables.own(spec.id_column()))
            .sql(op)
            .bind(Bound::Int(Some(id)));
    }
    st
}

fn compare(st: &mut Statement, dialect: Dialect, col: &Col, op: &Op) {
    match op {
        Op::Equals(value) => {
            st.col(col).sql(" = ").bind(value.clone());
        }
        Op::Compare(op, value) => {
            st.col(col).sql(" ").sql(*op).sql(" ").bind(value.clone());
        }
        Op::Between(low, high) => {
            st.col(col)
                .sql(" BETWEEN ")
                .bind(low.clone())
                .sql(" AND ")
                .bind(high.clone());
        }
        Op::In(values) if values.is_empty() => {
            st.sql("1 = 0");
        }
        Op::In(values) => {
            st.col(col)
                .sql(" IN (")
                .binds(values.iter().cloned())
                .sql(")");
        }
        Op::Like(how, term) => like(st, dialect, col, term, *how),
        Op::IsNull(true) => {
            st.col(col).sql(" IS NULL");
        }
        Op::IsNull(false) => {
            st.col(col).sql(" IS NOT NULL");
        }
        Op::Nothing => {
            st.sql("1 = 0");
        }
    }
}

/// `ORDER BY` the query's terms (`reverse` turns each around, for a cursor going back). A nullable column's
/// NULLs come last ascending and first descending on every backend, as PostgreSQL orders them.
pub(super) fn order_by(
    tables: &mut Tables,
    dialect: Dialect,
    query: &ListQuery,
    reverse: bool,
) -> Statement {
    let mut st = Statement::new();
    for (i, order) in query.ordering.iter().enumerate() {
        let Some((col, field)) = tables.resolve(order.field) else {
            continue;
        };
        st.sql(if i == 0 { " ORDER BY " } else { ", " });
        let descending = order.descending != reverse;
        let direction = if descending { " DESC" } else { " ASC" };
        match (field.allow_null, dialect) {
            (true, Dialect::Mysql) => {
                st.col(&col).sql(if descending {
                    " IS NULL DESC, "
                } else {
                    " IS NULL, "
                });
                st.col(&col).sql(direction);
            }
            (true, Dialect::Sqlite) => {
                st.col(&col).sql(direction).sql(if descending {
                    " NULLS FIRST"
                } else {
                    " NULLS LAST"
                });
            }
            _ => {
                st.col(&col).sql(direction);
            }
        }
    }
    st
}

/// One page of the rows the query matches, in its order.
pub fn page<R: Resource>(
    conn: &mut AnyConnection,
    query: &ListQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<R>> {
    let dialect = Dialect::of(conn);
    let st = select(Tables::new(&R::SPEC), |tables| {
        let mut rest = conditions(tables, dialect, query, None);
        rest.append(order_by(tables, dialect, query, false));
        rest.limit(dialect, limit, Some(offset));
        rest
    });
    st.load::<R>(conn)
}

/// Up to `limit` rows after the id `position` (before it, in reverse, when `back`), by id: a cursor's page. The
/// rows come in ascending id order either way.
pub fn after<R: Resource>(
    conn: &mut AnyConnection,
    query: &ListQuery,
    position: Option<i64>,
    back: bool,
    limit: i64,
) -> QueryResult<Vec<R>> {
    let dialect = Dialect::of(conn);
    let extra = position.map(|p| (if back { " < " } else { " > " }, p));
    let st = select(Tables::new(&R::SPEC), |tables| {
        let mut rest = conditions(tables, dialect, query, extra);
        rest.append(order_by(tables, dialect, query, back));
        rest.limit(dialect, limit, None);
        rest
    });
    let mut rows = st.load::<R>(conn)?;
    if back {
        rows.reverse();
    }
    Ok(rows)
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// The ids of one page of the rows the query matches, in its order: a large page is then read a few rows at a
/// time ([`fetch_many`]) instead of whole.
pub fn page_ids(
    conn: &mut AnyConnection,
    spec: &'static ResourceSpec,
    query: &ListQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<i64>> {
    let dialect = Dialect::of(conn);
    let mut tables = Tables::new(spec);
    let mut rest = conditions(&mut tables, dialect, query, None);
    rest.append(order_by(&mut tables, dialect, query, false));
    rest.limit(dialect, limit, Some(offset));
    let mut st = Statement::new();
    st.sql("SELECT ")
        .col(&tables.own(spec.id_column()))
        .sql(" AS id");
    tables.write_from(&mut st);
    st.append(rest);
    Ok(st.load::<Id>(conn)?.into_iter().map(|r| r.id).collect())
}

/// The rows with these ids, in the order of `ids`; one deleted meanwhile is left out.
pub fn fetch_many<R: Resource>(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<Vec<R>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let st = select(Tables::new(&R::SPEC), |tables| {
        let mut rest = Statement::new();
        rest.sql(" WHERE ")
            .col(&tables.own(R::SPEC.id_column()))
            .sql(" IN (")
            .binds(ids.iter().map(|id| Bound::Int(Some(*id))))
            .sql(")");
        rest
    });
    let mut rows: Vec<Option<R>> = st.load::<R>(conn)?.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(rows.len());
    for id in ids {
        if let Some(slot) = rows
            .iter_mut()
            .find(|r| r.as_ref().is_some_and(|r| r.id() == *id))
        {
            ordered.extend(slot.take());
        }
    }
    Ok(ordered)
}

#[derive(QueryableByName)]
pub(super) struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

/// How many rows the query matches ([`count_statement`]).
pub fn count(
    conn: &mut AnyConnection,
    spec: &'static ResourceSpec,
    query: &ListQuery,
) -> QueryResult<i64> {
    let st = count_statement(Dialect::of(conn), spec, query);
    Ok(st.load::<Count>(conn)?.first().map_or(0, |c| c.n))
}

/// `SELECT ... AS n`, how many rows the query matches: for an unfiltered list of a resource that keeps its count,
/// the count triggers' rows summed (one on SQLite, sixteen on PostgreSQL, eight on MySQL); else `COUNT(*)`.
pub(super) fn count_statement(
    dialect: Dialect,
    spec: &'static ResourceSpec,
    query: &ListQuery,
) -> Statement {
    let mut st = Statement::new();
    if spec.kept_count && query.is_unfiltered() {
        st.sql(format!(
            "SELECT CAST(COALESCE(SUM(n), 0) AS {}) AS n FROM ",
            dialect.integer()
        ))
        .ident(spec.count_table());
        return st;
    }
    let mut tables = Tables::new(spec);
    let rest = conditions(&mut tables, dialect, query, None);
    st.sql("SELECT COUNT(*) AS n");
    tables.write_from(&mut st);
    st.append(rest);
    st
}

/// Which of `ids` name rows of `spec` (a foreign key's check).
pub fn existing_ids(
    conn: &mut AnyConnection,
    spec: &'static ResourceSpec,
    ids: &[i64],
) -> QueryResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut st = Statement::new();
    st.sql("SELECT ")
        .ident(spec.id_column())
        .sql(" AS n FROM ")
        .ident(spec.table);
    st.sql(" WHERE ")
        .ident(spec.id_column())
        .sql(" IN (")
        .binds(ids.iter().map(|id| Bound::Int(Some(*id))))
        .sql(")");
    Ok(st.load::<Count>(conn)?.into_iter().map(|c| c.n).collect())
}
