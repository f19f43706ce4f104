//! tessera: a modular monolith with Django REST framework's HTTP contract. Every module owns its database and is
//! mounted under `/api/<module>/`; [`Application::build`] is the one build function of `main` and the tests.

pub mod access_log;
pub mod api_root;
pub mod cli;
pub mod cors;
pub mod databases;
pub mod docs;
pub mod error;
pub mod events;
pub mod gateway;
pub mod health;
pub mod interfaces;
pub mod logging;
pub mod makemigrations;
pub mod metrics;
pub mod migrations;
pub mod modules;
pub mod scaffold;
pub mod settings;
pub mod shutdown;
pub mod startup;

pub use error::StartupError;

/// The module guide's Rust examples, compiled and run as doctests.
#[doc = include_str!("../docs/writing-a-module.md")]
#[cfg(doctest)]
pub struct WritingAModule;
pub use settings::Settings;
pub use startup::Application;

/// `tessera migrate`: applies the pending migrations of the selected modules and exits.
pub fn migrate(settings: &Settings) -> Result<(), StartupError> {
    let plan = startup::plan(settings)?;
    databases::open(settings, &plan.local, true).map(|_| ())
}

/// `tessera openapi`: the merged document as pretty JSON, for the given settings' permissions.
pub fn openapi_json(settings: &Settings) -> String {
    docs::openapi(modules::MODULES, settings)
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
}

/// `tessera createuser`: adds a user to the accounts module's own database (migrating it first).
pub fn create_user(
    settings: &Settings,
    username: &str,
    password: &str,
    staff: bool,
) -> Result<i64, StartupError> {
    let opened = databases::open(settings, &[&tessera_accounts::MODULE], true)?;
    let database = &opened[0].database;
    let mut conn = database.get().map_err(|e| StartupError::Database {
        module: "accounts",
        cause: e.to_string(),
    })?;
    tessera_accounts::users::create(&mut conn, username, password, staff).map_err(|e| {
        StartupError::Database {
            module: "accounts",
            cause: e.to_string(),
        }
    })
}
