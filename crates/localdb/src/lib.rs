//! A PostgreSQL cluster made from the machine's PostgreSQL binaries, for
//! `cargo run` (persistent, under `VITRINE_DATA_DIR`) and for the tests
//! (throwaway, `fsync=off`, removed at exit).
//!
//! The server listens on 127.0.0.1 only, on a free port, with no Unix socket
//! and a generated administrator password (scram-sha-256). A watchdog child
//! holds a pipe to this process: when the process ends, however it ends, the
//! pipe closes and the watchdog stops the server (and, for a throwaway
//! cluster, deletes it). So no test run or crashed `cargo run` leaves a
//! PostgreSQL behind.
//!
//! PostgreSQL refuses to run as root; as root, the cluster is run as the
//! `postgres` user (which the Debian package creates).

use std::fs;
use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use rand::distributions::{Alphanumeric, DistString as _};

/// The administrator role of a local cluster.
pub const ADMIN_USER: &str = "vitrine_admin";

/// How the cluster is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Kept across runs (the all-in-one binary's data).
    Persistent,
    /// Deleted when this process ends (tests); durability traded for speed.
    Throwaway,
}

/// A running local PostgreSQL server.
#[derive(Debug)]
pub struct LocalPostgres {
    dir: PathBuf,
    port: u16,
    password: String,
    server: Child,
    watchdog: Option<Child>,
    launch: Launch,
}

/// How to (re)start the server process.
#[derive(Debug, Clone)]
struct Launch {
    bin: PathBuf,
    data: PathBuf,
    owner: Owner,
    lifetime: Lifetime,
}

impl LocalPostgres {
    /// Creates (if needed) and starts a cluster under `dir`.
    pub fn start(dir: &Path, lifetime: Lifetime) -> anyhow::Result<Self> {
        let bin = find_binaries()?;
        let owner = cluster_owner()?;
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut dir = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
        if owner.is_some() && !reachable_by_others(&dir) {
            // As root, the cluster runs as `postgres`, which cannot enter a
            // private folder (a `mktemp -d` checkout, /root): keep it in the
            // system's temporary folder instead, under a name tied to `dir`.
            let relocated =
                std::env::temp_dir().join(format!("vitrine-pg-{:016x}", fnv1a(dir.as_os_str().as_encoded_bytes())));
            tracing::warn!(wanted = %dir.display(), using = %relocated.display(), "the postgres user cannot reach the data folder; using another");
            fs::create_dir_all(&relocated)?;
            fs::set_permissions(&relocated, fs::Permissions::from_mode(0o755))?;
            dir = relocated;
        }
        let data = dir.join("pgdata");
        let password_file = dir.join("admin-password");

        if !data.join("PG_VERSION").exists() {
            let password = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
            write_private(&password_file, &password)?;
            fs::create_dir_all(&data)?;
            fs::set_permissions(&data, fs::Permissions::from_mode(0o700))?;
            chown_tree(&dir, owner)?;
            let mut initdb = Command::new(bin.join("initdb"));
            initdb
                .arg("-D")
                .arg(&data)
                .args(["-U", ADMIN_USER, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--pwfile"])
                .arg(&password_file)
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            if lifetime == Lifetime::Throwaway {
                initdb.arg("--no-sync");
            }
            as_owner(&mut initdb, owner);
            let output = initdb.output().context("running initdb")?;
            if !output.status.success() {
                bail!("initdb failed: {}", String::from_utf8_lossy(&output.stderr));
            }
        }
        let password = fs::read_to_string(&password_file)
            .with_context(|| format!("reading {}", password_file.display()))?
            .trim()
            .to_owned();

        let port = free_port()?;
        let launch = Launch { bin, data, owner, lifetime };
        let server = launch.spawn(&dir, port)?;
        let watchdog = spawn_watchdog(&launch.data, (lifetime == Lifetime::Throwaway).then_some(dir.as_path()))?;
        let mut cluster = Self { dir, port, password, server, watchdog: Some(watchdog), launch };
        cluster.wait_until_accepting()?;
        Ok(cluster)
    }

    /// The administrator's URL for database `database`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{ADMIN_USER}:{}@127.0.0.1:{}/{database}", self.password, self.port)
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server process (fast shutdown) but keeps the cluster: for
    /// fault tests that take the database away while requests flow.
    pub fn pause(&mut self) {
        let _ = Command::new("kill").args(["-INT", &self.server.id().to_string()]).status();
        let _ = self.server.wait();
    }

    /// Starts the server process again after [`pause`](Self::pause), on the same port.
    pub fn resume(&mut self) -> anyhow::Result<()> {
        self.server = self.launch.spawn(&self.dir, self.port)?;
        self.wait_until_accepting()
    }

    /// Stops the server now (fast shutdown) and waits for it.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = Command::new("kill").args(["-INT", &self.server.id().to_string()]).status();
        let _ = self.server.wait();
        // Closing the watchdog's pipe lets it finish (and clean up a throwaway cluster).
        if let Some(mut watchdog) = self.watchdog.take() {
            drop(watchdog.stdin.take());
            let _ = watchdog.wait();
        }
    }

    fn wait_until_accepting(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        loop {
            if let Some(status) = self.server.try_wait()? {
                let log = fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default();
                bail!("postgres exited at start ({status}):\n{log}");
            }
            if is_ready(&self.launch.data) && accepts_startup(addr) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("postgres did not accept connections within 30 s; see {}/postgres.log", self.dir.display());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        if self.watchdog.is_some() {
            self.shutdown();
        }
    }
}

impl Launch {
    fn spawn(&self, dir: &Path, port: u16) -> anyhow::Result<Child> {
        let log = fs::OpenOptions::new().create(true).append(true).open(dir.join("postgres.log"))?;
        if let Some((uid, gid)) = self.owner {
            std::os::unix::fs::chown(dir.join("postgres.log"), Some(uid), Some(gid))?;
        }
        let mut postgres = Command::new(self.bin.join("postgres"));
        postgres
            .arg("-D")
            .arg(&self.data)
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"])
            .args(["-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        if self.lifetime == Lifetime::Throwaway {
            postgres.args(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        // Its own process group: a Ctrl-C in the terminal reaches us, and we
        // stop the server after our own requests have drained.
        postgres.process_group(0);
        as_owner(&mut postgres, self.owner);
        postgres.spawn().context("starting postgres")
    }
}

/// Whether the postmaster says it accepts connections: the 8th line of
/// `postmaster.pid` is its status (`starting`, `ready`, `stopping`).
fn is_ready(data: &Path) -> bool {
    fs::read_to_string(data.join("postmaster.pid"))
        .is_ok_and(|pid| pid.lines().nth(7).is_some_and(|status| status.trim() == "ready"))
}

/// Whether the server answers a startup message (it is listening and no longer
/// "starting up"): an SSLRequest gets a one-byte 'N' answer once it is up.
fn accepts_startup(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    // SSLRequest: length 8, code 80877103.
    if stream.write_all(&[0, 0, 0, 8, 4, 210, 22, 47]).is_err() {
        return false;
    }
    let mut answer = [0u8; 1];
    stream.read_exact(&mut answer).is_ok() && answer[0] == b'N'
}

/// The folder holding `initdb` and `postgres`: on PATH, or the newest
/// `/usr/lib/postgresql/<version>/bin`.
pub fn find_binaries() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("postgres").is_file() {
                return Ok(dir);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| {
        anyhow::anyhow!(
            "no PostgreSQL server binaries found (initdb, postgres) on PATH or under /usr/lib/postgresql/*/bin.\n\
             Either install PostgreSQL (Debian/Ubuntu: `sudo apt-get install postgresql`; macOS: `brew install postgresql`),\n\
             or set DATABASE_URL to an existing server's administrator URL."
        )
    })
}

type Owner = Option<(u32, u32)>;

/// Whether every folder from `/` down to `dir` can be entered by other users.
fn reachable_by_others(dir: &Path) -> bool {
    dir.ancestors().all(|folder| fs::metadata(folder).is_ok_and(|meta| meta.permissions().mode() & 0o001 != 0))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

/// PostgreSQL will not run as root: as root, use the `postgres` user.
fn cluster_owner() -> anyhow::Result<Owner> {
    let uid = Command::new("id").arg("-u").output().context("running id -u")?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Ok(None);
    }
    let passwd = fs::read_to_string("/etc/passwd").context("reading /etc/passwd")?;
    let entry = passwd
        .lines()
        .find(|line| line.starts_with("postgres:"))
        .context("running as root, and PostgreSQL refuses to run as root: create a `postgres` user (the postgresql package does) or run as another user")?;
    let fields: Vec<&str> = entry.split(':').collect();
    let uid = fields.get(2).and_then(|v| v.parse().ok()).context("malformed /etc/passwd entry for postgres")?;
    let gid = fields.get(3).and_then(|v| v.parse().ok()).context("malformed /etc/passwd entry for postgres")?;
    Ok(Some((uid, gid)))
}

fn as_owner(command: &mut Command, owner: Owner) {
    if let Some((uid, gid)) = owner {
        command.uid(uid).gid(gid);
    }
}

fn chown_tree(dir: &Path, owner: Owner) -> anyhow::Result<()> {
    let Some((uid, gid)) = owner else { return Ok(()) };
    std::os::unix::fs::chown(dir, Some(uid), Some(gid))?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            chown_tree(&path, owner)?;
        } else {
            std::os::unix::fs::chown(&path, Some(uid), Some(gid))?;
        }
    }
    Ok(())
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    Ok(())
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A shell that waits for its stdin to close (this process ended), then
/// stops the server (whatever its pid is by then, from `postmaster.pid`) and,
/// for a throwaway cluster, deletes its folder.
fn spawn_watchdog(data: &Path, remove: Option<&Path>) -> anyhow::Result<Child> {
    let pid_file = data.join("postmaster.pid");
    let mut script = format!(
        "cat >/dev/null; pid=$(head -n 1 '{pid}' 2>/dev/null); \
         if [ -n \"$pid\" ]; then kill -INT $pid 2>/dev/null; \
         i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; \
         kill -KILL $pid 2>/dev/null; fi;",
        pid = pid_file.display()
    );
    if let Some(dir) = remove {
        script.push_str(&format!(" rm -rf '{}'", dir.display()));
    }
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .context("starting the cluster's watchdog")
}
