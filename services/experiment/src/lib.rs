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
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::{Conventions, swagger};
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

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Vitrine experiment API",
        description = "A/B experiments of a site: visitors assigned to arms by weight, metrics, results.\n\n\
            **Authorize**: use *password* with your username and password, or paste a token into *bearer*.\n\n\
            Every error is `application/problem+json` (RFC 9457).",
        version = env!("CARGO_PKG_VERSION")
    ),
    // Conventions adds the Problem schema but not the FieldError it refers to
    // (a route that names Problem in its responses pulls both in; one that does not, dangles).
    components(schemas(vitrine_models::FieldError)),
    modifiers(&Conventions),
    tags(
        (name = "experiments", description = "The experiments of a merchant's site, and their results"),
        (name = "public", description = "What storefronts call: assignments and metrics")
    )
)]
struct ApiDoc;

/// The experiment service's routes and their OpenAPI document.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(experiments::routes())
        .merge(public::routes())
        .split_for_parts();
    // Modifiers run before the routes are added; run the conventions again on the full document.
    utoipa::Modify::modify(&Conventions, &mut document);
    (router, document)
}

/// The experiment app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    let (router, document) = routes();
    router.with_state(state).merge(swagger("experiment", document))
}

/// The experiment service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().1
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
