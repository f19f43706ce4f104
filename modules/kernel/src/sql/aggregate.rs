//! Totals over the rows a list query selects, for list actions (`books/stats/`): sums of integer and decimal
//! fields, read back exactly (decimals are stored scaled, so their sum is an integer too).

use diesel::sql_types::{BigInt, Nullable};
use diesel::{QueryResult, RunQueryDsl};

use super::select::{conditions, Tables};
use super::statement::{Dialect, Statement};
use crate::db::AnyConnection;
use crate::listing::ListQuery;
use crate::resource::ResourceSpec;
use crate::value::Key;

#[derive(diesel::QueryableByName)]
struct Sum {
    #[diesel(sql_type = Nullable<BigInt>)]
    n: Option<i64>,
}

/// The sum of `key`'s values over the rows `query` selects; `None` when it selects none (or all are null).
pub fn sum<T: From<i64>>(
    conn: &mut AnyConnection,
    spec: &'static ResourceSpec,
    query: &ListQuery,
    key: Key<T>,
) -> QueryResult<Option<T>> {
    let dialect = Dialect::of(conn);
    let mut tables = Tables::new(spec);
    let Some((col, _)) = tables.resolve(key.name) else {
        return Err(diesel::result::Error::QueryBuilderError(
            format!("{} has no field {}", spec.model_name, key.name).into(),
        ));
    };
    let rest = conditions(&mut tables, dialect, query, None);
    let mut st = Statement::new();
    st.sql("SELECT CAST(SUM(")
        .col(&col)
        .sql(format!(") AS {}) AS n", dialect.integer()));
    tables.write_from(&mut st);
    st.append(rest);
    Ok(st.load::<Sum>(conn)?.first().and_then(|s| s.n).map(T::from))
}
