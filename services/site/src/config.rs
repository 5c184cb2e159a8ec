//! The site service's own settings (beyond the shared HTTP, database and log ones).

use std::sync::Arc;

use sqlx::PgPool;
use vitrine_common::config::TokenConfig;

use crate::{AppState, Settings};

/// Site service settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// The public base URL storefronts are served under (PUBLIC_URL/site/<slug>), for canonical links.
    #[arg(long, env = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: String,
}

/// PUBLIC_URL must be an absolute http(s) URL; the trailing slash is dropped.
pub fn parse_public_url(value: &str) -> Result<String, String> {
    let trimmed = value.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("http://")
        .or_else(|| trimmed.strip_prefix("https://"))
        .ok_or("must start with http:// or https://")?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err("must name a host, e.g. https://shops.example.com".to_owned());
    }
    Ok(trimmed.to_owned())
}

impl Config {
    /// The state these settings describe.
    pub fn state(&self, pool: PgPool) -> anyhow::Result<AppState> {
        Ok(AppState {
            pool,
            verifier: self.tokens.verifier()?,
            settings: Arc::new(Settings { public_url: self.public_url.clone() }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_must_be_absolute_http_and_lose_their_trailing_slash() {
        assert_eq!(parse_public_url("https://shops.example.com/").unwrap(), "https://shops.example.com");
        for bad in ["shops.example.com", "ftp://x", "https://"] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }
}
