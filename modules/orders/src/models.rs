//! Rows of `orders`: as read, as inserted and as changed.

use diesel::prelude::*;
use serde::Serialize;
use tessera_kernel::prelude::*;

use crate::schema::orders;

/// `Order`, serialized in field order.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Serialize)]
pub struct Order {
    pub id: i64,
    pub product_id: i64,
    pub quantity: i64,
    #[diesel(deserialize_as = i64)]
    pub unit_price: Fixed<2>,
    pub status: String,
    pub owner: Option<i64>,
    #[diesel(deserialize_as = i64)]
    pub created_at: Timestamp,
}

#[derive(Insertable)]
#[diesel(table_name = orders)]
pub struct NewOrder<'a> {
    pub product_id: i64,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub status: &'a str,
    pub owner: Option<i64>,
    pub created_at: i64,
}

/// The fields a PUT or PATCH gave; `None` leaves the column as it is.
#[derive(AsChangeset)]
#[diesel(table_name = orders)]
pub struct OrderChanges<'a> {
    pub product_id: Option<i64>,
    pub quantity: Option<i64>,
    pub unit_price_cents: Option<i64>,
    pub status: Option<&'a str>,
}

impl<'a> From<&'a Valid> for NewOrder<'a> {
    fn from(data: &'a Valid) -> Self {
        let now = Timestamp::now();
        NewOrder {
            product_id: data.i64("product_id").unwrap_or_default(),
            quantity: data.i64("quantity").unwrap_or_default(),
            unit_price_cents: data.i64("unit_price").unwrap_or_default(),
            status: data.str("status").unwrap_or("pending"),
            owner: data.i64("owner"),
            created_at: now.0,
        }
    }
}

impl<'a> From<&'a Valid> for OrderChanges<'a> {
    fn from(data: &'a Valid) -> Self {
        OrderChanges {
            product_id: data.i64("product_id"),
            quantity: data.i64("quantity"),
            unit_price_cents: data.i64("unit_price"),
            status: data.str("status"),
        }
    }
}
