//! The module as the application mounts it: no model resources, two token endpoints.

use actix_web::web;
use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use tessera_kernel::http::routes::guarded;
use tessera_kernel::prelude::*;
use utoipa::openapi::OpenApi;

use crate::{docs, views};

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/accounts/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/accounts/postgres");
const MYSQL: EmbeddedMigrations = embed_migrations!("../../migrations/accounts/mysql");

pub struct AccountsModule;

impl Module for AccountsModule {
    fn name(&self) -> &'static str {
        "accounts"
    }

    fn migrations(&self) -> Migrations {
        Migrations {
            sqlite: || SQLITE,
            postgres: || POSTGRES,
            mysql: || MYSQL,
        }
    }

    fn resources(&self) -> Vec<Mount> {
        Vec::new()
    }

    fn routes(&self, cfg: &mut web::ServiceConfig) {
        cfg.service(guarded("/token/").to(views::obtain))
            .service(guarded("/token/refresh/").to(views::refresh));
    }

    fn extra_openapi(&self) -> Option<OpenApi> {
        Some(docs::document())
    }
}
