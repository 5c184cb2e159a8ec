//! Connecting a service to PostgreSQL as its own role, in its own schema.
//!
//! Each service logs in as its own role, in every mode: in a deployment with
//! its own `DATABASE_URL`; in the all-in-one binary and the tests, the
//! administrator first makes each service role a LOGIN role with a generated
//! password ([`ServiceDb::grant_login`]) and the service's pool logs in with it
//! ([`ServiceDb::login`]). A service's connection is therefore its role and
//! nothing more: there is no administrator session underneath for
//! `SET ROLE NONE` or `RESET ROLE` to return to, so least privilege holds in
//! every mode.
//!
//! `search_path` is the service's schema only so that sqlx's migration table
//! lands there; every query names its schema explicitly.

use std::str::FromStr as _;
use std::time::Duration;

use anyhow::Context as _;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// Pool sizing and back-pressure.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// The most connections.
    pub max_connections: u32,
    /// How long a request waits for a connection before it gets a 503.
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self { max_connections: 10, acquire_timeout: Duration::from_secs(3) }
    }
}

/// Who a service is in the database.
#[derive(Debug, Clone, Copy)]
pub struct ServiceDb {
    /// The schema the service owns (`site`).
    pub schema: &'static str,
    /// The role that owns it (`vitrine_site`).
    pub role: &'static str,
}

impl ServiceDb {
    /// A service named `name`: schema `name`, role `vitrine_<name>`.
    pub const fn new(schema: &'static str, role: &'static str) -> Self {
        Self { schema, role }
    }

    /// Connection options for this service's own login `url`.
    pub fn own_login(self, url: &str) -> anyhow::Result<PgConnectOptions> {
        let options = PgConnectOptions::from_str(url).context("DATABASE_URL: not a valid PostgreSQL URL")?;
        Ok(options.options([("search_path", self.schema)]))
    }

    /// Makes this service's role a LOGIN role with `password`, on the
    /// administrator's connection `admin` (roles are per server: every
    /// database of the server sees the change).
    pub async fn grant_login(self, admin: &mut sqlx::PgConnection, password: &str) -> anyhow::Result<()> {
        // ALTER ROLE takes no parameters; the password is generated, and refused here if it could break out.
        anyhow::ensure!(
            !password.is_empty() && password.chars().all(|c| c.is_ascii_alphanumeric()),
            "a generated role password must be ASCII letters and digits"
        );
        sqlx::query(&format!(r#"ALTER ROLE "{}" WITH LOGIN PASSWORD '{password}'"#, self.role))
            .execute(admin)
            .await
            .with_context(|| format!("giving {} a login (the administrator needs CREATEROLE)", self.role))?;
        Ok(())
    }

    /// Connection options that log in as this service's role with `password`
    /// (given by [`grant_login`](Self::grant_login)), on the server and
    /// database of `admin`.
    pub fn login(self, admin: &PgConnectOptions, password: &str) -> PgConnectOptions {
        admin.clone().username(self.role).password(password).options([("search_path", self.schema)])
    }
}

/// A new random role password (32 letters and digits).
pub fn generate_password() -> String {
    use rand::distributions::{Alphanumeric, DistString as _};
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32)
}

/// A connection idle for at least this long is pinged before it is handed out.
pub const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// A lazily connecting pool: the process starts (and answers `/healthz`) even
/// while the database is down, and recovers by itself when it comes back.
///
/// A connection is checked with a ping before use only when it sat idle for
/// [`PING_AFTER_IDLE`] or more (HikariCP's "alive bypass window"): under load
/// a connection comes back within milliseconds, and a ping on every acquire
/// was one extra round trip per transaction (five per checkout). A connection
/// that broke within the window fails its query once; sqlx then drops it,
/// and the request answers 503 "retry" like any other database outage.
pub fn pool(options: PgConnectOptions, settings: PoolSettings) -> PgPool {
    PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .min_connections(0)
        .acquire_timeout(settings.acquire_timeout)
        .idle_timeout(Duration::from_secs(300))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_AFTER_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
        .connect_lazy_with(options)
}

/// Applies `migrator` (the service's `migrations/<service>/`), retrying while
/// the database is still starting.
pub async fn migrate(pool: &PgPool, migrator: &Migrator, service: &str) -> anyhow::Result<()> {
    let mut attempt = 0;
    loop {
        match migrator.run(pool).await {
            Ok(()) => return Ok(()),
            Err(sqlx::migrate::MigrateError::Execute(err)) if crate::error::is_unavailable(&err) && attempt < 30 => {
                attempt += 1;
                tracing::warn!(error = %err, attempt, "database not reachable yet; retrying migrations");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(err) => return Err(err).with_context(|| format!("applying the {service} migrations")),
        }
    }
}
