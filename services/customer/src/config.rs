//! The customer service's own settings (beyond the shared HTTP, database and log ones).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use sqlx::PgPool;
use vitrine_common::config::{TokenConfig, read_pem};
use vitrine_common::shopper::ShopperTokenConfig;
use vitrine_password::PasswordHasher;

use crate::AppState;
use crate::tokens::ShopperSigner;

/// Customer settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// How merchants' tokens are verified (the merchant routes).
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// How shopper tokens are verified (the public key and issuer).
    #[command(flatten)]
    pub shopper_tokens: ShopperTokenConfig,
    /// How shopper tokens are signed (the private key and lifetime).
    #[command(flatten)]
    pub signing: SigningConfig,
    /// How many passwords may be hashed at once (argon2id takes ~19 MiB and one core each);
    /// 0 means half the cores, at least one. Logins beyond wait, so they cannot starve other requests.
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 0)]
    pub password_hash_concurrency: usize,
    /// The public base URL the storefront is served under (optional here): the
    /// account pages' cookies are `Secure` when it is https, and their forms are
    /// accepted from its origin (and always from the origin of the request's Host).
    #[arg(long, env = "PUBLIC_URL", value_parser = vitrine_common::config::parse_public_url)]
    pub public_url: Option<String>,
}

/// How the customer service signs shopper tokens: its own settings, which the
/// all-in-one flattens as they are (so they cannot drift).
#[derive(Debug, Clone, clap::Args)]
pub struct SigningConfig {
    /// The Ed25519 private key that signs shopper tokens (PKCS#8 PEM); it pairs
    /// with SHOPPER_JWT_PUBLIC_KEY. Or set SHOPPER_JWT_PRIVATE_KEY_FILE.
    #[arg(long, env = "SHOPPER_JWT_PRIVATE_KEY", hide_env_values = true)]
    pub shopper_jwt_private_key: Option<String>,
    /// A file holding the shopper signing key (PEM), instead of SHOPPER_JWT_PRIVATE_KEY.
    #[arg(long, env = "SHOPPER_JWT_PRIVATE_KEY_FILE")]
    pub shopper_jwt_private_key_file: Option<PathBuf>,
    /// How long a shopper token is valid, in seconds (60 to 86400).
    #[arg(long, env = "SHOPPER_TOKEN_TTL_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(60..=86_400))]
    pub shopper_token_ttl_secs: u64,
}

impl Config {
    /// The state these settings describe, with the shopper keys checked to be a pair.
    pub fn state(&self, pool: PgPool) -> anyhow::Result<AppState> {
        let verifier = self.tokens.verifier()?;
        let shoppers = self.shopper_tokens.verifier()?;
        let private_pem = read_pem(
            "SHOPPER_JWT_PRIVATE_KEY",
            self.signing.shopper_jwt_private_key.as_deref(),
            self.signing.shopper_jwt_private_key_file.as_deref(),
        )?;
        let signer = ShopperSigner::from_pem(
            private_pem.as_bytes(),
            &self.shopper_tokens.shopper_jwt_issuer,
            Duration::from_secs(self.signing.shopper_token_ttl_secs),
        )
        .context("SHOPPER_JWT_PRIVATE_KEY: not an Ed25519 private key in PEM (PKCS#8) form")?;
        signer
            .check_pair(&shoppers)
            .context("SHOPPER_JWT_PRIVATE_KEY and SHOPPER_JWT_PUBLIC_KEY are not one key pair")?;
        let concurrency = match self.password_hash_concurrency {
            0 => std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1)),
            n => n,
        };
        let public_url = self.public_url.clone().unwrap_or_default();
        Ok(AppState { pool, verifier, shoppers, signer, passwords: PasswordHasher::new(concurrency), public_url })
    }
}
