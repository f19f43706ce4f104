//! The viewset: what `example` filters, searches and orders by, and its queries over its own table.

use diesel::prelude::*;
use tessera_kernel::prelude::*;
use tessera_kernel::{apply_ordering, apply_search, kept_total, row_queries};

use crate::models::{ExampleModel, ExampleModelChanges, NewExampleModel};
use crate::schema::example_models::{self, dsl};
use crate::schema::example_models_count;
use crate::serializers::FIELDS;

pub struct ExampleViewSet;

type Query = example_models::BoxedQuery<'static, AnyBackend>;

fn filtered(query: &ListQuery) -> Query {
    let mut rows = example_models::table.into_boxed();
    if let Some(name) = query.filter("name") {
        rows = rows.filter(dsl::name.eq(name.to_owned()));
    }
    apply_search!(rows, query, [dsl::name, dsl::description])
}

impl Resource for ExampleViewSet {
    const SPEC: ResourceSpec = ResourceSpec {
        model_name: "ExampleModel",
        verbose_name: "example model",
        view_name: "Example Model",
        path: "",
        fields: FIELDS,
        filters: &["name"],
        search: &["name", "description"],
        ordering: &["id", "name"],
        owner_field: None,
    };

    type Row = ExampleModel;

    kept_total!(example_models_count);

    fn count(conn: &mut AnyConnection, query: &ListQuery) -> QueryResult<i64> {
        filtered(query).count().get_result(conn)
    }

    fn page(
        conn: &mut AnyConnection,
        query: &ListQuery,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<ExampleModel>> {
        apply_ordering!(filtered(query), &query.ordering, { "id" => dsl::id, "name" => dsl::name })
            .limit(limit)
            .offset(offset)
            .load(conn)
    }

    row_queries!(example_models, ExampleModel, new: NewExampleModel::from, changes: ExampleModelChanges::from);
}
