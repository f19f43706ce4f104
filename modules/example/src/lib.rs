//! `example`: the original design's `ExampleModel`, served at `/api/example/`.

use tessera_kernel::prelude::*;

/// Something with a name and a description.
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(
    table = "example_models",
    filter(name),
    search(name, description),
    ordering(id, name)
)]
pub struct ExampleModel {
    pub id: i64,
    #[field(max_length = 100)]
    pub name: String,
    pub description: String,
}

tessera_kernel::module! {
    name: "example",
    resources: [ExampleModel],
}
