//! Macros that turn a [`ListQuery`](crate::ListQuery)'s search terms and ordering into diesel calls on a module's
//! boxed query, given which column each declared field name stands for.

/// Adds `WHERE` clauses for the search terms of a [`ListQuery`](crate::ListQuery): every term must be found,
/// ignoring ASCII case, in one of the columns. SQLite's `LIKE` ignores ASCII case by itself; elsewhere the columns
/// are folded with `lower()`.
///
/// `apply_search!(query, &list_query, [table::name, table::description])`
#[macro_export]
macro_rules! apply_search {
    ($query:expr, $list:expr, [$first:expr $(, $rest:expr)* $(,)?]) => {{
        use $crate::db::sql::{contains_pattern, lower, LIKE_ESCAPE};
        use diesel::prelude::*;
        let list: &$crate::ListQuery = $list;
        let mut query = $query;
        for term in &list.search {
            let pattern = contains_pattern(term);
            query = if list.like_ignores_case {
                query.filter(
                    $first.like(pattern.clone()).escape(LIKE_ESCAPE)
                    $( .or($rest.like(pattern.clone()).escape(LIKE_ESCAPE)) )*
                )
            } else {
                query.filter(
                    lower($first).like(pattern.clone()).escape(LIKE_ESCAPE)
                    $( .or(lower($rest).like(pattern.clone()).escape(LIKE_ESCAPE)) )*
                )
            };
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
