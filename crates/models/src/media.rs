//! Wire types of the media service: the images of a site's products.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// An image of a product.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Media {
    pub id: Uuid,
    pub product_id: Uuid,
    /// An absolute http(s) URL given by the merchant (at most 2048 characters),
    /// or, for an uploaded file, the path the media service serves it at
    /// (`/api/media/files/…`, on the same origin as the storefront).
    #[schema(example = "https://cdn.example.com/shoes/red-1.jpg")]
    pub url: String,
    /// `url`: given as a URL; `upload`: a file uploaded to Vitrine.
    pub source: MediaSource,
    /// The text alternative (`null`: none given).
    #[schema(example = "Red running shoe, side view")]
    pub alt: Option<String>,
    /// Media are listed by ascending `sort_order`, then by id; the first is the product's cover.
    #[schema(minimum = 0)]
    pub sort_order: i32,
    /// The uploaded image's size in pixels (`null` for a given URL).
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// Resized web versions (JPEG, smallest first) of an upload, for a
    /// `srcset`; empty for a given URL.
    pub versions: Vec<MediaVersion>,
    /// What the broken-URL checker last found at a given URL (uploads are always `ok`).
    pub check: LinkCheck,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// An image to add to a product.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateMedia {
    /// An absolute http(s) URL with a host, at most 2048 characters.
    #[schema(example = "https://cdn.example.com/shoes/red-1.jpg", max_length = 2048)]
    pub url: String,
    /// At most 500 characters.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub alt: Option<String>,
    /// ≥ 0; absent: after the product's last image.
    #[serde(default)]
    #[schema(minimum = 0)]
    pub sort_order: Option<i32>,
}

/// Changes to an image: absent fields stay as they are; `alt: null` removes the text alternative.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateMedia {
    #[schema(max_length = 2048)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "crate::nullable::field")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub alt: Option<Option<String>>,
    #[schema(minimum = 0)]
    pub sort_order: Option<i32>,
}

/// Where an image comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaSource {
    Url,
    Upload,
}

/// A resized web version of an uploaded image.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MediaVersion {
    #[schema(example = 800)]
    pub width: i32,
    #[schema(example = 600)]
    pub height: i32,
    /// Served with `Cache-Control: public, max-age=31536000, immutable`.
    #[schema(example = "/api/media/files/sites/0190…/0190…/w800.jpg")]
    pub url: String,
}

/// The broken-URL checker's verdict on an image URL.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkCheck {
    /// `unchecked` (not fetched yet), `ok` (an image answered), `broken`.
    pub status: LinkStatus,
    /// The HTTP status the URL answered with (`null`: none, e.g. no connection).
    pub http_status: Option<i32>,
    /// The `Content-Type` it answered with.
    pub content_type: Option<String>,
    /// Why it is broken, in words.
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub checked_at: Option<OffsetDateTime>,
}

/// See [`LinkCheck::status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    Unchecked,
    Ok,
    Broken,
}
