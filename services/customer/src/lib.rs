//! The customer service: shopper accounts, one set per site, and the shopper
//! tokens they log in with (decision 12).
//!
//! It owns the `customer` schema and is the only service that can mint a
//! shopper token (it alone holds the shopper Ed25519 private key; checkout
//! verifies with the public key). Sites come from the builder's published
//! view `builder.site_directory`: shoppers register and log in on a site by
//! its slug, merchants list the customers of the sites they own. It publishes
//! `customer.customer_directory` for checkout. The accounts of deleted sites
//! vanish from every read at once and are swept away soon after.

use axum::Router;
use axum::extract::FromRef;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::auth::TokenVerifier;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;
use vitrine_common::shopper::ShopperVerifier;
use vitrine_password::PasswordHasher;

pub mod accounts;
pub mod config;
pub mod customers;
pub mod domain;
mod error;
pub mod session;
mod storefront;
pub mod tokens;

pub use config::Config;
pub use error::Error;
use tokens::ShopperSigner;

/// The customer service's migrations (`migrations/customer/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/customer");

/// The customer service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("customer", "vitrine_customer");

/// Everything a customer handler may need.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The pool, acting as role `vitrine_customer`.
    pub pool: PgPool,
    /// Checks merchants' access tokens (the merchant routes).
    pub verifier: TokenVerifier,
    /// Checks shopper tokens (the shopper routes).
    pub shoppers: ShopperVerifier,
    /// Mints shopper tokens.
    pub signer: ShopperSigner,
    /// Hashes and checks passwords on a bounded pool of threads.
    pub passwords: PasswordHasher,
    /// PUBLIC_URL without its trailing slash, or empty when not set.
    pub public_url: String,
}

/// The head of the customer service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "customer",
    title: "Vitrine customer API",
    description: "Shopper accounts, one set per site: register, log in, and manage my account \
        (shopper routes, under `/public/{site_slug}`), and a merchant's list of a site's customers.\n\n\
        **Shopper routes** take a *shopper* token, never a merchant's: authorize with *shopper_password* \
        (your e-mail as username, the shop's slug as client_id) or paste a token from `login` into \
        *shopper_bearer*. A shopper token is valid on its own site only. **Merchant routes** take the \
        merchant token of *password* or *bearer*.",
    tags: &[
        ("accounts", "A shopper's own account on a site"),
        ("auth", "Shopper tokens"),
        ("customers", "The customers of a merchant's site"),
    ],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(accounts::routes())
        .merge(customers::routes())
        .merge(OpenApiRouter::from(storefront::routes()))
}

/// The customer app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The customer service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The customer service as its binary runs it.
#[derive(Debug)]
pub struct Customer;

impl vitrine_common::service::Service for Customer {
    const NAME: &'static str = "customer";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        let state = config.state(pool)?;
        vitrine_common::sweep::spawn_sweeper(
            Self::NAME,
            vitrine_common::sweep::DEFAULT_INTERVAL,
            state.pool.clone(),
            |pool| async move { customers::sweep_deleted_sites(&pool).await },
        );
        Ok(app(state))
    }
}
