//! The module's tables, as diesel sees them.

diesel::table! {
    example_models (id) {
        id -> BigInt,
        name -> Text,
        description -> Text,
    }
}

diesel::table! {
    /// The number of rows of `example_models`, kept by triggers (on MySQL, the sum of its rows).
    example_models_count (n) {
        n -> BigInt,
    }
}
