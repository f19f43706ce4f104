//! tessera's kernel: what every module uses and no module owns. The module contract, each module's own database
//! (pooled connection over SQLite, PostgreSQL and MySQL, migrations), and Django REST framework's behaviour
//! written once for every resource: validation, pagination, filters, search, ordering, errors, metadata, queries,
//! migrations and documentation, all derived from one declaration per resource (`#[derive(Resource)]`).

// The derives name `::tessera_kernel`; the kernel declares models of its own (the outbox, the inbox).
extern crate self as tessera_kernel;

pub mod auth;
pub mod blocking;
pub mod db;
mod decimal;
pub mod error;
pub mod events;
pub mod fields;
pub mod http;
pub mod listing;
pub mod module;
pub mod openapi;
pub mod pagination;
pub mod params;
pub mod render;
pub mod resource;
pub mod schema;
pub mod search_index;
mod search_terms;
pub mod serializer;
pub mod sql;
pub mod types;
pub mod validate;
pub mod value;

pub use error::ApiError;
pub use fields::{Default, Field};
pub use listing::{ListQuery, Order};
pub use module::{Module, Mount};
pub use resource::{
    FilterSpec, Lookup, Match, Pagination, Resource, ResourceSpec, SearchSpec, Written,
};
pub use serializer::Serializer;
pub use tessera_kernel_macros::{Resource, Serializer};
pub use validate::Valid;

/// What a module crate needs, in one `use`.
pub mod prelude {
    pub use crate::auth::Permission;
    pub use crate::db::{AnyConnection, Database};
    pub use crate::error::ApiError;
    pub use crate::events::{publish, Event};
    pub use crate::http::endpoint::{Call, View};
    pub use crate::module::{Module, Mount};
    pub use crate::resource::{Resource, ResourceSpec, Written};
    pub use crate::serializer::Serializer;
    pub use crate::types::{Date, Fixed, Timestamp};
    pub use crate::validate::{Draft, Valid};
    pub use actix_web::web::Data;
    pub use actix_web::HttpRequest;
    pub use tessera_kernel_macros::{Resource, Serializer};
}

/// What the derives' code names; not for module code.
#[doc(hidden)]
pub mod __private {
    pub use actix_web;
    pub use diesel;
    pub use serde;
    pub use serde_json;
}
