//! Password hashing with argon2id (OWASP parameters), run off the async executor.
//!
//! Each hash holds about 19 MiB for tens of milliseconds, so at most one per core runs at a
//! time: a burst of sign-ins waits its turn instead of exhausting memory and CPU.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::domain::NewPassword;

/// Memory cost in KiB and iterations: OWASP's argon2id recommendation (parallelism 1).
const M_COST: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

static MEMORY_KIB: AtomicU32 = AtomicU32::new(M_COST);
static ITERATIONS: AtomicU32 = AtomicU32::new(T_COST);

/// Lowers the cost of new hashes for the whole process. Only test harnesses call this:
/// production always uses the OWASP parameters.
pub fn use_cost_for_tests(memory_kib: u32, iterations: u32) {
    MEMORY_KIB.store(memory_kib, Ordering::Relaxed);
    ITERATIONS.store(iterations, Ordering::Relaxed);
}

fn cost() -> (u32, u32) {
    (
        MEMORY_KIB.load(Ordering::Relaxed),
        ITERATIONS.load(Ordering::Relaxed),
    )
}

fn argon2() -> Argon2<'static> {
    let (m, t) = cost();
    let params = Params::new(m, t, P_COST, None)
        .unwrap_or_else(|_| Params::new(M_COST, T_COST, P_COST, None).expect("valid defaults"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// One permit per core: how many hashes may run at once.
static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
});

/// Runs one hash computation on a blocking thread once a slot is free.
async fn in_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashError> {
    let _permit = SLOTS.acquire().await.map_err(|_| HashError::Cancelled)?;
    actix_web::rt::task::spawn_blocking(work)
        .await
        .map_err(|_| HashError::Cancelled)
}

/// A hash to verify against when the account does not exist, so that both cases take the
/// same time.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_str("not a real password, only for timing").unwrap_or_default());

/// Errors from hashing (only the random source or the thread pool can fail).
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password hashing task was cancelled")]
    Cancelled,
}

/// The result of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Wrong password (or no such account).
    Mismatch,
    /// Right password; `rehash` when the stored hash uses other parameters than today's.
    Match { rehash: bool },
}

fn hash_str(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError::Hash(e.to_string()))
}

fn verify_sync(candidate: &str, stored: Option<&str>) -> Verdict {
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(&DUMMY_HASH)) else {
        return Verdict::Mismatch;
    };
    let ok = argon2()
        .verify_password(candidate.as_bytes(), &parsed)
        .is_ok();
    match (ok, stored) {
        (true, Some(_)) => Verdict::Match {
            rehash: needs_rehash(&parsed),
        },
        _ => Verdict::Mismatch,
    }
}

fn needs_rehash(hash: &PasswordHash<'_>) -> bool {
    let (m, t) = cost();
    let current = hash.algorithm.as_str() == "argon2id"
        && Params::try_from(hash)
            .is_ok_and(|p| p.m_cost() == m && p.t_cost() == t && p.p_cost() == P_COST);
    !current
}

/// Hashes a new password on a blocking thread.
pub async fn hash(password: NewPassword) -> Result<String, HashError> {
    in_slot(move || hash_str(password.expose())).await?
}

/// Re-hashes a password that just verified against an outdated hash.
pub async fn rehash(password: String) -> Result<String, HashError> {
    in_slot(move || hash_str(&password)).await?
}

/// Checks a password on a blocking thread; `stored` is `None` for unknown accounts, which
/// then cost the same time as known ones.
pub async fn verify(candidate: String, stored: Option<String>) -> Result<Verdict, HashError> {
    in_slot(move || verify_sync(&candidate, stored.as_deref())).await
}

/// Hashes synchronously, for command-line tools.
pub fn hash_blocking(password: &NewPassword) -> Result<String, HashError> {
    hash_str(password.expose())
}

impl From<HashError> for crate::error::AppError {
    fn from(e: HashError) -> Self {
        crate::error::AppError::Internal(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw() -> NewPassword {
        NewPassword::parse("lantern orbit velvet quarry", "a@b.eu", "Ann").unwrap()
    }

    #[test]
    fn verifies_what_it_hashed() {
        let stored = hash_blocking(&pw()).unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify_sync("lantern orbit velvet quarry", Some(&stored)),
            Verdict::Match { rehash: false }
        );
        assert_eq!(
            verify_sync("lantern orbit velvet quarrz", Some(&stored)),
            Verdict::Mismatch
        );
    }

    #[test]
    fn unknown_accounts_never_match() {
        assert_eq!(
            verify_sync("not a real password, only for timing", None),
            Verdict::Mismatch
        );
    }

    #[test]
    fn old_parameters_ask_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let stored = weak
            .hash_password(b"lantern orbit velvet quarry", &salt)
            .unwrap()
            .to_string();
        assert_eq!(
            verify_sync("lantern orbit velvet quarry", Some(&stored)),
            Verdict::Match { rehash: true }
        );
    }
}
