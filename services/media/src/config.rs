//! The media service's own settings (beyond the shared HTTP, database and log ones).

use vitrine_common::config::TokenConfig;

/// Media settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// The public base URL of the storefronts. When it is https, image URLs
    /// must be https and must not name a private, loopback or link-local IP
    /// address. Unset: http and https are both accepted (development).
    #[arg(long, env = "PUBLIC_URL", value_parser = vitrine_common::config::parse_public_url)]
    pub public_url: Option<String>,
}

impl Config {
    /// The image URLs this deployment accepts.
    pub fn url_policy(&self) -> crate::domain::UrlPolicy {
        crate::domain::UrlPolicy {
            https_only: self.public_url.as_deref().is_some_and(|url| url.starts_with("https://")),
        }
    }
}
