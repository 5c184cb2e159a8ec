//! The builder's own settings (beyond the shared HTTP, database and log ones).

use std::sync::Arc;

use anyhow::Context as _;
use sqlx::PgPool;
use vitrine_common::config::{PublicUrlConfig, TokenConfig, read_pem};
use vitrine_password::PasswordHasher;

use crate::AppState;
use crate::tokens::TokenSigner;

/// Builder settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    #[command(flatten)]
    pub accounts: AccountConfig,
    #[command(flatten)]
    pub public: PublicUrlConfig,
}

/// How the builder signs merchants in: its signing key, the tokens' lifetime,
/// and how many passwords it hashes at once. The all-in-one binary flattens
/// this same group, so these settings exist once.
#[derive(Debug, Clone, clap::Args)]
pub struct AccountConfig {
    /// The Ed25519 private key that signs access tokens (PKCS#8 PEM). Or set JWT_PRIVATE_KEY_FILE.
    #[arg(long, env = "JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<String>,
    /// A file holding the Ed25519 private key (PEM), instead of JWT_PRIVATE_KEY.
    #[arg(long, env = "JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<std::path::PathBuf>,
    /// How long an access token is valid, in seconds.
    #[arg(long, env = "TOKEN_TTL_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(60..=86_400))]
    pub token_ttl_secs: u64,
    /// How many passwords may be hashed at once (argon2id takes ~19 MiB and one core each);
    /// 0 means half the cores, at least one. Logins beyond wait, so they cannot starve other requests.
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 0)]
    pub password_hash_concurrency: usize,
}

impl Config {
    /// The state these settings describe, with keys checked to be a pair.
    pub fn state(&self, pool: PgPool) -> anyhow::Result<AppState> {
        let verifier = self.tokens.verifier()?;
        let accounts = &self.accounts;
        let private_pem =
            read_pem("JWT_PRIVATE_KEY", accounts.jwt_private_key.as_deref(), accounts.jwt_private_key_file.as_deref())?;
        let signer = TokenSigner::from_pem(
            private_pem.as_bytes(),
            &self.tokens.jwt_issuer,
            &self.tokens.jwt_audience,
            std::time::Duration::from_secs(accounts.token_ttl_secs),
        )
        .context("JWT_PRIVATE_KEY: not an Ed25519 private key in PEM (PKCS#8) form")?;
        signer.check_pair(&verifier).context("JWT_PRIVATE_KEY and JWT_PUBLIC_KEY are not one key pair")?;
        let concurrency = match accounts.password_hash_concurrency {
            0 => std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1)),
            n => n,
        };
        Ok(AppState {
            pool,
            signer,
            verifier,
            passwords: PasswordHasher::new(concurrency),
            settings: Arc::new(self.public.clone()),
        })
    }
}
