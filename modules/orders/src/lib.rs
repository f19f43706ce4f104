//! `orders`: orders at `/api/orders/`. Products are checked and priced through catalog's published interface,
//! never through catalog's tables.

pub mod models;
pub mod schema;
pub mod serializers;
pub mod urls;
pub mod views;

pub use urls::OrdersModule;

/// The module, as the application's module list names it.
pub static MODULE: OrdersModule = OrdersModule;
