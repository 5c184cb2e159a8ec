//! The site service: each site's catalog (categories, products, variants),
//! the public storefront API, and the server-rendered storefront pages.
//!
//! It owns the `site` schema. Sites themselves are the builder's: their
//! existence and owner are read from `builder.site_directory` (a read-only
//! grant), so a deleted site's catalog vanishes from every route at once; a
//! sweeper removes its rows soon after. It publishes
//! `site.product_directory(id, site_id)` for the media service.

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::auth::TokenVerifier;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;

pub mod cache;
pub mod catalog;
pub mod categories;
pub mod config;
pub mod domain;
mod error;
pub mod products;
pub mod public;
pub mod storefront;
pub mod sweep;
pub mod variants;

pub use config::Config;
pub use error::Error;

/// The site service's migrations (`migrations/site/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/site");

/// The site service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("site", "vitrine_site");

/// Everything a site handler may need.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The pool, acting as role `vitrine_site`.
    pub pool: PgPool,
    /// Checks access tokens (merchant routes).
    pub verifier: TokenVerifier,
    /// Settings handlers read.
    pub settings: Arc<Settings>,
    /// The storefront read cache (ADR 0028).
    pub cache: cache::StorefrontCache,
}

/// Settings handlers read: where storefronts live, for canonical links.
pub type Settings = vitrine_common::config::PublicUrlConfig;

/// The head of the site service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "site",
    title: "Vitrine site API",
    description: "Each site's catalog — categories, products and their variants — for its owner, \
        and the public storefront API.\n\n\
        A site that is not yours is answered like one that does not exist (404).\n\n\
        Money is an exact decimal string (`\"19.99\"`) with an ISO 4217 `currency`, never a float. \
        Lists are keyset-paginated: pass `next_cursor` back as `?cursor=`.",
    tags: &[
        ("categories", "A site's category tree"),
        ("products", "A site's products"),
        ("variants", "A product's variants: SKU, attributes, price, stock"),
        ("public", "The storefront API: what anyone may read"),
    ],
};

/// The API's routes (in the document) and the storefront pages (HTML, not in it).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(categories::routes())
        .merge(products::routes())
        .merge(variants::routes())
        .merge(public::routes())
        .merge(OpenApiRouter::from(storefront::routes()))
}

/// The site app: its API, its storefront pages, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    let cache = state.cache.clone();
    // A route layer: it sees which route matched (and its path parameters).
    API.app(routes(), state).route_layer(axum::middleware::from_fn_with_state(cache, cache::middleware))
}

/// The service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The site service as its binary runs it.
#[derive(Debug)]
pub struct Site;

impl vitrine_common::service::Service for Site {
    const NAME: &'static str = "site";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        let state = config.state(pool.clone())?;
        vitrine_common::sweep::spawn_sweeper("site", vitrine_common::sweep::DEFAULT_INTERVAL, pool, sweep::sweep);
        Ok(app(state))
    }
}
