//! The site service's own settings (beyond the shared HTTP, database and log ones).

use std::sync::Arc;

use sqlx::PgPool;
use vitrine_common::config::{PublicUrlConfig, TokenConfig};

use crate::AppState;

/// Site service settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// PUBLIC_URL: where storefronts are served (PUBLIC_URL/site/<slug>), for canonical links.
    #[command(flatten)]
    pub public: PublicUrlConfig,
}

impl Config {
    /// The state these settings describe.
    pub fn state(&self, pool: PgPool) -> anyhow::Result<AppState> {
        Ok(AppState { pool, verifier: self.tokens.verifier()?, settings: Arc::new(self.public.clone()) })
    }
}
