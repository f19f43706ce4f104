//! Macros that turn a [`ListQuery`](crate::ListQuery)'s search terms and ordering into diesel calls on a module's
//! boxed query, given which column each declared field name stands for.

/// Adds `WHERE` clauses for the search terms: every term must be found, ignoring case, in one of the columns.
///
/// `apply_search!(query, &list_query.search, [table::name, table::description])`
#[macro_export]
macro_rules! apply_search {
    ($query:expr, $terms:expr, [$first:expr $(, $rest:expr)* $(,)?]) => {{
        use $crate::db::sql::{contains_pattern, lower, LIKE_ESCAPE};
        use diesel::prelude::*;
        let mut query = $query;
        for term in $terms {
            let pattern = contains_pattern(term);
            query = query.filter(
                lower($first).like(lower(pattern.clone())).escape(LIKE_ESCAPE)
                $( .or(lower($rest).like(lower(pattern.clone())).escape(LIKE_ESCAPE)) )*
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
