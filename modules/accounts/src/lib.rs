//! `accounts`: users on the module's own database, and the JWT endpoints `/api/accounts/token/` and
//! `/api/accounts/token/refresh/`. Tokens are verified elsewhere with the shared secret alone.

pub mod passwords;
pub mod users;
pub mod views;

use tessera_kernel::prelude::*;

/// A user, as Django's `auth.User` keeps one (the fields tessera needs).
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(table = "accounts_users")]
pub struct User {
    pub id: i64,
    #[field(max_length = 150, unique)]
    pub username: String,
    /// An argon2id PHC string.
    #[field(max_length = 255, hidden)]
    pub password_hash: String,
    #[field(default = false)]
    pub is_staff: bool,
    #[field(default = true)]
    pub is_active: bool,
    #[field(auto_now_add)]
    pub date_joined: Timestamp,
}

tessera_kernel::module! {
    name: "accounts",
    resources: [],
    models: [User],
    views: views::views(),
}
