//! Authentication and permissions that work in any process: tokens verified with the shared secret, their users
//! looked up through the application's [`UserCheck`].

pub mod identity;
pub mod jwt;
pub mod permission;
pub mod users;

pub use identity::{authenticate, Identity};
pub use jwt::{Claims, Signer, TokenError, TokenKind};
pub use permission::Permission;
pub use users::{StatusLookup, UserCheck, UserStatus};
