//! `vitrine`: the whole fleet in one process, on one port, at the same paths
//! as behind the ingress. The default way to run Vitrine on a laptop
//! (`cargo run`).
//!
//! With `DATABASE_URL` unset it makes (once) and starts a PostgreSQL cluster
//! under `VITRINE_DATA_DIR` from the machine's PostgreSQL binaries, and stops
//! it on exit. Signing keys for development are kept there too, so tokens
//! survive a restart.

mod config;
mod fleet;
mod keys;
mod web;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let config = config::Config::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("vitrine: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(fleet::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = format!("{err:#}"), "vitrine stopped");
            eprintln!("vitrine: {err:#}");
            ExitCode::FAILURE
        }
    }
}
