//! tessera's kernel: what every module uses and no module owns. The module contract, each module's own database
//! (pooled connection over SQLite and PostgreSQL, migrations), and Django REST framework's behaviour written once
//! for every resource: validation, pagination, filters, search, ordering, errors, metadata and documentation.

pub mod auth;
pub mod blocking;
pub mod db;
mod decimal;
pub mod error;
pub mod fields;
pub mod http;
pub mod listing;
pub mod module;
pub mod openapi;
pub mod pagination;
pub mod params;
mod query_macros;
pub mod render;
pub mod resource;
pub mod types;
pub mod validate;

pub use error::ApiError;
pub use fields::{Default, Field};
pub use listing::{ListQuery, Order};
pub use module::{Module, Mount};
pub use resource::{Resource, ResourceSpec};
pub use validate::Valid;

/// What a module crate needs, in one `use`.
pub mod prelude {
    pub use crate::db::search::{contains, CaseFold};
    pub use crate::db::{AnyBackend, AnyConnection, Migrations};
    pub use crate::fields::{Default, Field};
    pub use crate::listing::{ListQuery, Order};
    pub use crate::module::{Module, Mount};
    pub use crate::resource::{Resource, ResourceSpec};
    pub use crate::types::{Fixed, Timestamp};
    pub use crate::validate::Valid;
}
