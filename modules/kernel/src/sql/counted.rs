//! A page and the count of the rows it pages through, in one statement: the count is a scalar subquery that
//! does not depend on the outer row, which every backend computes once (PostgreSQL's InitPlan, MySQL's cached
//! subquery, SQLite's run-once subroutine). A counted list then costs one round trip to the database, not two,
//! and each part keeps the plan it had as a statement of its own.

use diesel::deserialize::{self, QueryableByName};
use diesel::row::NamedRow;
use diesel::sql_types::BigInt;
use diesel::{QueryResult, RunQueryDsl};

use super::select::{conditions, count_statement, order_by, select_list, Tables};
use super::statement::{Dialect, Statement};
use crate::db::{AnyBackend, AnyConnection};
use crate::listing::ListQuery;
use crate::resource::Resource;

/// The count's column, beside the fields' (named as they are, so this name is one no model would give a field).
const TOTAL: &str = "__tessera_total";

/// A row of a counted page: the resource's row and the count beside it.
struct Counted<R> {
    row: R,
    total: i64,
}

impl<R: QueryableByName<AnyBackend>> QueryableByName<AnyBackend> for Counted<R> {
    fn build<'a>(row: &impl NamedRow<'a, AnyBackend>) -> deserialize::Result<Self> {
        Ok(Counted {
            row: R::build(row)?,
            total: NamedRow::get::<BigInt, i64>(row, TOTAL)?,
        })
    }
}

/// The page of `limit` rows at `offset` and how many rows the query matches, or `None` when the page is empty
/// (past the end, or nothing matches): whether an empty page is a valid one then needs the count alone.
pub fn counted_page<R: Resource>(
    conn: &mut AnyConnection,
    query: &ListQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<Option<(i64, Vec<R>)>> {
    let dialect = Dialect::of(conn);
    let total = count_statement(dialect, &R::SPEC, query);
    let mut tables = Tables::new(&R::SPEC);
    let list = select_list(&mut tables);
    let mut rest = conditions(&mut tables, dialect, query, None);
    rest.append(order_by(&mut tables, dialect, query, false));
    rest.limit(dialect, limit, Some(offset));
    let mut st = Statement::new();
    st.sql("SELECT ")
        .append(list)
        .sql(", (")
        .append(total)
        .sql(") AS ")
        .ident(TOTAL);
    tables.write_from(&mut st);
    st.append(rest);
    let rows = st.load::<Counted<R>>(conn)?;
    let Some(total) = rows.first().map(|r| r.total) else {
        return Ok(None);
    };
    Ok(Some((total, rows.into_iter().map(|r| r.row).collect())))
}
