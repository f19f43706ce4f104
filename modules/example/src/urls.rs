//! The module as the application mounts it: its name, its migrations and its resources.

use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tessera_kernel::prelude::*;

use crate::views::ExampleViewSet;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/example/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/example/postgres");
const MYSQL: EmbeddedMigrations = embed_migrations!("../../migrations/example/mysql");

pub struct ExampleModule;

impl Module for ExampleModule {
    fn name(&self) -> &'static str {
        "example"
    }

    fn migrations(&self) -> Migrations {
        Migrations {
            sqlite: || SQLITE,
            postgres: || POSTGRES,
            mysql: || MYSQL,
        }
    }

    fn resources(&self) -> Vec<Mount> {
        vec![Mount::of::<ExampleViewSet>()]
    }
}
