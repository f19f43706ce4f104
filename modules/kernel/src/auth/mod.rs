//! Authentication and permissions that work in any process: tokens verified with the shared secret alone.

pub mod identity;
pub mod jwt;
pub mod permission;

pub use identity::{authenticate, Identity};
pub use jwt::{Claims, Signer, TokenError, TokenKind};
pub use permission::Permission;
