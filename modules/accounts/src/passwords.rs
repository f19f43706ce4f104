//! Password hashes: argon2id in the PHC string format, with a random salt per password.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Hashes under way at once: half the cores (at least one), so that a flood of password attempts leaves the
/// other requests CPU to run on; attempts past them wait their turn, and past [`QUEUE`] waiting get 503.
fn slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new((cores / 2).max(1))
    })
}

/// Attempts that may wait for a hashing slot.
const QUEUE: usize = 64;

/// A turn to hash a password, held while hashing.
pub async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, tessera_kernel::ApiError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static WAITING: AtomicUsize = AtomicUsize::new(0);
    if let Ok(permit) = slots().try_acquire() {
        return Ok(permit);
    }
    if WAITING.fetch_add(1, Ordering::SeqCst) >= QUEUE {
        WAITING.fetch_sub(1, Ordering::SeqCst);
        return Err(tessera_kernel::ApiError::Unavailable(
            "too many password attempts wait for a hashing slot".into(),
        ));
    }
    let permit = slots().acquire().await;
    WAITING.fetch_sub(1, Ordering::SeqCst);
    permit.map_err(tessera_kernel::ApiError::internal)
}

/// A hash to verify against when the user does not exist, so that both cases take as long.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_verify_only_their_password() {
        let stored = super::hash("s3cret!").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(super::verify("s3cret!", &stored));
        assert!(!super::verify("s3cret", &stored));
        assert!(!super::verify("s3cret!", "not a hash"));
        assert_ne!(super::hash("s3cret!").unwrap(), stored, "salted");
    }
}
