//! The builder service: merchant accounts, access tokens and sites.
//!
//! It owns the `builder` schema and is the only service that can mint a
//! token (it alone holds the Ed25519 private key). It publishes
//! `builder.site_directory(id, slug, name, owner_id)`, the read-only view
//! every other service scopes its data by.

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::auth::TokenVerifier;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;

pub mod auth;
pub mod config;
pub mod domain;
mod error;
pub mod sites;
pub mod tokens;

pub use config::Config;
pub use error::Error;
use tokens::TokenSigner;
use vitrine_password::PasswordHasher;

/// The builder's migrations (`migrations/builder/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/builder");

/// The builder's schema and role.
pub const DB: ServiceDb = ServiceDb::new("builder", "vitrine_builder");

/// Everything a builder handler may need.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The pool, acting as role `vitrine_builder`.
    pub pool: PgPool,
    /// Mints access tokens.
    pub signer: TokenSigner,
    /// Checks access tokens.
    pub verifier: TokenVerifier,
    /// Hashes and checks passwords off the async runtime.
    pub passwords: PasswordHasher,
    /// Settings handlers read.
    pub settings: Arc<Settings>,
}

/// Settings handlers read: where sites are live (`PUBLIC_URL/site/<slug>`).
pub type Settings = vitrine_common::config::PublicUrlConfig;

/// The head of the builder's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "builder",
    title: "Vitrine builder API",
    description: "Merchant accounts, access tokens and sites.",
    tags: &[
        ("auth", "Accounts and access tokens"),
        ("sites", "A merchant's sites"),
        ("public", "What anyone may read"),
    ],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(auth::routes()).merge(sites::routes())
}

/// The builder app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The builder's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The builder as its binary runs it.
#[derive(Debug)]
pub struct Builder;

impl vitrine_common::service::Service for Builder {
    const NAME: &'static str = "builder";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        Ok(app(config.state(pool)?))
    }
}
