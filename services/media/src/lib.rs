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
//! first image, and `media.product_images(site_id, product_id, position, url,
//! alt, width, height, versions, check_status)`, every image in order, for
//! the storefront pages the site service renders.
//!
//! Merchants give images by URL or upload files: uploads are stored through
//! `object_store` (local files or S3-compatible storage, [`storage`]) with
//! resized web versions ([`images`]) and served at `/api/media/files/…`
//! ([`upload`]). A background worker flags given URLs that stop answering
//! with an image ([`checker`]).

use axum::Router;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;
use vitrine_common::resource::ScopedState;

pub mod checker;
pub mod config;
pub mod domain;
mod error;
pub mod guard;
pub mod images;
pub mod media;
pub mod storage;
pub mod upload;

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

/// `router` (from [`app`]) with what its handlers take from extensions: the
/// URL policy, the object store of uploads and the upload size limit.
pub fn with_storage(
    router: Router,
    policy: domain::UrlPolicy,
    storage: Option<storage::Storage>,
    max_upload: usize,
) -> Router {
    let router = router.layer(axum::Extension(policy)).layer(axum::Extension(upload::UploadLimit(max_upload)));
    match storage {
        Some(storage) => router.layer(axum::Extension(storage)),
        None => router,
    }
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
        let policy = config.url_policy();
        // Unset (a service binary in a container with a read-only root):
        // uploads answer 503 naming the setting; URL images work as before.
        let storage = match config.storage.media_storage_url.as_deref() {
            Some(setting) => {
                let storage = storage::Storage::from_setting(setting)?;
                tracing::info!(storage = %storage.describe, "uploaded images stored");
                Some(storage)
            }
            None => {
                tracing::warn!("MEDIA_STORAGE_URL is unset: image uploads are off");
                None
            }
        };
        if let Some(checker) = checker::Checker::new(pool.clone(), &config.checker)? {
            checker.spawn();
        }
        let sweeping = storage.clone();
        let router = ScopedState::start(Self::NAME, &config.tokens, pool, app, move |pool| {
            let storage = sweeping.clone();
            async move { media::sweep_deleted_products(&pool, storage.as_ref()).await }
        })?;
        let limit = usize::try_from(config.storage.media_max_upload_bytes).unwrap_or(upload::DEFAULT_MAX_UPLOAD);
        Ok(with_storage(router, policy, storage, limit))
    }
}
