//! The one `main` every service binary shares: `serve` (the default),
//! `migrate` (apply this service's migrations and exit: a Kubernetes init
//! container or Job), and `healthcheck` (probe the local `/healthz`: the
//! container `HEALTHCHECK` where the image has no shell).

use std::ffi::OsString;
use std::process::ExitCode;

use axum::Router;
use clap::{Args, Parser, Subcommand};
use sqlx::PgPool;
use sqlx::migrate::Migrator;

use crate::config::{DatabaseConfig, HttpConfig, LogConfig};
use crate::db::ServiceDb;
use crate::health::{self, Pools};
use crate::server;

/// A Vitrine service, as its binary runs it.
pub trait Service {
    /// The service's name: its schema, its `/api/<name>` prefix.
    const NAME: &'static str;
    /// Its schema and role.
    const DB: ServiceDb;
    /// Its own settings, beyond the shared HTTP, database and log ones.
    type Config: Args + Clone + Send + Sync + 'static;
    /// Its migrations (`migrations/<name>/`).
    fn migrator() -> &'static Migrator;
    /// Its routes (OpenAPI and Swagger included), without the shared stack.
    fn app(config: &Self::Config, pool: PgPool) -> anyhow::Result<Router>;
}

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli<C: Args> {
    #[command(subcommand)]
    command: Command<C>,
}

#[derive(Debug, Subcommand)]
enum Command<C: Args> {
    /// Serve the API (the default).
    Serve {
        #[command(flatten)]
        http: HttpConfig,
        #[command(flatten)]
        db: DatabaseConfig,
        #[command(flatten)]
        log: LogConfig,
        #[command(flatten)]
        service: C,
        /// Apply pending migrations before serving.
        #[arg(long, env = "MIGRATE_ON_START", default_value_t = true, action = clap::ArgAction::Set)]
        migrate_on_start: bool,
    },
    /// Apply this service's migrations, then exit.
    Migrate {
        #[command(flatten)]
        db: DatabaseConfig,
        #[command(flatten)]
        log: LogConfig,
    },
    /// Exit 0 if the local `/healthz` answers 200 (for container health checks).
    Healthcheck {
        #[command(flatten)]
        http: HttpConfig,
    },
}

/// Runs the service binary `S` with the process's arguments and environment.
pub fn main<S: Service>() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.len() == 1 {
        args.push("serve".into());
    }
    let cli = Cli::<S::Config>::parse_from(args);
    if let Command::Healthcheck { http } = &cli.command {
        return server::probe(http.bind_addr);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run::<S>(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = format!("{err:#}"), "{} stopped", S::NAME);
            eprintln!("vitrine-{}: {err:#}", S::NAME);
            ExitCode::FAILURE
        }
    }
}

async fn run<S: Service>(command: Command<S::Config>) -> anyhow::Result<()> {
    match command {
        Command::Serve { http, db, log, service, migrate_on_start } => {
            crate::telemetry::init_logs(&log)?;
            let pool = crate::db::pool(S::DB.own_login(db.url())?, db.pool());
            if migrate_on_start {
                crate::db::migrate(&pool, S::migrator(), S::NAME).await?;
            }
            let app = S::app(&service, pool.clone())?;
            let app = server::stack(app, http.request_timeout()).merge(health::router(Pools(vec![(S::NAME, pool)])));
            let listener = server::bind(http.bind_addr).await?;
            tracing::info!(service = S::NAME, addr = %http.bind_addr, "ready");
            let served = server::serve(listener, app, server::shutdown_signal(), http.shutdown_timeout()).await;
            crate::shutdown::drain(http.shutdown_timeout()).await;
            served
        }
        Command::Migrate { db, log } => {
            crate::telemetry::init_logs(&log)?;
            let pool = crate::db::pool(S::DB.own_login(db.url())?, db.pool());
            crate::db::migrate(&pool, S::migrator(), S::NAME).await?;
            tracing::info!(service = S::NAME, "migrations applied");
            Ok(())
        }
        Command::Healthcheck { .. } => Ok(()),
    }
}
