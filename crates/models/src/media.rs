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
    /// An absolute http(s) URL, at most 2048 characters.
    #[schema(example = "https://cdn.example.com/shoes/red-1.jpg")]
    pub url: String,
    /// The text alternative (`null`: none given).
    #[schema(example = "Red running shoe, side view")]
    pub alt: Option<String>,
    /// Media are listed by ascending `sort_order`, then by id; the first is the product's cover.
    #[schema(minimum = 0)]
    pub sort_order: i32,
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
