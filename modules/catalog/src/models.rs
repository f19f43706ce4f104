//! Rows of `catalog_products`: as read, as inserted and as changed.

use diesel::prelude::*;
use serde::Serialize;
use tessera_kernel::prelude::*;

use crate::schema::catalog_products;

/// `Product`, serialized in field order: price as a string with two places, timestamps in ISO 8601.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Serialize)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub description: String,
    #[diesel(deserialize_as = i64)]
    pub price: Fixed<2>,
    pub stock: i64,
    #[diesel(deserialize_as = i64)]
    pub created_at: Timestamp,
    #[diesel(deserialize_as = i64)]
    pub updated_at: Timestamp,
}

#[derive(Insertable)]
#[diesel(table_name = catalog_products)]
pub struct NewProduct<'a> {
    pub sku: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub price_cents: i64,
    pub stock: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The fields a PUT or PATCH gave; `None` leaves the column as it is. `updated_at` is always set.
#[derive(AsChangeset)]
#[diesel(table_name = catalog_products)]
pub struct ProductChanges<'a> {
    pub sku: Option<&'a str>,
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub price_cents: Option<i64>,
    pub stock: Option<i64>,
    pub updated_at: i64,
}

impl<'a> From<&'a Valid> for NewProduct<'a> {
    fn from(data: &'a Valid) -> Self {
        let now = Timestamp::now();
        NewProduct {
            sku: data.str("sku").unwrap_or_default(),
            name: data.str("name").unwrap_or_default(),
            description: data.str("description").unwrap_or_default(),
            price_cents: data.i64("price").unwrap_or_default(),
            stock: data.i64("stock").unwrap_or_default(),
            created_at: now.0,
            updated_at: now.0,
        }
    }
}

impl<'a> From<&'a Valid> for ProductChanges<'a> {
    fn from(data: &'a Valid) -> Self {
        let now = Timestamp::now();
        ProductChanges {
            sku: data.str("sku"),
            name: data.str("name"),
            description: data.str("description"),
            price_cents: data.i64("price"),
            stock: data.i64("stock"),
            updated_at: now.0,
        }
    }
}
