//! The module as the application mounts it: its name, its migrations and its resources.

use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tessera_kernel::prelude::*;

use crate::views::ProductViewSet;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/catalog/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/catalog/postgres");
const MYSQL: EmbeddedMigrations = embed_migrations!("../../migrations/catalog/mysql");

pub struct CatalogModule;

impl Module for CatalogModule {
    fn name(&self) -> &'static str {
        "catalog"
    }

    fn migrations(&self) -> Migrations {
        Migrations {
            sqlite: || SQLITE,
            postgres: || POSTGRES,
            mysql: || MYSQL,
        }
    }

    fn resources(&self) -> Vec<Mount> {
        vec![Mount::of::<ProductViewSet>()]
    }
}
