//! The builder's own settings (beyond the shared HTTP, database and log ones).

use std::sync::Arc;

use anyhow::Context as _;
use sqlx::PgPool;
use vitrine_common::config::{TokenConfig, read_pem};

use crate::tokens::TokenSigner;
use crate::{AppState, Settings};
use vitrine_password::PasswordHasher;

/// Builder settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// The Ed25519 private key that signs access tokens (PKCS#8 PEM). Or set JWT_PRIVATE_KEY_FILE.
    #[arg(long, env = "JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<String>,
    /// A file holding the Ed25519 private key (PEM), instead of JWT_PRIVATE_KEY.
    #[arg(long, env = "JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<std::path::PathBuf>,
    /// How long an access token is valid, in seconds.
    #[arg(long, env = "TOKEN_TTL_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(60..=86_400))]
    pub token_ttl_secs: u64,
    /// The public base URL sites are served under: a site's `url` is PUBLIC_URL/site/<slug>.
    #[arg(long, env = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: String,
    /// How many passwords may be hashed at once (argon2id takes ~19 MiB and one core each);
    /// 0 means half the cores, at least one. Logins beyond wait, so they cannot starve other requests.
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 0)]
    pub password_hash_concurrency: usize,
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
    /// The state these settings describe, with keys checked to be a pair.
    pub fn state(&self, pool: PgPool) -> anyhow::Result<AppState> {
        let verifier = self.tokens.verifier()?;
        let private_pem =
            read_pem("JWT_PRIVATE_KEY", self.jwt_private_key.as_deref(), self.jwt_private_key_file.as_deref())?;
        let signer = TokenSigner::from_pem(
            private_pem.as_bytes(),
            &self.tokens.jwt_issuer,
            &self.tokens.jwt_audience,
            std::time::Duration::from_secs(self.token_ttl_secs),
        )
        .context("JWT_PRIVATE_KEY: not an Ed25519 private key in PEM (PKCS#8) form")?;
        signer.check_pair(&verifier).context("JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are not one key pair")?;
        let concurrency = match self.password_hash_concurrency {
            0 => std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1)),
            n => n,
        };
        Ok(AppState {
            pool,
            signer,
            verifier,
            passwords: PasswordHasher::new(concurrency),
            settings: Arc::new(Settings { public_url: self.public_url.clone() }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_lose_their_trailing_slash() {
        assert_eq!(parse_public_url("https://shops.example.com/").unwrap(), "https://shops.example.com");
        assert_eq!(parse_public_url("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
    }

    #[test]
    fn public_urls_must_be_absolute_http() {
        for bad in ["shops.example.com", "ftp://x", "https://", "http:// x"] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }
}
