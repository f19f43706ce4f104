//! The module's tables, as diesel sees them. Prices are hundredths; timestamps microseconds since the epoch, UTC.
//! `product_id` names a row of catalog's database: there is no foreign key across modules.

diesel::table! {
    orders (id) {
        id -> BigInt,
        product_id -> BigInt,
        quantity -> BigInt,
        unit_price_cents -> BigInt,
        status -> Text,
        owner -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}
