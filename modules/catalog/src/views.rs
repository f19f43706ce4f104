//! The viewset: what `catalog/products` filters, searches and orders by, and its queries over its own table.

use diesel::prelude::*;
use tessera_kernel::prelude::*;
use tessera_kernel::{apply_ordering, apply_search, kept_total, row_queries};

use crate::models::{NewProduct, Product, ProductChanges};
use crate::schema::catalog_products::{self, dsl};
use crate::schema::catalog_products_count;
use crate::serializers::FIELDS;

pub struct ProductViewSet;

type Query = catalog_products::BoxedQuery<'static, AnyBackend>;

fn filtered(query: &ListQuery) -> Query {
    let mut rows = catalog_products::table.into_boxed();
    if let Some(sku) = query.filter("sku") {
        rows = rows.filter(dsl::sku.eq(sku.to_owned()));
    }
    if let Some(name) = query.filter("name") {
        rows = rows.filter(dsl::name.eq(name.to_owned()));
    }
    apply_search!(rows, query, [dsl::name, dsl::description, dsl::sku])
}

impl Resource for ProductViewSet {
    const SPEC: ResourceSpec = ResourceSpec {
        model_name: "Product",
        verbose_name: "product",
        view_name: "Product",
        path: "products",
        fields: FIELDS,
        filters: &["sku", "name"],
        search: &["name", "description", "sku"],
        ordering: &["id", "name", "price", "created_at"],
        owner_field: None,
    };

    type Row = Product;

    kept_total!(catalog_products_count);

    fn count(conn: &mut AnyConnection, query: &ListQuery) -> QueryResult<i64> {
        filtered(query).count().get_result(conn)
    }

    fn page(
        conn: &mut AnyConnection,
        query: &ListQuery,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<Product>> {
        apply_ordering!(filtered(query), &query.ordering, {
            "id" => dsl::id,
            "name" => dsl::name,
            "price" => dsl::price_cents,
            "created_at" => dsl::created_at,
        })
        .limit(limit)
        .offset(offset)
        .load(conn)
    }

    row_queries!(catalog_products, Product, new: NewProduct::from, changes: ProductChanges::from);
}
