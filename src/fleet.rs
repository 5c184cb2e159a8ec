//! Starting the fleet in one process: the database (given or local), the
//! bootstrap (roles and schemas), then each service — its pool logged in as
//! its own role, its migrations, its router — merged at the public paths.

use std::str::FromStr as _;

use anyhow::Context as _;
use axum::Router;
use secrecy::ExposeSecret as _;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection as _, PgConnection, PgPool};
use vitrine_common::config::{PublicUrlConfig, TokenConfig};
use vitrine_common::db::{self, PoolSettings};
use vitrine_common::health::{self, Pools};
use vitrine_common::server;
use vitrine_common::service::Service;
use vitrine_common::shopper::ShopperTokenConfig;
use vitrine_localdb::{Lifetime, LocalPostgres};

use crate::config::Config;
use crate::keys;

/// The bootstrap every database gets: one role and one schema per service.
const BOOTSTRAP_SQL: &str = include_str!("../migrations/bootstrap.sql");

/// The database the local cluster keeps Vitrine's data in.
const LOCAL_DATABASE: &str = "vitrine";

/// Runs the fleet until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> anyhow::Result<()> {
    init_logs(&config)?;
    let (private_pem, public_pem) = keys::load_or_generate(&config)?;
    let (shopper_private_pem, shopper_public_pem) = keys::load_or_generate_shopper(&config)?;
    let (admin, local) = database(&config).await?;
    bootstrap(&admin).await?;

    let settings = PoolSettings { max_connections: config.database_max_connections, ..PoolSettings::default() };
    // The services' own settings, as the operator gave them, with the key pair resolved above.
    let tokens = TokenConfig { jwt_public_key: Some(public_pem), jwt_public_key_file: None, ..config.tokens.clone() };
    let public = PublicUrlConfig { public_url: config.public_url() };
    let public_url = public.public_url.clone();
    let shopper_tokens = ShopperTokenConfig {
        shopper_jwt_public_key: Some(shopper_public_pem),
        shopper_jwt_public_key_file: None,
        ..config.shopper_tokens.clone()
    };
    let mut fleet = Fleet { admin, settings, pools: Vec::new(), routes: Router::new() };
    fleet
        .mount::<vitrine_builder::Builder>(&vitrine_builder::Config {
            tokens: tokens.clone(),
            accounts: vitrine_builder::config::AccountConfig {
                jwt_private_key: Some(private_pem),
                jwt_private_key_file: None,
                ..config.accounts.clone()
            },
            public: public.clone(),
        })
        .await?;
    // Before media: the media schema reads the site service's published view.
    fleet
        .mount::<vitrine_site::Site>(&vitrine_site::Config {
            tokens: tokens.clone(),
            public: public.clone(),
            cache: config.site_cache.clone(),
        })
        .await?;
    fleet
        .mount::<vitrine_media::Media>(&vitrine_media::Config {
            tokens: tokens.clone(),
            public_url: Some(public_url.clone()),
            storage: vitrine_media::config::StorageConfig {
                media_storage_url: Some(
                    config
                        .media_storage
                        .media_storage_url
                        .clone()
                        .unwrap_or_else(|| config.data_dir.join("media").display().to_string()),
                ),
                ..config.media_storage.clone()
            },
            checker: config.media_checker.clone(),
        })
        .await?;
    fleet.mount::<vitrine_promotion::Promotion>(&vitrine_promotion::Config { tokens: tokens.clone() }).await?;
    fleet.mount::<vitrine_experiment::Experiment>(&vitrine_experiment::Config { tokens: tokens.clone() }).await?;
    fleet
        .mount::<vitrine_customer::Customer>(&vitrine_customer::Config {
            tokens: tokens.clone(),
            shopper_tokens: shopper_tokens.clone(),
            signing: vitrine_customer::config::SigningConfig {
                shopper_jwt_private_key: Some(shopper_private_pem),
                shopper_jwt_private_key_file: None,
                ..config.shopper_signing.clone()
            },
            password_hash_concurrency: config.accounts.password_hash_concurrency,
            public_url: Some(public.public_url.clone()),
        })
        .await?;
    fleet
        .mount::<vitrine_checkout::Checkout>(&vitrine_checkout::Config {
            tokens: tokens.clone(),
            shoppers: shopper_tokens.clone(),
            public: PublicUrlConfig { public_url: public_url.clone() },
        })
        .await?;
    // Its worker (feed follower, deliveries) runs in this process too.
    fleet
        .mount::<vitrine_notifier::Notifier>(&vitrine_notifier::Config {
            tokens: tokens.clone(),
            delivery: config.notifier.clone(),
        })
        .await?;

    // The dashboard last: its catch-all route yields to every API route.
    let routes = fleet.routes.merge(crate::web::router(&config.web));
    let app = server::stack(routes, config.http.request_timeout()).merge(health::router(Pools(fleet.pools)));
    let listener = server::bind(config.http.bind_addr).await?;
    print_banner(&public_url, &config);
    let served = server::serve(listener, app, server::shutdown_signal(), config.http.shutdown_timeout()).await;
    // Workers finish what they started (webhook attempts in flight) before the database stops.
    vitrine_common::shutdown::drain(config.http.shutdown_timeout()).await;
    if let Some(local) = local {
        tracing::info!("stopping the local PostgreSQL");
        local.stop();
    }
    served
}

struct Fleet {
    admin: PgConnectOptions,
    settings: PoolSettings,
    pools: Vec<(&'static str, PgPool)>,
    routes: Router,
}

impl Fleet {
    /// Adds service `S`: a pool logged in as its own role (a LOGIN role with
    /// a password generated for this run), its migrations, its routes.
    async fn mount<S: Service>(&mut self, config: &S::Config) -> anyhow::Result<()> {
        let password = db::generate_password();
        let mut conn = PgConnection::connect_with(&self.admin).await.context("connecting as administrator")?;
        S::DB.grant_login(&mut conn, &password).await?;
        conn.close().await?;
        let pool = db::pool(S::DB.login(&self.admin, &password), self.settings);
        db::migrate(&pool, S::migrator(), S::NAME).await?;
        let routes = S::app(config, pool.clone()).with_context(|| format!("starting the {} service", S::NAME))?;
        self.routes = std::mem::take(&mut self.routes).merge(routes);
        self.pools.push((S::NAME, pool));
        Ok(())
    }
}

fn init_logs(config: &Config) -> anyhow::Result<()> {
    vitrine_common::telemetry::init_logs(&vitrine_common::config::LogConfig {
        log_format: config.log_format.clone(),
        log_filter: config.log_filter.clone(),
    })
}

/// The administrator's connection options, and the local cluster if we started one.
async fn database(config: &Config) -> anyhow::Result<(PgConnectOptions, Option<LocalPostgres>)> {
    if let Some(url) = &config.database_url {
        let options =
            PgConnectOptions::from_str(url.expose_secret()).context("DATABASE_URL: not a valid PostgreSQL URL")?;
        return Ok((options, None));
    }
    let dir = config.data_dir.join("postgres");
    tracing::info!(dir = %dir.display(), "DATABASE_URL is not set: starting a local PostgreSQL");
    let started = tokio::task::spawn_blocking(move || LocalPostgres::start(&dir, Lifetime::Persistent)).await??;
    let admin = PgConnectOptions::from_str(&started.url("postgres"))?;
    let mut conn = PgConnection::connect_with(&admin).await.context("connecting to the local PostgreSQL")?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(LOCAL_DATABASE)
        .fetch_one(&mut conn)
        .await?;
    if !exists {
        sqlx::query(&format!("CREATE DATABASE {LOCAL_DATABASE}")).execute(&mut conn).await?;
    }
    conn.close().await?;
    Ok((admin.database(LOCAL_DATABASE), Some(started)))
}

/// Roles, schemas and grants (idempotent).
async fn bootstrap(admin: &PgConnectOptions) -> anyhow::Result<()> {
    let mut conn =
        PgConnection::connect_with(admin).await.context("connecting to PostgreSQL as administrator (DATABASE_URL)")?;
    sqlx::raw_sql(BOOTSTRAP_SQL)
        .execute(&mut conn)
        .await
        .context("creating the service roles and schemas (DATABASE_URL must be an administrator's: CREATEROLE and CREATE on the database)")?;
    conn.close().await?;
    Ok(())
}

fn print_banner(public_url: &str, config: &Config) {
    let base = public_url;
    println!(
        "\n  Vitrine is ready on http://{addr}\n\
         \n  Storefronts     {base}/site/<slug>\
         \n  Builder API     {base}/api/builder     Swagger: {base}/api/builder/docs\
         \n  Site API        {base}/api/site        Swagger: {base}/api/site/docs\
         \n  Media API       {base}/api/media       Swagger: {base}/api/media/docs\
         \n  Promotion API   {base}/api/promotion   Swagger: {base}/api/promotion/docs\
         \n  Experiment API  {base}/api/experiment  Swagger: {base}/api/experiment/docs\
         \n  Customer API    {base}/api/customer    Swagger: {base}/api/customer/docs\
         \n  Checkout API    {base}/api/checkout    Swagger: {base}/api/checkout/docs\
         \n  Notifier API    {base}/api/notifier    Swagger: {base}/api/notifier/docs\
         \n  Health          {base}/healthz   {base}/readyz   {base}/metrics\
         \n\n  Data: {data} (delete it to start afresh). Stop with Ctrl-C.\n",
        addr = config.http.bind_addr,
        data = config.data_dir.display(),
    );
}

#[cfg(test)]
mod tests {
    use vitrine_testkit::registry;

    /// The services `run` mounts, in the order it mounts them (read from this file).
    fn mounted() -> Vec<String> {
        include_str!("fleet.rs")
            .split("mount::<vitrine_")
            .skip(1)
            .filter_map(|rest| rest.split_once("::").map(|(name, _)| name.to_owned()))
            .filter(|name| !name.contains(' '))
            .collect()
    }

    #[test]
    fn the_all_in_one_mounts_every_registered_api_service_in_registry_order() {
        let expected: Vec<String> = registry::services()
            .into_iter()
            .filter(|s| s.is_api())
            .filter(|s| {
                let in_tree = s.is_in_tree();
                if !in_tree {
                    eprintln!("services.toml lists {} but services/{}/ is not in this checkout yet", s.name, s.name);
                }
                in_tree
            })
            .map(|s| s.name)
            .collect();
        assert_eq!(mounted(), expected, "src/fleet.rs mounts differ from services.toml (order matters: migrations)");
    }
}
