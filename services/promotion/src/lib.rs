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
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::{Conventions, swagger};
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

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Vitrine promotion API",
        description = "A site's discount codes, and whether a code applies now.\n\n\
            **Authorize**: use *password* with your username and password, or paste a token into *bearer*.\n\n\
            Every error is `application/problem+json` (RFC 9457).",
        version = env!("CARGO_PKG_VERSION")
    ),
    // Conventions adds the Problem schema but not the FieldError it refers to
    // (a route that names Problem in its responses pulls both in; one that does not, dangles).
    components(schemas(vitrine_models::FieldError)),
    modifiers(&Conventions),
    tags(
        (name = "promotions", description = "The discount codes of a merchant's site"),
        (name = "public", description = "What shoppers may read")
    )
)]
struct ApiDoc;

/// The promotion service's routes and their OpenAPI document.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut document) =
        OpenApiRouter::with_openapi(ApiDoc::openapi()).merge(promotions::routes()).split_for_parts();
    // Modifiers run before the routes are added; run the conventions again on the full document.
    utoipa::Modify::modify(&Conventions, &mut document);
    (router, document)
}

/// The promotion app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    let (router, document) = routes();
    router.with_state(state).merge(swagger("promotion", document))
}

/// The promotion service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().1
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
