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
//! Why dedicated threads rather than `spawn_blocking`: each hash needs
//! 19 MiB of argon2 blocks. Allocated per hash, the allocator kept freed
//! blocks in the arena of the thread that used them; spread over Tokio's many
//! blocking threads, a login storm left the builder at ~480 MB (measured by
//! the benchmark). Here each hashing thread allocates its block buffer once,
//! on its first hash, and reuses it for every later one: after any number of
//! logins the process holds at most `concurrency` buffers (19 MiB each) more
//! than at idle, whatever the allocator does with freed memory. A thread that
//! never hashes never allocates one, so an idle service stays small.
//!
//! Isolation (ADR 0030): the hashing threads run at a lower scheduling
//! priority (nice [`HASHING_NICE`]) on Linux, so a login storm
//! takes the CPU that storefront requests leave, not the CPU they need.

pub mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret as _, SecretString};
use tokio::sync::Semaphore;
use vitrine_common::ApiError;

/// Memory cost in KiB (OWASP: 19 MiB).
pub const M_COST_KIB: u32 = 19_456;
/// Iterations (OWASP: 2).
pub const T_COST: u32 = 2;
/// Parallelism (OWASP: 1).
pub const P_COST: u32 = 1;
/// The nice value of the hashing threads (Linux): a tenth of a normal
/// thread's CPU share when both want the same core, and still some progress
/// on a busy machine (ADR 0030 says why not `SCHED_IDLE`).
pub const HASHING_NICE: i32 = 10;

/// How long a login may wait for a hashing slot before it is told to retry.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(10);

/// The length of a new hash's output (argon2's default, 32 bytes).
const OUTPUT_LEN: usize = Params::DEFAULT_OUTPUT_LEN;

/// The hash an unknown username is checked against: argon2id with exactly
/// our parameters, of a random password nobody kept. Verifying against it
/// costs what verifying a real account costs, and it is never accepted
/// (`verify` answers `false` for an unknown user whatever it computes). A
/// constant rather than hashed at start: a service is ready sooner and never
/// allocates a hash's memory before its first login (a test checks its
/// parameters are ours).
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$H8oLVCNNIHItx/rexrz+fA$lqTN7Ap5YBsHY0NkiJ0zQM3iQfTmTPgljVJvs/hSRsI";

/// Hashes and verifies passwords off the async runtime.
#[derive(Clone)]
pub struct PasswordHasher {
    inner: Arc<Inner>,
}

/// A hashing thread's own memory, allocated on its first hash and reused.
#[derive(Default)]
struct Scratch {
    blocks: Vec<Block>,
}

type Job = Box<dyn FnOnce(&mut Scratch) + Send>;

struct Inner {
    argon2: Argon2<'static>,
    /// One per hashing thread; a job owns its permit until its hash ends.
    permits: Arc<Semaphore>,
    /// The hashing threads' queue; they stop when the last hasher is dropped.
    jobs: std::sync::mpsc::Sender<Job>,
    /// How many block buffers the hashing threads have allocated, ever (at
    /// most one each, plus one per hash of a stored hash with a larger `m`).
    allocations: AtomicUsize,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher").field("slots", &self.inner.permits.available_permits()).finish()
    }
}

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(M_COST_KIB, T_COST, P_COST, Some(OUTPUT_LEN)).expect("OWASP's argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHasher {
    /// A hasher running at most `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Self {
        let threads = concurrency.max(1);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || {
                lower_priority();
                let mut scratch = Scratch::default();
                loop {
                    let job = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A panicking job must not take its thread with it; its caller sees the failure.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut scratch)));
                }
            });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "cannot start a password hashing thread");
            }
        }
        Self {
            inner: Arc::new(Inner {
                argon2: argon2(),
                permits: Arc::new(Semaphore::new(threads)),
                jobs,
                allocations: AtomicUsize::new(0),
            }),
        }
    }

    /// The PHC string of a new password.
    pub async fn hash(&self, password: SecretString) -> Result<String, ApiError> {
        self.run(move |inner, scratch| {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            inner.hash_with(scratch, password.expose_secret().as_bytes(), &salt)
        })
        .await?
        .map_err(|err| internal(&err))
    }

    /// Whether `password` matches `hash`; with no hash (unknown user) it checks
    /// the dummy hash, so the answer takes as long, and is `false`.
    pub async fn verify(&self, password: SecretString, hash: Option<String>) -> Result<bool, ApiError> {
        self.run(move |inner, scratch| {
            let known = hash.is_some();
            let phc = hash.as_deref().unwrap_or(DUMMY_HASH);
            let matches = inner.verify_with(scratch, password.expose_secret().as_bytes(), phc);
            known && matches
        })
        .await
    }

    /// How many argon2 block buffers this hasher's threads have allocated so
    /// far: at most one per thread for hashes with our parameters.
    pub fn buffers_allocated(&self) -> usize {
        self.inner.allocations.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner, &mut Scratch) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(QUEUE_TIMEOUT, Arc::clone(&self.inner.permits).acquire_owned())
            .await
            .map_err(|_| ApiError::unavailable("Too many logins at once; retry in a moment."))?
            .map_err(|_| internal(&anyhow::anyhow!("password hasher closed")))?;
        let (done, result) = tokio::sync::oneshot::channel();
        let inner = Arc::clone(&self.inner);
        self.inner
            .jobs
            .send(Box::new(move |scratch: &mut Scratch| {
                // The slot stays taken until the hash ends, whether or not anyone still waits for it.
                let _permit = permit;
                if done.is_closed() {
                    // The requester is gone (the client hung up): nobody would read the answer.
                    return;
                }
                let _ = done.send(work(&inner, scratch));
            }))
            .map_err(|_| internal(&anyhow::anyhow!("the password hashing threads have stopped")))?;
        result.await.map_err(|_| internal(&anyhow::anyhow!("a password hashing job failed")))
    }
}

impl Inner {
    /// `scratch`'s blocks, at least `count` of them: allocated on a thread's
    /// first hash and kept. A stored hash with a larger memory cost than ours
    /// (another configuration's) gets a buffer of its own, freed after it.
    fn hash_into(
        &self,
        argon2: &Argon2<'_>,
        scratch: &mut Scratch,
        password: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> argon2::Result<()> {
        let count = argon2.params().block_count();
        if count <= self.argon2.params().block_count() {
            if scratch.blocks.len() < count {
                self.allocations.fetch_add(1, Ordering::Relaxed);
                scratch.blocks = vec![Block::default(); self.argon2.params().block_count()];
            }
            argon2.hash_password_into_with_memory(password, salt, out, &mut scratch.blocks[..count])
        } else {
            self.allocations.fetch_add(1, Ordering::Relaxed);
            argon2.hash_password_into_with_memory(password, salt, out, vec![Block::default(); count])
        }
    }

    /// The PHC string of `password` with our parameters and `salt`.
    fn hash_with(&self, scratch: &mut Scratch, password: &[u8], salt: &SaltString) -> anyhow::Result<String> {
        let mut raw_salt = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut raw_salt).map_err(|err| anyhow::anyhow!("salt: {err}"))?;
        let mut out = [0u8; OUTPUT_LEN];
        self.hash_into(&self.argon2, scratch, password, raw_salt, &mut out)
            .map_err(|err| anyhow::anyhow!("argon2: {err}"))?;
        let params = self.argon2.params();
        Ok(format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            salt.as_str(),
            Output::new(&out).map_err(|err| anyhow::anyhow!("argon2 output: {err}"))?
        ))
    }

    /// Whether `password` matches the PHC string `phc` (any argon2 variant,
    /// version and parameters it names), compared in constant time.
    fn verify_with(&self, scratch: &mut Scratch, password: &[u8], phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else { return false };
        let (Ok(algorithm), Some(expected), Some(salt)) =
            (Algorithm::try_from(parsed.algorithm), parsed.hash, parsed.salt)
        else {
            return false;
        };
        let Ok(version) = parsed.version.map_or(Ok(Version::V0x13), Version::try_from) else { return false };
        let Ok(params) = Params::try_from(&parsed) else { return false };
        let mut raw_salt = [0u8; 64];
        let Ok(raw_salt) = salt.decode_b64(&mut raw_salt) else { return false };
        let argon2 = Argon2::new(algorithm, version, params);
        let mut out = vec![0u8; expected.len()];
        if self.hash_into(&argon2, scratch, password, raw_salt, &mut out).is_err() {
            return false;
        }
        Output::new(&out).is_ok_and(|computed| computed == expected)
    }
}

/// Puts the calling thread at nice [`HASHING_NICE`] (Linux: `setpriority`
/// on the thread's own id changes that thread alone). Elsewhere the threads
/// keep the default priority. A failure is logged and the thread hashes anyway.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if let Err(err) = rustix::process::setpriority_process(Some(rustix::thread::gettid()), HASHING_NICE) {
        tracing::warn!(error = %err, "cannot lower a password hashing thread's priority");
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
    use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hasher = PasswordHasher::new(1);
        let hash = hasher.hash(SecretString::from("correct horse")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(hasher.verify(SecretString::from("correct horse"), Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify(SecretString::from("wrong horse"), Some(hash)).await.unwrap());
    }

    #[test]
    fn the_dummy_hash_has_our_parameters() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(Algorithm::try_from(parsed.algorithm).unwrap(), Algorithm::Argon2id);
        assert_eq!(parsed.version, Some(0x13));
        let params = Params::try_from(&parsed).unwrap();
        let ours = argon2();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost(), params.output_len()),
            (ours.params().m_cost(), ours.params().t_cost(), ours.params().p_cost(), ours.params().output_len())
        );
    }

    /// Hashes made here verify with the argon2 crate's own verifier, and
    /// hashes it made (ours, and other parameters: smaller and larger memory,
    /// argon2i) verify here: stored hashes keep working whatever made them.
    #[tokio::test]
    async fn hashes_interoperate_with_the_argon2_crate_whatever_their_parameters() {
        let hasher = PasswordHasher::new(1);
        let ours = hasher.hash(SecretString::from("correct horse")).await.unwrap();
        argon2().verify_password(b"correct horse", &PasswordHash::new(&ours).unwrap()).unwrap();
        assert!(argon2().verify_password(b"wrong horse", &PasswordHash::new(&ours).unwrap()).is_err());

        let others = [
            argon2(),
            Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8192, 1, 1, None).unwrap()),
            Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(M_COST_KIB * 2, 1, 1, None).unwrap()),
            Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::new(4096, 3, 2, Some(16)).unwrap()),
        ];
        for other in others {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            let theirs = other.hash_password(b"correct horse", &salt).unwrap().to_string();
            assert!(
                hasher.verify(SecretString::from("correct horse"), Some(theirs.clone())).await.unwrap(),
                "{theirs}"
            );
            assert!(
                !hasher.verify(SecretString::from("correct hors"), Some(theirs.clone())).await.unwrap(),
                "{theirs}"
            );
        }
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_verifies_nothing() {
        let hasher = PasswordHasher::new(1);
        for stored in ["", "not a hash", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ", "$scrypt$ln=4,r=8,p=1$abc$def"] {
            assert!(!hasher.verify(SecretString::from("x"), Some(stored.to_owned())).await.unwrap(), "{stored}");
        }
    }

    /// The memory bound of a login storm: each hashing thread allocates its
    /// block buffer once and reuses it, however many hashes it runs.
    #[tokio::test]
    async fn every_hash_reuses_its_threads_block_buffer() {
        let hasher = PasswordHasher::new(2);
        assert_eq!(hasher.buffers_allocated(), 0, "an idle hasher holds no hash memory");
        let hash = hasher.hash(SecretString::from("correct horse")).await.unwrap();
        let logins = (0..12).map(|n| {
            let hasher = hasher.clone();
            let hash = hash.clone();
            tokio::spawn(async move {
                let password = if n % 2 == 0 { "correct horse" } else { "wrong horse" };
                hasher.verify(SecretString::from(password), Some(hash)).await.unwrap() == (n % 2 == 0)
            })
        });
        for login in logins.collect::<Vec<_>>() {
            assert!(login.await.unwrap());
        }
        assert!(hasher.verify(SecretString::from("anything"), None).await.is_ok_and(|ok| !ok));
        let allocated = hasher.buffers_allocated();
        assert!((1..=2).contains(&allocated), "14 hashes on 2 threads allocated {allocated} buffers");
    }

    /// Hashing threads run at nice HASHING_NICE, read back from the kernel.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_at_a_lower_priority() {
        let hasher = PasswordHasher::new(2);
        hasher.verify(SecretString::from("anything"), None).await.unwrap();
        let mut seen = 0;
        for task in std::fs::read_dir("/proc/self/task").unwrap() {
            let dir = task.unwrap().path();
            let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
            if !comm.starts_with("argon2-") {
                continue;
            }
            let stat = std::fs::read_to_string(dir.join("stat")).unwrap();
            // Fields after the command's closing parenthesis start at field 3 (state); nice is field 19.
            let nice: i32 = stat.rsplit_once(')').unwrap().1.split_whitespace().nth(16).unwrap().parse().unwrap();
            assert_eq!(nice, HASHING_NICE, "{}: {stat}", comm.trim());
            seen += 1;
        }
        assert!(seen >= 2, "found {seen} hashing threads");
        // The test's own thread keeps the default priority.
        let own = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        let nice: i32 = own.rsplit_once(')').unwrap().1.split_whitespace().nth(16).unwrap().parse().unwrap();
        assert_ne!(nice, HASHING_NICE);
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
