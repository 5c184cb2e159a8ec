//! The all-in-one binary's settings, from the environment (see `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;
use vitrine_common::config::{HttpConfig, TokenConfig, secret};

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
    /// SITE_CACHE_*: the storefront read cache (ADR 0028).
    #[command(flatten)]
    pub site_cache: vitrine_site::config::CacheConfig,
    /// Where uploaded images go (MEDIA_STORAGE_URL; default `media` under VITRINE_DATA_DIR).
    #[command(flatten)]
    pub media_storage: vitrine_media::config::StorageConfig,
    /// The media service's broken-URL checker (MEDIA_CHECK_*).
    #[command(flatten)]
    pub media_checker: vitrine_media::config::CheckerConfig,
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
    #[arg(long, env = "PUBLIC_URL", value_parser = vitrine_common::config::parse_public_url)]
    pub public_url: Option<String>,
    /// The token settings every service verifies with (JWT_PUBLIC_KEY, JWT_ISSUER, JWT_AUDIENCE), as the
    /// services define them. JWT_PUBLIC_KEY goes with JWT_PRIVATE_KEY; both unset: a development key
    /// pair kept in VITRINE_DATA_DIR.
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// The builder's own (JWT_PRIVATE_KEY, TOKEN_TTL_SECS, PASSWORD_HASH_CONCURRENCY), as it defines them.
    #[command(flatten)]
    pub accounts: vitrine_builder::config::AccountConfig,
    /// How shopper tokens are verified (SHOPPER_JWT_PUBLIC_KEY, SHOPPER_JWT_ISSUER), as the services
    /// define them. SHOPPER_JWT_PUBLIC_KEY goes with SHOPPER_JWT_PRIVATE_KEY; both unset: a development
    /// pair kept in VITRINE_DATA_DIR.
    #[command(flatten)]
    pub shopper_tokens: vitrine_common::shopper::ShopperTokenConfig,
    /// The customer service's own (SHOPPER_JWT_PRIVATE_KEY, SHOPPER_TOKEN_TTL_SECS), as it defines them.
    #[command(flatten)]
    pub shopper_signing: vitrine_customer::config::SigningConfig,
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

#[cfg(test)]
mod tests {
    use clap::{CommandFactory as _, Parser as _};

    use super::*;

    #[test]
    fn the_settings_are_one_consistent_command() {
        Config::command().debug_assert();
    }

    #[test]
    fn the_services_settings_keep_their_names_and_defaults_here() {
        let config = Config::try_parse_from([
            "vitrine",
            "--jwt-issuer",
            "iss",
            "--token-ttl-secs",
            "120",
            "--public-url",
            "https://shops.example.com/",
        ])
        .unwrap();
        assert_eq!(config.tokens.jwt_issuer, "iss");
        assert_eq!(config.tokens.jwt_audience, "vitrine");
        assert_eq!(config.accounts.token_ttl_secs, 120);
        assert_eq!(config.accounts.password_hash_concurrency, 0);
        assert_eq!(config.public_url.as_deref(), Some("https://shops.example.com"));
        assert!(Config::try_parse_from(["vitrine", "--token-ttl-secs", "5"]).is_err(), "the builder's range applies");
        let envs: Vec<String> =
            Config::command().get_arguments().filter_map(|a| a.get_env()).map(|e| e.to_string_lossy().into()).collect();
        for name in [
            "JWT_PUBLIC_KEY",
            "JWT_PUBLIC_KEY_FILE",
            "JWT_PRIVATE_KEY",
            "JWT_PRIVATE_KEY_FILE",
            "JWT_ISSUER",
            "JWT_AUDIENCE",
            "TOKEN_TTL_SECS",
            "PASSWORD_HASH_CONCURRENCY",
            "PUBLIC_URL",
            "DATABASE_URL",
            "SHOPPER_JWT_PUBLIC_KEY",
            "SHOPPER_JWT_PRIVATE_KEY",
            "SHOPPER_JWT_ISSUER",
            "SHOPPER_TOKEN_TTL_SECS",
        ] {
            assert!(envs.iter().any(|e| e == name), "{name} is not read");
        }
    }
}
