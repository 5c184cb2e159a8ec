//! The experiment service: A/B experiments of a site, visitors assigned to arms, metrics and results.
//!
//! It owns the `experiment` schema (experiments, variant_assignments,
//! metrics). Sites come from the builder's published view
//! `builder.site_directory`: merchants manage the experiments of the sites
//! they own and read their results; storefronts (by the site's slug) assign
//! visitors to arms and record metrics for them. The rows of deleted
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
pub mod experiments;
pub mod public;

pub use config::Config;
pub use error::Error;

/// The experiment service's migrations (`migrations/experiment/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/experiment");

/// The experiment service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("experiment", "vitrine_experiment");

/// Everything an experiment handler needs: the pool and the token verifier.
pub type AppState = ScopedState;

/// The head of the experiment service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "experiment",
    title: "Vitrine experiment API",
    description: "A/B experiments of a site: visitors assigned to arms by weight, metrics, results.",
    tags: &[
        ("experiments", "The experiments of a merchant's site, and their results"),
        ("public", "What storefronts call: assignments and metrics"),
    ],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(experiments::routes()).merge(public::routes())
}

/// The experiment app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The experiment service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The experiment service as its binary runs it.
#[derive(Debug)]
pub struct Experiment;

impl vitrine_common::service::Service for Experiment {
    const NAME: &'static str = "experiment";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        ScopedState::start(Self::NAME, &config.tokens, pool, app, |pool| async move {
            experiments::sweep_deleted_sites(&pool).await
        })
    }
}
