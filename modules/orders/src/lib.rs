//! `orders`: orders at `/api/orders/`. Products are checked and priced through catalog's published interface,
//! never through catalog's tables (`product_id` names a row of catalog's own database); their stock is taken and
//! given back through events (`stock`).

pub mod stock;

use std::future::Future;

use tessera_catalog_api::{Catalog, StockRejected, StockReserved};
use tessera_kernel::prelude::*;
use tessera_orders_api::{OrderCancelled, OrderPlaced};

pub const STATUSES: &[(&str, &str)] = &[
    ("pending", "Pending"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
];

/// An order of a product; users see their own, staff see all.
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(
    table = "orders",
    ordering(id, created_at),
    prepare = price_from_catalog,
    on_write = stock::on_write
)]
pub struct Order {
    pub id: i64,
    pub product_id: i64,
    #[field(min = 1)]
    pub quantity: i64,
    #[field(max_digits = 10, read_only, column = "unit_price_cents")]
    pub unit_price: Fixed<2>,
    #[field(max_length = 16, choices = STATUSES, default = "pending")]
    pub status: String,
    #[field(owner)]
    pub owner: Option<i64>,
    #[field(auto_now_add)]
    pub created_at: Timestamp,
    /// Where the order's stock stands (`stock`): `awaiting` catalog's answer, `reserved` or `none`. Not shown.
    #[field(max_length = 16, hidden, default = "awaiting")]
    pub reservation: String,
}

tessera_kernel::module! {
    name: "orders",
    permission: Authenticated,
    resources: [Order],
    publishes: [OrderPlaced, OrderCancelled],
    consumes: [StockReserved => stock::reserved, StockRejected => stock::rejected],
}

/// Asks catalog (in process or over HTTP, whichever the application wired) whether the product exists, and
/// copies its price into `unit_price`; an unknown product is reported with the body's other errors.
fn price_from_catalog(
    req: &HttpRequest,
    mut draft: Draft,
) -> impl Future<Output = Result<Draft, ApiError>> {
    let catalog = req.app_data::<Data<dyn Catalog>>().cloned();
    async move {
        let Some(product_id) = draft.data.get(Order::PRODUCT_ID) else {
            return Ok(draft);
        };
        let catalog =
            catalog.ok_or_else(|| ApiError::Unavailable("no catalog interface".into()))?;
        match catalog.product(product_id).await {
            Ok(Some(product)) => draft.data.set(Order::UNIT_PRICE, product.price),
            Ok(None) => draft.reject(
                Order::PRODUCT_ID,
                format!("Invalid pk \"{product_id}\" - object does not exist."),
            ),
            Err(unavailable) => return Err(ApiError::Unavailable(unavailable.to_string())),
        }
        Ok(draft)
    }
}
