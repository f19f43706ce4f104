//! `accounts`: users on the module's own database, and the JWT endpoints `/api/accounts/token/` and
//! `/api/accounts/token/refresh/`. Tokens are verified elsewhere with the shared secret alone.

mod docs;
pub mod models;
pub mod passwords;
pub mod schema;
pub mod serializers;
pub mod urls;
pub mod users;
pub mod views;

pub use urls::AccountsModule;

/// The module, as the application's module list names it.
pub static MODULE: AccountsModule = AccountsModule;
