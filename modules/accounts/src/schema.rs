//! The module's tables, as diesel sees them. `date_joined`: microseconds since the epoch, UTC.

diesel::table! {
    accounts_users (id) {
        id -> BigInt,
        username -> Text,
        password_hash -> Text,
        is_staff -> Bool,
        is_active -> Bool,
        date_joined -> BigInt,
    }
}
