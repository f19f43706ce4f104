//! The events catalog publishes: its answers to `orders`' `OrderPlaced`.

use serde::{Deserialize, Serialize};
use tessera_kernel::events::Event;

/// The stock an order asked for was taken from the product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Event)]
#[event(publisher = "catalog", key = order_id)]
pub struct StockReserved {
    pub order_id: i64,
    pub product_id: i64,
    pub quantity: i64,
}

/// There was not enough stock (or no such product): nothing was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Event)]
#[event(publisher = "catalog", key = order_id)]
pub struct StockRejected {
    pub order_id: i64,
    pub product_id: i64,
    pub quantity: i64,
}
