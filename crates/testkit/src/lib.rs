//! Test support for every service: real PostgreSQL, never a mock.
//!
//! - [`TestDb::new`]: a fresh database per test, copied from a template that
//!   has the bootstrap (roles, schemas) and every service's migrations applied.
//!   The server is `DATABASE_URL` (an administrator's URL) when set, else a
//!   throwaway cluster this test process starts from the machine's binaries.
//! - [`keys`]: a signing key pair for the test process, and tokens from it.
//! - [`TestClient`]: drives a router in-process with `oneshot`.
//! - [`TestDb::merchant`] and [`TestDb::site`]: arrange accounts and sites
//!   directly in the builder's tables, for services that only read them.

use std::path::PathBuf;
use std::str::FromStr as _;
use std::sync::OnceLock;

use anyhow::Context as _;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection as _, PgConnection, PgPool};
use uuid::Uuid;
use vitrine_common::db::{PoolSettings, ServiceDb};
use vitrine_localdb::{Lifetime, LocalPostgres};

mod client;
pub mod keys;
pub mod registry;
pub mod service;

pub use client::{TestClient, TestResponse};

/// The bootstrap every database gets (roles, schemas, grants).
pub const BOOTSTRAP_SQL: &str = include_str!("../../../migrations/bootstrap.sql");

/// Services in migration order: owners of published views come first.
pub const SERVICES: [&str; 8] =
    ["builder", "site", "media", "promotion", "experiment", "customer", "checkout", "notifier"];

struct Server {
    /// Administrator options, database unset.
    admin: PgConnectOptions,
    template: String,
    /// Kept alive for the whole process; its watchdog removes it at exit.
    _local: Option<LocalPostgres>,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        // Own thread and runtime: tests each run on their own runtime, and a
        // connection must not outlive the runtime that made it.
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(start_server())
        })
        .join()
        .expect("test database setup panicked")
        .unwrap_or_else(|err| panic!("cannot set up the test database: {err:#}"))
    })
}

async fn start_server() -> anyhow::Result<Server> {
    let (admin, local) = match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => (PgConnectOptions::from_str(&url).context("DATABASE_URL")?, None),
        _ => {
            let dir =
                std::env::temp_dir().join(format!("vitrine-test-{}-{}", std::process::id(), Uuid::now_v7().simple()));
            let local = LocalPostgres::start(&dir, Lifetime::Throwaway)?;
            (PgConnectOptions::from_str(&local.url("postgres"))?, Some(local))
        }
    };
    let template = format!("vitrine_template_{}", Uuid::now_v7().simple());
    let mut conn =
        PgConnection::connect_with(&admin.clone().database("postgres")).await.context("connecting as administrator")?;
    sqlx::query(&format!(r#"CREATE DATABASE "{template}""#)).execute(&mut conn).await?;
    conn.close().await?;

    prepare(&admin.clone().database(&template)).await?;
    Ok(Server { admin, template, _local: local })
}

/// Applies the bootstrap and every service's migrations (each as its own
/// role) to the database `admin` points at, as a deployment would.
pub async fn prepare(admin: &PgConnectOptions) -> anyhow::Result<()> {
    let mut conn = PgConnection::connect_with(admin).await?;
    sqlx::raw_sql(BOOTSTRAP_SQL).execute(&mut conn).await.context("bootstrap.sql")?;
    conn.close().await?;
    for service in SERVICES {
        let dir = migrations_dir().join(service);
        if !dir.is_dir() {
            continue;
        }
        let migrator = sqlx::migrate::Migrator::new(dir).await?;
        let role = format!("vitrine_{service}");
        let options = admin.clone().options([("role", role.as_str()), ("search_path", service)]);
        let mut conn = PgConnection::connect_with(&options).await?;
        migrator.run(&mut conn).await.with_context(|| format!("{service} migrations"))?;
        conn.close().await?;
    }
    Ok(())
}

fn migrations_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations")
}

/// A fresh database for one test, with every schema migrated and empty.
#[derive(Debug, Clone)]
pub struct TestDb {
    options: PgConnectOptions,
}

impl TestDb {
    /// A database on a server of the test's own (fault tests stop and restart
    /// it), prepared like every other.
    pub async fn on(server: &LocalPostgres) -> Self {
        let admin = PgConnectOptions::from_str(&server.url("postgres")).expect("local URL");
        let mut conn = PgConnection::connect_with(&admin).await.expect("connecting to the local server");
        sqlx::query("CREATE DATABASE vitrine").execute(&mut conn).await.expect("creating the database");
        let _ = conn.close().await;
        let options = admin.database("vitrine");
        prepare(&options).await.expect("preparing the database");
        Self { options }
    }

    /// Creates the database.
    pub async fn new() -> Self {
        let server = server();
        let name = format!("vitrine_test_{}", Uuid::now_v7().simple());
        let mut conn = PgConnection::connect_with(&server.admin.clone().database("postgres"))
            .await
            .expect("connecting to the test server");
        sqlx::query(&format!(r#"CREATE DATABASE "{name}" TEMPLATE "{}""#, server.template))
            .execute(&mut conn)
            .await
            .expect("creating the test database");
        let _ = conn.close().await;
        Self { options: server.admin.clone().database(&name) }
    }

    /// Administrator options for this database (superuser: for arranging and inspecting only).
    pub fn admin_options(&self) -> PgConnectOptions {
        self.options.clone()
    }

    /// An administrator pool on this database.
    pub fn admin_pool(&self) -> PgPool {
        vitrine_common::db::pool(self.options.clone(), PoolSettings::default())
    }

    /// A pool acting as `service`'s role, as the service runs in production.
    pub fn pool_for(&self, service: ServiceDb) -> PgPool {
        vitrine_common::db::pool(service.as_role_of(&self.options), PoolSettings::default())
    }

    /// Arranges a merchant account directly in `builder.users`; returns its id and a token.
    pub async fn merchant(&self, username: &str) -> Merchant {
        let id = Uuid::now_v7();
        let mut conn = PgConnection::connect_with(&self.options).await.expect("admin connection");
        sqlx::query("INSERT INTO builder.users (id, username, password_hash) VALUES ($1, $2, 'not-a-hash')")
            .bind(id)
            .bind(username)
            .execute(&mut conn)
            .await
            .expect("inserting a merchant");
        let _ = conn.close().await;
        Merchant { id, token: keys::token_for(id, username) }
    }

    /// Arranges a site owned by `owner` directly in `builder.sites`; returns its id.
    pub async fn site(&self, owner: &Merchant, slug: &str) -> Uuid {
        let id = Uuid::now_v7();
        let mut conn = PgConnection::connect_with(&self.options).await.expect("admin connection");
        sqlx::query("INSERT INTO builder.sites (id, owner_id, name, slug) VALUES ($1, $2, $3, $3)")
            .bind(id)
            .bind(owner.id)
            .bind(slug)
            .execute(&mut conn)
            .await
            .expect("inserting a site");
        let _ = conn.close().await;
        id
    }

    /// Deletes a site the way the builder does (one row in `builder.sites`).
    pub async fn delete_site(&self, id: Uuid) {
        let mut conn = PgConnection::connect_with(&self.options).await.expect("admin connection");
        sqlx::query("DELETE FROM builder.sites WHERE id = $1")
            .bind(id)
            .execute(&mut conn)
            .await
            .expect("deleting a site");
        let _ = conn.close().await;
    }
}

/// A merchant arranged for a test.
#[derive(Debug, Clone)]
pub struct Merchant {
    /// The user id.
    pub id: Uuid,
    /// A valid bearer token for it.
    pub token: String,
}
