//! The checkout service's own settings (beyond the shared HTTP, database and log ones).

use vitrine_common::config::{PublicUrlConfig, TokenConfig};
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
    #[command(flatten)]
    pub public: PublicUrlConfig,
}
