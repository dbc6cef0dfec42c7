//! Password hashing with argon2id (OWASP parameters), run off the async executor.
//!
//! Each hash needs about 19 MiB for tens of milliseconds, so hashes run on a fixed pool of one
//! thread per core, each reusing one work area: a burst of sign-ins waits its turn, and the
//! memory stays at one area per core. (Allocating the area for every hash, as argon2's
//! `PasswordHasher` does, leaves the freed blocks with the allocator: measured, ten sign-ins
//! in a row kept 200 MiB.)

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use std::cell::RefCell;

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

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

/// One thread per core: how many hashes may run at once.
static HASHERS: LazyLock<Option<rayon::ThreadPool>> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
        .thread_name(|i| format!("argon2-{i}"))
        .build()
        .ok()
});

/// Runs one hash computation on the hashing pool once a thread is free; the caller's future
/// waits without holding a thread.
async fn in_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashError> {
    let pool = HASHERS.as_ref().ok_or(HashError::Cancelled)?;
    let (done, result) = oneshot::channel();
    pool.spawn(move || {
        // The caller may have gone (a closed connection): nobody to answer then.
        let _ = done.send(work());
    });
    result.await.map_err(|_| HashError::Cancelled)
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

thread_local! {
    /// This hashing thread's work area, grown to the largest cost it has met.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The raw hash of `password` with `salt` under `argon`, computed in this thread's work area.
fn compute(argon: &Argon2<'_>, password: &[u8], salt: Salt<'_>) -> password_hash::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let len = argon
        .params()
        .output_len()
        .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    MEMORY.with_borrow_mut(|memory| {
        let blocks = argon.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(len, |out| {
            argon
                .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
                .map_err(|_| password_hash::Error::Crypto)
        })
    })
}

fn hash_str(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let argon = argon2();
    let phc = (|| {
        Ok::<_, password_hash::Error>(
            PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(argon.params())?,
                salt: Some(salt.as_salt()),
                hash: Some(compute(&argon, password.as_bytes(), salt.as_salt())?),
            }
            .to_string(),
        )
    })();
    phc.map_err(|e| HashError::Hash(e.to_string()))
}

/// Checks `candidate` against a stored PHC string with the parameters it names.
fn matches(candidate: &str, stored: &PasswordHash<'_>) -> bool {
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(stored.algorithm) else {
        return false;
    };
    let version = match stored.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(stored) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params);
    // `Output` compares in constant time.
    compute(&argon, candidate.as_bytes(), salt).is_ok_and(|computed| computed == expected)
}

fn verify_sync(candidate: &str, stored: Option<&str>) -> Verdict {
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(&DUMMY_HASH)) else {
        return Verdict::Mismatch;
    };
    match (matches(candidate, &parsed), stored) {
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
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

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
    fn the_work_area_hashes_exactly_as_argon2_does() {
        let ours = hash_str("lantern orbit velvet quarry").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            argon2()
                .verify_password(b"lantern orbit velvet quarry", &parsed)
                .is_ok()
        );
        assert!(argon2().verify_password(b"lantern", &parsed).is_err());
        // The same salt under argon2's own hasher gives the same string.
        let salt = parsed.salt.unwrap();
        let theirs = argon2()
            .hash_password(b"lantern orbit velvet quarry", salt)
            .unwrap()
            .to_string();
        assert_eq!(ours, theirs);
        // A smaller cost after a larger one uses the front of the same area.
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        );
        let stored = small.hash_password(b"tiny", salt).unwrap();
        assert!(matches("tiny", &stored) && !matches("tinz", &stored));
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
