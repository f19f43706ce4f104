//! `orders`' published interface: the events it publishes, for the modules that react to orders. Other modules
//! depend on this crate, never on `orders` itself.

use serde::{Deserialize, Serialize};
use tessera_kernel::events::Event;

/// An order was created, or wants stock again (un-cancelled, or changed while it held stock): take `quantity` of
/// product `product_id` for it, if there is enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Event)]
#[event(publisher = "orders", key = order_id)]
pub struct OrderPlaced {
    pub order_id: i64,
    pub product_id: i64,
    pub quantity: i64,
}

/// An order no longer holds the stock it was given (cancelled, deleted, or changed): put `quantity` of product
/// `product_id` back. Published only for stock that was reserved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Event)]
#[event(publisher = "orders", key = order_id)]
pub struct OrderCancelled {
    pub order_id: i64,
    pub product_id: i64,
    pub quantity: i64,
}
