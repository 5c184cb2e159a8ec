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
    #[command(flatten)]
    pub storage: StorageConfig,
    #[command(flatten)]
    pub checker: CheckerConfig,
}

/// Where uploads go, and how large they may be.
#[derive(Debug, Clone, clap::Args)]
pub struct StorageConfig {
    /// Where uploaded images are stored: a directory (`/var/lib/vitrine/media`
    /// or `file:///var/lib/vitrine/media`) or S3-compatible storage
    /// (`s3://bucket`, with `AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, and `AWS_ALLOW_HTTP=true` for an http
    /// endpoint). Unset: `media` under the all-in-one's `VITRINE_DATA_DIR`;
    /// the media service on its own then refuses uploads (503).
    #[arg(long, env = "MEDIA_STORAGE_URL")]
    pub media_storage_url: Option<String>,
    /// The largest image file a merchant may upload, in bytes (at most 50 MiB).
    #[arg(long, env = "MEDIA_MAX_UPLOAD_BYTES", default_value_t = 10 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1024..=50 * 1024 * 1024))]
    pub media_max_upload_bytes: u64,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self { media_storage_url: None, media_max_upload_bytes: 10 * 1024 * 1024 }
    }
}

/// The broken-URL checker.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckerConfig {
    /// How often an image given by URL is fetched again to see whether it
    /// still answers, in seconds (new URLs are checked within seconds);
    /// 0 turns the checker off.
    #[arg(long, env = "MEDIA_CHECK_EVERY_SECS", default_value_t = 24 * 3600)]
    pub media_check_every_secs: u64,
    /// Let the checker fetch image URLs on loopback and private addresses
    /// (development and tests only: otherwise a merchant could make the
    /// service probe the internal network).
    #[arg(long, env = "MEDIA_CHECK_ALLOW_PRIVATE_TARGETS", default_value_t = false)]
    pub media_check_allow_private_targets: bool,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        Self { media_check_every_secs: 24 * 3600, media_check_allow_private_targets: false }
    }
}

impl Config {
    /// The image URLs this deployment accepts.
    pub fn url_policy(&self) -> crate::domain::UrlPolicy {
        crate::domain::UrlPolicy {
            https_only: self.public_url.as_deref().is_some_and(|url| url.starts_with("https://")),
        }
    }
}
