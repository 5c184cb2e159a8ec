//! The images of a site's products: merchant CRUD, and the public list.

use axum::Extension;
use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, created, deleted, found, on_constraint};
use vitrine_common::sites::{OwnedSite, PublicSite};
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::media::{CreateMedia, LinkCheck, LinkStatus, Media, MediaSource, MediaVersion, UpdateMedia};

use crate::domain::{MediaUrl, UrlPolicy, parse_alt, parse_sort_order};
use crate::storage::Storage;
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_media, create_media))
        .routes(routes!(get_media, update_media, delete_media))
        .routes(routes!(public_media))
        .merge(crate::upload::routes())
}

/// `…/sites/{site_id}/products/{product_id}/media` (the site is checked by [`OwnedSite`]).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct ProductPath {
    /// One of your sites.
    #[allow(dead_code, reason = "checked by OwnedSite; named here for the document")]
    site_id: Uuid,
    /// A product of that site.
    pub(crate) product_id: Uuid,
}

/// `…/public/{site_slug}/products/{product_id}/media` (the site is checked by [`PublicSite`]).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct PublicProductPath {
    /// The site's slug.
    #[allow(dead_code, reason = "looked up by PublicSite; named here for the document")]
    site_slug: String,
    /// A product of that site.
    product_id: Uuid,
}

/// `…/sites/{site_id}/products/{product_id}/media/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct MediaPath {
    /// One of your sites.
    #[allow(dead_code, reason = "checked by OwnedSite; named here for the document")]
    site_id: Uuid,
    /// A product of that site.
    product_id: Uuid,
    /// The image.
    id: Uuid,
}

pub(crate) struct MediaRow {
    pub(crate) id: Uuid,
    pub(crate) product_id: Uuid,
    pub(crate) url: String,
    pub(crate) alt: Option<String>,
    pub(crate) sort_order: i32,
    pub(crate) storage_key: Option<String>,
    pub(crate) width: Option<i32>,
    pub(crate) height: Option<i32>,
    pub(crate) versions: serde_json::Value,
    pub(crate) check_status: String,
    pub(crate) check_http_status: Option<i32>,
    pub(crate) check_content_type: Option<String>,
    pub(crate) check_error: Option<String>,
    pub(crate) checked_at: Option<OffsetDateTime>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

/// A stored version, as the `versions` column keeps it (the key too, to delete it).
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub(crate) struct StoredVersion {
    pub(crate) width: i32,
    pub(crate) height: i32,
    pub(crate) url: String,
    pub(crate) key: String,
}

impl From<MediaRow> for Media {
    fn from(row: MediaRow) -> Self {
        let versions: Vec<StoredVersion> = serde_json::from_value(row.versions).unwrap_or_default();
        Self {
            id: row.id,
            product_id: row.product_id,
            url: row.url,
            source: if row.storage_key.is_some() { MediaSource::Upload } else { MediaSource::Url },
            alt: row.alt,
            sort_order: row.sort_order,
            width: row.width,
            height: row.height,
            versions: versions
                .into_iter()
                .map(|v| MediaVersion { width: v.width, height: v.height, url: v.url })
                .collect(),
            check: LinkCheck {
                status: match row.check_status.as_str() {
                    "ok" => LinkStatus::Ok,
                    "broken" => LinkStatus::Broken,
                    _ => LinkStatus::Unchecked,
                },
                http_status: row.check_http_status,
                content_type: row.check_content_type,
                error: row.check_error,
                checked_at: row.checked_at,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// Lists are ordered by (sort_order, id): the cursor is the last item's pair.
type Position = (i32, Uuid);

/// Whether `product_id` is a product of the live site `site_id`, as the site service publishes it.
#[tracing::instrument(level = "debug", skip(db))]
async fn product_exists(db: impl PgExecutor<'_>, site_id: Uuid, product_id: Uuid) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM site.product_directory WHERE id = $1 AND site_id = $2) AS "exists!""#,
        product_id,
        site_id
    )
    .fetch_one(db)
    .await?;
    Ok(found)
}

pub(crate) async fn require_product(pool: &PgPool, site_id: Uuid, product_id: Uuid) -> Result<(), ApiError> {
    if product_exists(pool, site_id, product_id).await? { Ok(()) } else { Err(Error::ProductNotFound.into()) }
}

/// A page of the images of `product_id`, if it is a product of `site_id`
/// (merchants and shoppers see the same list).
async fn product_page(
    pool: &PgPool,
    site_id: Uuid,
    product_id: Uuid,
    page: &PageParams,
) -> Result<Page<Media>, ApiError> {
    let request = page.parse::<Position>()?;
    require_product(pool, site_id, product_id).await?;
    let rows = list(pool, site_id, product_id, request.after, request.fetch_limit()).await?;
    Ok(paginate(rows, request.limit, |row| (row.sort_order, row.id), Media::from))
}

/// A product's images, in order (`sort_order`, then id).
#[utoipa::path(
    get,
    path = "/api/media/sites/{site_id}/products/{product_id}/media",
    tag = "media",
    security(("bearer" = []), ("password" = [])),
    params(ProductPath, PageParams),
    responses((status = 200, description = "A page of the product's images", body = Page<Media>))
)]
async fn list_media(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(ProductPath { product_id, .. }): Path<ProductPath>,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Media>>, ApiError> {
    product_page(&state.pool, site.id, product_id, &page).await.map(AxumJson)
}

/// A product's images in order, after `after`. Joins the published product
/// directory, so the images of a deleted product or site are never listed.
#[tracing::instrument(level = "debug", skip(db))]
async fn list(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    product_id: Uuid,
    after: Option<Position>,
    limit: i64,
) -> Result<Vec<MediaRow>, sqlx::Error> {
    let (after_order, after_id) = after.unzip();
    sqlx::query_as!(
        MediaRow,
        r#"SELECT m.id, m.product_id, m.url, m.alt, m.sort_order, m.storage_key, m.width, m.height, m.versions, m.check_status, m.check_http_status, m.check_content_type, m.check_error, m.checked_at, m.created_at, m.updated_at
           FROM media.media m
           JOIN site.product_directory p ON p.id = m.product_id AND p.site_id = m.site_id
           WHERE m.site_id = $1 AND m.product_id = $2
             AND ($3::integer IS NULL OR (m.sort_order, m.id) > ($3, $4::uuid))
           ORDER BY m.sort_order, m.id
           LIMIT $5"#,
        site_id,
        product_id,
        after_order,
        after_id,
        limit
    )
    .fetch_all(db)
    .await
}

/// Add an image to a product. Without `sort_order`, it goes after the last one.
#[utoipa::path(
    post,
    path = "/api/media/sites/{site_id}/products/{product_id}/media",
    tag = "media",
    security(("bearer" = []), ("password" = [])),
    params(ProductPath),
    request_body = CreateMedia,
    responses(
        (status = 201, description = "Image added", body = Media, headers(("location" = String, description = "The new image's URL in this API"))),
    )
)]
async fn create_media(
    State(state): State<AppState>,
    policy: Option<Extension<UrlPolicy>>,
    site: OwnedSite,
    Path(ProductPath { product_id, .. }): Path<ProductPath>,
    Json(body): Json<CreateMedia>,
) -> Result<Created<Media>, ApiError> {
    let policy = policy.map(|Extension(policy)| policy).unwrap_or_default();
    let mut fields = Fields::default();
    let url = fields.check("url", MediaUrl::parse_with(&body.url, policy));
    let alt = fields.check_opt("alt", body.alt.as_deref().map(parse_alt));
    let sort_order = fields.check_opt("sort_order", body.sort_order.map(parse_sort_order));
    let (Some(url), Some(alt), Some(sort_order)) = (url, alt, sort_order) else {
        return Err(fields.into_error());
    };
    require_product(&state.pool, site.id, product_id).await?;
    let row = insert(&state.pool, Uuid::now_v7(), site.id, product_id, &url, alt, sort_order)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tracing::info!(site.id = %site.id, product.id = %product_id, media.id = %row.id, "media added");
    let location = format!("/api/media/sites/{}/products/{product_id}/media/{}", site.id, row.id);
    Ok(created(location, row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    site_id: Uuid,
    product_id: Uuid,
    url: &MediaUrl,
    alt: Option<&str>,
    sort_order: Option<i32>,
) -> Result<MediaRow, sqlx::Error> {
    // Appending reads the last position in the same statement; two concurrent
    // appends may share a position, which the id then orders.
    sqlx::query_as!(
        MediaRow,
        r#"INSERT INTO media.media (id, site_id, product_id, url, alt, sort_order)
           VALUES ($1, $2, $3, $4, $5,
                   COALESCE($6, (SELECT max(sort_order) + 1 FROM media.media WHERE product_id = $3), 0))
           RETURNING id, product_id, url, alt, sort_order, storage_key, width, height, versions, check_status, check_http_status, check_content_type, check_error, checked_at, created_at, updated_at"#,
        id,
        site_id,
        product_id,
        url.as_str(),
        alt,
        sort_order
    )
    .fetch_one(db)
    .await
}

/// One image of a product.
#[utoipa::path(
    get,
    path = "/api/media/sites/{site_id}/products/{product_id}/media/{id}",
    tag = "media",
    security(("bearer" = []), ("password" = [])),
    params(MediaPath),
    responses((status = 200, description = "The image", body = Media))
)]
async fn get_media(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(MediaPath { product_id, id, .. }): Path<MediaPath>,
) -> Result<AxumJson<Media>, ApiError> {
    let row = found(fetch(&state.pool, site.id, product_id, id).await?, "media")?;
    Ok(AxumJson(row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn fetch(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    product_id: Uuid,
    id: Uuid,
) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as!(
        MediaRow,
        r#"SELECT m.id, m.product_id, m.url, m.alt, m.sort_order, m.storage_key, m.width, m.height, m.versions, m.check_status, m.check_http_status, m.check_content_type, m.check_error, m.checked_at, m.created_at, m.updated_at
           FROM media.media m
           JOIN site.product_directory p ON p.id = m.product_id AND p.site_id = m.site_id
           WHERE m.site_id = $1 AND m.product_id = $2 AND m.id = $3"#,
        site_id,
        product_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// Change an image: absent fields stay; `alt: null` removes the text alternative.
#[utoipa::path(
    patch,
    path = "/api/media/sites/{site_id}/products/{product_id}/media/{id}",
    tag = "media",
    security(("bearer" = []), ("password" = [])),
    params(MediaPath),
    request_body = UpdateMedia,
    responses((status = 200, description = "The changed image", body = Media))
)]
async fn update_media(
    State(state): State<AppState>,
    policy: Option<Extension<UrlPolicy>>,
    site: OwnedSite,
    Path(MediaPath { product_id, id, .. }): Path<MediaPath>,
    Json(body): Json<UpdateMedia>,
) -> Result<AxumJson<Media>, ApiError> {
    let policy = policy.map(|Extension(policy)| policy).unwrap_or_default();
    let mut fields = Fields::default();
    let url = fields.check_opt("url", body.url.as_deref().map(|url| MediaUrl::parse_with(url, policy)));
    let alt = match body.alt.as_ref() {
        None => Some(Change::Keep),
        Some(None) => Some(Change::Set(None)),
        Some(Some(alt)) => fields.check("alt", parse_alt(alt)).map(|alt| Change::Set(Some(alt))),
    };
    let sort_order = fields.check_opt("sort_order", body.sort_order.map(parse_sort_order));
    let (Some(url), Some(alt), Some(sort_order)) = (url, alt, sort_order) else {
        return Err(fields.into_error());
    };
    let row = update(&state.pool, site.id, product_id, id, url.as_ref(), &alt, sort_order)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    Ok(AxumJson(found(row, "media")?.into()))
}

/// A nullable field of a PATCH: left as it is, or set (possibly to null).
#[derive(Debug)]
enum Change<T> {
    Keep,
    Set(T),
}

/// Every change in one conditional UPDATE: no read-modify-write, since no
/// rule spans fields. Only an image of a listed product of the site changes.
#[tracing::instrument(level = "debug", skip(db))]
async fn update(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    product_id: Uuid,
    id: Uuid,
    url: Option<&MediaUrl>,
    alt: &Change<Option<&str>>,
    sort_order: Option<i32>,
) -> Result<Option<MediaRow>, sqlx::Error> {
    let (set_alt, alt) = match alt {
        Change::Keep => (false, None),
        Change::Set(alt) => (true, *alt),
    };
    sqlx::query_as!(
        MediaRow,
        r#"UPDATE media.media m
           SET url = COALESCE($4, m.url),
               -- A new URL is checked again from scratch.
               check_status = CASE WHEN $4 IS DISTINCT FROM m.url AND $4 IS NOT NULL THEN 'unchecked' ELSE m.check_status END,
               check_http_status = CASE WHEN $4 IS DISTINCT FROM m.url AND $4 IS NOT NULL THEN NULL ELSE m.check_http_status END,
               check_content_type = CASE WHEN $4 IS DISTINCT FROM m.url AND $4 IS NOT NULL THEN NULL ELSE m.check_content_type END,
               check_error = CASE WHEN $4 IS DISTINCT FROM m.url AND $4 IS NOT NULL THEN NULL ELSE m.check_error END,
               checked_at = CASE WHEN $4 IS DISTINCT FROM m.url AND $4 IS NOT NULL THEN NULL ELSE m.checked_at END,
               alt = CASE WHEN $5 THEN $6 ELSE m.alt END,
               sort_order = COALESCE($7, m.sort_order),
               updated_at = now()
           FROM site.product_directory p
           WHERE p.id = m.product_id AND p.site_id = m.site_id
             AND m.site_id = $1 AND m.product_id = $2 AND m.id = $3
           RETURNING m.id, m.product_id, m.url, m.alt, m.sort_order, m.storage_key, m.width, m.height, m.versions, m.check_status, m.check_http_status, m.check_content_type, m.check_error, m.checked_at, m.created_at, m.updated_at"#,
        site_id,
        product_id,
        id,
        url.map(MediaUrl::as_str),
        set_alt,
        alt,
        sort_order
    )
    .fetch_optional(db)
    .await
}

/// Remove an image from a product.
#[utoipa::path(
    delete,
    path = "/api/media/sites/{site_id}/products/{product_id}/media/{id}",
    tag = "media",
    security(("bearer" = []), ("password" = [])),
    params(MediaPath),
    responses((status = 204, description = "Deleted"))
)]
async fn delete_media(
    State(state): State<AppState>,
    storage: Option<Extension<Storage>>,
    site: OwnedSite,
    Path(MediaPath { product_id, id, .. }): Path<MediaPath>,
) -> Result<StatusCode, ApiError> {
    let removed = remove(&state.pool, site.id, product_id, id).await?;
    let rows = u64::from(removed.is_some());
    if let (Some(keys), Some(Extension(storage))) = (removed, storage) {
        storage.delete_all(&keys).await;
    }
    deleted(rows, "media")
}

/// Deletes the image; returns its stored objects' keys if it existed.
#[tracing::instrument(level = "debug", skip(db))]
async fn remove(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    product_id: Uuid,
    id: Uuid,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let row = sqlx::query!(
        "DELETE FROM media.media WHERE site_id = $1 AND product_id = $2 AND id = $3 RETURNING storage_key, versions",
        site_id,
        product_id,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| stored_keys(row.storage_key, row.versions)))
}

/// The keys of an image's stored objects: its original and its versions.
pub(crate) fn stored_keys(storage_key: Option<String>, versions: serde_json::Value) -> Vec<String> {
    let versions: Vec<StoredVersion> = serde_json::from_value(versions).unwrap_or_default();
    storage_key.into_iter().chain(versions.into_iter().map(|v| v.key)).collect()
}

/// A product's images in order, for the storefront.
#[utoipa::path(
    get,
    path = "/api/media/public/{site_slug}/products/{product_id}/media",
    tag = "public",
    params(PublicProductPath, PageParams),
    responses((status = 200, description = "A page of the product's images, in order", body = Page<Media>))
)]
async fn public_media(
    State(state): State<AppState>,
    site: PublicSite,
    Path(PublicProductPath { product_id, .. }): Path<PublicProductPath>,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Media>>, ApiError> {
    product_page(&state.pool, site.id, product_id, &page).await.map(AxumJson)
}

/// Deletes the media of products (or whole sites) that no longer exist, and
/// their stored files; returns how many.
#[tracing::instrument(level = "debug", skip(pool, storage))]
pub async fn sweep_deleted_products(pool: &PgPool, storage: Option<&Storage>) -> Result<u64, sqlx::Error> {
    let rows = sqlx::query!(
        "DELETE FROM media.media m
         WHERE NOT EXISTS (
             SELECT 1 FROM site.product_directory p WHERE p.id = m.product_id AND p.site_id = m.site_id
         )
         RETURNING m.storage_key, m.versions"
    )
    .fetch_all(pool)
    .await?;
    let count = rows.len() as u64;
    if let Some(storage) = storage {
        let keys: Vec<String> = rows.into_iter().flat_map(|row| stored_keys(row.storage_key, row.versions)).collect();
        storage.delete_all(&keys).await;
    }
    Ok(count)
}
