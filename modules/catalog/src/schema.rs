//! The module's tables, as diesel sees them. Prices are hundredths; timestamps microseconds since the epoch, UTC.

diesel::table! {
    catalog_products (id) {
        id -> BigInt,
        sku -> Text,
        name -> Text,
        description -> Text,
        price_cents -> BigInt,
        stock -> BigInt,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// The number of rows of `catalog_products`, kept by triggers (on MySQL, the sum of its rows).
    catalog_products_count (n) {
        n -> BigInt,
    }
}
