//! The checkout service: carts, checkout with simulated card payments, orders
//! and their events.
//!
//! It owns the `checkout` schema (carts, orders, payments, idempotency keys and
//! the event outbox). It reads the catalog, promotions and customers through
//! their owners' published views, and changes their data only through their
//! published functions, inside its own transactions (decision 11): an order and
//! the stock it takes commit or roll back together. Shoppers hold carts by an
//! unguessable token; merchants manage the orders of the sites they own.

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::auth::TokenVerifier;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;
use vitrine_common::shopper::ShopperVerifier;

pub mod carts;
pub mod checkout;
pub mod config;
pub mod domain;
mod error;
mod idempotency;
pub mod metrics;
mod orders;
pub mod payment;
pub mod receipts;
mod signed_in;
mod stats;
pub mod store;
mod storefront;
pub mod sweep;

pub use config::Config;
pub use error::{Error, Shortage};
pub use payment::{Charge, ChargeOutcome, PaymentProvider, SimulatedCards};

/// The checkout service's migrations (`migrations/checkout/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/checkout");

/// The checkout service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("checkout", "vitrine_checkout");

/// What the handlers share beyond the pool and the verifiers.
#[derive(Debug)]
pub struct Settings {
    /// PUBLIC_URL, without its trailing slash.
    pub public_url: String,
}

/// Everything a checkout handler needs.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The pool, acting as `vitrine_checkout`.
    pub pool: PgPool,
    /// Merchant tokens.
    pub verifier: TokenVerifier,
    /// Shopper tokens.
    pub shoppers: ShopperVerifier,
    /// Settings.
    pub settings: Arc<Settings>,
    /// Who charges cards.
    pub provider: Arc<dyn PaymentProvider>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl AppState {
    /// The state of a checkout service that charges through `provider`.
    pub fn new(config: &Config, pool: PgPool, provider: Arc<dyn PaymentProvider>) -> anyhow::Result<Self> {
        Ok(Self {
            pool,
            verifier: config.tokens.verifier()?,
            shoppers: config.shoppers.verifier()?,
            settings: Arc::new(Settings { public_url: config.public.public_url.clone() }),
            provider,
        })
    }
}

/// The head of the checkout service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "checkout",
    title: "Vitrine checkout API",
    description: "Carts, checkout with (simulated) card payments, receipts, and the orders of a merchant's sites.",
    tags: &[
        ("carts", "A shopper's cart, held by its token"),
        ("checkout", "Turning a cart into a paid order"),
        ("receipts", "A shopper's orders"),
        ("orders", "The orders of a merchant's site"),
    ],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(carts::routes())
        .merge(checkout::routes())
        .merge(receipts::routes())
        .merge(orders::routes())
        .merge(stats::routes())
        .merge(OpenApiRouter::from(storefront::routes()))
}

/// The checkout app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The checkout service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The checkout service as its binary runs it.
#[derive(Debug)]
pub struct Checkout;

impl vitrine_common::service::Service for Checkout {
    const NAME: &'static str = "checkout";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        let state = AppState::new(config, pool, Arc::new(SimulatedCards))?;
        sweep::spawn(state.pool.clone());
        Ok(app(state))
    }
}
