//! The site service's own settings (beyond the shared HTTP, database and log ones).

use std::sync::Arc;

use sqlx::PgPool;
use vitrine_common::config::{PublicUrlConfig, TokenConfig};

use crate::AppState;
use crate::cache::StorefrontCache;

/// Site service settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// PUBLIC_URL: where storefronts are served (PUBLIC_URL/site/<slug>), for canonical links.
    #[command(flatten)]
    pub public: PublicUrlConfig,
    /// SITE_CACHE_*: the storefront read cache (ADR 0028).
    #[command(flatten)]
    pub cache: CacheConfig,
}

/// The storefront read cache: public catalog answers (JSON and pages) kept in
/// memory, dropped the moment a site's catalog changes (ADR 0028).
#[derive(Debug, Clone, clap::Args)]
pub struct CacheConfig {
    /// Whether public storefront answers are served from memory.
    #[arg(long, env = "SITE_CACHE_ENABLED", default_value_t = true, action = clap::ArgAction::Set)]
    pub site_cache_enabled: bool,
    /// The most memory the cached answers may take, in bytes (bodies, headers and keys); the least
    /// used go first.
    #[arg(long, env = "SITE_CACHE_MAX_BYTES", default_value_t = 32 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub site_cache_max_bytes: u64,
    /// The longest an answer is kept, in seconds: only a safety net, since every change drops a
    /// site's answers at once; it bounds staleness while the change feed (LISTEN) is down.
    #[arg(long, env = "SITE_CACHE_TTL_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub site_cache_ttl_secs: u64,
    /// `max-age` of public storefront answers: how many seconds a CDN or browser may reuse one
    /// without asking (each instance itself is exact).
    #[arg(long, env = "SITE_CACHE_MAX_AGE_SECS", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub site_cache_max_age_secs: u64,
    /// `stale-while-revalidate` of public storefront answers: how many seconds past max-age a CDN
    /// may still serve one while it revalidates (a 304 when nothing changed).
    #[arg(long, env = "SITE_CACHE_STALE_WHILE_REVALIDATE_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub site_cache_stale_while_revalidate_secs: u64,
}

impl Default for CacheConfig {
    /// The defaults the environment gets when nothing is set.
    fn default() -> Self {
        Self {
            site_cache_enabled: true,
            site_cache_max_bytes: 32 * 1024 * 1024,
            site_cache_ttl_secs: 30,
            site_cache_max_age_secs: 1,
            site_cache_stale_while_revalidate_secs: 10,
        }
    }
}

impl Config {
    /// The state these settings describe. It starts the cache's change
    /// listener, so it must be called inside a Tokio runtime.
    pub fn state(&self, pool: PgPool) -> anyhow::Result<AppState> {
        let cache = StorefrontCache::start(&self.cache, pool.clone())?;
        Ok(AppState { pool, verifier: self.tokens.verifier()?, settings: Arc::new(self.public.clone()), cache })
    }
}
