//! The question authentication asks of whichever module keeps the users: does this user still exist, is it
//! active, is it staff. The application registers an answer (`Data<dyn UserCheck>`) built from that module's
//! published interface; without one, tokens are believed on their signature alone.

use futures_util::future::LocalBoxFuture;

/// A user's state as authentication needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserStatus {
    pub is_active: bool,
    pub is_staff: bool,
}

/// The user, `None` when there is none, or why the question could not be answered (a 503).
pub type StatusLookup<'a> = LocalBoxFuture<'a, Result<Option<UserStatus>, String>>;

/// Looks a token's user up.
pub trait UserCheck: 'static {
    fn status(&self, user_id: i64) -> StatusLookup<'_>;
}
