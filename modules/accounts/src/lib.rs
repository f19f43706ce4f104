//! `accounts`: users on the module's own database, shown to staff at `/api/accounts/users/` as a DRF `UserViewSet`
//! would (list, retrieve, `PATCH` of `is_active` and `is_staff`, `DELETE`), the JWT endpoints
//! `/api/accounts/token/` and `/api/accounts/token/refresh/`, and the in-process side of its published interface,
//! which every authenticated request asks whether its user still exists and is active.

mod interface;
pub mod passwords;
pub mod users;
pub mod views;

pub use interface::LocalAccounts;
use tessera_kernel::prelude::*;

/// A user, as Django's `auth.User` keeps one (the fields tessera needs). Staff only; usernames and passwords are
/// set by `tessera createuser`, never through the API.
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(
    table = "accounts_users",
    path = "users",
    permission = Staff,
    actions(list, retrieve, partial_update, destroy),
    filter(username),
    ordering(id, username, date_joined)
)]
pub struct User {
    pub id: i64,
    #[field(max_length = 150, unique, read_only)]
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
    resources: [User],
    views: views::views(),
}
