//! Orders and catalog's stock, kept right by events. An order asks for stock when it is created (`OrderPlaced`),
//! and gives it back when it is cancelled, deleted or changed while it holds it (`OrderCancelled`, published only
//! for stock that was reserved). catalog answers each `OrderPlaced` (`StockReserved` or `StockRejected`); a
//! rejected order is cancelled, with no second effect on stock.
//!
//! The order's hidden `reservation` says where its stock stands: `awaiting` an answer, `reserved`, or `none`. At
//! most one `OrderPlaced` of an order is unanswered at a time: a change made while awaiting is reconciled when the
//! answer comes. Once every event is handled, a product's stock is its stock before the orders minus the
//! quantities of its orders that are not cancelled.

use tessera_catalog_api::{StockRejected, StockReserved};
use tessera_kernel::events::publish;
use tessera_kernel::prelude::*;
use tessera_kernel::sql;
use tessera_orders_api::{OrderCancelled, OrderPlaced};

use crate::Order;

pub const AWAITING: &str = "awaiting";
pub const RESERVED: &str = "reserved";
pub const NONE: &str = "none";
pub const CANCELLED: &str = "cancelled";

fn active(order: &Order) -> bool {
    order.status != CANCELLED
}

/// The generic handlers' after-write hook of `Order`, in the write's own transaction.
pub fn on_write(conn: &mut AnyConnection, written: Written<'_, Order>) -> Result<(), ApiError> {
    match written {
        // A new order is `awaiting` (the column's default).
        Written::Created(order) => place(conn, order),
        Written::Updated { before, after } => match before.reservation.as_str() {
            RESERVED if active(after) && holds_the_same(before, after) => Ok(()),
            RESERVED => {
                give_back(conn, before.id, before.product_id, before.quantity)?;
                ask_again_or_stop(conn, after)
            }
            // Reconciled when catalog answers.
            AWAITING => Ok(()),
            _ if active(after) => ask_again_or_stop(conn, after),
            _ => Ok(()),
        },
        Written::Deleted(order) if order.reservation == RESERVED => {
            give_back(conn, order.id, order.product_id, order.quantity)
        }
        Written::Deleted(_) => Ok(()),
    }
}

/// `StockReserved`: the order holds the stock, unless it changed (or went) while it waited.
pub fn reserved(conn: &mut AnyConnection, answer: StockReserved) -> Result<(), ApiError> {
    match sql::fetch_for_update::<Order>(conn, answer.order_id)? {
        Some(order) if order.reservation == AWAITING => {
            if active(&order) && answers(&order, answer.product_id, answer.quantity) {
                set(conn, order.id, RESERVED, None)
            } else {
                give_back(conn, answer.order_id, answer.product_id, answer.quantity)?;
                ask_again_or_stop(conn, &order)
            }
        }
        // Deleted while it waited (or an answer nothing waits for): the stock goes back.
        _ => give_back(conn, answer.order_id, answer.product_id, answer.quantity),
    }
}

/// `StockRejected`: the order is cancelled (nothing was taken, so nothing goes back), unless it changed while it
/// waited: then what it asks for now is asked for.
pub fn rejected(conn: &mut AnyConnection, answer: StockRejected) -> Result<(), ApiError> {
    match sql::fetch_for_update::<Order>(conn, answer.order_id)? {
        Some(order) if order.reservation == AWAITING => {
            if active(&order) && answers(&order, answer.product_id, answer.quantity) {
                set(conn, order.id, NONE, Some(CANCELLED))
            } else {
                ask_again_or_stop(conn, &order)
            }
        }
        _ => Ok(()),
    }
}

fn holds_the_same(before: &Order, after: &Order) -> bool {
    before.product_id == after.product_id && before.quantity == after.quantity
}

fn answers(order: &Order, product_id: i64, quantity: i64) -> bool {
    order.product_id == product_id && order.quantity == quantity
}

fn place(conn: &mut AnyConnection, order: &Order) -> Result<(), ApiError> {
    let (order_id, product_id, quantity) = (order.id, order.product_id, order.quantity);
    Ok(publish(
        conn,
        &OrderPlaced {
            order_id,
            product_id,
            quantity,
        },
    )?)
}

fn give_back(
    conn: &mut AnyConnection,
    order_id: i64,
    product_id: i64,
    quantity: i64,
) -> Result<(), ApiError> {
    Ok(publish(
        conn,
        &OrderCancelled {
            order_id,
            product_id,
            quantity,
        },
    )?)
}

/// An order that wants stock asks for it (and awaits the answer); one that is cancelled holds none.
fn ask_again_or_stop(conn: &mut AnyConnection, order: &Order) -> Result<(), ApiError> {
    if active(order) {
        place(conn, order)?;
        set(conn, order.id, AWAITING, None)
    } else {
        set(conn, order.id, NONE, None)
    }
}

fn set(
    conn: &mut AnyConnection,
    id: i64,
    reservation: &str,
    status: Option<&str>,
) -> Result<(), ApiError> {
    let mut data = Valid::default();
    data.set(Order::RESERVATION, reservation.to_owned());
    if let Some(status) = status {
        data.set(Order::STATUS, status.to_owned());
    }
    sql::update::<Order>(conn, id, &data)?;
    Ok(())
}
