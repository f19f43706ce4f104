//! Macros that turn a [`ListQuery`](crate::ListQuery)'s search terms and ordering into diesel calls on a module's
//! boxed query, given which column each declared field name stands for.

/// Adds `WHERE` clauses for the search terms of a [`ListQuery`](crate::ListQuery): every term must be found,
/// ignoring ASCII case, in one of the columns ([`contains`](crate::db::search::contains)).
///
/// `apply_search!(query, &list_query, [table::name, table::description])`
#[macro_export]
macro_rules! apply_search {
    ($query:expr, $list:expr, [$first:expr $(, $rest:expr)* $(,)?]) => {{
        use $crate::db::search::contains;
        use diesel::prelude::*;
        let list: &$crate::ListQuery = $list;
        let fold = list.case_fold;
        let mut query = $query;
        for term in &list.search {
            query = query.filter(
                contains($first, term, fold) $( .or(contains($rest, term, fold)) )*
            );
        }
        query
    }};
}

/// Adds `ORDER BY` terms for the declared ordering fields, mapping each name to its column.
///
/// `apply_ordering!(query, &list_query.ordering, { "id" => table::id, "name" => table::name })`
#[macro_export]
macro_rules! apply_ordering {
    ($query:expr, $ordering:expr, { $($name:literal => $column:expr),* $(,)? }) => {{
        use diesel::prelude::*;
        let mut query = $query;
        for order in $ordering {
            query = match (order.field, order.descending) {
                $(
                    ($name, false) => query.then_order_by($column.asc()),
                    ($name, true) => query.then_order_by($column.desc()),
                )*
                _ => query,
            };
        }
        query
    }};
}

/// The by-id functions of a [`Resource`](crate::Resource) over one diesel table (`fetch`, `insert`, `update`,
/// `delete`), inside the module's `impl Resource`. `new` and `changes` turn validated data into the table's
/// insertable and changeset values. Inserts and updates return the stored row with `RETURNING` on SQLite and
/// PostgreSQL, and by reading it back on MySQL/MariaDB, which has no `RETURNING`.
///
/// `row_queries!(example_models, ExampleModel, new: NewExampleModel::from, changes: ExampleModelChanges::from);`
#[macro_export]
macro_rules! row_queries {
    ($table:ident, $row:ty, new: $new:expr, changes: $changes:expr $(,)?) => {
        fn fetch(
            conn: &mut $crate::db::AnyConnection,
            id: i64,
        ) -> diesel::QueryResult<Option<$row>> {
            use diesel::prelude::*;
            $table::table.find(id).first(conn).optional()
        }

        fn insert(
            conn: &mut $crate::db::AnyConnection,
            data: &$crate::Valid,
        ) -> diesel::QueryResult<$row> {
            use diesel::prelude::*;
            use $crate::db::AnyConnection;
            let statement = diesel::insert_into($table::table).values($new(data));
            match conn {
                AnyConnection::Sqlite(c) => statement.returning($table::all_columns).get_result(c),
                AnyConnection::Postgresql(c) => {
                    statement.returning($table::all_columns).get_result(c)
                }
                // MySQL has no RETURNING: the row with the id the insert generated, read in its transaction.
                #[allow(unreachable_patterns)]
                conn => conn.transaction(|conn| {
                    statement.execute(conn)?;
                    $table::table
                        .find($crate::db::sql::mysql_last_insert_id())
                        .first(conn)
                }),
            }
        }

        fn update(
            conn: &mut $crate::db::AnyConnection,
            id: i64,
            data: &$crate::Valid,
        ) -> diesel::QueryResult<Option<$row>> {
            use diesel::prelude::*;
            use $crate::db::AnyConnection;
            let statement = diesel::update($table::table.find(id)).set($changes(data));
            match conn {
                AnyConnection::Sqlite(c) => statement
                    .returning($table::all_columns)
                    .get_result(c)
                    .optional(),
                AnyConnection::Postgresql(c) => statement
                    .returning($table::all_columns)
                    .get_result(c)
                    .optional(),
                // MySQL has no RETURNING: the row is read back. A transaction would only hold the row's lock
                // longer; a change between the two statements is returned as the stored row, as it is.
                #[allow(unreachable_patterns)]
                conn => {
                    statement.execute(conn)?;
                    $table::table.find(id).first(conn).optional()
                }
            }
        }

        fn delete(conn: &mut $crate::db::AnyConnection, id: i64) -> diesel::QueryResult<bool> {
            use diesel::prelude::*;
            Ok(diesel::delete($table::table.find(id)).execute(conn)? > 0)
        }
    };
}

/// `fn total` of a [`Resource`](crate::Resource) whose row count triggers keep in a table of its own (column `n`),
/// inside the module's `impl Resource`. The count is one row on SQLite and PostgreSQL and split over several on
/// MySQL (see catalog's `count_rows` migrations), so it is read as the sum of the rows.
///
/// `kept_total!(example_models_count);`
#[macro_export]
macro_rules! kept_total {
    ($count_table:ident) => {
        fn total(conn: &mut $crate::db::AnyConnection) -> diesel::QueryResult<Option<i64>> {
            use diesel::prelude::*;
            let parts: Vec<i64> = $count_table::table.select($count_table::n).load(conn)?;
            Ok(parts.into_iter().reduce(|a, b| a + b))
        }
    };
}
