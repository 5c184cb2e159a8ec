//! The media service's own settings (beyond the shared HTTP, database and log ones).

use vitrine_common::config::TokenConfig;

/// Media settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
}
