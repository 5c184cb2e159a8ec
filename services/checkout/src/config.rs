//! The checkout service's own settings (beyond the shared HTTP, database and log ones).

use vitrine_common::config::TokenConfig;
use vitrine_common::shopper::ShopperTokenConfig;

/// Checkout settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Merchant tokens (the builder's public key), for the merchant routes.
    #[command(flatten)]
    pub tokens: TokenConfig,
    /// Shopper tokens (the customer service's public key), for carts and "my orders".
    #[command(flatten)]
    pub shoppers: ShopperTokenConfig,
    /// The public base URL the storefront is served under (receipt links in the storefront pages).
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
