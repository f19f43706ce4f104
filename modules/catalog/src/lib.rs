//! `catalog`: products at `/api/catalog/products/`, the in-process side of its published interface, and the
//! products' stock, kept by the orders' events.

mod interface;
pub mod stock;

pub use interface::LocalCatalog;
use tessera_catalog_api::{StockRejected, StockReserved};
use tessera_kernel::prelude::*;
use tessera_orders_api::{OrderCancelled, OrderPlaced};

/// A product for sale: prices in hundredths, timestamps set by the server.
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(
    table = "catalog_products",
    path = "products",
    filter(sku, name),
    search(name, description, sku),
    ordering(id, name, price, created_at)
)]
pub struct Product {
    pub id: i64,
    #[field(max_length = 32, unique)]
    pub sku: String,
    #[field(max_length = 200)]
    pub name: String,
    #[field(blank, default = "")]
    pub description: String,
    #[field(max_digits = 10, min = 0, column = "price_cents")]
    pub price: Fixed<2>,
    #[field(min = 0, default = 0)]
    pub stock: i64,
    #[field(auto_now_add)]
    pub created_at: Timestamp,
    #[field(auto_now)]
    pub updated_at: Timestamp,
}

tessera_kernel::module! {
    name: "catalog",
    permission: StaffOrReadOnly,
    resources: [Product],
    publishes: [StockReserved, StockRejected],
    consumes: [OrderPlaced => stock::reserve, OrderCancelled => stock::release],
}
