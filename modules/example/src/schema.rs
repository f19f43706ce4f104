//! The module's tables, as diesel sees them.

diesel::table! {
    example_models (id) {
        id -> BigInt,
        name -> Text,
        description -> Text,
    }
}
