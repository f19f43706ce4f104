//! Stock that stays right: catalog takes the quantity of each placed order from its product's stock when there is
//! enough, and says so (`StockReserved`, else `StockRejected`, leaving the stock alone); it puts back what a
//! cancelled order held. Each handler runs in catalog's own transaction with the event's inbox record, once.

use tessera_catalog_api::{StockRejected, StockReserved};
use tessera_kernel::events::publish;
use tessera_kernel::prelude::*;
use tessera_kernel::sql;
use tessera_orders_api::{OrderCancelled, OrderPlaced};

use crate::Product;

/// `OrderPlaced`: one statement takes the stock only if it stays at or above the field's minimum (0), so two
/// orders can never both take the last item.
pub fn reserve(conn: &mut AnyConnection, placed: OrderPlaced) -> Result<(), ApiError> {
    let (order_id, product_id, quantity) = (placed.order_id, placed.product_id, placed.quantity);
    if sql::add::<Product>(conn, product_id, Product::STOCK, -quantity)? {
        let reply = StockReserved {
            order_id,
            product_id,
            quantity,
        };
        publish(conn, &reply)?;
    } else {
        let reply = StockRejected {
            order_id,
            product_id,
            quantity,
        };
        publish(conn, &reply)?;
    }
    Ok(())
}

/// `OrderCancelled`: the stock the order held comes back (to nothing if the product is gone).
pub fn release(conn: &mut AnyConnection, cancelled: OrderCancelled) -> Result<(), ApiError> {
    let (product_id, quantity) = (cancelled.product_id, cancelled.quantity);
    sql::add::<Product>(conn, product_id, Product::STOCK, quantity)?;
    Ok(())
}
