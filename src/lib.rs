//! tessera: a modular monolith with Django REST framework's HTTP contract. Every module owns its database and is
//! mounted under `/api/<module>/`; [`Application::build`] is the one build function of `main` and the tests.

pub mod api_root;
pub mod cli;
pub mod databases;
pub mod docs;
pub mod error;
pub mod gateway;
pub mod health;
pub mod interfaces;
pub mod modules;
pub mod settings;
pub mod startup;

pub use error::StartupError;
pub use settings::Settings;
pub use startup::Application;

/// `tessera migrate`: applies the pending migrations of the selected modules and exits.
pub fn migrate(settings: &Settings) -> Result<(), StartupError> {
    let plan = startup::plan(settings)?;
    databases::open(settings, &plan.local, true).map(|_| ())
}

/// `tessera openapi`: the merged document as pretty JSON.
pub fn openapi_json() -> String {
    docs::openapi(modules::MODULES)
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
}
