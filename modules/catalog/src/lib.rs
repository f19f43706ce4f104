//! `catalog`: products at `/api/catalog/products/`, and the in-process side of its published interface.

pub mod interface;
pub mod models;
pub mod schema;
pub mod serializers;
pub mod urls;
pub mod views;

pub use interface::LocalCatalog;
pub use urls::CatalogModule;

/// The module, as the application's module list names it.
pub static MODULE: CatalogModule = CatalogModule;
