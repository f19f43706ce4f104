//! The viewset: how orders are ordered, the product check through catalog's published interface, and the
//! queries over the module's own table.

use std::future::Future;

use actix_web::web::Data;
use actix_web::HttpRequest;
use diesel::prelude::*;
use tessera_catalog_api::Catalog;
use tessera_kernel::prelude::*;
use tessera_kernel::ApiError;
use tessera_kernel::{apply_ordering, row_queries};

use crate::models::{NewOrder, Order, OrderChanges};
use crate::schema::orders::{self, dsl};
use crate::serializers::FIELDS;

pub struct OrderViewSet;

type Query = orders::BoxedQuery<'static, AnyBackend>;

/// The orders the requester may see: their own, or all of them for staff.
fn visible(query: &ListQuery) -> Query {
    let rows = orders::table.into_boxed();
    match query.owner {
        Some(owner) => rows.filter(dsl::owner.eq(owner)),
        None => rows,
    }
}

impl Resource for OrderViewSet {
    const SPEC: ResourceSpec = ResourceSpec {
        model_name: "Order",
        verbose_name: "order",
        view_name: "Order",
        path: "",
        fields: FIELDS,
        filters: &[],
        search: &[],
        ordering: &["id", "created_at"],
        owner_field: Some("owner"),
    };

    type Row = Order;

    /// Asks catalog (in process or over HTTP, whichever the application wired) whether the product exists, and
    /// copies its price into `unit_price`.
    fn prepare(
        req: &HttpRequest,
        mut data: Valid,
    ) -> impl Future<Output = Result<Valid, ApiError>> {
        let catalog = req.app_data::<Data<dyn Catalog>>().cloned();
        async move {
            let Some(product_id) = data.i64("product_id") else {
                return Ok(data);
            };
            let catalog =
                catalog.ok_or_else(|| ApiError::Unavailable("no catalog interface".into()))?;
            match catalog.product(product_id).await {
                Ok(Some(product)) => {
                    data.set("unit_price", product.price.0);
                    Ok(data)
                }
                Ok(None) => Err(ApiError::field(
                    "product_id",
                    format!("Invalid pk \"{product_id}\" - object does not exist."),
                )),
                Err(unavailable) => Err(ApiError::Unavailable(unavailable.to_string())),
            }
        }
    }

    fn count(conn: &mut AnyConnection, query: &ListQuery) -> QueryResult<i64> {
        visible(query).count().get_result(conn)
    }

    fn page(
        conn: &mut AnyConnection,
        query: &ListQuery,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<Order>> {
        apply_ordering!(visible(query), &query.ordering, {
            "id" => dsl::id,
            "created_at" => dsl::created_at,
        })
        .limit(limit)
        .offset(offset)
        .load(conn)
    }

    row_queries!(orders, Order, new: NewOrder::from, changes: OrderChanges::from);
}
