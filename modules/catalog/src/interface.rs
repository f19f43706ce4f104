//! catalog's published interface, answered in process from catalog's own database.

use tessera_catalog_api::{Catalog, CatalogUnavailable, Lookup, ProductSummary};
use tessera_kernel::blocking::run;
use tessera_kernel::prelude::*;

use crate::Product;

/// The in-process implementation, over catalog's pool.
pub struct LocalCatalog {
    database: Database,
}

impl LocalCatalog {
    pub fn new(database: Database) -> Self {
        LocalCatalog { database }
    }
}

impl Catalog for LocalCatalog {
    fn product(&self, id: i64) -> Lookup<'_> {
        Box::pin(async move {
            let found = run(&self.database, move |conn| Ok(Product::fetch(conn, id)?))
                .await
                .map_err(|e| CatalogUnavailable(e.to_string()))?;
            Ok(found.map(|product| ProductSummary {
                id,
                price: product.price,
            }))
        })
    }
}
