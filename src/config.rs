//! The all-in-one binary's settings, from the environment (see `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;
use vitrine_common::config::{HttpConfig, secret};

/// `vitrine`: every Vitrine service in one process.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    #[command(flatten)]
    pub http: HttpConfig,
    #[command(flatten)]
    pub web: crate::web::WebConfig,
    /// The notifier's delivery settings (NOTIFIER_*; none relaxes the URL checks by default).
    #[command(flatten)]
    pub notifier: vitrine_notifier::DeliveryConfig,
    /// An administrator's PostgreSQL URL. Unset: a local cluster under VITRINE_DATA_DIR,
    /// made from the machine's PostgreSQL binaries.
    #[arg(long, env = "DATABASE_URL", value_parser = secret, hide_env_values = true)]
    pub database_url: Option<SecretString>,
    /// Where the local cluster and development keys are kept.
    #[arg(long, env = "VITRINE_DATA_DIR", default_value = ".vitrine")]
    pub data_dir: PathBuf,
    /// The most connections each service's pool opens.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 10)]
    pub database_max_connections: u32,
    /// Public base URL of the storefronts (PUBLIC_URL/site/<slug>). Default: http://BIND_ADDR.
    #[arg(long, env = "PUBLIC_URL", value_parser = vitrine_builder::config::parse_public_url)]
    pub public_url: Option<String>,
    /// Token signing key (PKCS#8 PEM). Unset: a development key pair kept in VITRINE_DATA_DIR.
    #[arg(long, env = "JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<String>,
    /// A file holding the token signing key, instead of JWT_PRIVATE_KEY.
    #[arg(long, env = "JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<PathBuf>,
    /// Token verifying key (SPKI PEM); goes with JWT_PRIVATE_KEY.
    #[arg(long, env = "JWT_PUBLIC_KEY", hide_env_values = true)]
    pub jwt_public_key: Option<String>,
    /// A file holding the token verifying key, instead of JWT_PUBLIC_KEY.
    #[arg(long, env = "JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<PathBuf>,
    /// The `iss` claim of tokens.
    #[arg(long, env = "JWT_ISSUER", default_value = "vitrine")]
    pub jwt_issuer: String,
    /// The `aud` claim of tokens.
    #[arg(long, env = "JWT_AUDIENCE", default_value = "vitrine")]
    pub jwt_audience: String,
    /// Token lifetime in seconds.
    #[arg(long, env = "TOKEN_TTL_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(60..=86_400))]
    pub token_ttl_secs: u64,
    /// Shopper token signing key (PKCS#8 PEM), the customer service's. Unset: a development
    /// pair kept in VITRINE_DATA_DIR.
    #[arg(long, env = "SHOPPER_JWT_PRIVATE_KEY", hide_env_values = true)]
    pub shopper_jwt_private_key: Option<String>,
    /// A file holding the shopper token signing key, instead of SHOPPER_JWT_PRIVATE_KEY.
    #[arg(long, env = "SHOPPER_JWT_PRIVATE_KEY_FILE")]
    pub shopper_jwt_private_key_file: Option<PathBuf>,
    /// Shopper token verifying key (SPKI PEM); goes with SHOPPER_JWT_PRIVATE_KEY.
    #[arg(long, env = "SHOPPER_JWT_PUBLIC_KEY", hide_env_values = true)]
    pub shopper_jwt_public_key: Option<String>,
    /// A file holding the shopper token verifying key, instead of SHOPPER_JWT_PUBLIC_KEY.
    #[arg(long, env = "SHOPPER_JWT_PUBLIC_KEY_FILE")]
    pub shopper_jwt_public_key_file: Option<PathBuf>,
    /// The `iss` claim of shopper tokens.
    #[arg(long, env = "SHOPPER_JWT_ISSUER", default_value = "vitrine")]
    pub shopper_jwt_issuer: String,
    /// Shopper token lifetime in seconds.
    #[arg(long, env = "SHOPPER_TOKEN_TTL_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(60..=86_400))]
    pub shopper_token_ttl_secs: u64,
    /// Concurrent password hashes (0: half the cores, at least one).
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value_t = 0)]
    pub password_hash_concurrency: usize,
    /// `pretty` (for people) or `json` (for collectors).
    #[arg(long, env = "LOG_FORMAT", default_value = "pretty", value_parser = ["json", "pretty"])]
    pub log_format: String,
    /// Which events to log (tracing filter).
    #[arg(long, env = "RUST_LOG", default_value = "info,sqlx=warn")]
    pub log_filter: String,
}

impl Config {
    /// PUBLIC_URL, or the address this process listens on.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| {
            let addr = self.http.bind_addr;
            let shown = if addr.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], addr.port())) } else { addr };
            format!("http://{shown}")
        })
    }
}
