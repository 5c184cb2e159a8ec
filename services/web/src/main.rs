//! `vitrine-web`: the merchant dashboard's static files, for the web container
//! behind the ingress. `serve` (the default) or `healthcheck`.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::IntoResponse as _;
use clap::{Parser, Subcommand};
use vitrine_common::config::{HttpConfig, LogConfig};
use vitrine_common::health::{self, Pools};
use vitrine_common::{ApiError, server};

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the dashboard (the default).
    Serve {
        #[command(flatten)]
        http: HttpConfig,
        #[command(flatten)]
        log: LogConfig,
        /// The built dashboard (`web/dist`): index.html and assets/.
        #[arg(long, env = "WEB_ROOT", default_value = "/app/web")]
        web_root: PathBuf,
    },
    /// Exit 0 if the local `/healthz` answers 200 (for container health checks).
    Healthcheck {
        #[command(flatten)]
        http: HttpConfig,
    },
}

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.len() == 1 {
        args.push("serve".into());
    }
    let (http, log, web_root) = match Cli::parse_from(args).command {
        Command::Healthcheck { http } => return server::probe(http.bind_addr),
        Command::Serve { http, log, web_root } => (http, log, web_root),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("vitrine-web: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(http, &log, web_root)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = format!("{err:#}"), "web stopped");
            eprintln!("vitrine-web: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(http: HttpConfig, log: &LogConfig, web_root: PathBuf) -> anyhow::Result<()> {
    vitrine_common::telemetry::init_logs(log)?;
    if !web_root.join("index.html").is_file() {
        anyhow::bail!(
            "WEB_ROOT: {} has no index.html (build the dashboard: cd web && npm ci && npm run build)",
            web_root.display()
        );
    }
    let missing: vitrine_web::Missing = Arc::new(|| {
        ApiError::status(StatusCode::SERVICE_UNAVAILABLE).detail("The dashboard's files are missing.").into_response()
    });
    let app = server::stack(vitrine_web::router(web_root, missing), http.request_timeout())
        .merge(health::router(Pools(Vec::new())));
    let listener = server::bind(http.bind_addr).await?;
    tracing::info!(service = "web", addr = %http.bind_addr, "ready");
    server::serve(listener, app, server::shutdown_signal(), http.shutdown_timeout()).await
}
