//! The environment settings every service shares, as `clap` argument groups
//! a service flattens into its own configuration. Every setting comes from an
//! environment variable; a missing or malformed one stops the process at
//! start with a message that names the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use secrecy::{ExposeSecret, SecretString};

use crate::auth::TokenVerifier;

/// Parses a secret from the environment without ever printing it.
pub fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value.to_owned()))
}

/// Where and how the HTTP server listens.
#[derive(Debug, Clone, clap::Args)]
pub struct HttpConfig {
    /// Address and port to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: SocketAddr,
    /// After SIGTERM, how many seconds in-flight requests get to finish.
    #[arg(long, env = "SHUTDOWN_TIMEOUT_SECS", default_value_t = 20)]
    pub shutdown_timeout_secs: u64,
    /// The longest a request may take before it is answered 503.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
}

impl HttpConfig {
    /// The drain time after SIGTERM.
    pub fn shutdown_timeout(&self) -> Duration {
        Duration::from_secs(self.shutdown_timeout_secs)
    }

    /// The per-request time limit.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

/// The service's database connection.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseConfig {
    /// PostgreSQL URL of this service's own role, e.g. `postgres://vitrine_site:…@db/vitrine`.
    #[arg(long, env = "DATABASE_URL", value_parser = secret, hide_env_values = true)]
    pub database_url: SecretString,
    /// The most connections this process opens.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 10)]
    pub database_max_connections: u32,
    /// How many seconds a request waits for a connection before it gets a 503.
    #[arg(long, env = "DATABASE_ACQUIRE_TIMEOUT_SECS", default_value_t = 3)]
    pub database_acquire_timeout_secs: u64,
}

impl DatabaseConfig {
    /// The pool settings.
    pub fn pool(&self) -> crate::db::PoolSettings {
        crate::db::PoolSettings {
            max_connections: self.database_max_connections,
            acquire_timeout: Duration::from_secs(self.database_acquire_timeout_secs),
        }
    }

    /// The URL, for connecting.
    pub fn url(&self) -> &str {
        self.database_url.expose_secret()
    }
}

/// How access tokens are verified.
#[derive(Debug, Clone, clap::Args)]
pub struct TokenConfig {
    /// The builder's Ed25519 public key (SPKI PEM). Or set JWT_PUBLIC_KEY_FILE.
    #[arg(long, env = "JWT_PUBLIC_KEY", hide_env_values = true)]
    pub jwt_public_key: Option<String>,
    /// A file holding the builder's Ed25519 public key (PEM), instead of JWT_PUBLIC_KEY.
    #[arg(long, env = "JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<PathBuf>,
    /// The `iss` claim tokens carry.
    #[arg(long, env = "JWT_ISSUER", default_value = "vitrine")]
    pub jwt_issuer: String,
    /// The `aud` claim tokens carry.
    #[arg(long, env = "JWT_AUDIENCE", default_value = "vitrine")]
    pub jwt_audience: String,
}

impl TokenConfig {
    /// The public key PEM, from JWT_PUBLIC_KEY or JWT_PUBLIC_KEY_FILE.
    pub fn public_pem(&self) -> anyhow::Result<String> {
        read_pem("JWT_PUBLIC_KEY", self.jwt_public_key.as_deref(), self.jwt_public_key_file.as_deref())
    }

    /// The verifier these settings describe.
    pub fn verifier(&self) -> anyhow::Result<TokenVerifier> {
        let pem = self.public_pem()?;
        TokenVerifier::from_pem(pem.as_bytes(), &self.jwt_issuer, &self.jwt_audience)
            .context("JWT_PUBLIC_KEY: not an Ed25519 public key in PEM (SPKI) form")
    }
}

/// Where storefronts are served, for the links a service builds to them.
#[derive(Debug, Clone, clap::Args)]
pub struct PublicUrlConfig {
    /// The public base URL sites are served under: a site's `url` is PUBLIC_URL/site/<slug>.
    #[arg(long, env = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: String,
}

impl PublicUrlConfig {
    /// The public URL of the site `slug`.
    pub fn site_url(&self, slug: &str) -> String {
        format!("{}/site/{slug}", self.public_url)
    }
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

/// A PEM given either inline (`NAME`) or as a file (`NAME_FILE`), exactly one of them.
pub fn read_pem(name: &str, inline: Option<&str>, file: Option<&std::path::Path>) -> anyhow::Result<String> {
    match (inline, file) {
        (Some(pem), None) => Ok(pem.replace("\\n", "\n")),
        (None, Some(path)) => {
            std::fs::read_to_string(path).with_context(|| format!("{name}_FILE: cannot read {}", path.display()))
        }
        (Some(_), Some(_)) => anyhow::bail!("{name} and {name}_FILE are both set: set only one"),
        (None, None) => anyhow::bail!("{name} (or {name}_FILE) is required"),
    }
}

/// How logs are written.
#[derive(Debug, Clone, clap::Args)]
pub struct LogConfig {
    /// `json` (one object per line, for collectors) or `pretty` (for people).
    #[arg(long, env = "LOG_FORMAT", default_value = "json", value_parser = ["json", "pretty"])]
    pub log_format: String,
    /// Which events to log, as a tracing filter (e.g. `info,vitrine_site=debug`).
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log_filter: String,
}

#[cfg(test)]
mod public_url_tests {
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

    #[test]
    fn a_site_url_is_the_public_url_and_its_slug() {
        let config = PublicUrlConfig { public_url: "https://shops.example.com".to_owned() };
        assert_eq!(config.site_url("cafe"), "https://shops.example.com/site/cafe");
    }
}
