//! Uploaded images: `POST …/media/upload` (multipart) stores the file and
//! its resized web versions in the object store; `GET /api/media/files/{key}`
//! serves them, with long cache headers (a key is never reused: it holds the
//! image's id).

use axum::Extension;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use sqlx::PgExecutor;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::resource::{Created, created, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Path};
use vitrine_models::media::Media;

use crate::domain::{parse_alt, parse_sort_order};
use crate::images::{self, Kind};
use crate::media::{MediaRow, ProductPath, StoredVersion, require_product};
use crate::storage::{Storage, is_valid_key};
use crate::{AppState, Error};

/// The largest upload, in bytes (the multipart body may add a little).
#[derive(Debug, Clone, Copy)]
pub struct UploadLimit(pub usize);

/// The path every stored object is served at.
pub const FILES_PREFIX: &str = "/api/media/files/";

/// The body limit of the upload route: the largest configurable file and the
/// multipart envelope. The configured limit is enforced while reading.
const UPLOAD_BODY_LIMIT: usize = 50 * 1024 * 1024 + 64 * 1024;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_media).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)))
        .routes(routes!(get_file))
}

/// The form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code, reason = "the document's description of the multipart form")]
struct UploadForm {
    /// The image: JPEG, PNG, GIF or WebP (told by its bytes), at most `MEDIA_MAX_UPLOAD_BYTES`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Its text alternative, at most 500 characters.
    alt: Option<String>,
    /// ≥ 0; absent: after the product's last image.
    sort_order: Option<i32>,
}

/// Upload an image file to a product: stored with resized web versions (320,
/// 800 and 1600 px wide, JPEG, never upscaled).
#[utoipa::path(
    post,
    path = "/api/media/sites/{site_id}/products/{product_id}/media/upload",
    tag = "media",
    security(("bearer" = []), ("password" = [])),
    params(ProductPath),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Image stored", body = Media, headers(("location" = String, description = "The new image's URL in this API"))),
        (status = 413, description = "The file is larger than the limit"),
        (status = 415, description = "Not a JPEG, PNG, GIF or WebP image"),
        (status = 422, description = "A field is invalid, or the image cannot be read"),
    )
)]
async fn upload_media(
    State(state): State<AppState>,
    storage: Option<Extension<Storage>>,
    limit: Option<Extension<UploadLimit>>,
    site: OwnedSite,
    Path(ProductPath { product_id, .. }): Path<ProductPath>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Created<Media>, ApiError> {
    let Some(Extension(storage)) = storage else {
        return Err(ApiError::unavailable("Uploads are not configured on this server (MEDIA_STORAGE_URL is unset)."));
    };
    let limit = limit.map_or(DEFAULT_MAX_UPLOAD, |Extension(UploadLimit(limit))| limit);
    let mut multipart = multipart.map_err(|_| {
        ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type")
            .detail("Send the image as multipart/form-data with a `file` field.")
    })?;
    let form = read_form(&mut multipart, limit).await?;

    let mut fields = Fields::default();
    let alt = fields.check_opt("alt", form.alt.as_deref().map(parse_alt));
    let sort_order = match form.sort_order.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => fields.check_opt(
            "sort_order",
            Some(raw.parse::<i32>().map_err(|_| "must be a whole number").and_then(parse_sort_order)),
        ),
    };
    if form.file.is_none() {
        fields.check::<(), _>("file", Err("choose an image file to upload"));
    }
    let (Some(alt), Some(sort_order), Some(file)) = (alt, sort_order, form.file) else {
        return Err(fields.into_error());
    };
    if file.is_empty() {
        return Err(ApiError::invalid_field("file", "is empty"));
    }
    let Some(kind) = Kind::sniff(&file) else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
        )
        .detail("Only JPEG, PNG, GIF and WebP images can be uploaded.")
        .extension(
            "errors",
            serde_json::json!([{"field": "file", "message": "must be a JPEG, PNG, GIF or WebP image"}]),
        ));
    };
    require_product(&state.pool, site.id, product_id).await?;
    let processed = images::process(kind, file.clone()).await.map_err(|err| ApiError::invalid_field("file", err.0))?;

    let id = Uuid::now_v7();
    let base = format!("sites/{}/{id}", site.id);
    let original = format!("{base}/original.{}", kind.extension());
    let mut versions = Vec::with_capacity(processed.versions.len());
    let mut written = Vec::new();
    let stored = async {
        storage.put(&original, file).await?;
        written.push(original.clone());
        for version in processed.versions {
            let key = format!("{base}/w{}.jpg", version.width);
            storage.put(&key, version.jpeg).await?;
            written.push(key.clone());
            versions.push(StoredVersion {
                width: i32::try_from(version.width).unwrap_or(i32::MAX),
                height: i32::try_from(version.height).unwrap_or(i32::MAX),
                url: format!("{FILES_PREFIX}{key}"),
                key,
            });
        }
        Ok::<(), object_store::Error>(())
    }
    .await;
    if let Err(err) = stored {
        tracing::error!(error = %err, storage = %storage.describe, "could not store an upload");
        storage.delete_all(&written).await;
        return Err(ApiError::unavailable("The image store is unavailable; try again in a moment."));
    }
    let new = NewUpload {
        id,
        site_id: site.id,
        product_id,
        url: format!("{FILES_PREFIX}{original}"),
        key: original,
        content_type: kind.content_type(),
        width: i32::try_from(processed.width).unwrap_or(i32::MAX),
        height: i32::try_from(processed.height).unwrap_or(i32::MAX),
        versions: serde_json::to_value(&versions).unwrap_or_default(),
    };
    let row = match insert_upload(&state.pool, &new, alt, sort_order).await {
        Ok(row) => row,
        Err(err) => {
            storage.delete_all(&written).await;
            return Err(on_constraint(&err, Error::on_constraint));
        }
    };
    tracing::info!(site.id = %site.id, product.id = %product_id, media.id = %row.id, "image uploaded");
    let location = format!("/api/media/sites/{}/products/{product_id}/media/{}", site.id, row.id);
    Ok(created(location, row.into()))
}

/// When no limit is configured (tests of the bare router): 10 MiB.
pub const DEFAULT_MAX_UPLOAD: usize = 10 * 1024 * 1024;

#[derive(Default)]
struct Form {
    file: Option<Bytes>,
    alt: Option<String>,
    sort_order: Option<String>,
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large")
        .detail(format!("Images are limited to {} MB.", limit / (1024 * 1024)))
        .extension(
            "errors",
            serde_json::json!([{"field": "file", "message": format!("must be at most {} MB", limit / (1024 * 1024))}]),
        )
}

/// Reads the form's fields, the file chunk by chunk so that an oversized one
/// is refused as soon as it passes the limit.
async fn read_form(multipart: &mut Multipart, limit: usize) -> Result<Form, ApiError> {
    let malformed = |err: axum::extract::multipart::MultipartError| {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(limit)
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "malformed-body", "Malformed request body")
                .detail("The multipart/form-data body could not be read.")
        }
    };
    let mut form = Form::default();
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        match field.name().unwrap_or_default() {
            "file" => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    if bytes.len() + chunk.len() > limit {
                        return Err(too_large(limit));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                form.file = Some(Bytes::from(bytes));
            }
            "alt" => form.alt = Some(small_text(field, "alt").await?),
            "sort_order" => form.sort_order = Some(small_text(field, "sort_order").await?),
            // Other fields are ignored, as unknown JSON fields are.
            _ => {}
        }
    }
    Ok(form)
}

async fn small_text(field: axum::extract::multipart::Field<'_>, name: &str) -> Result<String, ApiError> {
    let text = field.text().await.map_err(|_| ApiError::invalid_field(name, "must be text"))?;
    if text.len() > 4096 {
        return Err(ApiError::invalid_field(name, "is too long"));
    }
    if text.contains('\0') {
        return Err(ApiError::invalid_field(name, "must not contain NUL characters"));
    }
    Ok(text)
}

struct NewUpload {
    id: Uuid,
    site_id: Uuid,
    product_id: Uuid,
    url: String,
    key: String,
    content_type: &'static str,
    width: i32,
    height: i32,
    versions: serde_json::Value,
}

#[tracing::instrument(level = "debug", skip(db, new), fields(media.id = %new.id))]
async fn insert_upload(
    db: impl PgExecutor<'_>,
    new: &NewUpload,
    alt: Option<&str>,
    sort_order: Option<i32>,
) -> Result<MediaRow, sqlx::Error> {
    sqlx::query_as!(
        MediaRow,
        r#"INSERT INTO media.media (id, site_id, product_id, url, alt, sort_order, storage_key, content_type,
                                    width, height, versions, check_status, checked_at)
           VALUES ($1, $2, $3, $4, $5,
                   COALESCE($6, (SELECT max(sort_order) + 1 FROM media.media WHERE product_id = $3), 0),
                   $7, $8, $9, $10, $11, 'ok', now())
           RETURNING id, product_id, url, alt, sort_order, storage_key, width, height, versions, check_status,
                     check_http_status, check_content_type, check_error, checked_at, created_at, updated_at"#,
        new.id,
        new.site_id,
        new.product_id,
        new.url,
        alt,
        sort_order,
        new.key,
        new.content_type,
        new.width,
        new.height,
        new.versions
    )
    .fetch_one(db)
    .await
}

/// `/api/media/files/sites/{site_id}/{media_id}/{name}`: a stored file's key
/// (`sites/…/…/name`), as an image's `url` and `versions` give it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct FilePath {
    /// The site the image belongs to.
    site_id: String,
    /// The image.
    media_id: String,
    /// `original.<ext>` or a version, e.g. `w800.jpg`.
    name: String,
}

/// A stored image file (an upload or one of its versions). Public: the
/// storefront shows them. Cached for a year: a key never changes content.
#[utoipa::path(
    get,
    path = "/api/media/files/sites/{site_id}/{media_id}/{name}",
    tag = "public",
    params(FilePath),
    responses(
        (status = 200, description = "The image", content_type = "image/*", body = Vec<u8>),
        (status = 404, description = "No such file"),
    )
)]
async fn get_file(
    storage: Option<Extension<Storage>>,
    Path(FilePath { site_id, media_id, name }): Path<FilePath>,
) -> Result<Response, ApiError> {
    let key = format!("sites/{site_id}/{media_id}/{name}");
    let Some(Extension(storage)) = storage else { return Err(ApiError::not_found("file")) };
    if !is_valid_key(&key) {
        return Err(ApiError::not_found("file"));
    }
    let bytes = match storage.get(&key).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(ApiError::not_found("file")),
        Err(err) => {
            tracing::error!(error = %err, key, "could not read a stored image");
            return Err(ApiError::unavailable("The image store is unavailable; try again in a moment."));
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, images::content_type_of(&key)),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Body::from(bytes),
    )
        .into_response())
}
