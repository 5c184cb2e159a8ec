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
//!
//! On a shared host another user may plant files or links where the cluster
//! goes. So its folder is made private ([`private_dir`]: created `0700`, or
//! `0711` when the `postgres` user must traverse it, and refused when it
//! exists as a link, with another owner, or writable by others); every file
//! is created new (`O_EXCL`, `O_NOFOLLOW`) with its final mode from the
//! start ([`write_new`]), and ownership is handed over through the open file
//! or without following links, never through a path a link could redirect.

use std::fs;
use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _};
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
        let me = current_uid()?;
        // As root the server runs as `postgres`, which must traverse the folder
        // (but neither list nor write it); otherwise it is ours alone.
        let mode = if owner.is_some() { 0o711 } else { 0o700 };
        let trusted: Vec<u32> = std::iter::once(me).chain(owner.map(|(uid, _)| uid)).collect();
        private_dir_with(dir, mode, &trusted)?;
        let mut dir = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
        if owner.is_some() && !reachable_by_others(&dir) {
            // As root, the cluster runs as `postgres`, which cannot enter a
            // private folder (a `mktemp -d` checkout, /root): keep it in the
            // system's temporary folder instead, under a name tied to `dir`,
            // refused if someone else made it first.
            let relocated =
                std::env::temp_dir().join(format!("vitrine-pg-{:016x}", fnv1a(dir.as_os_str().as_encoded_bytes())));
            tracing::warn!(wanted = %dir.display(), using = %relocated.display(), "the postgres user cannot reach the data folder; using another");
            private_dir_with(&relocated, mode, &trusted)?;
            dir = relocated;
        }
        let data = dir.join("pgdata");
        let password_file = dir.join("admin-password");

        if !data.join("PG_VERSION").exists() {
            let password = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
            // A leftover of an initdb that failed: removing a link removes the link only.
            match fs::remove_file(&password_file) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(err).with_context(|| format!("removing {}", password_file.display())),
            }
            let file = write_new(&password_file, password.as_bytes(), 0o600)?;
            private_dir_with(&data, 0o700, &trusted)?;
            if let Some((uid, gid)) = owner {
                // initdb (as postgres) reads the password file and owns the data folder.
                std::os::unix::fs::fchown(&file, Some(uid), Some(gid))?;
                std::os::unix::fs::lchown(&data, Some(uid), Some(gid))?;
            }
            drop(file);
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
        let mut password = String::new();
        open_no_follow(&password_file)
            .and_then(|mut file| file.read_to_string(&mut password))
            .with_context(|| format!("reading {}", password_file.display()))?;
        let password = password.trim().to_owned();

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
        // Opened here and handed to the server as its stderr: it needs no other owner.
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(dir.join("postgres.log"))
            .with_context(|| format!("opening {}/postgres.log", dir.display()))?;
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
    dir.ancestors().all(|folder| fs::metadata(folder).is_ok_and(|meta| meta.mode() & 0o001 != 0))
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

/// The effective user id of this process (the owner of what it creates).
fn current_uid() -> anyhow::Result<u32> {
    // /proc/self belongs to the process's effective user; elsewhere ask `id`.
    if let Ok(meta) = fs::metadata("/proc/self") {
        return Ok(meta.uid());
    }
    let output = Command::new("id").arg("-u").output().context("running id -u")?;
    String::from_utf8_lossy(&output.stdout).trim().parse().context("parsing the output of id -u")
}

/// Makes `dir` a folder only this process's user can use: created (with its
/// parents) as `0700`, or, if it exists, accepted only as a real folder (not
/// a link) of this user that no one else can write. For data and keys on a
/// host other users share.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    private_dir_with(dir, 0o700, &[current_uid()?])
}

fn private_dir_with(dir: &Path, mode: u32, owners: &[u32]) -> anyhow::Result<()> {
    if let Some(parent) = dir.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    match fs::DirBuilder::new().mode(mode).create(dir) {
        Ok(()) => {
            // The umask may have removed bits the mode needs (0711's x for others).
            fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(mode))
                .with_context(|| format!("setting the mode of {}", dir.display()))?;
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(err) => return Err(err).with_context(|| format!("creating {}", dir.display())),
    }
    let meta = fs::symlink_metadata(dir).with_context(|| format!("inspecting {}", dir.display()))?;
    if !meta.file_type().is_dir() {
        bail!("{} exists and is not a folder (a link or a file): refusing to use it", dir.display());
    }
    if !owners.contains(&meta.uid()) {
        bail!(
            "{} belongs to another user (uid {}): refusing to use it; remove it or choose another folder",
            dir.display(),
            meta.uid()
        );
    }
    if meta.mode() & 0o022 != 0 {
        bail!("{} can be written by other users (mode {:o}): refusing to use it", dir.display(), meta.mode() & 0o7777);
    }
    Ok(())
}

/// Creates `path` with `contents` and `mode` from the start: never an existing
/// file, never through a link (`O_CREAT | O_EXCL | O_NOFOLLOW`). Returns the
/// open file (to hand it over with `fchown`).
pub fn write_new(path: &Path, contents: &[u8], mode: u32) -> anyhow::Result<fs::File> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    // The umask may have removed bits of `mode`; set exactly it, on the open file.
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
    file.write_all(contents).with_context(|| format!("writing {}", path.display()))?;
    file.sync_all()?;
    Ok(file)
}

/// Opens `path` for reading, refusing a link.
pub fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(path)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("vitrine-localdb-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_file(&dir);
        dir
    }

    #[test]
    fn a_private_folder_is_made_0700_and_kept_when_it_is_ours() {
        let dir = scratch("made");
        private_dir(&dir).unwrap();
        assert_eq!(fs::symlink_metadata(&dir).unwrap().mode() & 0o7777, 0o700);
        private_dir(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_planted_link_or_a_folder_others_can_write_is_refused() {
        let target = scratch("target");
        fs::create_dir_all(&target).unwrap();
        let link = scratch("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = private_dir(&link).unwrap_err();
        assert!(format!("{err:#}").contains("not a folder"), "{err:#}");

        let open = scratch("open");
        fs::create_dir_all(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o777)).unwrap();
        let err = private_dir(&open).unwrap_err();
        assert!(format!("{err:#}").contains("written by other users"), "{err:#}");
        for path in [&target, &open] {
            fs::remove_dir_all(path).unwrap();
        }
        fs::remove_file(&link).unwrap();
    }

    #[test]
    fn a_folder_of_another_user_is_refused() {
        let dir = scratch("theirs");
        fs::create_dir_all(&dir).unwrap();
        if current_uid().unwrap() != 0 {
            // Only root can give a folder away; as anyone else, another user's
            // folder cannot be arranged here (the check is the same code path).
            fs::remove_dir_all(&dir).unwrap();
            return;
        }
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        let err = private_dir(&dir).unwrap_err();
        assert!(format!("{err:#}").contains("belongs to another user"), "{err:#}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn new_files_get_their_mode_at_once_and_never_follow_or_reuse_a_path() {
        let dir = scratch("files");
        private_dir(&dir).unwrap();
        let secret = dir.join("secret");
        write_new(&secret, b"s3cret", 0o600).unwrap();
        assert_eq!(fs::metadata(&secret).unwrap().mode() & 0o7777, 0o600);
        assert_eq!(fs::read_to_string(&secret).unwrap(), "s3cret");
        // An existing file is not overwritten.
        assert!(write_new(&secret, b"other", 0o600).is_err());
        assert_eq!(fs::read_to_string(&secret).unwrap(), "s3cret");
        // A planted link is neither followed nor replaced, dangling or not.
        let victim = dir.join("victim");
        fs::write(&victim, "keep").unwrap();
        let planted = dir.join("planted");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        assert!(write_new(&planted, b"owned", 0o600).is_err());
        assert!(open_no_follow(&planted).is_err());
        let dangling = dir.join("dangling");
        std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
        assert!(write_new(&dangling, b"owned", 0o600).is_err());
        assert!(!dir.join("nowhere").exists());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        fs::remove_dir_all(&dir).unwrap();
    }
}
