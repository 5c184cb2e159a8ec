//! Password hashing for every service that keeps passwords (merchants in
//! the builder, shoppers in the customer service): argon2id with OWASP's parameters (m = 19456 KiB, t = 2,
//! p = 1), run on a fixed pool of `concurrency` threads of its own.
//!
//! The bound matters: a hash takes a core for tens of milliseconds and 19 MiB,
//! so an unbounded login storm would starve every other request of CPU and
//! memory. Logins beyond the bound wait their turn (and get a 503 to retry if
//! the wait gets long); storefront requests keep their cores.
//!
//! A slot is held by the job itself, from the moment it is queued until its
//! hash ends, so at most `concurrency` jobs are ever queued or running: a
//! client that sends a login and hangs up frees nothing early, and cannot pile
//! up work for the next ones. A queued job whose requester is gone by the time
//! a thread takes it is skipped.
//!
//! Why dedicated threads rather than `spawn_blocking`: each hash allocates
//! 19 MiB, and the allocator keeps a freed block in the arena of the thread
//! that used it. Spread over Tokio's many blocking threads, a login storm left
//! the process at ~280 MB (measured by the benchmark); with a fixed pool, at
//! most `concurrency` arenas ever hold one.

pub mod common;

use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret as _, SecretString};
use tokio::sync::Semaphore;
use vitrine_common::ApiError;

/// Memory cost in KiB (OWASP: 19 MiB).
pub const M_COST_KIB: u32 = 19_456;
/// Iterations (OWASP: 2).
pub const T_COST: u32 = 2;
/// Parallelism (OWASP: 1).
pub const P_COST: u32 = 1;

/// How long a login may wait for a hashing slot before it is told to retry.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(10);

/// Hashes and verifies passwords off the async runtime.
#[derive(Clone)]
pub struct PasswordHasher {
    inner: Arc<Inner>,
}

type Job = Box<dyn FnOnce() + Send>;

struct Inner {
    argon2: Argon2<'static>,
    /// One per hashing thread; a job owns its permit until its hash ends.
    permits: Arc<Semaphore>,
    /// The hashing threads' queue; they stop when the last hasher is dropped.
    jobs: std::sync::mpsc::Sender<Job>,
    /// A real hash of a random password: verifying an unknown username against
    /// it takes as long as verifying a real account, so timing reveals nothing.
    dummy_hash: String,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher").field("slots", &self.inner.permits.available_permits()).finish()
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHasher {
    /// A hasher running at most `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Self {
        let argon2 = argon2();
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let dummy_hash = argon2
            .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
            .expect("hashing a random password")
            .to_string();
        let threads = concurrency.max(1);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                loop {
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A panicking job must not take its thread with it; its caller sees the failure.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "cannot start a password hashing thread");
            }
        }
        Self { inner: Arc::new(Inner { argon2, permits: Arc::new(Semaphore::new(threads)), jobs, dummy_hash }) }
    }

    /// The PHC string of a new password.
    pub async fn hash(&self, password: SecretString) -> Result<String, ApiError> {
        self.run(move |inner| {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            inner
                .argon2
                .hash_password(password.expose_secret().as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|err| anyhow::anyhow!("argon2: {err}"))
        })
        .await?
        .map_err(|err| internal(&err))
    }

    /// Whether `password` matches `hash`; with no hash (unknown user) it checks
    /// the dummy hash, so the answer takes as long, and is `false`.
    pub async fn verify(&self, password: SecretString, hash: Option<String>) -> Result<bool, ApiError> {
        self.run(move |inner| {
            let known = hash.is_some();
            let phc = hash.unwrap_or_else(|| inner.dummy_hash.clone());
            let matches = PasswordHash::new(&phc)
                .is_ok_and(|parsed| inner.argon2.verify_password(password.expose_secret().as_bytes(), &parsed).is_ok());
            known && matches
        })
        .await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce(&Inner) -> T + Send + 'static) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(QUEUE_TIMEOUT, Arc::clone(&self.inner.permits).acquire_owned())
            .await
            .map_err(|_| ApiError::unavailable("Too many logins at once; retry in a moment."))?
            .map_err(|_| internal(&anyhow::anyhow!("password hasher closed")))?;
        let (done, result) = tokio::sync::oneshot::channel();
        let inner = Arc::clone(&self.inner);
        self.inner
            .jobs
            .send(Box::new(move || {
                // The slot stays taken until the hash ends, whether or not anyone still waits for it.
                let _permit = permit;
                if done.is_closed() {
                    // The requester is gone (the client hung up): nobody would read the answer.
                    return;
                }
                let _ = done.send(work(&inner));
            }))
            .map_err(|_| internal(&anyhow::anyhow!("the password hashing threads have stopped")))?;
        result.await.map_err(|_| internal(&anyhow::anyhow!("a password hashing job failed")))
    }
}

/// A failure of the hasher itself: logged with its cause, answered as a bare 500.
fn internal(err: &anyhow::Error) -> ApiError {
    tracing::error!(error = format!("{err:#}"), "password hashing failed");
    ApiError::internal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hasher = PasswordHasher::new(1);
        let hash = hasher.hash(SecretString::from("correct horse")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(hasher.verify(SecretString::from("correct horse"), Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify(SecretString::from("wrong horse"), Some(hash)).await.unwrap());
    }

    /// Logins sent and abandoned one after another (each waits 1 ms, then its
    /// client hangs up), as fast as they come: the real login after them must
    /// answer within the queue timeout (or get a 503), not after every
    /// abandoned hash.
    #[tokio::test]
    async fn abandoned_logins_do_not_delay_the_next_one_past_the_queue_timeout() {
        let hasher = PasswordHasher::new(1);
        let hash = hasher.hash(SecretString::from("correct horse")).await.unwrap();
        let one_hash = {
            let started = std::time::Instant::now();
            hasher.verify(SecretString::from("correct horse"), Some(hash.clone())).await.unwrap();
            started.elapsed()
        };
        let burst = std::time::Instant::now();
        for _ in 0..400 {
            let abandoned = hasher.verify(SecretString::from("wrong horse"), Some(hash.clone()));
            let _ = tokio::time::timeout(Duration::from_millis(1), abandoned).await;
        }
        let burst = burst.elapsed();

        let started = std::time::Instant::now();
        let answer = hasher.verify(SecretString::from("correct horse"), Some(hash)).await;
        let waited = started.elapsed();
        eprintln!(
            "figures: one hash {one_hash:?}; 400 abandoned logins in {burst:?}; the next login answered in {waited:?}"
        );
        match answer {
            Ok(matches) => assert!(matches),
            Err(err) => assert_eq!(err.status_code().as_u16(), 503, "{err:?}"),
        }
        assert!(waited < QUEUE_TIMEOUT + Duration::from_secs(1), "the next login waited {waited:?}");
    }

    #[tokio::test]
    async fn unknown_users_never_verify() {
        let hasher = PasswordHasher::new(1);
        assert!(!hasher.verify(SecretString::from("anything"), None).await.unwrap());
    }
}
