//! The module as the application mounts it: its name, its migrations and its resources.

use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tessera_kernel::prelude::*;

use crate::views::OrderViewSet;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/orders/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/orders/postgres");
const MYSQL: EmbeddedMigrations = embed_migrations!("../../migrations/orders/mysql");

pub struct OrdersModule;

impl Module for OrdersModule {
    fn name(&self) -> &'static str {
        "orders"
    }

    fn migrations(&self) -> Migrations {
        Migrations {
            sqlite: || SQLITE,
            postgres: || POSTGRES,
            mysql: || MYSQL,
        }
    }

    fn resources(&self) -> Vec<Mount> {
        vec![Mount::of::<OrderViewSet>()]
    }
}
