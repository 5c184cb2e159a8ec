//! The promotion service: a site's discount codes, and whether one applies now.
//!
//! It owns the `promotion` schema. Sites come from the builder's published
//! view `builder.site_directory`: merchants manage the codes of the sites
//! they own, shoppers look a code up by the site's slug. The rows of deleted
//! sites vanish from every read at once (reads join the directory) and are
//! swept away soon after.

use axum::Router;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;
use vitrine_common::resource::ScopedState;

pub mod config;
pub mod domain;
mod error;
pub mod promotions;

pub use config::Config;
pub use error::Error;

/// The promotion service's migrations (`migrations/promotion/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/promotion");

/// The promotion service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("promotion", "vitrine_promotion");

/// Everything a promotion handler needs: the pool and the token verifier.
pub type AppState = ScopedState;

/// The head of the promotion service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "promotion",
    title: "Vitrine promotion API",
    description: "A site's discount codes, and whether a code applies now.",
    tags: &[("promotions", "The discount codes of a merchant's site"), ("public", "What shoppers may read")],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(promotions::routes())
}

/// The promotion app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The promotion service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The promotion service as its binary runs it.
#[derive(Debug)]
pub struct Promotion;

impl vitrine_common::service::Service for Promotion {
    const NAME: &'static str = "promotion";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        ScopedState::start(Self::NAME, &config.tokens, pool, app, |pool| async move {
            promotions::sweep_deleted_sites(&pool).await
        })
    }
}
