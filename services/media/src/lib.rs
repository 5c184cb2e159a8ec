//! The media service: the images of a site's products, in order, and each product's cover.
//!
//! It owns the `media` schema. Products come from the site service's
//! published view `site.product_directory(id, site_id)` (which joins the
//! builder's `site_directory`): merchants manage the images of the products
//! of the sites they own, storefronts list a product's images by the site's
//! slug. The images of a deleted product or site vanish from every read at
//! once (reads join the view) and are swept away soon after.
//!
//! It publishes `media.product_cover(product_id, url, alt)`, each product's
//! first image, for the storefront pages the site service renders.

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
pub mod media;

pub use config::Config;
pub use error::Error;

/// The media service's migrations (`migrations/media/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/media");

/// The media service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("media", "vitrine_media");

/// Everything a media handler needs: the pool and the token verifier.
pub type AppState = ScopedState;

/// The head of the media service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "media",
    title: "Vitrine media API",
    description: "The images of a site's products, in order; the first is the product's cover.",
    tags: &[("media", "The images of the products of a merchant's site"), ("public", "What shoppers may read")],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(media::routes())
}

/// The media app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The media service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The media service as its binary runs it.
#[derive(Debug)]
pub struct Media;

impl vitrine_common::service::Service for Media {
    const NAME: &'static str = "media";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        ScopedState::start(Self::NAME, &config.tokens, pool, app, |pool| async move {
            media::sweep_deleted_products(&pool).await
        })
    }
}
