//! `example`: the original design's `ExampleModel`, served at `/api/example/`.

pub mod models;
pub mod schema;
pub mod serializers;
pub mod urls;
pub mod views;

pub use urls::ExampleModule;

/// The module, as the application's module list names it.
pub static MODULE: ExampleModule = ExampleModule;
